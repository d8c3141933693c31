using System.Globalization;

namespace Training.Api.Infrastructure;

/// <summary>Etags are the resource's stream version, quoted as the API design guide shows them.</summary>
public static class Etags
{
    /// <summary>The etag of a resource at <paramref name="version"/>.</summary>
    public static string From(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version an etag names; 0 when empty (no concurrency check). Records a violation when malformed.</summary>
    public static long ToExpectedVersion(Validator validator, string field, string etag)
    {
        if (string.IsNullOrEmpty(etag))
        {
            return 0;
        }

        var text = etag.Trim('"');
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            return version;
        }

        validator.Fail(field, "is not an etag returned by this API.");
        return 0;
    }
}
