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
        foreach (var path in mask.Paths)
        {
            if (Array.IndexOf(allowed, path) < 0)
            {
                validator.Fail("update_mask", $"'{path}' cannot be updated; allowed: {string.Join(", ", allowed)}.");
            }
            else
            {
                paths.Add(path);
            }
        }

        return paths;
    }
}
