// Durable append throughput of the PostgreSQL event store against raw Npgsql loops writing the same rows, in the
// same run. See docs/benchmarks.md, "PostgreSQL event store: append throughput", for what each side does.
//
//   scripts/postgres-for-tests.sh
//   dotnet run -c Release --project bench/Training.EventStore.Benchmarks -- [--appenders 64,256] [--events 60000]
//       [--rounds 11] [--payload 200] [--ceilings unnest,copy,values[,unnest2,copy2]] [--connection "Host=…"]
//       [--new-streams] [--store-only]
//
// For each number of appenders N: a warm-up of every contender, then `rounds` rounds, each running the store and
// every raw loop once (the order rotates from round to round); each run starts on empty tables after a CHECKPOINT
// and is checked afterwards (every row there, every stream's versions 1…k). Reported: each contender's median over
// the rounds; the ceiling — the fastest median of the raw loops that keep one transaction in flight as the store
// does (unnest, copy, values) — and the store's ratio to it (ratio); the median over the rounds of the store's ratio
// to the fastest of those loops in the same round (median_round_ratio: neighbouring runs, steadier on a shared
// machine); with --ceilings …,unnest2,copy2, the ratio to the loops with two transactions in flight. Works in a
// fresh schema (b_…) of the database that --connection (or TRAINING_TEST_POSTGRES; default training_bench on the
// test server, created when missing) names, dropped at the end.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Training.EventStore;
using Training.EventStore.Postgres;

var appenderCounts = (StringArgument("--appenders") ?? "64,256").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var events = IntArgument("--events", 60_000);
var rounds = IntArgument("--rounds", 11);
var payloadSize = IntArgument("--payload", 200);
var ceilingNames = (StringArgument("--ceilings") ?? "unnest,copy,values").Split(',');
string[] twoInFlight = ["unnest2", "copy2"];
var oneInFlightNames = ceilingNames.Except(twoInFlight).ToArray();
var twoInFlightNames = ceilingNames.Intersect(twoInFlight).ToArray();
var fresh = args.Contains("--new-streams"); // every commit the first of a new stream (expected version 0), instead of each appender's next
var storeOnly = args.Contains("--store-only"); // for profiling: the store's runs alone, no ceilings, no result line
var connectionString = StringArgument("--connection")
    ?? (Environment.GetEnvironmentVariable("TRAINING_TEST_POSTGRES") is { Length: > 0 } fromEnvironment
        ? fromEnvironment
        : "Host=127.0.0.1;Port=5433;Username=postgres;Database=training_bench");

var schema = "b_" + Guid.NewGuid().ToString("N");
var s = $"\"{schema}\"";
var payload = new byte[payloadSize];
Random.Shared.NextBytes(payload);
var recordedAt = DateTimeOffset.UtcNow;
const string EventType = "BenchEvent";

await EnsureDatabaseAsync(connectionString);
var options = new PostgresEventStoreOptions
{
    ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "bench-store" }.ConnectionString,
    Schema = schema,
    AutoMigrate = true,
};
await using var store = await PostgresEventStore.OpenAsync(options, NullLogger<PostgresEventStore>.Instance);
await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "bench-raw", MaxAutoPrepare = 16, AutoPrepareMinUsages = 2 }.ConnectionString);
await using var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "bench-admin" }.ConnectionString);
await Execute($"CREATE TABLE {s}.raw_events (LIKE {s}.events INCLUDING ALL)");

// Group-commit batch sizes and transaction durations, from the store's own metrics.
long batches = 0, batchedCommits = 0, transactionMicroseconds = 0;
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == EventStoreMetrics.MeterName && instrument.Name is "training.eventstore.batch.size" or "training.eventstore.commit.duration")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
{
    Interlocked.Increment(ref batches);
    Interlocked.Add(ref batchedCommits, value);
});
listener.SetMeasurementEventCallback<double>((_, value, _, _) => Interlocked.Add(ref transactionMicroseconds, (long)(value * 1e6)));
listener.Start();

