using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Training.Cluster.Tests;

/// <summary>
/// A silo and a gateway on a PostgreSQL server of the test's own, which is stopped for 30 s while writes go on through
/// the gateway.
/// </summary>
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a write may take to be refused while the database is down: the test's connect timeout (2 s) plus
    /// command timeout (3 s), with room for a loaded two-core machine — well short of the client's 20 s deadline.
    /// </summary>
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task While_PostgreSQL_is_stopped_writes_fail_fast_with_Unavailable_and_afterwards_resume_with_nothing_lost()
    {
        await using var postgres = await ThrowawayPostgres.StartAsync();
        await using var cluster = await TestCluster.CreateAsync(postgres.ConnectionString);
        var silo = await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        using var channel = gateway.Channel(cluster.OperatorToken);
        var organization = await Organization.CreateAsync(channel, course: true);

        var workload = new TrainingWorkload(channel, organization, gateway.Channel);
        using var stop = new CancellationTokenSource();
        var writing = workload.RunAsync(4, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));

        await postgres.StopAsync();
        var down = Stopwatch.StartNew();
        var before = workload.Writes;
        var retriesBefore = workload.Retries;

        // New writes (grains not yet active, so their activation must read the store too) while the database is down.
        var refused = new List<TimeSpan>();
        var staff = new StaffService.StaffServiceClient(channel);
        while (down.Elapsed < Outage - TimeSpan.FromSeconds(3))
        {
            var probe = Stopwatch.StartNew();
            var id = "P-" + Guid.NewGuid().ToString("N")[..12];
            var status = StatusCode.OK;
            try
            {
                await staff.CreateStaffMemberAsync(new CreateStaffMemberRequest
                {
                    StaffMemberId = id,
                    RequestId = $"probe-{id}",
                    StaffMember = new StaffMember { DisplayName = "探针", Center = organization.Center, Post = Post.Hotline12345 },
                }, deadline: DateTime.UtcNow + TrainingWorkload.CallDeadline);
            }
            catch (RpcException e)
            {
                status = e.StatusCode;
            }

            Assert.True(status == StatusCode.Unavailable, $"a write while PostgreSQL is down answered {status}\n{cluster.Outputs()}");
            refused.Add(probe.Elapsed);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var duringOutage = workload.Writes - before;
        var retriedDuringOutage = workload.Retries - retriesBefore;
        while (down.Elapsed < Outage)
        {
            await Task.Delay(100);
        }

        await postgres.RestartAsync();
        var up = Stopwatch.StartNew();
        var atRestart = workload.Writes;
        while (workload.Writes < atRestart + 100)
        {
            Assert.False(writing.IsFaulted, $"a writer failed: {string.Join("; ", workload.NonRetryable)}\n{cluster.Outputs()}");
            Assert.True(up.Elapsed < TimeSpan.FromSeconds(60), $"writes did not resume within 60 s of PostgreSQL's restart\n{cluster.Outputs()}");
            await Task.Delay(100);
        }

        var resumed = up.Elapsed;
        await stop.CancelAsync();
        await Verify.WritersFinishedAsync(writing, workload, cluster);

        output.WriteLine(Invariant($"PostgreSQL down {Outage.TotalSeconds:F0} s: {refused.Count} new writes refused with Unavailable in {refused.Min().TotalSeconds:F1}–{refused.Max().TotalSeconds:F1} s each; the writers' calls answered Unavailable {retriedDuringOutage} times (slowest {workload.LongestUnavailable.TotalSeconds:F1} s), {duringOutage} acknowledged while down (in flight at the stop)"));
        output.WriteLine(Invariant($"writes resumed {resumed.TotalSeconds:F1} s after the restart; {workload.Writes} writes acknowledged in all ({workload.Acknowledged.Count} staff members)"));
        Assert.Empty(workload.NonRetryable);
        Assert.True(refused.Max() < FailFast, $"a write took {refused.Max().TotalSeconds:F1} s to be refused");
        Assert.True(workload.LongestUnavailable < FailFast, $"a writer's call took {workload.LongestUnavailable.TotalSeconds:F1} s to be refused");
        Assert.True(silo.HasExited is false, $"the silo stopped:\n{silo.Output}");

        await Verify.EverythingAcknowledgedIsRecordedOnceAsync(channel, cluster, workload, organization);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
