using System.Text;

namespace Training.Api.OpenApi;

/// <summary>One OpenAPI path parameter produced from a <c>google.api.http</c> path template.</summary>
/// <param name="Name">The parameter name as it appears in the OpenAPI path, e.g. <c>county</c>.</param>
/// <param name="FieldPath">The proto field path the variable binds, e.g. <c>county.name</c>; null for a wildcard outside any variable.</param>
/// <param name="FieldTemplate">The variable's pattern with its wildcards named, e.g. <c>regions/{region}/counties/{county}</c>.</param>
/// <param name="MultiSegment">True for a <c>**</c> wildcard, which matches any number of segments.</param>
internal sealed record PathParameter(string Name, string? FieldPath, string FieldTemplate, bool MultiSegment);

/// <summary>An HTTP rule's path template expanded into an OpenAPI path.</summary>
/// <param name="Path">The OpenAPI path, e.g. <c>/v1/regions/{region}/counties/{county}</c>.</param>
/// <param name="Parameters">The path parameters, in order.</param>
/// <param name="BoundFields">The proto field paths bound by the path's variables, e.g. <c>name</c>, <c>region.name</c>.</param>
internal sealed record ExpandedPath(string Path, IReadOnlyList<PathParameter> Parameters, IReadOnlyList<string> BoundFields);

/// <summary>
/// Expands a <c>google.api.http</c> path template (AIP-127 syntax) into an OpenAPI path with one
/// path parameter per wildcard: <c>/v1/{name=regions/*/counties/*}</c> becomes
/// <c>/v1/regions/{region}/counties/{county}</c>, each parameter named after the singular of the
/// literal segment before it. OpenAPI path parameters cannot span segments, so a multi-segment
/// variable cannot be kept as one parameter without every resource collapsing to <c>/v1/{name}</c>.
/// </summary>
internal static class HttpPathTemplate
{
    /// <summary>Expands <paramref name="template"/>, e.g. <c>/v1/{name=staff/*}:transfer</c> → <c>/v1/staff/{staff}:transfer</c>.</summary>
    /// <exception cref="FormatException">The template is not a valid path template.</exception>
    public static ExpandedPath Expand(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!template.StartsWith('/'))
        {
            throw new FormatException($"Path template '{template}' must start with '/'.");
        }

        var (segmentsText, verb) = SplitVerb(template);
        var output = new List<string>();
        var parameters = new List<PathParameter>();
        var bound = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        string? previousLiteral = null;

        foreach (var segment in SplitSegments(segmentsText[1..], template))
        {
            if (segment.StartsWith('{'))
            {
                if (!segment.EndsWith('}') || segment.Length < 3)
                {
                    throw new FormatException($"Path template '{template}' has a malformed variable '{segment}'.");
                }

                var inner = segment[1..^1];
                var equals = inner.IndexOf('=', StringComparison.Ordinal);
                var fieldPath = (equals < 0 ? inner : inner[..equals]).Trim();
                if (fieldPath.Length == 0)
                {
                    throw new FormatException($"Path template '{template}' has a variable without a field path.");
                }

                bound.Add(fieldPath);
                if (equals < 0)
                {
                    // {field}: a single segment bound directly to the field; the parameter is the field.
                    var name = Unique(used, JsonFieldPath(fieldPath));
                    output.Add("{" + name + "}");
                    parameters.Add(new PathParameter(name, fieldPath, "{" + name + "}", MultiSegment: false));
                    previousLiteral = null;
                    continue;
                }

                var named = new List<string>();
                var variableParameters = new List<(string Name, bool Multi)>();
                foreach (var part in inner[(equals + 1)..].Split('/'))
                {
                    if (part is "*" or "**")
                    {
                        var name = Unique(used, ParameterName(previousLiteral, fieldPath));
                        output.Add("{" + name + "}");
                        named.Add("{" + name + "}");
                        variableParameters.Add((name, part == "**"));
                        previousLiteral = null;
                    }
                    else if (part.Length == 0 || part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
                    {
                        throw new FormatException($"Path template '{template}' has a malformed variable pattern '{segment}'.");
                    }
                    else
                    {
                        output.Add(part);
                        named.Add(part);
                        previousLiteral = part;
                    }
                }

                var fieldTemplate = string.Join('/', named);
                foreach (var (name, multi) in variableParameters)
                {
                    parameters.Add(new PathParameter(name, fieldPath, fieldTemplate, multi));
                }
            }
            else if (segment is "*" or "**")
            {
                // A wildcard outside any variable: matched but bound to no field.
                var name = Unique(used, ParameterName(previousLiteral, fieldPath: null));
                output.Add("{" + name + "}");
                parameters.Add(new PathParameter(name, FieldPath: null, "{" + name + "}", segment == "**"));
                previousLiteral = null;
            }
            else if (segment.Length == 0 || segment.Contains('}', StringComparison.Ordinal))
            {
                throw new FormatException($"Path template '{template}' has an empty or malformed segment.");
            }
            else
            {
                output.Add(segment);
                previousLiteral = segment;
            }
        }

        var path = "/" + string.Join('/', output) + (verb is null ? string.Empty : ":" + verb);
        return new ExpandedPath(path, parameters, bound);
    }

