using Microsoft.Data.Sqlite;
using static Training.Benchmarks.Measure;

namespace Training.Benchmarks;

/// <summary>
/// Target 1: bulk registration of 100,000 staff at ≥ 20,000 staff/s, over real gRPC (BatchCreateStaffMembers,
/// a few concurrent calls of 5,000 rows) into the real host on a fresh data folder; every staff member is then
/// counted back per centre. Ceilings measured in the same run: an empty unary RPC and a no-op RPC taking the same
/// batches on a bare gRPC server in the same process, the real host's health check, the project's SQLite store driven
/// directly, and raw SQLite insert loops.
/// </summary>
internal static class BulkRegister
{
    private const double TargetPerSecond = 20_000;

    public static async Task<int> RunAsync(Args args)
    {
        var staff = args.Int("staff", 100_000);
        var batchSize = args.Int("batch", 5000);
        var concurrency = args.Int("concurrency", 4);
        var centerCount = args.Int("centers", 100);
        var pingCalls = args.Int("ping-calls", 20_000);
        var warmupRows = args.Int("warmup-rows", 50_000);
        var keep = args.Flag("keep-data");
        var phases = args.Flag("phases");
        args.EnsureAllUsed();

        Report.Machine();
        Console.WriteLine($"bulk-register: {Report.N(staff)} staff in batches of {batchSize} at {concurrency} concurrent calls, {centerCount} centres");
        var data = BenchHost.NewDataDirectory("bulk");
        var ceilingsFolder = BenchHost.NewDataDirectory("bulk-ceilings");
        var host = await BenchHost.StartAsync(data);
        var noop = await NoopServer.StartAsync();
        try
        {
            Report.Step($"host started on {data}");
            var centers = await Organization.CreateAsync(host, centerCount, "warmup");
            var warmupCenter = centers[^1];
            centers = centers.Take(centerCount).ToList();

            // Build every request before timing: the client's cost of composing rows is not the server's.
            var batches = Organization.StaffBatches("S", 0, staff, batchSize, centers);
            var warmup = Organization.StaffBatches("W", 0, warmupRows, batchSize, [warmupCenter]);

            // Tiered JIT keeps recompiling hot paths for several seconds of load: warm up with the same kind of load first.
            Report.Step($"warming up: {Report.N(warmupRows)} staff at a separate centre ({concurrency} concurrent calls), pings, swallows");
            var warmupStarted = Stopwatch.GetTimestamp();
            await Workers.ForAsync(warmup.Count, concurrency, async i =>
            {
                var r = await host.Staff.BatchCreateStaffMembersAsync(warmup[i]);
                Check(r.FailedCount == 0, $"warm-up batch failed {r.FailedCount} rows");
            });
            Report.Step($"warm-up registration: {warmupRows / Stopwatch.GetElapsedTime(warmupStarted).TotalSeconds:0} staff/s");

            await EmptyRpc.WarmUpAsync(noop, host);
            await Workers.ForAsync(warmup.Count, concurrency, i => noop.SwallowAsync(warmup[i]));

            Report.Step($"ceiling: empty unary RPC on a bare gRPC server, {Report.N(pingCalls)} calls at {concurrency} and at 64 concurrent");
            var pingAtN = (await EmptyRpc.PingAsync(noop, pingCalls, concurrency)).Elapsed;
            var pingAt64 = (await EmptyRpc.PingAsync(noop, pingCalls, 64)).Elapsed;

            Report.Step($"reference: grpc.health.v1.Health/Check on the real host, {Report.N(pingCalls)} calls at 64 concurrent");
            var healthAt64 = (await EmptyRpc.HealthAsync(host, pingCalls, 64)).Elapsed;

            Report.Step("ceiling: no-op RPC on the bare server receiving the same batches");
            var swallow = await TimeAsync(() => Workers.ForAsync(batches.Count, concurrency, i => noop.SwallowAsync(batches[i])));

            Report.Step($"measuring: BatchCreateStaffMembers x {batches.Count}, {concurrency} concurrent (load {Report.LoadAverage()})");
            var created = 0;
            var failed = 0;
            var register = await TimeAsync(() => Workers.ForAsync(batches.Count, concurrency, async i =>
            {
                var response = await host.Staff.BatchCreateStaffMembersAsync(batches[i]);
                Interlocked.Add(ref created, response.CreatedCount);
                Interlocked.Add(ref failed, response.FailedCount);
            }));
            Report.Step($"registered {Report.N(created)}, failed {Report.N(failed)} in {register.TotalSeconds:0.00} s");

            Report.Step("verifying: listing every centre's staff");
            await VerifyAsync(host, centers, staff);

            var phaseRates = phases ? await Phases.RunAsync(host, centers, staff, batchSize, concurrency) : [];

            var (eventBytes, directoryBytes) = PayloadSizes(data);
            Report.Step($"average payload of a registration: event {eventBytes} B, directory entry {directoryBytes} B");

            Report.Step("ceiling: SqliteEventStore.AppendAsync, same commits, 512 in flight (fresh file)");
            var storeAppend = await StorageCeilings.StoreAppend(Path.Combine(ceilingsFolder, "store"), staff, 512, eventBytes, directoryBytes);
            Report.Step("ceiling: raw SQLite inserts, 512 rows per transaction (fresh files)");
            var rawEvents = StorageCeilings.RawInsert(Path.Combine(ceilingsFolder, "raw-events"), staff, 512, eventBytes, directoryBytes, asStore: false);
            var rawAsStore = StorageCeilings.RawInsert(Path.Combine(ceilingsFolder, "raw-store"), staff, 512, eventBytes, directoryBytes, asStore: true);

            var rate = created / register.TotalSeconds;
            double PerSecond(TimeSpan t, int n) => n / t.TotalSeconds;
            var ceilings = new (string Name, double PerSecond, string Unit)[]
            {
                ("empty unary RPC, bare gRPC server (Noop/Ping), " + concurrency + " concurrent", PerSecond(pingAtN, pingCalls), "calls/s"),
                ("empty unary RPC, bare gRPC server (Noop/Ping), 64 concurrent", PerSecond(pingAt64, pingCalls), "calls/s"),
                ("real host's Health/Check (auth + interceptors + 1 grain call + 1 store read), 64 concurrent", PerSecond(healthAt64, pingCalls), "calls/s"),
                ("no-op RPC on the bare server taking the same 5,000-row batches (Noop/Swallow)", PerSecond(swallow, staff), "rows/s"),
                ("SqliteEventStore.AppendAsync, 1 event + 1 directory entry per commit, 512 in flight", PerSecond(storeAppend, staff), "commits/s"),
                ("raw SQLite, store's statements per row (head, savepoint, event, directory, release), 512 rows/tx", PerSecond(rawAsStore, staff), "rows/s"),
                ("raw SQLite, one event insert per row, 512 rows/tx", PerSecond(rawEvents, staff), "rows/s"),
            };

            Console.WriteLine($"load average at end: {Report.LoadAverage()}");
            Report.Table(
                ["measure", "time (s)", "rate", "unit", "staff/s ÷ ceiling"],
                [
                    ["bulk registration over gRPC (BatchCreateStaffMembers)", register.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture), Report.Rate(rate), "staff/s", "—"],
                    .. ceilings.Select(c => new[] { c.Name, "", Report.Rate(c.PerSecond), c.Unit, Report.Ratio(rate / c.PerSecond) }),
                    .. phaseRates.Select(p => new[] { "phase: " + p.Name, "", Report.Rate(p.PerSecond), "staff/s", Report.Ratio(rate / p.PerSecond) }),
                ]);
            var met = rate >= TargetPerSecond && failed == 0;
            Console.WriteLine($"RESULT bulk-register staff_per_s={rate:0} target={TargetPerSecond:0} met={(met ? "yes" : "no")} ping_at_{concurrency}={PerSecond(pingAtN, pingCalls):0} ping_at_64={PerSecond(pingAt64, pingCalls):0} health_at_64={PerSecond(healthAt64, pingCalls):0} swallow_rows_per_s={PerSecond(swallow, staff):0} store_commits_per_s={PerSecond(storeAppend, staff):0} raw_store_rows_per_s={PerSecond(rawAsStore, staff):0} raw_event_rows_per_s={PerSecond(rawEvents, staff):0}");
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            await noop.DisposeAsync();
            await host.StopAsync();
            if (!keep)
            {
                BenchHost.DeleteData(data);
            }

            BenchHost.DeleteData(ceilingsFolder);
        }
    }

    private static async Task VerifyAsync(BenchHost host, IReadOnlyList<string> centers, int staff)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var center in centers)
        {
            var token = string.Empty;
            do
            {
                var page = await host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = center, PageSize = 1000, PageToken = token });
                foreach (var member in page.StaffMembers)
                {
                    Check(member.Center == center, $"{member.Name} is listed under {center} but says {member.Center}");
                    if (!seen.Add(member.Name))
                    {
                        duplicates++;
                    }
                }

                token = page.NextPageToken;
            }
            while (token.Length > 0);
        }

        var missing = Enumerable.Range(0, staff).Count(i => !seen.Contains("staff/" + Organization.StaffId("S", i)));
        Check(duplicates == 0 && missing == 0 && seen.Count == staff, $"listed {seen.Count} staff, {missing} missing, {duplicates} listed twice");
        Report.Step($"verified: {Report.N(seen.Count)} staff listed across {centers.Count} centres, each once, none missing");
    }

    /// <summary>Average sizes of what one registration wrote (event payload, directory payload), read from the run's own file.</summary>
    private static (int EventBytes, int DirectoryBytes) PayloadSizes(string data)
    {
        var path = Path.Combine(data, "events.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT CAST(avg(length(payload)) AS INTEGER) FROM events WHERE stream_id LIKE 'staff/S%'),
                   (SELECT CAST(avg(length(payload)) AS INTEGER) FROM directory WHERE kind = 'staff' AND key LIKE 'staff/S%')
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }
}
