using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Training.EventStore.Sqlite;
using Training.Grains;
using Training.Grains.Staff;
using static Training.Benchmarks.Measure;

namespace Training.Benchmarks;

/// <summary>
/// Target 2: cold activation of a staff member with 2,000 events (snapshot + tail) ≤ 5 ms median.
/// Prepares staff members with long histories through their grains, stops the host, measures the storage
/// floor (snapshot + tail read straight from <see cref="SqliteEventStore"/>, with and without deserializing),
/// then starts a new host on the same folder and times the first GetStaffMember of each (cold: the grain is
/// activated from storage) and the second (warm: the RPC floor).
/// </summary>
internal static class ColdActivation
{
    private const double TargetMedianMs = 5;
    private const string Reason = "年休假";

    public static async Task<int> RunAsync(Args args)
    {
        var staff = args.Int("staff", 200);
        var events = args.Int("events", 2000);
        var tailSpread = args.Int("tail-spread", 100);
        var warmupStaff = args.Int("warmup", 20);
        var setupParallelism = args.Int("setup-parallelism", 256);
        var keep = args.Flag("keep-data");
        var reuse = args.Text("data");
        args.EnsureAllUsed();
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tailSpread, 1);

        Report.Machine();
        Console.WriteLine($"cold-activation: {staff} staff with {events}..{events + tailSpread - 1} events each (staff i has {events} + i mod {tailSpread}), {warmupStaff} more to warm up");
        var total = warmupStaff + staff;
        var data = reuse ?? BenchHost.NewDataDirectory("cold");
        string Name(int i) => "staff/" + Organization.StaffId("H", i); // 0..warmup-1 warm up; the rest are measured
        long Expected(int i) => events + ((i - warmupStaff + (tailSpread * 1000)) % tailSpread);