var runNumber = 0;
try
{
    var settings = await Settings();
    Console.WriteLine($"PostgreSQL event store append benchmark: appenders {string.Join(", ", appenderCounts)}; {events:N0} single-event commits per run, payload {payloadSize} B, {rounds} rounds; ceilings {string.Join(", ", ceilingNames)}");
    Console.WriteLine($"server: {settings}; load {LoadAverage()}");
    foreach (var n in appenderCounts)
    {
        var contenders = new List<(string Name, Func<int, Task<Run>> Run)> { ("store", count => RunStore(n, count)) };
        foreach (var name in storeOnly ? [] : ceilingNames)
        {
            contenders.Add((name, name switch
            {
                "unnest" => count => RunRaw(RawKind.Unnest, n, 1, n, count),
                "copy" => count => RunRaw(RawKind.Copy, n, 1, n, count),
                "unnest2" => count => RunRaw(RawKind.Unnest, n, 2, n / 2, count),
                "copy2" => count => RunRaw(RawKind.Copy, n, 2, n / 2, count),
                "values" => count => RunRaw(RawKind.Values, n, 1, n, count),
                _ => throw new ArgumentException($"unknown ceiling {name}: unnest, copy, values, unnest2, copy2"),
            }));
        }

        Console.WriteLine($"N = {n} appenders; load {LoadAverage()}");
        foreach (var (name, run) in contenders)
        {
            Report($"{name} warm-up", await run(events));
        }

        var results = contenders.ToDictionary(c => c.Name, _ => new List<Run>());
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < contenders.Count; i++)
            {
                var (name, run) = contenders[(i + round) % contenders.Count];
                var result = await run(events);
                results[name].Add(result);
                Report($"{name} r{round + 1}", result);
            }

            // When the store formed smaller batches than N: the raw loop in batches of that size, for the cost per
            // transaction at equal batches.
            var batch = (int)Math.Round(results["store"][^1].MeanBatch);
            if (!storeOnly && batch < n * 0.95)
            {
                var sameBatch = await RunRaw(RawKind.Unnest, n, 1, batch, events);
                results.TryAdd("unnest@store-batch", []);
                results["unnest@store-batch"].Add(sameBatch);
                Report($"unnest@{batch} r{round + 1}", sameBatch);
            }
        }

        if (storeOnly)
        {
            continue;
        }

        var medians = results.ToDictionary(r => r.Key, r => Median(r.Value.Select(x => x.Rate)));
        var storeMedian = medians["store"];
        var line = string.Create(CultureInfo.InvariantCulture,
            $"RESULT appenders={n} store={storeMedian:F0} {string.Join(' ', ceilingNames.Select(c => $"{c}={medians[c]:F0}"))} store_batch={Median(results["store"].Select(r => r.MeanBatch)):F0}");
        if (oneInFlightNames.Length > 0)
        {
            var ceiling = oneInFlightNames.MaxBy(name => medians[name])!;
            var perRound = Enumerable.Range(0, rounds).Select(r => results["store"][r].Rate / oneInFlightNames.Max(c => results[c][r].Rate)).ToList();
            line += string.Create(CultureInfo.InvariantCulture, $" ceiling={ceiling} ratio={storeMedian / medians[ceiling]:F2} median_round_ratio={Median(perRound):F2}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RATIOS appenders={n} per round (store ÷ that round's fastest of {string.Join(", ", oneInFlightNames)}): {string.Join(", ", perRound.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}"));
        }

        if (twoInFlightNames.Length > 0)
        {
            var fastest = twoInFlightNames.MaxBy(name => medians[name])!;
            line += string.Create(CultureInfo.InvariantCulture, $" two_in_flight={fastest} ratio_two_in_flight={storeMedian / medians[fastest]:F2}");
        }

        if (medians.TryGetValue("unnest@store-batch", out var sameBatchMedian))
        {
            line += string.Create(CultureInfo.InvariantCulture, $" unnest@store_batch={sameBatchMedian:F0} ratio_same_batch={storeMedian / sameBatchMedian:F2}");
        }

        Console.WriteLine($"{line} load={LoadAverage()}");
    }
}
finally
{
    await store.DisposeAsync();
    await Execute($"DROP SCHEMA {s} CASCADE");
}

