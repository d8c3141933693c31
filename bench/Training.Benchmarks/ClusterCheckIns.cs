using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Npgsql;
using Training.Api.Security;
using Training.Cluster.Tests;
using ClusterOrganization = Training.Cluster.Tests.Organization;

namespace Training.Benchmarks;

/// <summary>
/// <c>cluster-check-ins</c>: kiosk check-in throughput of the regional mode — silos as separate processes (the silo's own
/// executable, events and membership in PostgreSQL, the API co-hosted) — with one silo and with two, against an empty
/// gRPC call's rate at the same concurrency measured in the same run (the transport ceiling of this machine); then the
/// failover time of the two-silo cluster with Orleans' default failure detection (kill -9 of one silo until every grain
/// of a sample answers through the other), and what a check-in costs in PostgreSQL.
/// </summary>
internal static class ClusterCheckIns
{
    private static readonly string SigningKey = Convert.ToBase64String("training-bench-signing-key-32byt"u8);

    public static async Task<int> RunAsync(Args args)
    {
        var checkIns = args.Int("check-ins", 6000);
        var kiosks = args.Int("kiosks", 64);
        var batchSize = args.Int("batch-size", 50);
        var pingCalls = args.Int("ping-calls", 20000);
        var sample = args.Int("failover-sample", 1000);
        var server = args.Text("postgres")
            ?? (Environment.GetEnvironmentVariable("TRAINING_TEST_POSTGRES") is { Length: > 0 } env ? env : "Host=127.0.0.1;Port=5433;Username=postgres;Database=training_test");
        args.EnsureAllUsed();
        Console.WriteLine($"cluster-check-ins: {checkIns:N0} check-ins per configuration, by {kiosks} kiosks at once, each scanning the {batchSize} trainees of its session one after another; PostgreSQL {new NpgsqlConnectionStringBuilder(server) { Password = null }}; load {Load()}");

        double ceiling;
        await using (var noop = await NoopServer.StartAsync())
        {
            await Workers.ForAsync(2000, kiosks, _ => noop.PingAsync());
            var clock = Stopwatch.StartNew();
            await Workers.ForAsync(pingCalls, kiosks, _ => noop.PingAsync());
            ceiling = pingCalls / clock.Elapsed.TotalSeconds;
        }

        Console.WriteLine($"ceiling: empty unary gRPC call, {kiosks} concurrent: {Report.Rate(ceiling)}/s; load {Load()}");
        var one = await MeasureAsync(server, silos: 1, checkIns, kiosks, batchSize, sample: 0);
        var two = await MeasureAsync(server, silos: 2, checkIns, kiosks, batchSize, sample);

        Console.WriteLine();
        Console.WriteLine("| cluster | check-ins/s | per silo | p50 ms | p99 ms | × ceiling | silo CPU s per 1,000 check-ins |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var m in new[] { one, two })
        {
            Console.WriteLine($"| {m.Silos} silo{(m.Silos > 1 ? "s" : string.Empty)} | {Report.Rate(m.Rate)} | {Report.Rate(m.Rate / m.Silos)} | {Report.Ms(m.Latency.Median)} | {Report.Ms(m.Latency.P99)} | {m.Rate / ceiling:0.00} | {m.SiloCpuPerThousand:0.00} |");
        }

        Console.WriteLine();
        Console.WriteLine($"2 silos / 1 silo: {two.Rate / one.Rate:0.00}; ceiling {Report.Rate(ceiling)}/s");
        Console.WriteLine($"failover (2 silos, Orleans' default failure detection): declared dead after {two.Dead.TotalSeconds:0.0} s, all {two.Sampled} sampled grains answering after {two.AllAnswer.TotalSeconds:0.0} s");
        Console.WriteLine($"PostgreSQL: {one.BytesPerEvent:N0} bytes per event on disk (events table with its indexes, {one.Events:N0} events), a check-in event's row {one.CheckInRowBytes:N0} bytes");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT cluster-check-ins one={one.Rate:0} two={two.Rate:0} per-silo={two.Rate / 2:0} ratio={two.Rate / one.Rate:0.00} ceiling={ceiling:0} failover={two.AllAnswer.TotalSeconds:0.0}s dead={two.Dead.TotalSeconds:0.0}s bytes-per-event={one.BytesPerEvent:0} load={Load()}"));
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(string server, int silos, int checkIns, int kiosks, int batchSize, int sample)
    {
        var database = "bench_" + Guid.NewGuid().ToString("N")[..16];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        await ExecuteAsync(server, $"CREATE DATABASE {database} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        var processes = new List<ClusterProcess>();
        try
        {
            var (code, output) = await ClusterProcess.RunSiloCommandAsync(["migrate", $"--Storage:Postgres:ConnectionString={connectionString}"]);
            if (code != 0)
            {
                throw new InvalidOperationException($"migrate exited {code}: {output}");
            }

            var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
            for (var i = 0; i < silos; i++)
            {
                processes.Add(await ClusterProcess.StartAsync(ProcessKind.Silo,
                [
                    "--Storage:Provider=Postgres",
                    "--Clustering:Provider=Postgres",
                    $"--Storage:Postgres:ConnectionString={connectionString}",
                    "--Orleans:AdvertisedIPAddress=127.0.0.1",
                    $"--Orleans:ClusterId={clusterId}",
                    $"--Training:DataDirectory={Path.Combine(Path.GetTempPath(), "training-bench-" + Guid.NewGuid().ToString("N"))}",
                    $"--Auth:SigningKey={SigningKey}",
                    "--RateLimits:PerClientPerSecond=1000000",
                    "--RateLimits:PerClientBurst=1000000",
                    "--RateLimits:PerKioskPerSecond=1000000",
                    "--RateLimits:PerKioskBurst=1000000",
                    "--Logging:LogLevel:Default=Warning",
                ]));
            }

            await WaitForActiveAsync(connectionString, clusterId, silos);
            var token = new TokenIssuer(new AuthOptions().Issuer, new AuthOptions().Audience, Convert.FromBase64String(SigningKey))
                .Issue(new TokenSpec("bench-operator", [Roles.RegionAdmin]) { Regions = [TrainingClaims.AllRegions] });
            var channels = processes.Select(p => p.Channel(token)).ToList();
            var setupClock = Stopwatch.StartNew();
            var organization = await ClusterOrganization.CreateAsync(channels[0], course: true);

            // Two batches per silo to warm up (JIT, connections, the course and centre grains), then the measured ones.
            var warmUps = 2 * silos;
            var batches = warmUps + ((checkIns + batchSize - 1) / batchSize);
            var world = await SetUpAsync(channels, organization, batches, batchSize, processes);
            Console.WriteLine($"{silos} silo(s): {batches} batches of {batchSize} enrolled staff set up in {setupClock.Elapsed.TotalSeconds:0.0} s; load {Load()}");
            await Workers.ForAsync(warmUps, kiosks, async b =>
            {
                foreach (var member in world[b].Staff)
                {
                    await CheckInAsync(world[b], member);
                }
            });

            // Each kiosk scans its session's trainees one after another, as at a training-room door.
            var measured = world.Skip(warmUps).ToList();
            var latencies = new double[measured.Count * batchSize];
            var cpuBefore = processes.Select(p => p.ProcessorTime).ToArray();
            Console.WriteLine($"{silos} silo(s): measuring; load {Load()}");
            var clock = Stopwatch.StartNew();
            await Workers.ForAsync(measured.Count, kiosks, async b =>
            {
                for (var i = 0; i < measured[b].Staff.Count; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await CheckInAsync(measured[b], measured[b].Staff[i]);
                    latencies[(b * batchSize) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            });
            var elapsed = clock.Elapsed;
            var siloCpu = processes.Select((p, i) => (p.ProcessorTime - cpuBefore[i]).TotalSeconds).Sum();
            var count = measured.Sum(b => b.Staff.Count);
            var rate = count / elapsed.TotalSeconds;
            Console.WriteLine($"{silos} silo(s): {count:N0} check-ins in {elapsed.TotalSeconds:0.00} s = {Report.Rate(rate)}/s; silos used {siloCpu:0.0} CPU s; load {Load()}");

            var (events, bytesPerEvent, checkInRow) = await StorageAsync(connectionString);
            var measurement = new Measurement(silos, rate, new Stats(latencies), siloCpu * 1000 / count, events, bytesPerEvent, checkInRow);
            if (sample > 0)
            {
                measurement = await FailoverAsync(measurement, processes, channels, world, sample, connectionString, clusterId);
            }

            foreach (var channel in channels)
            {
                channel.Dispose();
            }

            return measurement;
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>
    /// Kills the second silo (kill -9) and times, with Orleans' default failure detection, until the membership table
    /// marks it dead and until every grain of a sample — the batches and <paramref name="sample"/> staff members, about
    /// half of them on the killed silo — answers a read through the first silo's API.
    /// </summary>
    private static async Task<Measurement> FailoverAsync(
        Measurement measurement, List<ClusterProcess> processes, List<GrpcChannel> channels, IReadOnlyList<BenchBatch> world, int sample, string connectionString, string clusterId)
    {
        var staff = new StaffService.StaffServiceClient(channels[0]);
        var batches = new CourseBatchService.CourseBatchServiceClient(channels[0]);
        var staffSample = world.SelectMany(b => b.Staff).Where((_, i) => i % Math.Max(1, world.Sum(b => b.Staff.Count) / sample) == 0).Take(sample).ToList();
        var clock = Stopwatch.StartNew();
        await processes[1].KillAsync();
        TimeSpan? dead = null;
        while (true)
        {
            var failed = 0;
            await Workers.ForAsync(world.Count + staffSample.Count, 16, async i =>
            {
                try
                {
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    if (i < world.Count)
                    {
                        await batches.GetCourseBatchAsync(new GetCourseBatchRequest { Name = world[i].Setup.Name }, deadline: deadline);
                    }
                    else
                    {
                        await staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = staffSample[i - world.Count] }, deadline: deadline);
                    }
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failed);
                }
            });
            dead ??= await IsDeadAsync(connectionString, clusterId, processes[1].SiloPort) ? clock.Elapsed : null;
            if (failed == 0)
            {
                break;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException("the grains did not all answer within 3 minutes of the kill");
            }

            await Task.Delay(100);
        }

        var allAnswer = clock.Elapsed;
        while (dead is null && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            dead = await IsDeadAsync(connectionString, clusterId, processes[1].SiloPort) ? clock.Elapsed : null;
            await Task.Delay(100);
        }

        return measurement with { Dead = dead ?? TimeSpan.MaxValue, AllAnswer = allAnswer, Sampled = world.Count + staffSample.Count };
    }

    /// <summary>
    /// Registers the staff (with cards) in 5,000-row requests, then sets up each batch through the silos' APIs in turn
    /// (batch, session now in its own room, enrolment, kiosk, the staff enrolled, started) and answers each batch with its
    /// staff and a check-in client with its kiosk's device token on the silo that set it up.
    /// </summary>
    private static async Task<IReadOnlyList<BenchBatch>> SetUpAsync(List<GrpcChannel> channels, ClusterOrganization organization, int batches, int batchSize, List<ClusterProcess> processes)
    {
        var staff = Enumerable.Range(0, batches).Select(b => Enumerable.Range(0, batchSize).Select(i => $"B{b:D4}-{i:D3}-{organization.Suffix}").ToList()).ToList();
        var rows = staff.SelectMany(s => s).Chunk(5000).ToList();
        await Workers.ForAsync(rows.Count, 2, async c =>
        {
            var request = new BatchCreateStaffMembersRequest { RequestId = $"staff-{organization.Suffix}-{c}" };
            request.Requests.AddRange(rows[c].Select(id => new CreateStaffMemberRequest
            {
                StaffMemberId = id,
                StaffMember = new StaffMember { DisplayName = $"职员 {id}", Center = organization.Center, Post = Post.Hotline12345, CardId = $"CARD-{id}" },
            }));
            var response = await new StaffService.StaffServiceClient(channels[c % channels.Count]).BatchCreateStaffMembersAsync(request);
            if (response.FailedCount > 0)
            {
                throw new InvalidOperationException($"{response.FailedCount} staff not registered: {response.Results.First(r => r.Status.Code != 0).Status}");
            }
        });

        var world = new BenchBatch[batches];
        await Workers.ForAsync(batches, 4, async b =>
        {
            var channel = channels[b % channels.Count];
            var setup = organization.Batch($"b{b:D4}");
            var client = new CourseBatchService.CourseBatchServiceClient(channel);
            await client.CreateCourseBatchAsync(setup.Create);
            await client.CreateSessionAsync(setup.AddSession);
            await client.OpenCourseBatchEnrolmentAsync(setup.Open);
            var kiosk = await new KioskService.KioskServiceClient(channel).RegisterKioskAsync(setup.RegisterKiosk);
            var enrolled = await client.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = setup.Name, StaffMembers = { staff[b].Select(id => $"staff/{id}") }, RequestId = $"enrol-{setup.BatchId}" });
            if (enrolled.Results.Any(r => r.Enrolment is null))
            {
                throw new InvalidOperationException($"not enrolled: {enrolled.Results.First(r => r.Enrolment is null).Status}");
            }

            await client.StartCourseBatchAsync(setup.Start);
            world[b] = new BenchBatch(setup, kiosk.Name, [.. staff[b].Select(id => $"staff/{id}")], new CheckInService.CheckInServiceClient(processes[b % processes.Count].Channel(kiosk.DeviceToken)));
        });
        return world;
    }

    private static async Task CheckInAsync(BenchBatch batch, string staffName)
    {
        var result = await batch.Kiosk.CheckInAsync(new CheckInRequest
        {
            Kiosk = batch.KioskName,
            Scan = new KioskScan { CardId = $"CARD-{staffName["staff/".Length..]}", IdempotencyKey = $"scan-{staffName}", ScanTime = DateTimeOffset.UtcNow.ToTimestamp(), Session = batch.Setup.Session },
        });
        if (result.Outcome != CheckInOutcome.Accepted)
        {
            throw new InvalidOperationException($"{staffName}: {result.Outcome} {result.Rejection} {result.Message}");
        }
    }

    /// <summary>Events in the store, bytes per event on disk (the events table with its indexes and TOAST) and a check-in event row's size.</summary>
    private static async Task<(long Events, double BytesPerEvent, double CheckInRow)> StorageAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE training.events", connection))
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT count(*), pg_total_relation_size('training.events')::float8 / greatest(count(*), 1),
                   (SELECT avg(pg_column_size(e.*)) FROM training.events e WHERE type = 'batch.checked-in.v1')::float8
            FROM training.events
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetDouble(1), reader.IsDBNull(2) ? 0 : reader.GetDouble(2));
    }

    private static async Task WaitForActiveAsync(string connectionString, string clusterId, int silos)
    {
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync(connectionString, $"SELECT count(*) FROM training.membership WHERE cluster_id = '{clusterId}' AND status = 3") != silos)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{silos} silos did not become Active");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<bool> IsDeadAsync(string connectionString, string clusterId, int port) =>
        await ScalarAsync(connectionString, $"SELECT count(*) FROM training.membership WHERE cluster_id = '{clusterId}' AND port = {port} AND status = 6") > 0;

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record BenchBatch(BatchSetup Setup, string KioskName, IReadOnlyList<string> Staff, CheckInService.CheckInServiceClient Kiosk);

    private sealed record Measurement(int Silos, double Rate, Stats Latency, double SiloCpuPerThousand, long Events, double BytesPerEvent, double CheckInRowBytes)
    {
        public TimeSpan Dead { get; init; }

        public TimeSpan AllAnswer { get; init; }

        public int Sampled { get; init; }
    }
}
