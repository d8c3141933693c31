namespace Training.Desktop;

/// <summary>The <c>training</c> executable.</summary>
internal static class Program
{
    /// <summary>Runs one command against the server; 0 on success, 1 on error, 2 on usage error.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        return await Cli.RunAsync(args, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
    }
}