// The store: n appenders, each appending single-event commits to its own stream and awaiting each acknowledgement.
async Task<Run> RunStore(int n, int count)
{
    var label = await Prepare();
    var remaining = count;
    var latencies = new long[count];
    var recorded = -1;
    long batchesBefore = Interlocked.Read(ref batches), commitsBefore = Interlocked.Read(ref batchedCommits), microsecondsBefore = Interlocked.Read(ref transactionMicroseconds);
    var cpu = await Cpu.StartAsync(admin, "bench-store");
    var load = LoadAverage();
    var watch = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, n).Select(i => Task.Run(async () =>
    {
        var stream = StreamId(label, i);
        var version = 0L;
        while (Interlocked.Decrement(ref remaining) >= 0)
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = fresh
                ? await store.AppendAsync(new StreamCommit(NewStreamId(stream, version), 0, [new EventToAppend(EventType, payload, recordedAt)]))
                : await store.AppendAsync(new StreamCommit(stream, version, [new EventToAppend(EventType, payload, recordedAt)]));
            if (outcome != AppendOutcome.Appended)
            {
                throw new InvalidOperationException($"{stream} at {version}: {outcome}");
            }

            latencies[Interlocked.Increment(ref recorded)] = Stopwatch.GetTimestamp() - started;
            version++;
        }
    })).ToArray();
    await Task.WhenAll(workers);
    watch.Stop();
    var (client, server) = await cpu.StopAsync();
    var batchCount = Interlocked.Read(ref batches) - batchesBefore;
    Array.Sort(latencies);
    await Verify(label, "events", count, fresh ? count : n);
    return new Run(
        count / watch.Elapsed.TotalSeconds,
        watch.Elapsed,
        batchCount,
        (Interlocked.Read(ref batchedCommits) - commitsBefore) / (double)Math.Max(1, batchCount),
        (Interlocked.Read(ref transactionMicroseconds) - microsecondsBefore) / 1000.0 / Math.Max(1, batchCount),
        Ms(latencies[count / 2]),
        Ms(latencies[count * 99 / 100]),
        client.TotalMicroseconds / count,
        server.TotalMicroseconds / count,
        load);
}

// A raw loop: the rows of n producers (the same stream ids, event type, payload and timestamps as the store's), each
// producer's next version in the next transaction, written by `connections` connections in parallel (each owning
// n / connections producers) in transactions of `batch` rows, one transaction per batch, synchronous_commit on.
async Task<Run> RunRaw(RawKind kind, int n, int connections, int batch, int count)
{
    var label = await Prepare();
    var loops = new List<RawLoop>();
    for (var c = 0; c < connections; c++)
    {
        var producers = Enumerable.Range(0, n).Where(i => i % connections == c).Select(i => StreamId(label, i)).ToArray();
        loops.Add(RawLoop.Open(raw, kind, s, producers, Math.Min(batch, producers.Length), fresh, EventType, payload, recordedAt));
    }

    var remaining = count;
    var cpu = await Cpu.StartAsync(admin, "bench-raw");
    var load = LoadAverage();
    var watch = Stopwatch.StartNew();
    var threads = loops.Select(loop => new Thread(() => loop.Run(ref remaining)) { Name = "raw loop" }).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    watch.Stop();
    var (client, server) = await cpu.StopAsync();
    var transactions = loops.Sum(l => l.Transactions);
    var inTransactions = loops.Sum(l => l.InTransactions.TotalMilliseconds);
    foreach (var loop in loops)
    {
        loop.Dispose();
    }

    await Verify(label, "raw_events", count, fresh ? count : n);
    return new Run(count / watch.Elapsed.TotalSeconds, watch.Elapsed, transactions, count / (double)transactions, inTransactions / transactions, 0, 0, client.TotalMicroseconds / count, server.TotalMicroseconds / count, load);
}

// Every run starts alike: both tables empty, nothing dirty waiting for a checkpoint.
async Task<string> Prepare()
{
    await Execute($"TRUNCATE {s}.events, {s}.raw_events");
    await Execute("CHECKPOINT");
    return (++runNumber).ToString("D3", CultureInfo.InvariantCulture);
}

