using System.CommandLine;
using Training.Desktop.Commands;

namespace Training.Desktop;

/// <summary>The command line: the command tree, the shared options, and how an action's outcome becomes an exit code.</summary>
internal sealed class Cli
{
    private Cli(Output output) => Output = output;

    /// <summary>Where the commands print.</summary>
    public Output Output { get; }

    /// <summary><c>--server</c>, on every command.</summary>
    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The training server's gRPC address (default: ${ApiClient.ServerVariable}, else {ApiClient.DefaultServer}).",
        HelpName = "url",
        Recursive = true,
    };

    /// <summary><c>--token</c>, on every command.</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The access token (JWT) sent as 'authorization: Bearer' (default: ${ApiClient.TokenVariable}). Get one from the server's 'token' command or your identity provider.",
        HelpName = "jwt",
        Recursive = true,
    };

    /// <summary>Parses <paramref name="args"/> and runs the command; 0 on success, 1 on error, 2 on usage error.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var cli = new Cli(new Output(Output.Console(stdout), Output.Console(stderr)));
        var parse = cli.BuildRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors.Skip(1))
            {
                cli.Output.Err.MarkupLine($"[red]usage error:[/] {Markup.Escape(error.Message)}");
            }

            return cli.Output.UsageError(parse.Errors[0].Message);
        }

        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A <c>--request-id</c> option for a mutating command.</summary>
    public static Option<string?> RequestIdOption() => new("--request-id")
    {
        Description = "Idempotency key of the call (default: a new UUID). Pass the one printed by a failed call to retry it safely.",
        HelpName = "id",
    };

    /// <summary>An option that must be given.</summary>
    public static Option<string> Required(string name, string description, string helpName = "name") =>
        new(name) { Description = description, HelpName = helpName, Required = true };

    /// <summary>An option whose value must lie in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static Option<int> Bounded(string name, string description, int defaultValue, int min, int max)
    {
        var option = new Option<int>(name) { Description = description, HelpName = "n", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
            {
                result.AddError($"{name} must be {min}..{max}.");
            }
        });
        return option;
    }

    /// <summary>Sets a read-only command's action: connect, run, and report any failure.</summary>
    public void Handle(Command command, Func<ParseResult, ApiClient, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, cancellationToken) => Run(parse, null, (api, _) => action(parse, api, cancellationToken)));

    /// <summary>Sets a mutating command's action: as <see cref="Handle"/>, with the call's request id (from <c>--request-id</c> or new).</summary>
    public void HandleMutation(Command command, Option<string?> requestIdOption, Func<ParseResult, ApiClient, string, CancellationToken, Task<int>> action)
    {
        command.Options.Add(requestIdOption);
        command.SetAction((parse, cancellationToken) =>
        {
            var requestId = parse.GetValue(requestIdOption) is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
            return Run(parse, requestId, (api, id) => action(parse, api, id!, cancellationToken));
        });
    }

    private async Task<int> Run(ParseResult parse, string? requestId, Func<ApiClient, string?, Task<int>> action)
    {
        var server = ApiClient.ResolveServer(parse.GetValue(Server));
        if (server is null)
        {
            return Output.UsageError("the server must be an http:// or https:// URL, e.g. http://127.0.0.1:5080.");
        }

        using var api = new ApiClient(server, ApiClient.ResolveToken(parse.GetValue(Token)));
        try
        {
            return await action(api, requestId).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            return Output.RpcError(e, requestId);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return Output.Error(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Output.Error("cancelled.");
        }
    }

    private RootCommand BuildRoot()
    {
        var root = new RootCommand("training — the desktop client of the public service centre training platform (gRPC API training.v1).")
        {
            Server,
            Token,
            RegionsCommands.Create(this),
            CountiesCommands.Create(this),
            CentersCommands.Create(this),
            StaffCommands.Create(this),
            FrameworksCommands.Create(this),
            CoursesCommands.Create(this),
            BanksCommands.Create(this),
            BatchesCommands.Create(this),
            SessionsCommands.Create(this),
        };
        return root;
    }
}

/// <summary>Resource names accepted with or without their collection, e.g. <c>10001</c> or <c>staff/10001</c>.</summary>
internal static class Names
{
    public static string Staff(string value) => Qualify("staff/", value);

    public static string Framework(string value) => Qualify("frameworks/", value);

    public static string Course(string value) => Qualify("courses/", value);

    public static string Region(string value) => Qualify("regions/", value);

    /// <summary>The last segment of a resource name.</summary>
    public static string Id(string name) => name[(name.LastIndexOf('/') + 1)..];

    private static string Qualify(string collection, string value)
    {
        var trimmed = value.Trim();
        return trimmed.Contains('/', StringComparison.Ordinal) ? trimmed : collection + trimmed;
    }
}

/// <summary>Times given on the command line.</summary>
internal static class Times
{
    /// <summary>
    /// An ISO 8601 time such as <c>2026-03-10T09:00+08:00</c>; without an offset it is this machine's local time. Null
    /// when <paramref name="text"/> is no time.
    /// </summary>
    public static Google.Protobuf.WellKnownTypes.Timestamp? Parse(string? text) =>
        DateTimeOffset.TryParse(text?.Trim(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeLocal, out var time)
            ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time)
            : null;
}
