namespace Training.Api.Infrastructure;

/// <summary>Update masks: which fields of a resource an Update changes.</summary>
public static class FieldMasks
{
    /// <summary>
    /// The paths to apply: the mask's paths when given (each must be one of <paramref name="allowed"/>),
    /// else all of <paramref name="allowed"/>.
    /// </summary>
    public static IReadOnlySet<string> Paths(Validator validator, FieldMask? mask, params string[] allowed)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return new HashSet<string>(allowed, StringComparer.Ordinal);
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var given in mask.Paths)
        {
            // Over HTTP/JSON the mask arrives in its JSON form (lowerCamelCase, "displayName").
            var path = ToSnakeCase(given);
            if (Array.IndexOf(allowed, path) < 0)
            {
                validator.Fail("update_mask", $"'{Validator.Excerpt(given)}' cannot be updated; allowed: {string.Join(", ", allowed)}.");
            }
            else
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    /// <summary>"displayName" → "display_name"; snake_case paths pass unchanged.</summary>
    private static string ToSnakeCase(string path)
    {
        var builder = new System.Text.StringBuilder(path.Length + 4);
        foreach (var c in path)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