// What was acknowledged is there: every row, of n streams, each stream's versions 1…k (k rows, unique).
async Task Verify(string label, string table, int count, int n)
{
    await using var command = admin.CreateCommand($"""
        SELECT coalesce(sum(rows), 0), count(*), coalesce(bool_and(rows = last AND first = 1), false)
        FROM (SELECT count(*) AS rows, min(version) AS first, max(version) AS last FROM {s}.{table} WHERE stream_id LIKE 'p{label}/%' GROUP BY stream_id) AS streams
        """);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    var (rows, streams, contiguous) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2));
    if (rows != count || streams != n || !contiguous)
    {
        throw new InvalidOperationException($"{table}: {rows} rows of {streams} streams (versions contiguous from 1: {contiguous}), expected {count} of {n}");
    }
}

// The benchmark's own database (training_bench by default, so as not to disturb tests running in training_test):
// created, UTF8, when missing.
static async Task EnsureDatabaseAsync(string connectionString)
{
    var settings = new NpgsqlConnectionStringBuilder(connectionString);
    try
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
    }
    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
    {
        await using var maintenance = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await maintenance.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{settings.Database}\" ENCODING 'UTF8' TEMPLATE template0", maintenance);
        await create.ExecuteNonQueryAsync();
        Console.WriteLine($"created database {settings.Database}");
    }
}

static string StreamId(string label, int producer) => string.Create(CultureInfo.InvariantCulture, $"p{label}/{producer:D4}");

// With --new-streams, the producer's k-th commit goes to a stream of its own.
static string NewStreamId(string producerStream, long k) => string.Create(CultureInfo.InvariantCulture, $"{producerStream}/{k:D6}");

