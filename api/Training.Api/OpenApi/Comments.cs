using Google.Protobuf.Reflection;

namespace Training.Api.OpenApi;

/// <summary>
/// Proto comments from a descriptor's source info. Grpc.Tools does not embed source info in the
/// generated descriptors, so these are usually null and callers fall back to generated text.
/// </summary>
internal static class Comments
{
    /// <summary>The leading comment of <paramref name="descriptor"/>, lines joined, or null.</summary>
    public static string? Of(IDescriptor descriptor)
    {
        var declaration = descriptor switch
        {
            DescriptorBase d => d.Declaration,
            _ => null,
        };
        var text = declaration?.LeadingComments;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => string.Join(' ', p.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)))
            .Where(p => p.Length > 0);
        var joined = string.Join("\n\n", paragraphs);
        return joined.Length == 0 ? null : joined;
    }

    /// <summary>The first sentence of <paramref name="text"/> (up to the first ". " or the end).</summary>
    public static string FirstSentence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstParagraph = text.Split("\n\n")[0];
        for (var end = firstParagraph.IndexOf(". ", StringComparison.Ordinal); end >= 0; end = firstParagraph.IndexOf(". ", end + 1, StringComparison.Ordinal))
        {
            var before = firstParagraph[..end];
            if (!before.EndsWith("e.g", StringComparison.OrdinalIgnoreCase) && !before.EndsWith("i.e", StringComparison.OrdinalIgnoreCase))
            {
                return before;
            }
        }

        return firstParagraph.TrimEnd('.');
    }

    /// <summary>A method name as words: <c>ListStaffMembers</c> → <c>List staff members</c>.</summary>
    public static string Humanize(string pascalCase)
    {
        ArgumentNullException.ThrowIfNull(pascalCase);
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i < pascalCase.Length; i++)
        {
            if (char.IsUpper(pascalCase[i]) && (char.IsLower(pascalCase[i - 1]) || char.IsDigit(pascalCase[i - 1])
                || (i + 1 < pascalCase.Length && char.IsLower(pascalCase[i + 1]) && char.IsUpper(pascalCase[i - 1]))))
            {
                words.Add(pascalCase[start..i]);
                start = i;
            }
        }

        words.Add(pascalCase[start..]);
        return string.Join(' ', words.Select((w, i) => i == 0 || IsAcronym(w) ? w : w.ToLowerInvariant()));
    }

    private static bool IsAcronym(string word) => word.Length > 1 && word.All(char.IsUpper);
}
