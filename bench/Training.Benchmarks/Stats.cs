namespace Training.Benchmarks;

/// <summary>Order statistics of a sample of durations (milliseconds).</summary>
internal sealed class Stats
{
    private readonly double[] sorted;

    public Stats(IEnumerable<double> samples)
    {
        sorted = [.. samples.Order()];
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No samples.", nameof(samples));
        }
    }

    public int Count => sorted.Length;

    public double Median => Percentile(50);

    public double P90 => Percentile(90);

    public double P99 => Percentile(99);

    public double Min => sorted[0];

    public double Max => sorted[^1];

    public double Mean => sorted.Average();

    /// <summary>Linear interpolation between closest ranks.</summary>
    public double Percentile(double p)
    {
        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }
}

/// <summary>Prints aligned Markdown tables and formats numbers the same way everywhere.</summary>
internal static class Report
{
    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => perSecond.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    public static string N(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    public static void Table(string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        Console.WriteLine();
        for (var i = 0; i < all.Count; i++)
        {
            Console.WriteLine("| " + string.Join(" | ", all[i].Select((cell, c) => cell.PadRight(widths[c]))) + " |");
            if (i == 0)
            {
                Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
            }
        }

        Console.WriteLine();
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux), or "n/a".</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    public static void Machine()
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, load {LoadAverage()}");
    }

    public static void Step(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
