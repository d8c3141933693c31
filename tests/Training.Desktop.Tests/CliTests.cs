using System.Net;
using System.Net.Sockets;
using Training.Desktop.Commands;

namespace Training.Desktop.Tests;

public class CliTests
{
    [Fact]
    public async Task Help_succeeds_and_lists_the_command_groups()
    {
        var (code, stdout, _) = await CliRun.Run("--help");

        Assert.Equal(0, code);
        foreach (var group in new[] { "regions", "counties", "centers", "staff", "frameworks", "courses", "banks", "batches", "sessions", "--server" })
        {
            Assert.Contains(group, stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("staff", "list")]
    [InlineData("staff", "list", "--center", "x", "--page-size", "0")]
    [InlineData("staff", "leave", "staff/1")]
    [InlineData("nonsense")]
    [InlineData("staff")]
    [InlineData("frameworks", "show")]
    [InlineData("batches", "list")]
    [InlineData("batches", "create", "--center", "c", "--id", "b", "--course", "x", "--display-name", "班", "--opens", "2026-03-01", "--closes", "2026-03-08", "--capacity", "501")]
    [InlineData("sessions", "add", "b", "--id", "s", "--stage", "THEORY", "--display-name", "理论", "--start", "2026-03-10T09:00", "--instructor", "王老师")]
    public async Task Usage_errors_exit_with_2(params string[] args)
    {
        var (code, _, stderr) = await CliRun.Run(args);

        Assert.Equal(2, code);
        Assert.Contains("usage error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_no_http_url_is_a_usage_error()
    {
        var (code, _, stderr) = await CliRun.Run("--server", "ftp://example", "regions", "list");

        Assert.Equal(2, code);
        Assert.Contains("http://", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_an_error_with_its_status_code_and_a_retry_hint_for_mutations()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (code, _, stderr) = await CliRun.Run("--server", $"http://127.0.0.1:{port}", "staff", "return", "10001", "--request-id", "retry-me-1");

        Assert.Equal(1, code);
        Assert.Contains("UNAVAILABLE (14)", stderr, StringComparison.Ordinal);
        Assert.Contains("--request-id retry-me-1", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batches", "create", "--center", "c", "--id", "b", "--course", "x", "--display-name", "班", "--opens", "next monday", "--closes", "2026-03-08")]
    [InlineData("batches", "create", "--center", "c", "--id", "b", "--course", "x", "--display-name", "班", "--opens", "2026-03-01", "--closes", "2026-03-08", "--post", "CLEANER")]
    [InlineData("sessions", "add", "b", "--id", "s", "--stage", "LUNCH", "--display-name", "理论", "--start", "2026-03-10T09:00", "--end", "2026-03-10T12:00", "--instructor", "王老师")]
    [InlineData("sessions", "add", "b", "--id", "s", "--stage", "THEORY", "--display-name", "理论", "--start", "2026-03-10T09:00", "--end", "noon", "--instructor", "王老师")]
    [InlineData("batches", "enrol", "regions/r/counties/c/centers/x/batches/b")]
    public async Task Batch_and_session_values_the_server_would_refuse_anyway_are_usage_errors_before_any_call(params string[] args)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        // Nothing listens on the port: a command that called the server would answer UNAVAILABLE (exit code 1).
        var (code, _, stderr) = await CliRun.Run(["--server", $"http://127.0.0.1:{port}", .. args]);

        Assert.True(code == 2, stderr);
        Assert.Contains("usage error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_times_with_an_offset_or_as_local_time()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero), Times.Parse("2026-03-10T09:00+08:00")!.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(new DateTime(2026, 3, 10, 9, 0, 0, DateTimeKind.Local)).ToUniversalTime(), Times.Parse(" 2026-03-10 09:00 ")!.ToDateTimeOffset());
        Assert.Null(Times.Parse("tomorrow"));
        Assert.Null(Times.Parse(null));
    }

    [Fact]
    public void Accepts_bare_ids_for_single_segment_collections()
    {
        Assert.Equal("staff/10001", Names.Staff("10001"));
        Assert.Equal("staff/10001", Names.Staff(" staff/10001 "));
        Assert.Equal("frameworks/public-service", Names.Framework("public-service"));
        Assert.Equal("courses/hotline", Names.Course("courses/hotline"));
        Assert.Equal("t-town", Names.Id("regions/shandong/counties/zouping/centers/t-town"));
    }

    [Fact]
    public void Orders_a_framework_tree_with_each_competency_under_its_parent()
    {
        static Competency C(string id, string parent) => new() { Name = $"frameworks/f/competencies/{id}", ParentId = parent, DisplayName = id };

        var tree = FrameworksCommands.Tree([C("policy", string.Empty), C("service", string.Empty), C("hotline", "service"), C("insurance", "policy"), C("calls", "hotline"), C("orphan", "gone")]);

        Assert.Equal(
            [("policy", 0), ("insurance", 1), ("service", 0), ("hotline", 1), ("calls", 2), ("orphan", 0)],
            tree.Select(n => (n.Competency.DisplayName, n.Depth)));
    }
}

/// <summary>Runs the CLI's entry point in this process with its output captured.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