void Report(string label, Run r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  {label,-24} {r.Rate,8:F0} events/s ({r.Elapsed.TotalSeconds:F2} s); {r.Transactions} tx of mean {r.MeanBatch:F0} rows, {r.MeanTransactionMs:F2} ms{(r.P50Ms > 0 ? $"; latency p50 {r.P50Ms:F1} ms p99 {r.P99Ms:F1} ms" : "")}; CPU µs/event client {r.ClientCpuMicroseconds:F1} server {r.ServerCpuMicroseconds:F1}; load {r.Load}"));

async Task<string> Settings()
{
    await using var command = admin.CreateCommand("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('wal_sync_method'), current_setting('commit_delay'), current_setting('shared_buffers')");
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    if (reader.GetString(1) != "on" || reader.GetString(2) != "on")
    {
        throw new InvalidOperationException("fsync and synchronous_commit must be on: this benchmark measures durable appends.");
    }

    return $"{reader.GetString(0).Split(" on ")[0]}, fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, wal_sync_method={reader.GetString(3)}, commit_delay={reader.GetString(4)}, shared_buffers={reader.GetString(5)}";
}

async Task Execute(string sql)
{
    await using var command = admin.CreateCommand(sql);
    await command.ExecuteNonQueryAsync();
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static double Ms(long timestampTicks) => timestampTicks * 1000.0 / Stopwatch.Frequency;

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

int IntArgument(string name, int fallback)
    => StringArgument(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? StringArgument(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

internal enum RawKind
{
    /// <summary>BEGIN; INSERT … SELECT FROM unnest($1…$6); COMMIT — one round trip, prepared.</summary>
    Unnest,

    /// <summary>Binary COPY, in a transaction of its own (COPY outside BEGIN commits when it completes).</summary>
    Copy,

    /// <summary>BEGIN; one prepared INSERT … VALUES with a row of 6 parameters per event; COMMIT — one round trip.</summary>
    Values,
}

internal sealed record Run(
    double Rate,
    TimeSpan Elapsed,
    long Transactions,
    double MeanBatch,
    double MeanTransactionMs,
    double P50Ms,
    double P99Ms,
    double ClientCpuMicroseconds,
    double ServerCpuMicroseconds,
    string Load);

/// <summary>One raw writer: a connection of its own, its producers' rows, synchronous I/O on a thread of its own.</summary>
internal sealed class RawLoop : IDisposable
{
    private const string Columns = "stream_id, version, type, payload, recorded_at, recorded_at_ticks";
    private readonly NpgsqlConnection _connection;
    private readonly RawKind _kind;
    private readonly string _table;
    private readonly string[] _producers;
    private readonly long[] _versions;
    private readonly int _batch;
    private readonly bool _newStreams;
    private readonly string _type;
    private readonly byte[] _payload;
    private readonly DateTime _at;
    private readonly short _ticks;
    private int _next;

    private RawLoop(NpgsqlConnection connection, RawKind kind, string table, string[] producers, int batch, bool newStreams, string type, byte[] payload, DateTimeOffset recordedAt)
    {
        _newStreams = newStreams;
        _connection = connection;
        _kind = kind;
        _table = table;
        _producers = producers;
        _versions = new long[producers.Length];
        _batch = batch;
        _type = type;
        _payload = payload;
        _ticks = (short)(recordedAt.UtcTicks % TimeSpan.TicksPerMicrosecond);
        _at = new DateTime(recordedAt.UtcTicks - _ticks, DateTimeKind.Utc);
    }

    public long Transactions { get; private set; }

    public TimeSpan InTransactions { get; private set; }

    /// <summary>Opens a connection and checks that its commits are durable (synchronous_commit on).</summary>
    public static RawLoop Open(NpgsqlDataSource dataSource, RawKind kind, string schema, string[] producers, int batch, bool newStreams, string type, byte[] payload, DateTimeOffset recordedAt)
    {
        var connection = dataSource.OpenConnection();
        using (var check = new NpgsqlCommand("SELECT current_setting('synchronous_commit')", connection))
        {
            if ((string)check.ExecuteScalar()! != "on")
            {
                throw new InvalidOperationException("synchronous_commit is not on for the raw loop's connection.");
            }
        }

        return new RawLoop(connection, kind, $"{schema}.raw_events", producers, batch, newStreams, type, payload, recordedAt);
    }

    /// <summary>Writes batches until <paramref name="remaining"/> rows (shared with the other loops) are claimed.</summary>
    public void Run(ref int remaining)
    {
        var full = Statement(_batch);
        while (true)
        {
            var claimed = Interlocked.Add(ref remaining, -_batch);
            var size = claimed >= 0 ? _batch : _batch + claimed;
            if (size <= 0)
            {
                return;
            }

            var statement = size == _batch ? full : Statement(size);
            var started = Stopwatch.GetTimestamp();
            statement(size);
            InTransactions += Stopwatch.GetElapsedTime(started);
            Transactions++;
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>The next <paramref name="size"/> producers in turn, each with its next version (or version 1 of its next stream).</summary>
    private void NextRows(string[] streams, long[] versions, int size)
    {
        for (var i = 0; i < size; i++)
        {
            var p = _next;
            _next = (_next + 1) % _producers.Length;
            if (_newStreams)
            {
                streams[i] = string.Create(CultureInfo.InvariantCulture, $"{_producers[p]}/{_versions[p]++:D6}");
                versions[i] = 1;
            }
            else
            {
                streams[i] = _producers[p];
                versions[i] = ++_versions[p];
            }
        }
    }

    private Action<int> Statement(int size)
    {
        var streams = new string[size];
        var versions = new long[size];
        switch (_kind)
        {
            case RawKind.Copy:
            {
                var copy = $"COPY {_table} ({Columns}) FROM STDIN (FORMAT BINARY)";
                return n =>
                {
                    NextRows(streams, versions, n);
                    using var importer = _connection.BeginBinaryImport(copy);
                    for (var i = 0; i < n; i++)
                    {
                        importer.StartRow();
                        importer.Write(streams[i], NpgsqlDbType.Text);
                        importer.Write(versions[i], NpgsqlDbType.Bigint);
                        importer.Write(_type, NpgsqlDbType.Text);
                        importer.Write(_payload, NpgsqlDbType.Bytea);
                        importer.Write(_at, NpgsqlDbType.TimestampTz);
                        importer.Write(_ticks, NpgsqlDbType.Smallint);
                    }

                    importer.Complete();
                };
            }

            case RawKind.Unnest:
            {
                var types = Enumerable.Repeat(_type, size).ToArray();
                var payloads = Enumerable.Repeat(_payload, size).ToArray();
                var times = Enumerable.Repeat(_at, size).ToArray();
                var ticks = Enumerable.Repeat(_ticks, size).ToArray();
                var batch = new NpgsqlBatch(_connection);
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                var insert = new NpgsqlBatchCommand($"""
                    INSERT INTO {_table} ({Columns})
                    SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bytea[], $5::timestamptz[], $6::smallint[])
                    """);
                insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                insert.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
                insert.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = ticks, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
                batch.BatchCommands.Add(insert);
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                batch.Prepare();
                return n =>
                {
                    NextRows(streams, versions, n);
                    batch.ExecuteNonQuery();
                };
            }

            default:
            {
                var values = string.Join(", ", Enumerable.Range(0, size).Select(i => $"(${(6 * i) + 1}, ${(6 * i) + 2}, ${(6 * i) + 3}, ${(6 * i) + 4}, ${(6 * i) + 5}, ${(6 * i) + 6})"));
                var batch = new NpgsqlBatch(_connection);
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                var insert = new NpgsqlBatchCommand($"INSERT INTO {_table} ({Columns}) VALUES {values}");
                var streamParameters = new NpgsqlParameter<string>[size];
                var versionParameters = new NpgsqlParameter<long>[size];
                for (var i = 0; i < size; i++)
                {
                    insert.Parameters.Add(streamParameters[i] = new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text });
                    insert.Parameters.Add(versionParameters[i] = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint });
                    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _type, NpgsqlDbType = NpgsqlDbType.Text });
                    insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _payload, NpgsqlDbType = NpgsqlDbType.Bytea });
                    insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = _at, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                    insert.Parameters.Add(new NpgsqlParameter<short> { TypedValue = _ticks, NpgsqlDbType = NpgsqlDbType.Smallint });
                }

                batch.BatchCommands.Add(insert);
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                batch.Prepare();
                return n =>
                {
                    NextRows(streams, versions, n);
                    for (var i = 0; i < n; i++)
                    {
                        streamParameters[i].TypedValue = streams[i];
                        versionParameters[i].TypedValue = versions[i];
                    }

                    batch.ExecuteNonQuery();
                };
            }
        }
    }
}

