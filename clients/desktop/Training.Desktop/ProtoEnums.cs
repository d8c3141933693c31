using System.Reflection;
using System.Text;
using Google.Protobuf.Reflection;

namespace Training.Desktop;

/// <summary>Protobuf enum values by their proto names without the type prefix: <c>Post.Hotline12345</c> ⇄ <c>HOTLINE_12345</c>.</summary>
internal static class ProtoEnums
{
    /// <summary>The value's proto name without its prefix, e.g. <c>HOTLINE_12345</c> for <c>POST_HOTLINE_12345</c>.</summary>
    public static string ShortName<T>(T value)
        where T : struct, Enum
    {
        var name = ProtoName(value);
        var prefix = Prefix<T>();
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }

    /// <summary>
    /// Parses a value by its proto name with or without the prefix, case-insensitively (<c>hotline_12345</c>,
    /// <c>POST_HOTLINE_12345</c>); the UNSPECIFIED value and unknown names give false.
    /// </summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        var wanted = text?.Trim().Replace('-', '_').ToUpperInvariant();
        if (string.IsNullOrEmpty(wanted))
        {
            return false;
        }

        var prefix = Prefix<T>();
        foreach (var candidate in Enum.GetValues<T>())
        {
            var name = ProtoName(candidate);
            if (Convert.ToInt32(candidate, System.Globalization.CultureInfo.InvariantCulture) != 0 && (name == wanted || name == prefix + wanted))
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>The accepted names of an enum's values, for messages: "SOCIAL_SECURITY, VETERANS_SERVICES, …".</summary>
    public static string Choices<T>()
        where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0).Select(ShortName));

    /// <summary>"StaffStatus" → "STAFF_STATUS"; "Unavailable" → "UNAVAILABLE"; "DeadlineExceeded" → "DEADLINE_EXCEEDED".</summary>
    public static string UpperSnake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && !char.IsUpper(pascal[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(pascal[i]));
        }

        return builder.ToString();
    }

    private static string Prefix<T>() => UpperSnake(typeof(T).Name) + "_";

    private static string ProtoName<T>(T value)
        where T : struct, Enum
    {
        var field = typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static);
        return field?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? value.ToString();
    }
}
