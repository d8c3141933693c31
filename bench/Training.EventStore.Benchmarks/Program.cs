// Durable append throughput of the PostgreSQL event store (many concurrent single-event appends, group-committed)
// against a raw Npgsql loop inserting batches of the same size into an equivalent table, in the same run.
//
//   scripts/postgres-for-tests.sh
//   dotnet run -c Release --project bench/Training.EventStore.Benchmarks -- [--appenders 256] [--events 60000] [--rounds 3] [--payload 200] [--connection "Host=…"]
//
// Every round runs both, alternating which goes first; the figures are the medians over the rounds. Works in a
// fresh schema (b_…) of the database that TRAINING_TEST_POSTGRES (or --connection) names, dropped at the end.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Training.EventStore;
using Training.EventStore.Postgres;

var appenders = IntArgument("--appenders", 256);
var events = IntArgument("--events", 60_000);
var rounds = IntArgument("--rounds", 3);
var payloadSize = IntArgument("--payload", 200);
var connectionString = StringArgument("--connection")
    ?? (Environment.GetEnvironmentVariable("TRAINING_TEST_POSTGRES") is { Length: > 0 } fromEnvironment
        ? fromEnvironment
        : "Host=127.0.0.1;Port=5433;Username=postgres;Database=training_test");

var schema = "b_" + Guid.NewGuid().ToString("N");
var payload = new byte[payloadSize];
Random.Shared.NextBytes(payload);
var recordedAt = DateTimeOffset.UtcNow;

var options = new PostgresEventStoreOptions { ConnectionString = connectionString, Schema = schema, AutoMigrate = true };
await using var store = await PostgresEventStore.OpenAsync(options, NullLogger<PostgresEventStore>.Instance);
await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 16, AutoPrepareMinUsages = 2 }.ConnectionString);
await Execute(raw, $"CREATE TABLE \"{schema}\".raw_events (LIKE \"{schema}\".events INCLUDING ALL)");

// Group-commit batch sizes and transaction durations, from the store's own metrics.
long batches = 0, batchedCommits = 0;
using var listener = new MeterListener();
long transactionMicroseconds = 0;
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

try
{
    Console.WriteLine($"PostgreSQL event store append benchmark: {appenders} concurrent appenders, {events:N0} single-event commits per run, payload {payloadSize} B, {rounds} rounds");
    // Warm-up (JIT tiers, auto-prepared statements, caches), not counted.
    var (_, warmBatch) = await RunStore("warm-up", Math.Min(events, 20_000));
    await RunRaw("warm-up", Math.Min(events, 20_000), appenders);

    // Each round: the store; the raw loop in batches of every appender's commit (the ceiling: one transaction per
    // round of all appenders); the raw loop in batches of the size the store formed (its per-transaction cost).
    var storeRates = new List<double>();
    var rawRates = new List<double>();
    var sameBatchRates = new List<double>();
    var lastBatch = warmBatch;
    for (var round = 1; round <= rounds; round++)
    {
        if (round % 2 == 0)
        {
            rawRates.Add(await RunRaw($"r{round}", events, appenders));
            sameBatchRates.Add(await RunRaw($"r{round}", events, (int)Math.Round(lastBatch)));
        }

        var (rate, meanBatch) = await RunStore($"r{round}", events);
        storeRates.Add(rate);
        lastBatch = meanBatch;
        if (round % 2 == 1)
        {
            rawRates.Add(await RunRaw($"r{round}", events, appenders));
            sameBatchRates.Add(await RunRaw($"r{round}", events, (int)Math.Round(lastBatch)));
        }
    }

    var storeMedian = Median(storeRates);
    var rawMedian = Median(rawRates);
    var sameBatchMedian = Median(sameBatchRates);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RESULT eventstore-append appenders={appenders} events={events} store_events_per_s={storeMedian:F0} raw_events_per_s={rawMedian:F0} ratio={storeMedian / rawMedian:F2} raw_same_batch_events_per_s={sameBatchMedian:F0} ratio_same_batch={storeMedian / sameBatchMedian:F2}"));
}
finally
{
    await store.DisposeAsync();
    await Execute(raw, $"DROP SCHEMA \"{schema}\" CASCADE");
}