/// <summary>
/// CPU used by this process and by the PostgreSQL backends serving one application name (found in pg_stat_activity,
/// read from /proc: the server runs on this machine), between Start and Stop.
/// </summary>
internal sealed class Cpu
{
    private readonly NpgsqlDataSource _admin;
    private readonly string _applicationName;
    private readonly TimeSpan _client;
    private readonly Dictionary<int, long> _backendTicks;

    private Cpu(NpgsqlDataSource admin, string applicationName, Dictionary<int, long> backendTicks)
    {
        _admin = admin;
        _applicationName = applicationName;
        _backendTicks = backendTicks;
        _client = Process.GetCurrentProcess().TotalProcessorTime;
    }

    public static async Task<Cpu> StartAsync(NpgsqlDataSource admin, string applicationName)
        => new(admin, applicationName, await BackendTicksAsync(admin, applicationName));

    public async Task<(TimeSpan Client, TimeSpan Server)> StopAsync()
    {
        var client = Process.GetCurrentProcess().TotalProcessorTime - _client;
        var ticks = 0L;
        foreach (var (pid, now) in await BackendTicksAsync(_admin, _applicationName))
        {
            ticks += now - _backendTicks.GetValueOrDefault(pid);
        }

        return (client, TimeSpan.FromSeconds(ticks / 100.0));
    }

    private static async Task<Dictionary<int, long>> BackendTicksAsync(NpgsqlDataSource admin, string applicationName)
    {
        var pids = new List<int>();
        await using (var command = admin.CreateCommand("SELECT pid FROM pg_stat_activity WHERE application_name = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = applicationName });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        var result = new Dictionary<int, long>();
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                result[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The backend ended meanwhile.
            }
        }

        return result;
    }
}
