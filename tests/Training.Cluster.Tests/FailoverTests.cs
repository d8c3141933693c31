using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Training.Cluster.Tests;

/// <summary>
/// Three silos and a gateway as real processes on one PostgreSQL database; writes go through the gateway over gRPC
/// while one silo after another is killed (<c>kill -9</c>) and replaced.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int Cycles = 3;
    private const int Writers = 6;

    [Fact]
    public async Task Killing_a_silo_under_load_loses_no_acknowledged_write_records_none_twice_and_callers_see_only_retryable_statuses()
    {
        await using var cluster = await TestCluster.CreateAsync();
        var silos = (await Task.WhenAll(cluster.StartSiloAsync(), cluster.StartSiloAsync(), cluster.StartSiloAsync())).ToList();
        await cluster.WaitForActiveSilosAsync(silos.Select(s => s.SiloPort), TimeSpan.FromSeconds(60));
        var gateway = await cluster.StartGatewayAsync();
        using var channel = gateway.Channel(cluster.OperatorToken);
        var organization = await Organization.CreateAsync(channel, course: true);

        var workload = new TrainingWorkload(channel, organization, gateway.Channel);
        using var stop = new CancellationTokenSource();
        var writing = workload.RunAsync(Writers, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var failovers = new List<(TimeSpan Dead, TimeSpan AllAnswer)>();
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            Assert.False(writing.IsFaulted, $"a writer failed: {string.Join("; ", workload.NonRetryable)}\n{cluster.Outputs()}");
            var victim = silos[cycle % silos.Count];
            var sample = workload.Grains;
            Assert.True(await workload.AllAnswerAsync(sample), $"before kill {cycle + 1}: not every grain answered");

            var clock = Stopwatch.StartNew();
            await victim.KillAsync();
            var survivors = silos.Where(s => s != victim).ToList();
            await cluster.WaitForActiveSilosAsync(survivors.Select(s => s.SiloPort), TimeSpan.FromSeconds(60));
            var dead = clock.Elapsed;
            Assert.Contains((victim.SiloPort, TestCluster.Dead), await cluster.MembersAsync());
            while (!await workload.AllAnswerAsync(sample))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"kill {cycle + 1}: not every grain answered within 60 s\n{cluster.Outputs()}");
                await Task.Delay(100);
            }

            var allAnswer = clock.Elapsed;
            failovers.Add((dead, allAnswer));
            output.WriteLine(Invariant($"kill {cycle + 1} ({victim}): declared dead after {dead.TotalSeconds:F1} s; all {sample.Count} grains (staff members, batches) answered after {allAnswer.TotalSeconds:F1} s"));

            // A new silo takes the killed one's place (new ports, a new generation) and joins while writes go on.
            var replacement = await cluster.StartSiloAsync();
            silos[silos.IndexOf(victim)] = replacement;
            await cluster.WaitForActiveSilosAsync(silos.Select(s => s.SiloPort), TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        await stop.CancelAsync();
        await Verify.WritersFinishedAsync(writing, workload, cluster);
        output.WriteLine(Invariant($"{workload.Writes} writes acknowledged ({workload.Acknowledged.Count} staff members registered, updated, enrolled in {workload.Batches.Count} batches and checked in), {workload.Retries} calls answered Unavailable and retried; the slowest Unavailable took {workload.LongestUnavailable.TotalSeconds:F1} s"));
        Assert.Empty(workload.NonRetryable);

        await Verify.EverythingAcknowledgedIsRecordedOnceAsync(channel, cluster, workload, organization);

        var worst = failovers.Max(f => f.AllAnswer);
        output.WriteLine(Invariant($"failover (kill to all grains answering): {string.Join(", ", failovers.Select(f => $"{f.AllAnswer.TotalSeconds:F1} s"))}; worst {worst.TotalSeconds:F1} s"));
        Assert.True(worst < TimeSpan.FromSeconds(30), $"a failover took {worst.TotalSeconds:F1} s");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