async Task<(double Rate, double MeanBatch)> RunStore(string label, int count)
{
    var remaining = count;
    var latencies = new long[count];
    var recorded = -1;
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    long batchesBefore = Interlocked.Read(ref batches), commitsBefore = Interlocked.Read(ref batchedCommits), microsecondsBefore = Interlocked.Read(ref transactionMicroseconds);
    var watch = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, appenders).Select(n => Task.Run(async () =>
    {
        var stream = $"bench/{label}/{n}";
        var version = 0L;
        while (Interlocked.Decrement(ref remaining) >= 0)
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = await store.AppendAsync(new StreamCommit(stream, version, [new EventToAppend("BenchEvent", payload, recordedAt)]));
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
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

    var rate = count / watch.Elapsed.TotalSeconds;
    var batchCount = Interlocked.Read(ref batches) - batchesBefore;
    var meanBatch = (Interlocked.Read(ref batchedCommits) - commitsBefore) / (double)Math.Max(1, batchCount);
    var meanTransactionMs = (Interlocked.Read(ref transactionMicroseconds) - microsecondsBefore) / 1000.0 / Math.Max(1, batchCount);
    Array.Sort(latencies);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  store {label,-8} {count,8:N0} events in {watch.Elapsed.TotalSeconds,6:F2} s = {rate,8:F0} events/s; {batchCount} transactions of mean {meanBatch:F0} commits, {meanTransactionMs:F1} ms; append latency p50 {Ms(latencies[count / 2]):F1} ms, p99 {Ms(latencies[count * 99 / 100]):F1} ms; client CPU {cpu.TotalMicroseconds / count:F1} µs/event"));
    return (rate, meanBatch);
}

async Task<double> RunRaw(string label, int count, int batchSize)
{
    const string Insert = """
        INSERT INTO {0}.raw_events (stream_id, version, type, payload, recorded_at, recorded_at_ticks)
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bytea[], $5::timestamptz[], $6::smallint[])
        """;
    var sql = string.Format(CultureInfo.InvariantCulture, Insert, $"\"{schema}\"");
    var at = new DateTime(recordedAt.UtcTicks - (recordedAt.UtcTicks % 10), DateTimeKind.Utc);
    await using var connection = await raw.OpenConnectionAsync();
    var transactions = 0;
    var inTransactions = TimeSpan.Zero;
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    for (var written = 0; written < count; transactions++)
    {
        var size = Math.Min(batchSize, count - written);
        var streams = new string[size];
        var versions = new long[size];
        var types = new string[size];
        var payloads = new byte[size][];
        var times = new DateTime[size];
        var ticks = new short[size];
        for (var i = 0; i < size; i++)
        {
            streams[i] = $"raw/{label}/{batchSize}/{i}";
            versions[i] = transactions + 1;
            types[i] = "BenchEvent";
            payloads[i] = payload;
            times[i] = at;
        }

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        var insert = new NpgsqlBatchCommand(sql);
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = ticks, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        var started = Stopwatch.GetTimestamp();
        await batch.ExecuteNonQueryAsync();
        inTransactions += Stopwatch.GetElapsedTime(started);
        written += size;
    }

    watch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var rate = count / watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  raw   {label,-8} {count,8:N0} events in {watch.Elapsed.TotalSeconds,6:F2} s = {rate,8:F0} events/s; {transactions} transactions of {batchSize} rows, {inTransactions.TotalMilliseconds / transactions:F1} ms; client CPU {cpu.TotalMicroseconds / count:F1} µs/event"));
    return rate;
}

static async Task Execute(NpgsqlDataSource dataSource, string sql)
{
    await using var command = dataSource.CreateCommand(sql);
    await command.ExecuteNonQueryAsync();
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static double Ms(long timestampTicks) => timestampTicks * 1000.0 / Stopwatch.Frequency;

int IntArgument(string name, int fallback)
    => StringArgument(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? StringArgument(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
