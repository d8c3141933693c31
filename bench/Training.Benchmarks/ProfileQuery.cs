using CommandContext = Training.Grains.CommandContext;
using IStaffMemberGrain = Training.Grains.IStaffMemberGrain;
using DomainEvidence = Training.Grains.CompetencyEvidence;
using DomainEvidenceKind = Training.Grains.EvidenceKind;

namespace Training.Benchmarks;

/// <summary>
/// The capability profile query for a staff member with 2,000 evidence events: GetCapabilityProfile over real gRPC,
/// cold (the first read after the host restarted: the staff grain activates from snapshot + tail and the profile is
/// computed) and warm (the same staff members again), one call at a time, against the empty RPCs of the same run
/// (<see cref="EmptyRpc"/>): <c>grpc.health.v1.Health/Check</c> on the same host and <c>Noop/Ping</c> on a bare gRPC
/// server in the same process.
/// Evidence is recorded through the staff grains (setup), spread over three competencies, the four kinds and two years.
/// </summary>
internal static class ProfileQuery
{
    private const string FrameworkId = "bench-ps";
    private const string Framework = "frameworks/" + FrameworkId;
    private static readonly string[] Competencies = ["hotline-12345", "communication", "policy-medical"];

    public static async Task<int> RunAsync(Args args)
    {
        var staff = args.Int("staff", 20);
        var evidence = args.Int("evidence", 2000);
        var warmCalls = args.Int("warm-calls", 100);
        var warmupStaff = args.Int("warmup", 3);
        var setupParallelism = args.Int("setup-parallelism", 32);
        var keep = args.Flag("keep-data");
        args.EnsureAllUsed();
        ArgumentOutOfRangeException.ThrowIfLessThan(staff, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmCalls, 1);

        Report.Machine();
        Console.WriteLine($"capability-profile: {staff} staff with {evidence} evidence events each ({warmupStaff} more to warm up); cold = first GetCapabilityProfile after a restart, warm = {warmCalls} more per staff member");
        var data = BenchHost.NewDataDirectory("profile");
        var total = warmupStaff + staff;
        string Name(int i) => "staff/" + Organization.StaffId("P", i);
        try
        {
            await PrepareAsync(data, total, evidence, setupParallelism, Name);

            Report.Step("starting a new host on the same folder: every grain is cold");
            await using var noop = await NoopServer.StartAsync();
            var host = await BenchHost.StartAsync(data);
            var cold = new double[staff];
            LoadRun warm, health, ping;
            try
            {
                var profiles = new CapabilityService.CapabilityServiceClient(host.Channel);
                await EmptyRpc.WarmUpAsync(noop, host);
                await Measure.ClosedLoopAsync(warmupStaff * 100, 1, i => profiles.GetCapabilityProfileAsync(Request(Name(i % warmupStaff))).ResponseAsync);

                Report.Step($"measuring: the first GetCapabilityProfile of {staff} cold staff members, one at a time (load {Report.LoadAverage()})");
                for (var k = 0; k < staff; k++)
                {
                    var request = Request(Name(warmupStaff + k));
                    CapabilityProfile? first = null;
                    cold[k] = (await Measure.TimeAsync(async () => first = await profiles.GetCapabilityProfileAsync(request))).TotalMilliseconds;
                    var counted = first!.Competencies.Where(c => Competencies.Contains(c.Competency)).Sum(c => c.EvidenceCount);
                    Measure.Check(counted == evidence, $"{request.Name}: the profile counted {counted} evidence events, expected {evidence}");
                }

                var calls = staff * warmCalls;
                Report.Step($"measuring: {calls} warm GetCapabilityProfile over the same staff, then {calls} Health/Check and {calls} Noop/Ping, one at a time (load {Report.LoadAverage()})");
                warm = await Measure.ClosedLoopAsync(calls, 1, i => profiles.GetCapabilityProfileAsync(Request(Name(warmupStaff + (i % staff)))).ResponseAsync);
                health = await EmptyRpc.HealthAsync(host, calls, 1);
                ping = await EmptyRpc.PingAsync(noop, calls, 1);
            }
            finally
            {
                await host.StopAsync();
            }

            Console.WriteLine($"load average at end: {Report.LoadAverage()}");
            var (coldStats, warmStats, healthStats, pingStats) = (new Stats(cold), warm.Latency, health.Latency, ping.Latency);
            string[] Row(string name, Stats s) => [name, Report.N(s.Count), Report.Ms(s.Median), Report.Ms(s.P90), Report.Ms(s.P99), Report.Ms(s.Max)];
            Report.Table(
                ["per call (ms)", "calls", "p50", "p90", "p99", "max"],
                [
                    Row($"cold GetCapabilityProfile ({evidence} evidence)", coldStats),
                    Row($"warm GetCapabilityProfile ({evidence} evidence)", warmStats),
                    Row("Health/Check on the same host (empty RPC)", healthStats),
                    Row("Noop/Ping on a bare gRPC server", pingStats),
                ]);
            Console.WriteLine($"ratios (p50): warm ÷ Health/Check {Report.Ratio(warmStats.Median / healthStats.Median)}, cold ÷ Health/Check {Report.Ratio(coldStats.Median / healthStats.Median)}, warm ÷ Noop/Ping {Report.Ratio(warmStats.Median / pingStats.Median)}, cold ÷ warm {Report.Ratio(coldStats.Median / warmStats.Median)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT capability-profile evidence={evidence} cold_p50_ms={coldStats.Median:0.000} cold_p99_ms={coldStats.P99:0.000} warm_p50_ms={warmStats.Median:0.000} warm_p99_ms={warmStats.P99:0.000} health_p50_ms={healthStats.Median:0.000} noop_p50_ms={pingStats.Median:0.000} warm_to_empty={warmStats.Median / healthStats.Median:0.00}"));
            return 0;
        }
        finally
        {
            if (keep)
            {
                Report.Step($"data kept in {data}");
            }
            else
            {
                BenchHost.DeleteData(data);
            }
        }
    }

    private static GetCapabilityProfileRequest Request(string staffName) => new() { Name = staffName + "/capabilityProfile", Framework = Framework };

    /// <summary>A published framework of three competencies, the staff registered over gRPC, their evidence through their grains (setup: not timed as a figure).</summary>
    private static async Task PrepareAsync(string data, int total, int evidence, int parallelism, Func<int, string> name)
    {
        var host = await BenchHost.StartAsync(data);
        try
        {
            Report.Step($"preparing {total} staff in {data}");
            var centers = await Organization.CreateAsync(host, 1);
            var frameworks = new CompetencyFrameworkService.CompetencyFrameworkServiceClient(host.Channel);
            await frameworks.CreateFrameworkAsync(new CreateFrameworkRequest
            {
                FrameworkId = FrameworkId,
                RequestId = Organization.RequestId(),
                Framework = new CompetencyFramework
                {
                    DisplayName = "便民服务能力框架",
                    LevelScale = { new Level { Level_ = 1, Label = "了解" }, new Level { Level_ = 2, Label = "熟悉" }, new Level { Level_ = 3, Label = "掌握" } },
                },
            });
            foreach (var (id, dimension) in Competencies.Zip([Dimension.ServiceExcellent, Dimension.ServiceExcellent, Dimension.PolicySavvy]))
            {
                await frameworks.CreateCompetencyAsync(new CreateCompetencyRequest
                {
                    Parent = Framework,
                    CompetencyId = id,
                    RequestId = Organization.RequestId(),
                    Competency = new Competency { DisplayName = id, Dimension = dimension },
                });
            }

            await frameworks.PublishFrameworkAsync(new PublishFrameworkRequest { Name = Framework, RequestId = Organization.RequestId() });
            foreach (var batch in Organization.StaffBatches("P", 0, total, 5000, centers))
            {
                var r = await host.Staff.BatchCreateStaffMembersAsync(batch);
                Measure.Check(r.FailedCount == 0, $"registration failed {r.FailedCount} rows");
            }

            var started = Stopwatch.GetTimestamp();
            var now = DateTimeOffset.UtcNow;
            var grains = host.Grains;
            await Workers.ForAsync(total, parallelism, async i =>
            {
                var grain = grains.GetGrain<IStaffMemberGrain>(name(i));
                var prefix = Guid.NewGuid().ToString("N");
                for (var n = 0; n < evidence; n++)
                {
                    var kind = (DomainEvidenceKind)(1 + (n % 4));
                    var observed = now.AddHours(-(evidence - n) * 8.0); // every 8 hours, oldest first: about two years for 2,000
                    var recorded = new DomainEvidence($"bench/{n}", kind, Framework, Competencies[n % Competencies.Length], ((n * 37) % 101) / 100.0, observed, "bench", string.Empty);
                    await grain.RecordEvidence(recorded, new CommandContext($"{prefix}-{n}", "bench"));
                }
            });
            Report.Step($"prepared: {Report.N((long)total * evidence)} evidence events in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        }
        finally
        {
            Report.Step("stopping the host");
            await host.StopAsync();
        }
    }
}
