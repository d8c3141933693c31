using System.Buffers.Text;
using System.Text;

namespace Training.Api.Infrastructure;

/// <summary>
/// Page sizes and opaque page tokens. A token is the last key of the previous page, base64url
/// encoded with a prefix naming the collection, so a token from one list is refused by another.
/// </summary>
public static class Paging
{
    /// <summary>Page size used when the request says 0.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Largest page size accepted.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Validates size and token and builds the grain's page request.</summary>
    public static PageRequest Request(Validator validator, string collection, int pageSize, string pageToken, string? search = null)
    {
        validator.Check(pageSize is >= 0 and <= MaxPageSize, "page_size", $"must be between 0 and {MaxPageSize} (0 means {DefaultPageSize}).");
        string? afterKey = null;
        if (!string.IsNullOrEmpty(pageToken))
        {
            afterKey = Decode(collection, pageToken);
            validator.Check(afterKey is not null, "page_token", "is not a token returned by this list; start again without one.");
        }

        return new PageRequest(pageSize == 0 ? DefaultPageSize : pageSize, afterKey, string.IsNullOrEmpty(search) ? null : search);
    }

    /// <summary>The next page token for a page, or empty on the last page.</summary>
    public static string NextToken<T>(string collection, Page<T> page) =>
        page.NextAfterKey is null ? string.Empty : Encode(collection, page.NextAfterKey);

    /// <summary>Encodes a key as a token of <paramref name="collection"/>.</summary>
    public static string Encode(string collection, string key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{collection}\n{key}"));

    private static string? Decode(string collection, string token)
    {
        if (token.Length > 1024)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var prefix = collection + "\n";
            return text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length ? text[prefix.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
