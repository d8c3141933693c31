using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Training.EventStore.Postgres;
using Xunit;

namespace Training.EventStore.Tests;

/// <summary>
/// What is particular to PostgreSQL: the schema and its versioning, several silos writing to one database,
/// races settled by the unique index inside a group commit, a refused commit failing alone, and failing fast
/// when the database is unreachable. Each test in a fresh schema, dropped afterwards.
/// </summary>
public sealed class PostgresEventStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset BaseTime = new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.FromHours(8)).AddTicks(1_234_567);

    private readonly string _schema = PostgresTestDatabase.NewSchema();
    private readonly string _applicationName = "t_" + Guid.NewGuid().ToString("N");
    private readonly List<PostgresEventStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await PostgresTestDatabase.DropSchemaAsync(_schema);
    }

    [Fact]
    public async Task An_acknowledged_commit_is_in_the_database_for_an_independent_connection()
    {
        var store = await OpenAsync();
        var outcome = await store.AppendAsync(new StreamCommit("staff/1", 0, [Event("A", "a"), Event("B", "b")],
            Directory: [Entry("staff", "staff/1", "centers/a", "x", "d")],
            Snapshot: new SnapshotToSave(2, Encoding.UTF8.GetBytes("s"))));
        Assert.Equal(AppendOutcome.Appended, outcome);

        await using var connection = await PostgresTestDatabase.ConnectAsync();
        var s = $"\"{_schema}\"";
        Assert.Equal(2, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT count(*) FROM {s}.events WHERE stream_id = 'staff/1'"));
        Assert.Equal(2, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT max(version) FROM {s}.events WHERE stream_id = 'staff/1'"));
        Assert.Equal(1, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT count(*) FROM {s}.directory WHERE kind = 'staff' AND key = 'staff/1' AND parent = 'centers/a'"));
        Assert.Equal(2, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT version FROM {s}.snapshots WHERE stream_id = 'staff/1'"));
        Assert.Equal(1, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT version FROM {s}.schema_version WHERE component = 'event_store'"));

        // recorded_at is a real timestamptz (microseconds), recorded_at_ticks the 100-ns rest.
        await using var command = new NpgsqlCommand($"SELECT recorded_at, recorded_at_ticks FROM {s}.events WHERE stream_id = 'staff/1' AND version = 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(BaseTime.UtcTicks - 7, reader.GetFieldValue<DateTime>(0).Ticks);
        Assert.Equal(7, reader.GetInt16(1));
    }

    [Fact]
    public async Task Migrate_is_idempotent_and_several_silos_may_run_it_at_once()
    {
        var stores = new List<PostgresEventStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(Track(new PostgresEventStore(PostgresTestDatabase.Options(_schema, autoMigrate: false), NullLogger<PostgresEventStore>.Instance)));
        }

        var versions = await Task.WhenAll(stores.Select(s => s.MigrateAsync()));
        Assert.All(versions, v => Assert.Equal(PostgresEventStore.SchemaVersion, v));
        Assert.Equal(1, await stores[0].MigrateAsync());

        await using var connection = await PostgresTestDatabase.ConnectAsync();
        Assert.Equal(1, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT count(*) FROM \"{_schema}\".schema_version"));
        Assert.Equal(4, await PostgresTestDatabase.ScalarAsync(connection,
            $"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{_schema}'"));

        // Opened without AutoMigrate, a migrated schema is accepted.
        await stores[1].InitializeAsync();
        Assert.Equal(AppendOutcome.Appended, await stores[1].AppendAsync(new StreamCommit("s/1", 0, [Event("A", "a")])));
    }

    [Fact]
    public async Task A_missing_schema_is_refused_without_AutoMigrate_and_named_in_the_message()
    {
        var store = Track(new PostgresEventStore(PostgresTestDatabase.Options(_schema, autoMigrate: false), NullLogger<PostgresEventStore>.Instance));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains($"\"{_schema}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("migrate", error.Message, StringComparison.Ordinal);

        await using var connection = await PostgresTestDatabase.ConnectAsync();
        Assert.Equal(0, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT count(*) FROM pg_namespace WHERE nspname = '{_schema}'"));

        Assert.Equal(1, await store.MigrateAsync());
        await store.InitializeAsync();
        Assert.Equal(0, await store.ReadStreamVersionAsync("s/1"));
    }

    [Fact]
    public async Task A_schema_with_a_newer_version_is_refused_with_a_clear_message_and_left_untouched()
    {
        var store = await OpenAsync();
        await store.AppendAsync(new StreamCommit("s/1", 0, [Event("A", "a")]));
        await using (var connection = await PostgresTestDatabase.ConnectAsync())
        {
            await PostgresTestDatabase.ExecuteAsync(connection, $"UPDATE \"{_schema}\".schema_version SET version = 99");
        }

        foreach (var autoMigrate in new[] { false, true })
        {
            var newer = Track(new PostgresEventStore(PostgresTestDatabase.Options(_schema, autoMigrate), NullLogger<PostgresEventStore>.Instance));
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.InitializeAsync());
            Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
            Assert.Contains("only understands versions up to 1", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<InvalidOperationException>(() => newer.MigrateAsync());
        }

        await using (var connection = await PostgresTestDatabase.ConnectAsync())
        {
            Assert.Equal(99, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT version FROM \"{_schema}\".schema_version"));
            Assert.Equal(1, await PostgresTestDatabase.ScalarAsync(connection, $"SELECT count(*) FROM \"{_schema}\".events"));
        }
    }

    [Fact]
    public async Task Two_silos_racing_on_one_stream_let_exactly_one_commit_win_each_round_and_leave_no_gaps()
    {
        const int Rounds = 20;
        const int RacersPerSilo = 6;
        var silos = new[] { await OpenAsync(), await OpenAsync() };

        // Meanwhile, distinct streams written through both silos, all of which must be appended.
        var others = Enumerable.Range(0, 400).Select(n => Task.Run(() => silos[n % 2].AppendAsync(
            new StreamCommit($"staff/{n}", 0, [Event("Registered", $"p{n}")], Directory: [Entry("staff", $"staff/{n}", "centers/a", $"name {n}", $"d{n}")])))).ToArray();

        var winners = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var expected = round;
            var racers = Enumerable.Range(0, 2 * RacersPerSilo).Select(n => Task.Run(() => silos[n % 2].AppendAsync(
                new StreamCommit("s/race", expected, [Event("Won", $"round {expected} racer {n}")])))).ToArray();
            var outcomes = await Task.WhenAll(racers);
            var winner = Assert.Single(Enumerable.Range(0, racers.Length), i => outcomes[i] == AppendOutcome.Appended);
            winners.Add($"round {round} racer {winner}");
        }

        Assert.All(await Task.WhenAll(others), o => Assert.Equal(AppendOutcome.Appended, o));
        var race = await silos[1].ReadStreamAsync("s/race", 0, 100);
        Assert.Equal(Enumerable.Range(1, Rounds).Select(v => (long)v), race.Select(e => e.Version));
        Assert.Equal(winners, race.Select(e => Encoding.UTF8.GetString(e.Payload)));
        Assert.Equal(Rounds, await silos[0].ReadStreamVersionAsync("s/race"));
        for (var n = 0; n < 400; n++)
        {
            Assert.Equal(1, await silos[(n + 1) % 2].ReadStreamVersionAsync($"staff/{n}"));
        }
    }

    [Fact]
    public async Task A_silo_whose_last_known_head_was_overtaken_by_another_silo_gets_a_conflict_not_a_fork()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();
        Assert.Equal(AppendOutcome.Appended, await a.AppendAsync(new StreamCommit("s/1", 0, [Event("A", "1")])));

        // Silo b appends version 2; silo a still believes the head is 1 (it wrote it) and skips the head lookup.
        Assert.Equal(AppendOutcome.Appended, await b.AppendAsync(new StreamCommit("s/1", 1, [Event("B", "2")])));
        Assert.Equal(AppendOutcome.VersionConflict, await a.AppendAsync(new StreamCommit("s/1", 1, [Event("A", "stale")],
            Directory: [Entry("k", "s/1", "", "", "stale")], Snapshot: new SnapshotToSave(2, Encoding.UTF8.GetBytes("stale")))));
        Assert.Equal(1, a.OneByOneBatches);

        Assert.Equal(["1", "2"], (await a.ReadStreamAsync("s/1", 0, 10)).Select(e => Encoding.UTF8.GetString(e.Payload)));
        Assert.Null(await a.GetDirectoryEntryAsync("k", "s/1"));
        Assert.Null(await a.ReadSnapshotAsync("s/1"));

        // A future expected version is judged by the lookup, a known one by the unique index.
        Assert.Equal(AppendOutcome.VersionConflict, await a.AppendAsync(new StreamCommit("s/1", 5, [Event("A", "future")])));
        Assert.Equal(AppendOutcome.Appended, await a.AppendAsync(new StreamCommit("s/1", 2, [Event("A", "3")])));
        Assert.Equal(AppendOutcome.Appended, await a.AppendAsync(new StreamCommit("s/1", 3, [Event("A", "4")])));
        Assert.Equal(AppendOutcome.VersionConflict, await b.AppendAsync(new StreamCommit("s/1", 2, [Event("B", "stale")])));
        Assert.Equal(4, await b.ReadStreamVersionAsync("s/1"));
    }

    [Fact]
    public async Task A_commit_that_loses_a_race_inside_a_group_conflicts_alone_and_the_rest_of_the_group_is_appended()
    {
        var store = await OpenAsync(withApplicationName: true, holdsLocks: true);
        await store.AppendAsync(new StreamCommit("blocker", 0, [Event("A", "a")], Directory: [Entry("block", "b", "", "", "")]));
        var transactionsBefore = store.TransactionCount;

        // Another process (this connection) is inserting version 1 of s/x and has not committed yet.
        await using var other = await PostgresTestDatabase.ConnectAsync();
        await using var otherTransaction = await other.BeginTransactionAsync();
        await PostgresTestDatabase.ExecuteAsync(other,
            $"INSERT INTO \"{_schema}\".events (stream_id, version, type, payload, recorded_at) VALUES ('s/x', 1, 'Theirs', ''::bytea, now())");

        // Hold the writer on a first batch, so that the next three commits queue up and form one group.
        await using (var holder = await HoldDirectoryRowAsync("block", "b"))
        {
            var first = store.AppendAsync(new StreamCommit("blocker", 1, [Event("A", "b")], Directory: [Entry("block", "b", "", "", "")]));
            await WaitUntilWriterWaitsOnALockAsync();
            var x = store.AppendAsync(new StreamCommit("s/x", 0, [Event("Mine", "x1"), Event("Mine", "x2")], Directory: [Entry("k", "s/x", "", "x", "x")]));
            var y = store.AppendAsync(new StreamCommit("s/y", 0, [Event("Mine", "y")], Directory: [Entry("k", "s/y", "", "y", "y")]));
            var z = store.AppendAsync(new StreamCommit("s/z", 0, [Event("Mine", "z")], Snapshot: new SnapshotToSave(1, Encoding.UTF8.GetBytes("z"))));
            await holder.RollbackAsync();
            Assert.Equal(AppendOutcome.Appended, await first);

            // The group's statement now waits for the other process's row of s/x; it commits, the statement fails
            // on the unique index, and the group is written again one commit at a time.
            await WaitUntilWriterWaitsOnALockAsync();
            await otherTransaction.CommitAsync();

            Assert.Equal(AppendOutcome.VersionConflict, await x);
            Assert.Equal(AppendOutcome.Appended, await y);
            Assert.Equal(AppendOutcome.Appended, await z);
        }

        Assert.Equal(1, store.OneByOneBatches);
        Assert.Equal(2, store.TransactionCount - transactionsBefore);
        Assert.Equal(["Theirs"], (await store.ReadStreamAsync("s/x", 0, 10)).Select(e => e.Type));
        Assert.Null(await store.GetDirectoryEntryAsync("k", "s/x"));
        Assert.Equal("y", Encoding.UTF8.GetString((await store.GetDirectoryEntryAsync("k", "s/y"))!.Payload));
        Assert.Equal(1, (await store.ReadSnapshotAsync("s/z"))!.Version);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new StreamCommit("s/x", 1, [Event("Mine", "x2")])));
    }

    [Fact]
    public async Task A_commit_the_server_refuses_fails_alone_and_the_rest_of_its_group_is_appended()
    {
        var store = await OpenAsync(withApplicationName: true, holdsLocks: true);
        await store.AppendAsync(new StreamCommit("blocker", 0, [Event("A", "a")], Directory: [Entry("block", "b", "", "", "")]));

        Task<AppendOutcome> good1, bad, good2;
        await using (var holder = await HoldDirectoryRowAsync("block", "b"))
        {
            var first = store.AppendAsync(new StreamCommit("blocker", 1, [Event("A", "b")], Directory: [Entry("block", "b", "", "", "")]));
            await WaitUntilWriterWaitsOnALockAsync();
            good1 = store.AppendAsync(new StreamCommit("s/1", 0, [Event("A", "1")]));
            bad = store.AppendAsync(new StreamCommit("s/2", 0, [Event("Has\0Nul", "2")])); // PostgreSQL text cannot hold NUL
            good2 = store.AppendAsync(new StreamCommit("s/3", 0, [Event("A", "3")]));
            await holder.RollbackAsync();
            Assert.Equal(AppendOutcome.Appended, await first);
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.StartsWith("22", error.SqlState, StringComparison.Ordinal);
        Assert.Equal(AppendOutcome.Appended, await good1);
        Assert.Equal(AppendOutcome.Appended, await good2);
        Assert.Equal(0, await store.ReadStreamVersionAsync("s/2"));
        Assert.Equal(1, store.OneByOneBatches);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new StreamCommit("s/2", 0, [Event("NoNul", "2")])));
    }

    [Fact]
    public async Task An_unreachable_database_fails_fast_as_unavailable()
    {
        // Nothing listens on this port: refused at once.
        var refused = $"Host=127.0.0.1;Port={UnusedPort()};Username=postgres;Database=training_test";
        var store = Track(new PostgresEventStore(PostgresTestDatabase.Options(_schema, connectionString: refused), NullLogger<PostgresEventStore>.Instance));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.InitializeAsync());
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(new StreamCommit("s/1", 0, [Event("A", "a")])));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ReadStreamAsync("s/1", 0, 10));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.MigrateAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");

        // A server that accepts the connection and never answers: given up after ConnectTimeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var options = PostgresTestDatabase.Options(_schema, connectionString: $"Host=127.0.0.1;Port={((IPEndPoint)silent.LocalEndpoint).Port};Username=postgres;Database=training_test");
        options.ConnectTimeout = TimeSpan.FromSeconds(1);
        var hung = Track(new PostgresEventStore(options, NullLogger<PostgresEventStore>.Instance));
        watch.Restart();
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => hung.InitializeAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task After_the_database_drops_the_stores_connections_appends_fail_as_unavailable_then_resume()
    {
        var store = await OpenAsync(withApplicationName: true);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new StreamCommit("s/1", 0, [Event("A", "1")])));
        Assert.Equal(1, await store.ReadStreamVersionAsync("s/1"));

        await using (var connection = await PostgresTestDatabase.ConnectAsync())
        {
            Assert.True(await PostgresTestDatabase.ScalarAsync(connection,
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{_applicationName}'") >= 1);
        }

        // The writer's connection is gone: this commit is not acknowledged (and not written)...
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(new StreamCommit("s/1", 1, [Event("A", "2")])));

        // ...and the retry goes through on a fresh connection.
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new StreamCommit("s/1", 1, [Event("A", "2")])));
        Assert.Equal(["1", "2"], (await store.ReadStreamAsync("s/1", 0, 10)).Select(e => Encoding.UTF8.GetString(e.Payload)));
    }

    [Fact]
    public async Task A_commit_cancelled_while_queued_is_written_nowhere_and_its_caller_resumes_off_the_cancelling_thread()
    {
        var store = await OpenAsync(withApplicationName: true, holdsLocks: true);
        await store.AppendAsync(new StreamCommit("blocker", 0, [Event("A", "a")], Directory: [Entry("block", "b", "", "", "")]));

        using var cancellation = new CancellationTokenSource();
        await using (var holder = await HoldDirectoryRowAsync("block", "b"))
        {
            var first = store.AppendAsync(new StreamCommit("blocker", 1, [Event("A", "b")], Directory: [Entry("block", "b", "", "", "")]));
            await WaitUntilWriterWaitsOnALockAsync();
            var cancelled = store.AppendAsync(new StreamCommit("s/1", 0, [Event("A", "1")]), cancellation.Token);
            var other = store.AppendAsync(new StreamCommit("s/2", 0, [Event("A", "2")]));

            // A continuation that runs synchronously with the cancelled task and takes its time does not hold up Cancel.
            var slowContinuation = cancelled.ContinueWith(_ => Thread.Sleep(2_000), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var watch = Stopwatch.StartNew();
            cancellation.Cancel();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Cancel took {watch.Elapsed}");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

            await holder.RollbackAsync();
            Assert.Equal(AppendOutcome.Appended, await first);
            Assert.Equal(AppendOutcome.Appended, await other);
            await slowContinuation;
        }

        Assert.Equal(0, await store.ReadStreamVersionAsync("s/1"));
        Assert.Equal(1, await store.ReadStreamVersionAsync("s/2"));
    }

    [Fact]
    public async Task A_caller_resumed_with_its_outcome_that_waits_synchronously_for_another_append_does_not_stall_the_store()
    {
        var store = await OpenAsync();

        // The caller's continuation runs on the thread that delivers its batch's outcomes; it blocks there until a
        // second append is committed, which the writer must go on to write and deliver elsewhere.
        var chained = store.AppendAsync(new StreamCommit("s/a", 0, [Event("A", "1")])).ContinueWith(
            first => (first.Result, store.AppendAsync(new StreamCommit("s/b", 0, [Event("B", "1")])).GetAwaiter().GetResult()),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        var others = Enumerable.Range(0, 50).Select(i => store.AppendAsync(new StreamCommit($"s/{i}", 0, [Event("C", "1")]))).ToArray();

        Assert.Equal((AppendOutcome.Appended, AppendOutcome.Appended), await chained.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.All(await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(10)), o => Assert.Equal(AppendOutcome.Appended, o));
    }

    [Fact]
    public async Task Directory_keys_order_ordinally_by_code_point_whatever_the_database_collation()
    {
        var store = await OpenAsync();
        string[] keys = ["中", "z", "a", "B", "é", "a-b", "a_b", "ab", "Z"];
        await store.AppendAsync(new StreamCommit("centers/a", 0, [Event("Imported", "x")],
            Directory: [.. keys.Select(k => Entry("staff", k, "centers/a", k, k))]));

        var expected = keys.OrderBy(k => k, StringComparer.Ordinal).ToArray(); // no surrogates here: UTF-16 order = code point order
        Assert.Equal(["B", "Z", "a", "a-b", "a_b", "ab", "z", "é", "中"], expected);
        Assert.Equal(expected, (await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", null, 100))).Select(e => e.Key));
        Assert.Equal(expected[3..5], (await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", "a", 2))).Select(e => e.Key));
    }

    private static EventToAppend Event(string type, string payload) => new(type, Encoding.UTF8.GetBytes(payload), BaseTime);

    private static DirectoryChange Entry(string kind, string key, string parent, string searchText, string payload)
        => new(kind, key, parent, searchText, Encoding.UTF8.GetBytes(payload));

    private static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private PostgresEventStore Track(PostgresEventStore store)
    {
        _stores.Add(store);
        return store;
    }

    /// <param name="withApplicationName">Connect under this test's application name (to find the store's sessions).</param>
    /// <param name="holdsLocks">
    /// The test holds a row lock the writer waits on while it takes further steps: allow commands a minute instead of
    /// the default 5 s, so a busy machine (the suite runs test classes side by side on two cores) does not time the
    /// waiting writer out — what these tests check is grouping and cancellation, not the timeout.
    /// </param>
    private async Task<PostgresEventStore> OpenAsync(bool withApplicationName = false, bool holdsLocks = false)
    {
        var options = PostgresTestDatabase.Options(_schema);
        if (holdsLocks)
        {
            options.CommandTimeout = TimeSpan.FromMinutes(1);
        }

        if (withApplicationName)
        {
            options.ConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { ApplicationName = _applicationName }.ConnectionString;
        }

        return Track(await PostgresTestDatabase.OpenAsync(options));
    }

    /// <summary>Locks one directory row in an open transaction: a commit that writes that entry waits until it ends.</summary>
    private async Task<RowLock> HoldDirectoryRowAsync(string kind, string key)
    {
        var connection = await PostgresTestDatabase.ConnectAsync();
        await PostgresTestDatabase.ExecuteAsync(connection, "BEGIN");
        await PostgresTestDatabase.ExecuteAsync(connection, $"SELECT 1 FROM \"{_schema}\".directory WHERE kind = '{kind}' AND key = '{key}' FOR UPDATE");
        return new RowLock(connection);
    }

    private async Task WaitUntilWriterWaitsOnALockAsync()
    {
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        var deadline = Stopwatch.StartNew();
        while (await PostgresTestDatabase.ScalarAsync(connection,
            $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{_applicationName}' AND wait_event_type = 'Lock'") == 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the store's writer never waited on the lock");
            await Task.Delay(10);
        }
    }

    /// <summary>A row lock held by an open transaction on a connection of its own; released by rolling back or disposing.</summary>
    private sealed class RowLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public Task RollbackAsync() => PostgresTestDatabase.ExecuteAsync(connection, "ROLLBACK");

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
