namespace Training.Benchmarks;

/// <summary>Minimal <c>--name value</c> option parsing; unknown options are an error so typos do not pass silently.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    values[name] = "true";
                }

                name = arg[2..];
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    values[name[..eq]] = name[(eq + 1)..];
                    name = null;
                }
            }
            else if (name is not null)
            {
                values[name] = arg;
                name = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
        }

        if (name is not null)
        {
            values[name] = "true";
        }
    }

    public int Int(string name, int fallback)
    {
        used.Add(name);
        return values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    }

    public string? Text(string name)
    {
        used.Add(name);
        return values.GetValueOrDefault(name);
    }

    public bool Flag(string name)
    {
        used.Add(name);
        return values.TryGetValue(name, out var v) && bool.Parse(v);
    }

    /// <summary>Throws when an option was given that no command asked for.</summary>
    public void EnsureAllUsed()
    {
        var unknown = values.Keys.Where(k => !used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }
}