    /// <summary>The singular of a collection id: regions → region, counties → county, staff → staff.</summary>
    public static string Singular(string collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.Length > 3 && collection.EndsWith("ies", StringComparison.Ordinal))
        {
            return collection[..^3] + "y";
        }

        if (collection.Length > 4 && (collection.EndsWith("sses", StringComparison.Ordinal) || collection.EndsWith("shes", StringComparison.Ordinal)
            || collection.EndsWith("ches", StringComparison.Ordinal) || collection.EndsWith("xes", StringComparison.Ordinal)))
        {
            return collection[..^2];
        }

        if (collection.Length > 1 && collection.EndsWith('s') && !collection.EndsWith("ss", StringComparison.Ordinal))
        {
            return collection[..^1];
        }

        return collection;
    }

    /// <summary>A proto field path in its JSON spelling: <c>staff_member.name</c> → <c>staffMember.name</c>.</summary>
    public static string JsonFieldPath(string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        var builder = new StringBuilder(fieldPath.Length);
        var upper = false;
        foreach (var c in fieldPath)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    private static string ParameterName(string? previousLiteral, string? fieldPath)
    {
        if (previousLiteral is not null)
        {
            return Singular(previousLiteral);
        }

        if (fieldPath is not null)
        {
            var json = JsonFieldPath(fieldPath);
            return json[(json.LastIndexOf('.') + 1)..];
        }

        return "segment";
    }

    private static string Unique(HashSet<string> used, string name)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>Splits off the trailing <c>:verb</c> (a colon outside any variable).</summary>
    private static (string Segments, string? Verb) SplitVerb(string template)
    {
        var depth = 0;
        for (var i = 0; i < template.Length; i++)
        {
            switch (template[i])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    break;
                case ':' when depth == 0:
                    var verb = template[(i + 1)..];
                    if (verb.Length == 0 || verb.Contains('/', StringComparison.Ordinal) || verb.Contains('{', StringComparison.Ordinal))
                    {
                        throw new FormatException($"Path template '{template}' has a malformed verb.");
                    }

                    return (template[..i], verb);
            }
        }

        return (template, null);
    }

    /// <summary>Splits on '/' outside variables.</summary>
    private static List<string> SplitSegments(string text, string template)
    {
        var segments = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{')
            {
                depth++;
                if (depth > 1)
                {
                    throw new FormatException($"Path template '{template}' nests variables.");
                }
            }
            else if (c == '}')
            {
                depth--;
                if (depth < 0)
                {
                    throw new FormatException($"Path template '{template}' has an unmatched '}}'.");
                }
            }
            else if (c == '/' && depth == 0)
            {
                segments.Add(text[start..i]);
                start = i + 1;
            }
        }

        if (depth != 0)
        {
            throw new FormatException($"Path template '{template}' has an unmatched '{{'.");
        }

        segments.Add(text[start..]);
        return segments;
    }
}
