using System.Text;
using Xunit;

namespace Training.EventStore.Tests;

/// <summary>
/// What every <see cref="IEventStore"/> must do. A backend subclasses this with a factory for a fresh, empty
/// location per test (a temp folder, a database schema, ...) and inherits every test.
/// </summary>
public abstract class EventStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset BaseTime = new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.FromHours(8)).AddTicks(1_234_567);

    private readonly List<IEventStore> _open = [];
    private string? _location;

    /// <summary>The location of this test's store; fresh and empty when the test starts.</summary>
    protected string Location => _location ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Makes a new, empty location for one test.</summary>
    protected abstract string CreateLocation();

    /// <summary>Opens (creating if needed) the store at <paramref name="location"/>; opening it again after closing reopens the same data.</summary>
    protected abstract Task<IEventStore> OpenStoreAsync(string location);

    /// <summary>Removes everything of the location once the test is over.</summary>
    protected virtual Task DeleteLocationAsync(string location) => Task.CompletedTask;

    /// <summary>How many transactions the store has committed, when the backend can tell (group-commit check).</summary>
    protected virtual long? TransactionCount(IEventStore store) => null;

    public Task InitializeAsync()
    {
        _location = CreateLocation();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _open.ToArray())
        {
            await CloseAsync(store);
        }

        await DeleteLocationAsync(Location);
    }

    /// <summary>Opens this test's store (closed automatically at the end of the test).</summary>
    protected async Task<IEventStore> OpenAsync()
    {
        var store = await OpenStoreAsync(Location);
        _open.Add(store);
        return store;
    }

    /// <summary>Closes a store of this test.</summary>
    protected async Task CloseAsync(IEventStore store)
    {
        _open.Remove(store);
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    /// <summary>Closes the store and opens it again on the same location.</summary>
    protected async Task<IEventStore> ReopenAsync(IEventStore store)
    {
        await CloseAsync(store);
        return await OpenAsync();
    }

    protected static EventToAppend Event(string type, string payload, int secondsLater = 0)
        => new(type, Encoding.UTF8.GetBytes(payload), BaseTime.AddSeconds(secondsLater));

    protected static StreamCommit Commit(string streamId, long expectedVersion, params EventToAppend[] events)
        => new(streamId, expectedVersion, events);

    protected static DirectoryChange Entry(string kind, string key, string parent, string searchText, string payload)
        => new(kind, key, parent, searchText, Encoding.UTF8.GetBytes(payload));

    protected static string Text(byte[] payload) => Encoding.UTF8.GetString(payload);

    [Fact]
    public async Task Appended_events_read_back_in_order_with_versions_types_payloads_and_increasing_positions()
    {
        var store = await OpenAsync();

        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("staff/SD-0001", 0,
            Event("StaffRegistered", "{\"name\":\"王芳\"}"),
            Event("PhoneChanged", "{\"phone\":\"1\"}", 1),
            Event("PhoneChanged", "{\"phone\":\"2\"}", 2))));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("staff/SD-0002", 0, Event("StaffRegistered", "other"))));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("staff/SD-0001", 3,
            Event("Enrolled", "e", 3),
            new EventToAppend("Empty", ReadOnlyMemory<byte>.Empty, BaseTime))));

        var events = await store.ReadStreamAsync("staff/SD-0001", 1, 100);
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Version));
        Assert.Equal(["StaffRegistered", "PhoneChanged", "PhoneChanged", "Enrolled", "Empty"], events.Select(e => e.Type));
        Assert.Equal(["{\"name\":\"王芳\"}", "{\"phone\":\"1\"}", "{\"phone\":\"2\"}", "e", ""], events.Select(e => Text(e.Payload)));
        Assert.All(events, e => Assert.Equal("staff/SD-0001", e.StreamId));
        Assert.Equal(BaseTime, events[0].RecordedAt);
        Assert.Equal(BaseTime.AddSeconds(3), events[3].RecordedAt);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].Position > events[i - 1].Position, "positions increase within a stream");
        }

        var other = Assert.Single(await store.ReadStreamAsync("staff/SD-0002", 1, 100));
        Assert.True(other.Position > events[2].Position && other.Position < events[3].Position, "positions follow commit order across streams");

        Assert.Equal([3L, 4], (await store.ReadStreamAsync("staff/SD-0001", 3, 2)).Select(e => e.Version));
        Assert.Empty(await store.ReadStreamAsync("staff/SD-0001", 6, 10));
        Assert.Empty(await store.ReadStreamAsync("staff/SD-0001", 1, 0));
        Assert.Equal(5, await store.ReadStreamVersionAsync("staff/SD-0001"));
        Assert.Equal(0, await store.ReadStreamVersionAsync("staff/none"));
        Assert.Empty(await store.ReadStreamAsync("staff/none", 1, 10));
    }

    [Fact]
    public async Task A_new_stream_takes_only_expected_version_zero()
    {
        var store = await OpenAsync();

        Assert.Equal(AppendOutcome.VersionConflict, await store.AppendAsync(Commit("s/new", 1, Event("A", "a"))));
        Assert.Equal(0, await store.ReadStreamVersionAsync("s/new"));
        Assert.Empty(await store.ReadStreamAsync("s/new", 0, 10));

        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("s/new", 0, Event("A", "a"))));
        Assert.Equal(1, await store.ReadStreamVersionAsync("s/new"));

        Assert.Equal(AppendOutcome.VersionConflict, await store.AppendAsync(Commit("s/new", 0, Event("A", "again"))));
        Assert.Equal("a", Text(Assert.Single(await store.ReadStreamAsync("s/new", 0, 10)).Payload));
    }

    [Fact]
    public async Task Stale_and_future_expected_versions_conflict_and_write_nothing()
    {
        var store = await OpenAsync();
        await store.AppendAsync(Commit("s/1", 0, Event("A", "1"), Event("A", "2")));

        Assert.Equal(AppendOutcome.VersionConflict, await store.AppendAsync(Commit("s/1", 1, Event("B", "stale"))));
        Assert.Equal(AppendOutcome.VersionConflict, await store.AppendAsync(Commit("s/1", 0, Event("B", "stale"))));
        Assert.Equal(AppendOutcome.VersionConflict, await store.AppendAsync(Commit("s/1", 5, Event("B", "future"))));
        Assert.Equal(AppendOutcome.VersionConflict, await store.AppendAsync(Commit("s/1", 3, Event("B", "future"))));

        Assert.Equal(2, await store.ReadStreamVersionAsync("s/1"));
        Assert.Equal(["1", "2"], (await store.ReadStreamAsync("s/1", 1, 100)).Select(e => Text(e.Payload)));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("s/1", 2, Event("B", "3"))));
    }

    [Fact]
    public async Task Invalid_commits_are_rejected_before_anything_is_written()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(Commit("", 0, Event("A", "a"))));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(Commit("s/1", -1, Event("A", "a"))));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(Commit("s/1", 0)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(null!));

        Assert.Equal(0, await store.ReadStreamVersionAsync("s/1"));
    }

    [Fact]
    public async Task A_cancelled_append_writes_nothing()
    {
        var store = await OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendAsync(Commit("s/1", 0, Event("A", "a")), cancelled.Token));

        Assert.Equal(0, await store.ReadStreamVersionAsync("s/1"));
    }

    [Fact]
    public async Task A_snapshot_saved_with_a_commit_is_read_with_only_the_events_after_it()
    {
        var store = await OpenAsync();
        Assert.Null(await store.ReadSnapshotAsync("s/1"));

        await store.AppendAsync(Commit("s/1", 0, Event("A", "1"), Event("A", "2"), Event("A", "3")));
        await store.AppendAsync(new StreamCommit("s/1", 3, [Event("A", "4"), Event("A", "5")], Snapshot: new SnapshotToSave(5, Encoding.UTF8.GetBytes("state@5"))));
        await store.AppendAsync(Commit("s/1", 5, Event("A", "6"), Event("A", "7")));

        var snapshot = await store.ReadSnapshotAsync("s/1");
        Assert.NotNull(snapshot);
        Assert.Equal("s/1", snapshot.StreamId);
        Assert.Equal(5, snapshot.Version);
        Assert.Equal("state@5", Text(snapshot.Payload));

        var tail = await store.ReadStreamAsync("s/1", snapshot.Version + 1, 1000);
        Assert.Equal([6L, 7], tail.Select(e => e.Version));
        Assert.Equal(["6", "7"], tail.Select(e => Text(e.Payload)));
        Assert.Null(await store.ReadSnapshotAsync("s/other"));
    }

    [Fact]
    public async Task A_snapshot_is_replaced_only_by_a_newer_one()
    {
        var store = await OpenAsync();
        await store.AppendAsync(new StreamCommit("s/1", 0, [Event("A", "1"), Event("A", "2")], Snapshot: new SnapshotToSave(2, Encoding.UTF8.GetBytes("v2"))));

        // An older snapshot (allowed: it is not beyond the head) and one of the same version do not replace it.
        await store.AppendAsync(new StreamCommit("s/1", 2, [Event("A", "3")], Snapshot: new SnapshotToSave(1, Encoding.UTF8.GetBytes("v1"))));
        await store.AppendAsync(new StreamCommit("s/1", 3, [Event("A", "4")], Snapshot: new SnapshotToSave(2, Encoding.UTF8.GetBytes("v2-again"))));
        var kept = await store.ReadSnapshotAsync("s/1");
        Assert.Equal((2L, "v2"), (kept!.Version, Text(kept.Payload)));

        await store.AppendAsync(new StreamCommit("s/1", 4, [Event("A", "5")], Snapshot: new SnapshotToSave(5, Encoding.UTF8.GetBytes("v5"))));
        var replaced = await store.ReadSnapshotAsync("s/1");
        Assert.Equal((5L, "v5"), (replaced!.Version, Text(replaced.Payload)));
    }

    [Fact]
    public async Task Directory_entries_are_upserted_moved_and_deleted()
    {
        var store = await OpenAsync();
        var first = new StreamCommit("staff/SD-0001", 0, [Event("StaffRegistered", "e1")],
            Directory: [Entry("staff", "staff/SD-0001", "centers/a", "王芳 sd-0001", "summary-1")]);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(first));

        var entry = await store.GetDirectoryEntryAsync("staff", "staff/SD-0001");
        Assert.NotNull(entry);
        Assert.Equal(("staff", "staff/SD-0001", "centers/a", "王芳 sd-0001", "summary-1"), (entry.Kind, entry.Key, entry.Parent, entry.SearchText, Text(entry.Payload)));
        Assert.Null(await store.GetDirectoryEntryAsync("center", "staff/SD-0001"));
        Assert.Equal(["staff/SD-0001"], (await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", null, 10))).Select(e => e.Key));

        // Moving is an upsert with the new parent: listed under the new parent only.
        await store.AppendAsync(new StreamCommit("staff/SD-0001", 1, [Event("StaffMoved", "e2")],
            Directory: [Entry("staff", "staff/SD-0001", "centers/b", "王芳 sd-0001", "summary-2")]));
        Assert.Empty(await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", null, 10)));
        var moved = Assert.Single(await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/b", null, 10)));
        Assert.Equal(("centers/b", "summary-2"), (moved.Parent, Text(moved.Payload)));
        Assert.Equal("centers/b", (await store.GetDirectoryEntryAsync("staff", "staff/SD-0001"))!.Parent);

        await store.AppendAsync(new StreamCommit("staff/SD-0001", 2, [Event("StaffRemoved", "e3")],
            Directory: [new DirectoryChange("staff", "staff/SD-0001", "", "", ReadOnlyMemory<byte>.Empty, Delete: true), new DirectoryChange("staff", "staff/never", "", "", ReadOnlyMemory<byte>.Empty, Delete: true)]));
        Assert.Null(await store.GetDirectoryEntryAsync("staff", "staff/SD-0001"));
        Assert.Empty(await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/b", null, 10)));
    }

    [Fact]
    public async Task Directory_pages_by_key_after_the_last_key_of_the_previous_page()
    {
        var store = await OpenAsync();
        var changes = new List<DirectoryChange>();
        for (var i = 25; i >= 1; i--)
        {
            changes.Add(Entry("staff", $"staff/SD-{i:0000}", "centers/a", $"sd-{i:0000}", $"p{i}"));
        }

        changes.Add(Entry("staff", "staff/SD-9001", "centers/b", "sd-9001", "elsewhere"));
        changes.Add(Entry("course", "course/C-1", "centers/a", "sd-c1", "another kind"));
        await store.AppendAsync(new StreamCommit("centers/a", 0, [Event("Imported", "x")], Directory: changes));

        var keys = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", after, 10));
            if (page.Count == 0)
            {
                break;
            }

            pages++;
            Assert.All(page, e => Assert.Equal(("staff", "centers/a"), (e.Kind, e.Parent)));
            keys.AddRange(page.Select(e => e.Key));
            after = page[^1].Key;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"staff/SD-{i:0000}"), keys);
        Assert.Equal("p7", Text((await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", "staff/SD-0006", 1)))[0].Payload));
        Assert.Equal(["staff/SD-0025"], (await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", "staff/SD-0024x", 5))).Select(e => e.Key));
    }

    [Fact]
    public async Task Directory_search_matches_lower_case_text_including_chinese_names()
    {
        var store = await OpenAsync();
        await store.AppendAsync(new StreamCommit("centers/a", 0, [Event("Imported", "x")], Directory:
        [
            Entry("staff", "staff/SD-0001", "centers/a", "王芳 sd-0001 wang fang", "1"),
            Entry("staff", "staff/SD-0002", "centers/a", "李娜 sd-0002 li na", "2"),
            Entry("staff", "staff/SD-0003", "centers/a", "王伟 sd-0003 wang wei", "3"),
            Entry("staff", "staff/SD-0004", "centers/b", "王芳 sd-0004 wang fang", "4"),
        ]));

        async Task<string[]> Search(string? search, string? after = null, int limit = 10)
            => [.. (await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", after, limit, search))).Select(e => e.Key)];

        Assert.Equal(["staff/SD-0001"], await Search("王芳"));
        Assert.Equal(["staff/SD-0001", "staff/SD-0003"], await Search("王"));
        Assert.Equal(["staff/SD-0002"], await Search("李娜"));
        Assert.Equal(["staff/SD-0001", "staff/SD-0003"], await Search("WANG"));
        Assert.Equal(["staff/SD-0002"], await Search("SD-0002"));
        Assert.Empty(await Search("张伟"));
        Assert.Equal(["staff/SD-0001", "staff/SD-0002", "staff/SD-0003"], await Search(null));
        Assert.Equal(["staff/SD-0001", "staff/SD-0002", "staff/SD-0003"], await Search(""));

        // Search and paging together.
        Assert.Equal(["staff/SD-0001"], await Search("wang", null, 1));
        Assert.Equal(["staff/SD-0003"], await Search("wang", "staff/SD-0001", 1));
        Assert.Empty(await Search("wang", "staff/SD-0003", 1));
    }

    [Fact]
    public async Task A_conflicting_commit_writes_neither_events_nor_directory_nor_snapshot()
    {
        var store = await OpenAsync();
        await store.AppendAsync(new StreamCommit("staff/1", 0, [Event("A", "1")],
            Directory: [Entry("staff", "staff/1", "centers/a", "one", "d1")],
            Snapshot: new SnapshotToSave(1, Encoding.UTF8.GetBytes("s1"))));

        var outcome = await store.AppendAsync(new StreamCommit("staff/1", 0, [Event("B", "2"), Event("B", "3")],
            Directory: [Entry("staff", "staff/1", "centers/b", "moved", "d2"), Entry("staff", "staff/2", "centers/a", "two", "d3"), new DirectoryChange("staff", "staff/1", "", "", ReadOnlyMemory<byte>.Empty, Delete: true)],
            Snapshot: new SnapshotToSave(2, Encoding.UTF8.GetBytes("s2"))));

        Assert.Equal(AppendOutcome.VersionConflict, outcome);
        Assert.Equal(["1"], (await store.ReadStreamAsync("staff/1", 0, 10)).Select(e => Text(e.Payload)));
        var entry = await store.GetDirectoryEntryAsync("staff", "staff/1");
        Assert.Equal(("centers/a", "one", "d1"), (entry!.Parent, entry.SearchText, Text(entry.Payload)));
        Assert.Null(await store.GetDirectoryEntryAsync("staff", "staff/2"));
        var snapshot = await store.ReadSnapshotAsync("staff/1");
        Assert.Equal((1L, "s1"), (snapshot!.Version, Text(snapshot.Payload)));
    }

    [Fact]
    public async Task Everything_reads_back_identically_after_reopening()
    {
        var store = await OpenAsync();
        for (var s = 0; s < 5; s++)
        {
            for (var c = 0; c < 3; c++)
            {
                await store.AppendAsync(new StreamCommit($"s/{s}", c * 2, [Event("A", $"{s}-{c}-a", c), Event("B", $"{s}-{c}-b", c)],
                    Directory: [Entry("stream", $"s/{s}", $"parent/{c}", $"search {s} {c}", $"payload {s} {c}")],
                    Snapshot: c == 1 ? new SnapshotToSave(4, Encoding.UTF8.GetBytes($"snapshot {s}")) : null));
            }
        }

        var before = await Capture(store);
        store = await ReopenAsync(store);
        var after = await Capture(store);
        Assert.Equal(before, after);

        // And it carries on where it stopped.
        var lastPosition = (await store.ReadStreamAsync("s/4", 6, 1))[0].Position;
        Assert.Equal(AppendOutcome.VersionConflict, await store.AppendAsync(Commit("s/0", 5, Event("C", "x"))));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(Commit("s/0", 6, Event("C", "x"))));
        Assert.True((await store.ReadStreamAsync("s/0", 7, 1))[0].Position > lastPosition);

        static async Task<List<string>> Capture(IEventStore store)
        {
            var lines = new List<string>();
            for (var s = 0; s < 5; s++)
            {
                lines.Add($"version {await store.ReadStreamVersionAsync($"s/{s}")}");
                foreach (var e in await store.ReadStreamAsync($"s/{s}", 0, 100))
                {
                    lines.Add($"{e.StreamId} {e.Version} {e.Type} {Text(e.Payload)} {e.RecordedAt.UtcTicks} {e.Position}");
                }

                var snapshot = await store.ReadSnapshotAsync($"s/{s}");
                lines.Add($"snapshot {snapshot!.Version} {Text(snapshot.Payload)}");
                var entry = await store.GetDirectoryEntryAsync("stream", $"s/{s}");
                lines.Add($"entry {entry!.Parent} {entry.SearchText} {Text(entry.Payload)}");
            }

            foreach (var e in await store.QueryDirectoryAsync(new DirectoryQuery("stream", "parent/2", null, 100)))
            {
                lines.Add($"listed {e.Key}");
            }

            return lines;
        }
    }

    [Fact]
    public async Task Many_concurrent_appends_to_distinct_streams_are_all_acknowledged_and_share_transactions()
    {
        const int Count = 2_000;
        var store = await OpenAsync();
        var transactionsBefore = TransactionCount(store);

        var appends = new Task<AppendOutcome>[Count];
        for (var i = 0; i < Count; i++)
        {
            var n = i;
            appends[i] = Task.Run(() => store.AppendAsync(new StreamCommit($"staff/{n}", 0, [Event("Registered", $"p{n}")],
                Directory: [Entry("staff", $"staff/{n}", "centers/a", $"name {n}", $"d{n}")])));
        }

        var outcomes = await Task.WhenAll(appends);
        Assert.All(outcomes, o => Assert.Equal(AppendOutcome.Appended, o));

        for (var i = 0; i < Count; i++)
        {
            var e = Assert.Single(await store.ReadStreamAsync($"staff/{i}", 0, 10));
            Assert.Equal((1L, $"p{i}"), (e.Version, Text(e.Payload)));
        }

        var listed = 0;
        string? after = null;
        IReadOnlyList<DirectoryEntry> page;
        while ((page = await store.QueryDirectoryAsync(new DirectoryQuery("staff", "centers/a", after, 500))).Count > 0)
        {
            listed += page.Count;
            after = page[^1].Key;
        }

        Assert.Equal(Count, listed);

        if (TransactionCount(store) is { } transactionsAfter)
        {
            var transactions = transactionsAfter - transactionsBefore!.Value;
            Assert.True(transactions < Count, $"{Count} commits took {transactions} transactions; expected them to be grouped.");
        }
    }

    [Fact]
    public async Task Concurrent_appends_racing_on_one_stream_let_exactly_one_win()
    {
        const int Racers = 64;
        var store = await OpenAsync();
        await store.AppendAsync(Commit("s/race", 0, Event("A", "start")));

        var appends = new Task<AppendOutcome>[Racers];
        for (var i = 0; i < Racers; i++)
        {
            var n = i;
            appends[i] = Task.Run(() => store.AppendAsync(Commit("s/race", 1, Event("B", $"racer {n}"), Event("B", $"racer {n} again"))));
        }

        var outcomes = await Task.WhenAll(appends);

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => outcomes[i] == AppendOutcome.Appended);
        Assert.Equal(Racers - 1, outcomes.Count(o => o == AppendOutcome.VersionConflict));
        Assert.Equal(3, await store.ReadStreamVersionAsync("s/race"));
        Assert.Equal(["start", $"racer {winner}", $"racer {winner} again"], (await store.ReadStreamAsync("s/race", 0, 10)).Select(e => Text(e.Payload)));
    }

    [Fact]
    public async Task Appending_after_the_store_is_closed_fails_as_unavailable()
    {
        var store = await OpenAsync();
        await store.AppendAsync(Commit("s/1", 0, Event("A", "a")));
        await CloseAsync(store);

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(Commit("s/1", 1, Event("A", "b"))));
    }
}
