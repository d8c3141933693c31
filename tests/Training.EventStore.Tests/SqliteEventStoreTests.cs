using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Training.EventStore.Sqlite;
using Xunit;

namespace Training.EventStore.Tests;

/// <summary>The contract on real SQLite files (one temp folder per test), plus what is particular to SQLite.</summary>
public sealed class SqliteEventStoreTests : EventStoreContractTests
{
    protected override string CreateLocation()
        => Path.Combine(Path.GetTempPath(), "training-eventstore-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<IEventStore> OpenStoreAsync(string location)
        => await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = location }, NullLogger<SqliteEventStore>.Instance);

    protected override Task DeleteLocationAsync(string location)
    {
        if (Directory.Exists(location))
        {
            Directory.Delete(location, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override long? TransactionCount(IEventStore store) => ((SqliteEventStore)store).TransactionCount;

    private string DatabasePath => Path.Combine(Location, SqliteEventStoreOptions.FileName);

    private SqliteConnection OpenIndependentConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_acknowledged_commit_is_in_the_file_for_an_independent_connection()
    {
        var store = await OpenAsync();
        var outcome = await store.AppendAsync(new StreamCommit("staff/1", 0, [Event("A", "a"), Event("B", "b")],
            Directory: [Entry("staff", "staff/1", "centers/a", "x", "d")],
            Snapshot: new SnapshotToSave(2, Encoding.UTF8.GetBytes("s"))));
        Assert.Equal(AppendOutcome.Appended, outcome);

        using var connection = OpenIndependentConnection();
        Assert.Equal(2, Scalar(connection, "SELECT count(*) FROM events WHERE stream_id = 'staff/1'"));
        Assert.Equal(2, Scalar(connection, "SELECT max(version) FROM events WHERE stream_id = 'staff/1'"));
        Assert.Equal(1, Scalar(connection, "SELECT count(*) FROM directory WHERE kind = 'staff' AND key = 'staff/1' AND parent = 'centers/a'"));
        Assert.Equal(2, Scalar(connection, "SELECT version FROM snapshots WHERE stream_id = 'staff/1'"));
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    [Fact]
    public async Task A_file_with_a_newer_schema_version_is_refused_with_a_clear_message()
    {
        var store = await OpenAsync();
        await CloseAsync(store);
        using (var connection = OpenIndependentConnection())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = 99";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync());
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("only understands versions up to 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);

        using (var connection = OpenIndependentConnection())
        {
            Assert.Equal(99, Scalar(connection, "SELECT version FROM schema_version"));
        }
    }

    [Fact]
    public async Task Opening_is_idempotent_and_keeps_one_schema_version_row()
    {
        var store = await OpenAsync();
        store = await ReopenAsync(store);
        await ReopenAsync(store);

        using var connection = OpenIndependentConnection();
        Assert.Equal(1, Scalar(connection, "SELECT count(*) FROM schema_version"));
        Assert.Equal(1, Scalar(connection, "SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task Commits_queued_together_for_one_stream_are_judged_in_order()
    {
        var store = await OpenAsync();

        // Not awaited in between: they queue in this order and may share one transaction.
        var first = store.AppendAsync(Commit("s/1", 0, Event("A", "1")));
        var second = store.AppendAsync(Commit("s/1", 1, Event("A", "2")));
        var stale = store.AppendAsync(Commit("s/1", 1, Event("A", "stale")));
        var third = store.AppendAsync(Commit("s/1", 2, Event("A", "3")));

        Assert.Equal(
            [AppendOutcome.Appended, AppendOutcome.Appended, AppendOutcome.VersionConflict, AppendOutcome.Appended],
            await Task.WhenAll(first, second, stale, third));
        Assert.Equal(["1", "2", "3"], (await store.ReadStreamAsync("s/1", 0, 10)).Select(e => Text(e.Payload)));
    }

    [Fact]
    public async Task A_remembered_head_that_is_wrong_costs_one_conflict_and_is_read_again()
    {
        var store = await OpenAsync();
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("s/1", 0, Event("A", "1"))));

        // Behind the store's back (it is meant to be its file's only writer): version 2 appears.
        using (var connection = OpenIndependentConnection())
        {
            Scalar(connection, "INSERT INTO events (stream_id, version, type, payload, recorded_at) VALUES ('s/1', 2, 'X', x'00', 0); SELECT changes();");
        }

        // The writer remembered head 1: the insert of version 2 fails alone, as a conflict, and the head is read again.
        Assert.Equal(AppendOutcome.VersionConflict, await store.AppendAsync(Commit("s/1", 1, Event("A", "stale"))));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("s/1", 2, Event("A", "3"))));
        Assert.Equal(["1", "3"], (await store.ReadStreamAsync("s/1", 0, 10)).Where(e => e.Type == "A").Select(e => Text(e.Payload)));
        Assert.Equal(3, await store.ReadStreamVersionAsync("s/1"));
    }

    [Fact]
    public async Task A_storage_failure_fails_the_batch_as_unavailable_writes_nothing_and_the_store_recovers()
    {
        var limited = 0;
        var options = new SqliteEventStoreOptions
        {
            DataDirectory = Location,
            // The first writer connection may not grow the file: a real SQLITE_FULL on the next big insert.
            WriterConnectionOpened = connection =>
            {
                if (Interlocked.Exchange(ref limited, 1) == 0)
                {
                    var pages = Scalar(connection, "PRAGMA page_count");
                    Scalar(connection, $"PRAGMA max_page_count = {pages + 1}");
                }
            },
        };
        await using var store = await SqliteEventStore.OpenAsync(options, NullLogger<SqliteEventStore>.Instance);

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(Commit("s/1", 0, new EventToAppend("Big", new byte[256 * 1024], DateTimeOffset.UtcNow))));
        Assert.IsType<SqliteException>(error.InnerException);

        Assert.Equal(0, await store.ReadStreamVersionAsync("s/1"));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("s/1", 0, Event("Small", "ok"))));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("s/1", 1, new EventToAppend("Big", new byte[256 * 1024], DateTimeOffset.UtcNow))));
        Assert.Equal(["Small", "Big"], (await store.ReadStreamAsync("s/1", 0, 10)).Select(e => e.Type));
    }

    [Fact]
    public async Task Reads_after_the_store_is_closed_fail_as_unavailable()
    {
        var store = await OpenAsync();
        await CloseAsync(store);

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ReadStreamAsync("s/1", 0, 10));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ReadStreamVersionAsync("s/1"));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.GetDirectoryEntryAsync("k", "k"));
        await ((SqliteEventStore)store).DisposeAsync(); // twice is fine
    }

    [Fact]
    public async Task Idle_read_connections_do_not_pin_the_wal()
    {
        var store = await OpenAsync();
        for (var i = 0; i < 50; i++)
        {
            await store.AppendAsync(new StreamCommit($"s/{i}", 0, [Event("A", "a")],
                Directory: [Entry("k", $"k/{i}", "p", "x", "d")],
                Snapshot: new SnapshotToSave(1, Encoding.UTF8.GetBytes("s"))));
            await store.ReadStreamAsync($"s/{i}", 0, 10);
            await store.ReadSnapshotAsync($"s/{i}");
            await store.ReadStreamVersionAsync($"s/{i}");
            await store.GetDirectoryEntryAsync("k", $"k/{i}");
            await store.QueryDirectoryAsync(new DirectoryQuery("k", "p", null, 10, "x"));
        }

        using var connection = OpenIndependentConnection();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        using var result = checkpoint.ExecuteReader();
        Assert.True(result.Read());
        Assert.Equal(0, result.GetInt64(0)); // not blocked by a reader or the writer
        Assert.Equal(0, new FileInfo(DatabasePath + "-wal").Length);
    }

    [Fact]
    public async Task Payload_slices_are_stored_as_the_slice()
    {
        var store = await OpenAsync();
        var buffer = Encoding.UTF8.GetBytes("xxhelloxx");
        await store.AppendAsync(new StreamCommit("s/1", 0, [new EventToAppend("A", buffer.AsMemory(2, 5), DateTimeOffset.UtcNow)],
            Directory: [new DirectoryChange("k", "k/1", "", "", buffer.AsMemory(0, 2))]));

        Assert.Equal("hello", Text((await store.ReadStreamAsync("s/1", 0, 1))[0].Payload));
        Assert.Equal("xx", Text((await store.GetDirectoryEntryAsync("k", "k/1"))!.Payload));
    }

    [Fact]
    public async Task Metrics_count_commits_events_conflicts_and_batches()
    {
        using var meterFactory = new TestMeterFactory();
        using var listener = new MeterListener();
        var totals = new Dictionary<string, double>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (meterFactory.Meters.Contains(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument.Name + ".count", 1));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name + ".count", 1));
        listener.Start();

        await using (var store = new SqliteEventStore(new SqliteEventStoreOptions { DataDirectory = Location }, NullLogger<SqliteEventStore>.Instance, meterFactory))
        {
            await store.AppendAsync(Commit("s/1", 0, Event("A", "1"), Event("A", "2")));
            await store.AppendAsync(Commit("s/1", 0, Event("A", "x")));
            await store.AppendAsync(Commit("s/2", 0, Event("A", "1")));

            Assert.Equal(3, store.TransactionCount);
            Assert.Equal(3, store.CommitCount);
        }

        lock (totals)
        {
            Assert.Equal(3, totals["training.eventstore.events.appended"]);
            Assert.Equal(2, totals["training.eventstore.commits.appended"]);
            Assert.Equal(1, totals["training.eventstore.commits.conflicted"]);
            Assert.Equal(3, totals["training.eventstore.batch.size.count"]);
            Assert.Equal(3, totals["training.eventstore.commit.duration.count"]);
        }

        void Add(string name, double value)
        {
            lock (totals)
            {
                totals[name] = totals.GetValueOrDefault(name) + value;
            }
        }
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Meters { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            Meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Meters)
            {
                meter.Dispose();
            }
        }
    }

    [Fact]
    public async Task Directory_reads_racing_writes_never_answer_older_than_the_last_acknowledged_write()
    {
        // Directory reads are answered from memory (SqliteDirectoryCache); readers hammer one entry and one query while
        // the entry is rewritten 200 times: after each acknowledged write, a read must show that write or a later one.
        var store = await OpenAsync();
        using var stop = new CancellationTokenSource();
        var query = new DirectoryQuery("room-session", "centers/a/rooms/1", null, 50);
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                await store.GetDirectoryEntryAsync("room-session", "s1");
                await store.QueryDirectoryAsync(query);
                reads++;
            }

            return reads;
        })).ToList();

        for (var version = 0; version < 200; version++)
        {
            Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new StreamCommit("batches/b1", version, [Event("SessionChanged", "x")],
                Directory: [Entry("room-session", "s1", "centers/a/rooms/1", "s1", $"v{version}")])));
            Assert.Equal($"v{version}", Text((await store.GetDirectoryEntryAsync("room-session", "s1"))!.Payload));
            Assert.Equal($"v{version}", Text(Assert.Single(await store.QueryDirectoryAsync(query)).Payload));
        }

        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new StreamCommit("batches/b1", 200, [Event("SessionCancelled", "x")],
            Directory: [new DirectoryChange("room-session", "s1", "", "", ReadOnlyMemory<byte>.Empty, Delete: true)])));
        Assert.Null(await store.GetDirectoryEntryAsync("room-session", "s1"));
        Assert.Empty(await store.QueryDirectoryAsync(query));

        await stop.CancelAsync();
        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));
    }

    [Fact]
    public async Task A_directory_entry_read_as_missing_appears_once_written_and_commits_without_entries_keep_it()
    {
        var store = await OpenAsync();
        Assert.Null(await store.GetDirectoryEntryAsync("staff-card", "C-1"));
        Assert.Empty(await store.QueryDirectoryAsync(new DirectoryQuery("staff-card", "staff/1", null, 10)));

        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new StreamCommit("staff/1", 0, [Event("CardIssued", "x")],
            Directory: [Entry("staff-card", "C-1", "staff/1", "", "holder")])));
        Assert.Equal("holder", Text((await store.GetDirectoryEntryAsync("staff-card", "C-1"))!.Payload));
        Assert.Equal(["C-1"], (await store.QueryDirectoryAsync(new DirectoryQuery("staff-card", "staff/1", null, 10))).Select(e => e.Key));

        // A commit that changes no directory entry (a check-in) leaves what was read as it was.
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("batches/b1", 0, Event("CheckedIn", "x"))));
        Assert.Equal("holder", Text((await store.GetDirectoryEntryAsync("staff-card", "C-1"))!.Payload));

        // And a store opened again on the file reads the same.
        store = await ReopenAsync(store);
        Assert.Equal("holder", Text((await store.GetDirectoryEntryAsync("staff-card", "C-1"))!.Payload));
    }
}
