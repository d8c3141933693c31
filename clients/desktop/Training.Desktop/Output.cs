using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Spectre.Console.Rendering;
using RpcStatus = Google.Rpc.Status;

namespace Training.Desktop;

/// <summary>What the client prints: tables and fields on standard output, errors on standard error.</summary>
internal sealed class Output(IAnsiConsole stdout, IAnsiConsole stderr)
{
    public IAnsiConsole Out { get; } = stdout;

    public IAnsiConsole Err { get; } = stderr;

    /// <summary>A Spectre console over <paramref name="writer"/>: colours on a terminal, plain and wide when redirected.</summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        var output = new AnsiConsoleOutput(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,
            Ansi = output.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!output.IsTerminal)
        {
            // Piped to a file or a test: do not wrap table cells at 80 columns.
            console.Profile.Width = 240;
        }

        return console;
    }

    /// <summary>A table of plain-text cells (no markup is interpreted).</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? title = null)
    {
        if (title is not null)
        {
            Out.Write(new Text(title + Environment.NewLine, new Style(decoration: Decoration.Bold)));
        }

        var table = new Table().Border(TableBorder.Rounded);

        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        var count = 0;
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)));
            count++;
        }

        Out.Write(table);
        Out.WriteLine(count == 1 ? "1 row" : $"{count} rows");
    }

    /// <summary>Name/value lines, e.g. the fields of one resource.</summary>
    public void Fields(params (string Name, string Value)[] fields)
    {
        var width = fields.Max(f => f.Name.Length) + 2;
        foreach (var (name, value) in fields)
        {
            Out.Write(new Text(name.PadRight(width), new Style(decoration: Decoration.Bold)));
            Out.WriteLine(value);
        }
    }

    public void Line(string text) => Out.WriteLine(text);

    /// <summary>A usage error (exit code 2).</summary>
    public int UsageError(string message)
    {
        Err.MarkupLine($"[red]usage error:[/] {Markup.Escape(message)}");
        Err.WriteLine("Run 'training --help' for the commands and options.");
        return ExitCodes.Usage;
    }

    /// <summary>An error that is not a gRPC call's (exit code 1).</summary>
    public int Error(string message)
    {
        Err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return ExitCodes.Error;
    }

    /// <summary>A failed call: its status code and message and the google.rpc details it carries (exit code 1).</summary>
    public int RpcError(RpcException exception, string? requestId = null)
    {
        Err.MarkupLine($"[red]error:[/] {Markup.Escape(CodeName(exception.StatusCode))}: {Markup.Escape(exception.Status.Detail)}");
        var status = exception.GetRpcStatus();
        if (status is not null)
        {
            foreach (var line in DetailLines(status))
            {
                Err.WriteLine("  " + line);
            }
        }

        if (exception.StatusCode == StatusCode.Unauthenticated)
        {
            Err.WriteLine($"  Pass --token <jwt> or set {ApiClient.TokenVariable}.");
        }

        if (requestId is not null && IsRetryable(exception.StatusCode))
        {
            Err.WriteLine($"  Retry safely with: --request-id {requestId}");
        }

        return ExitCodes.Error;
    }

    /// <summary>"INVALID_ARGUMENT (3)".</summary>
    public static string CodeName(StatusCode code) => $"{ProtoEnums.UpperSnake(code.ToString())} ({(int)code})";

    /// <summary>"INVALID_ARGUMENT" for a google.rpc code number.</summary>
    public static string CodeName(int code) => ProtoEnums.UpperSnake(((StatusCode)code).ToString());

    /// <summary>One line per field violation, precondition failure and resource named in <paramref name="status"/>.</summary>
    public static IEnumerable<string> DetailLines(RpcStatus status)
    {
        foreach (var detail in status.Details)
        {
            if (detail.TryUnpack(out BadRequest badRequest))
            {
                foreach (var violation in badRequest.FieldViolations)
                {
                    yield return $"field {violation.Field}: {violation.Description}";
                }
            }
            else if (detail.TryUnpack(out PreconditionFailure precondition))
            {
                foreach (var violation in precondition.Violations)
                {
                    yield return $"precondition {violation.Type} {violation.Subject}: {violation.Description}".Replace("  ", " ", StringComparison.Ordinal);
                }
            }
            else if (detail.TryUnpack(out ResourceInfo resource))
            {
                var what = string.Join(" ", new[] { resource.ResourceType, resource.ResourceName }.Where(s => s.Length > 0));
                yield return $"resource {what}: {resource.Description}";
            }
            else if (detail.TryUnpack(out ErrorInfo info))
            {
                yield return $"reason {info.Reason} ({info.Domain})";
            }
        }
    }

    /// <summary>A timestamp in local time, minutes precision; empty when absent.</summary>
    public static string Time(Timestamp? time) =>
        time is null ? string.Empty : time.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static bool IsRetryable(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled;
}

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
}