        try
        {
            if (reuse is null)
            {
                await PrepareAsync(data, total, setupParallelism, Name, Expected);
            }
            else
            {
                Report.Step($"reusing prepared data in {data}");
            }

            Report.Step("storage floor: snapshot + tail straight from SqliteEventStore (host stopped)");
            var (floor, floorDecoded) = await StorageFloorAsync(data, total, warmupStaff, Name, Expected);

            Report.Step("starting a new host on the same folder: every grain is cold");
            var host = await BenchHost.StartAsync(data);
            var cold = new double[staff];
            var warm = new double[staff];
            try
            {
                // Warm up the new process's code paths (JIT, connections) on other staff members: they are not measured.
                for (var i = 0; i < warmupStaff; i++)
                {
                    await host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = Name(i) });
                    await host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = Name(i) });
                }

                Report.Step($"measuring: first and second GetStaffMember of {staff} cold staff members, one at a time (load {Report.LoadAverage()})");
                for (var k = 0; k < staff; k++)
                {
                    var i = warmupStaff + k;
                    var request = new GetStaffMemberRequest { Name = Name(i) };
                    var started = Stopwatch.GetTimestamp();
                    var first = await host.Staff.GetStaffMemberAsync(request);
                    cold[k] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    started = Stopwatch.GetTimestamp();
                    var second = await host.Staff.GetStaffMemberAsync(request);
                    warm[k] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var etag = $"\"{Expected(i)}\"";
                    Check(first.Etag == etag && second.Etag == etag, $"{request.Name} answered etag {first.Etag}/{second.Etag}, expected {etag}");
                }
            }
            finally
            {
                await host.StopAsync();
            }

            Console.WriteLine($"load average at end: {Report.LoadAverage()}");
            var coldStats = new Stats(cold);
            var warmStats = new Stats(warm);
            var diffStats = new Stats(cold.Zip(warm, (c, w) => c - w));
            var floorStats = new Stats(floor);
            var decodedStats = new Stats(floorDecoded);
            string[] Row(string name, Stats s) => [name, Report.Ms(s.Median), Report.Ms(s.P90), Report.Ms(s.P99), Report.Ms(s.Max)];
            Report.Table(
                ["per staff member (ms)", "median", "p90", "p99", "max"],
                [
                    Row("cold GetStaffMember (activation + RPC)", coldStats),
                    Row("warm GetStaffMember (RPC floor)", warmStats),
                    Row("cold − warm (activation)", diffStats),
                    Row("storage floor: ReadSnapshot + ReadStream tail", floorStats),
                    Row("storage floor + deserialize + apply", decodedStats),
                ]);
            var tails = Enumerable.Range(0, staff).Select(k => (Expected(warmupStaff + k) - events) + (events % 100)).ToArray();
            string MedianWhere(Func<long, bool> tail)
            {
                var sample = Enumerable.Range(0, staff).Where(k => tail(tails[k] % 100)).Select(k => cold[k]).ToList();
                return sample.Count == 0 ? "n/a" : $"{Report.Ms(new Stats(sample).Median)} ms (n={sample.Count})";
            }

            Console.WriteLine($"cold median by tail replayed after the snapshot: 0..49 events {MedianWhere(t => t < 50)}, 50..99 events {MedianWhere(t => t >= 50)}");
            Console.WriteLine($"ratios (median): cold ÷ storage floor {Report.Ratio(coldStats.Median / floorStats.Median)}, (cold − warm) ÷ storage floor {Report.Ratio(diffStats.Median / floorStats.Median)}, (cold − warm) ÷ (floor + deserialize) {Report.Ratio(diffStats.Median / decodedStats.Median)}, cold ÷ warm {Report.Ratio(coldStats.Median / warmStats.Median)}");
            var met = coldStats.Median <= TargetMedianMs;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT cold-activation cold_median_ms={coldStats.Median:0.000} cold_p90_ms={coldStats.P90:0.000} cold_p99_ms={coldStats.P99:0.000} warm_median_ms={warmStats.Median:0.000} activation_median_ms={diffStats.Median:0.000} floor_median_ms={floorStats.Median:0.000} floor_decoded_median_ms={decodedStats.Median:0.000} target_ms={TargetMedianMs} met={(met ? "yes" : "no")}"));
            return 0;
        }
        finally
        {
            if (!keep && reuse is null)
            {
                BenchHost.DeleteData(data);
            }
            else
            {
                Report.Step($"data kept in {data} (reuse with --data {data})");
            }
        }
    }

    /// <summary>Registers the staff over gRPC, then gives each its history through its grain (setup: not timed as a figure).</summary>
    private static async Task PrepareAsync(string data, int total, int parallelism, Func<int, string> name, Func<int, long> expected)
    {
        var host = await BenchHost.StartAsync(data);
        try
        {
            Report.Step($"preparing {total} staff in {data}");
            var centers = await Organization.CreateAsync(host, 1);
            foreach (var batch in Organization.StaffBatches("H", 0, total, 5000, centers))
            {
                var r = await host.Staff.BatchCreateStaffMembersAsync(batch);
                Check(r.FailedCount == 0, $"registration failed {r.FailedCount} rows");
            }

            // Alternate StartLeave / ReturnFromLeave through each grain (one event each) until the stream reaches its length.
            var started = Stopwatch.GetTimestamp();
            long appended = 0;
            var grains = host.Grains;
            await Workers.ForAsync(total, parallelism, async i =>
            {
                var grain = grains.GetGrain<IStaffMemberGrain>(name(i));
                var prefix = Guid.NewGuid().ToString("N");
                for (var version = 1L; version < expected(i); version++)
                {
                    var context = new CommandContext($"{prefix}-{version}", "bench");
                    _ = version % 2 == 1 ? await grain.StartLeave(Reason, context) : await grain.ReturnFromLeave(context);
                    if (Interlocked.Increment(ref appended) % 100_000 == 0)
                    {
                        Report.Step($"  {Report.N(Interlocked.Read(ref appended))} events appended ({Interlocked.Read(ref appended) / Stopwatch.GetElapsedTime(started).TotalSeconds:0}/s)");
                    }
                }
            });
            Report.Step($"prepared: {Report.N(appended)} events in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        }
        finally
        {
            Report.Step("stopping the host");
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Per stream, what activation must read: the newest snapshot and the events after it, straight from the store
    /// (no Orleans); then the same again deserialized into the grain's state with the cluster's serializer.
    /// </summary>
    private static async Task<(double[] Floor, double[] Decoded)> StorageFloorAsync(string data, int total, int warmup, Func<int, string> name, Func<int, long> expected)
    {
        await using var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = data }, NullLogger<SqliteEventStore>.Instance);
        await using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(StaffMemberState).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        var floor = new double[total - warmup];
        var decoded = new double[total - warmup];
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < total; i++)
            {
                var stream = name(i);
                var started = Stopwatch.GetTimestamp();
                if (pass == 0)
                {
                    var snapshot = await store.ReadSnapshotAsync(stream);
                    var tail = await store.ReadStreamAsync(stream, (snapshot?.Version ?? 0) + 1, 1000);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Check(snapshot is not null && snapshot.Version + tail.Count == expected(i), $"{stream}: snapshot {snapshot?.Version} + {tail.Count} events, expected {expected(i)}");
                    if (i >= warmup)
                    {
                        floor[i - warmup] = elapsed;
                    }
                }
                else
                {
                    var snapshot = await store.ReadSnapshotAsync(stream);
                    var state = serializer.Deserialize<StaffMemberState>(snapshot!.Payload)!;
                    var tail = await store.ReadStreamAsync(stream, snapshot.Version + 1, 1000);
                    foreach (var e in tail)
                    {
                        state.Apply(serializer.Deserialize<StaffEvent>(e.Payload)!);
                    }

                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Check(state.Registered, $"{stream}: state not registered after replay");
                    if (i >= warmup)
                    {
                        decoded[i - warmup] = elapsed;
                    }
                }
            }
        }

        return (floor, decoded);
    }
}
