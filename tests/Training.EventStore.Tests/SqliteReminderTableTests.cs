using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Training.EventStore.Sqlite;
using Training.Reminders.Sqlite;
using Xunit;

namespace Training.EventStore.Tests;

/// <summary>The <see cref="IReminderTable"/> contract on a real SQLite file (the event store's), one temp folder per test.</summary>
public sealed class SqliteReminderTableTests : IDisposable
{
    private const string Service = "training-tests";

    private static readonly DateTime StartAt = new DateTime(2026, 3, 1, 0, 30, 15, DateTimeKind.Utc).AddTicks(1_234_567);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "training-reminders-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteReminderTable> _open = [];

    public void Dispose()
    {
        foreach (var table in _open)
        {
            table.Dispose();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string DatabasePath => Path.Combine(_folder, SqliteEventStoreOptions.FileName);

    private async Task<SqliteReminderTable> OpenAsync(string serviceId = Service)
    {
        var table = new SqliteReminderTable(
            Options.Create(new ClusterOptions { ServiceId = serviceId }),
            Options.Create(new SqliteEventStoreOptions { DataDirectory = _folder }),
            NullLogger<SqliteReminderTable>.Instance);
        _open.Add(table);
        await table.StartAsync();
        return table;
    }

    private static GrainId Grain(string key) => GrainId.Create("reminder-test", key);

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period ?? TimeSpan.FromMinutes(10),
    };

    private SqliteConnection OpenIndependentConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    [Fact]
    public async Task An_upserted_row_reads_back_exactly_with_its_etag()
    {
        var table = await OpenAsync();
        var grain = Grain("a");

        var etag = await table.UpsertRow(Entry(grain, "close-session", TimeSpan.FromMinutes(90).Add(TimeSpan.FromTicks(7))));

        Assert.False(string.IsNullOrEmpty(etag));
        var row = await table.ReadRow(grain, "close-session");
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("close-session", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(90).Add(TimeSpan.FromTicks(7)), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Null(await table.ReadRow(grain, "other"));
        Assert.Null(await table.ReadRow(Grain("b"), "close-session"));
    }

    [Fact]
    public async Task ReadRows_of_a_grain_answers_all_its_reminders_and_only_its_own()
    {
        var table = await OpenAsync();
        await table.UpsertRow(Entry(Grain("a"), "one"));
        await table.UpsertRow(Entry(Grain("a"), "two"));
        await table.UpsertRow(Entry(Grain("b"), "one"));

        Assert.Equal(["one", "two"], (await table.ReadRows(Grain("a"))).Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.Equal([Grain("b")], (await table.ReadRows(Grain("b"))).Reminders.Select(r => r.GrainId));
        Assert.Empty((await table.ReadRows(Grain("c"))).Reminders);
    }

    [Fact]
    public async Task Upserting_again_replaces_the_row_and_changes_its_etag()
    {
        var table = await OpenAsync();
        var grain = Grain("a");
        var first = await table.UpsertRow(Entry(grain, "retest"));

        var changed = Entry(grain, "retest", TimeSpan.FromHours(1));
        changed.StartAt = StartAt.AddDays(1);
        changed.ETag = "whatever the caller sends";
        var second = await table.UpsertRow(changed);

        Assert.NotEqual(first, second);
        var row = Assert.Single((await table.ReadRows(grain)).Reminders);
        Assert.Equal(second, row.ETag);
        Assert.Equal(StartAt.AddDays(1), row.StartAt);
        Assert.Equal(TimeSpan.FromHours(1), row.Period);
    }

    [Fact]
    public async Task RemoveRow_refuses_a_stale_or_unknown_etag_and_removes_with_the_current_one()
    {
        var table = await OpenAsync();
        var grain = Grain("a");
        var stale = await table.UpsertRow(Entry(grain, "retest"));
        var current = await table.UpsertRow(Entry(grain, "retest"));

        Assert.False(await table.RemoveRow(grain, "retest", stale!));
        Assert.False(await table.RemoveRow(grain, "retest", "not-an-etag"));
        Assert.NotNull(await table.ReadRow(grain, "retest"));

        Assert.True(await table.RemoveRow(grain, "retest", current!));
        Assert.Null(await table.ReadRow(grain, "retest"));
        Assert.False(await table.RemoveRow(grain, "retest", current!));
    }

    [Fact]
    public async Task A_handle_from_before_a_removal_cannot_remove_a_later_registration()
    {
        var table = await OpenAsync();
        var grain = Grain("a");
        var old = await table.UpsertRow(Entry(grain, "retest"));
        Assert.True(await table.RemoveRow(grain, "retest", old!));
        await table.UpsertRow(Entry(grain, "retest"));

        Assert.False(await table.RemoveRow(grain, "retest", old!));
        Assert.NotNull(await table.ReadRow(grain, "retest"));
    }

    [Fact]
    public async Task ReadRows_by_hash_range_is_begin_exclusive_end_inclusive_and_wraps_around()
    {
        var table = await OpenAsync();
        var grains = Enumerable.Range(0, 64).Select(i => Grain($"g{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r"));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        Assert.Equal(64, hashes.Distinct().Count());
        var low = hashes[10];
        var high = hashes[50];

        async Task<uint[]> Read(uint begin, uint end)
            => (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order().ToArray();

        // (low, high]: the row hashed exactly at low is out, the one at high is in.
        Assert.Equal(hashes.Where(h => h > low && h <= high), await Read(low, high));
        Assert.Equal(40, (await Read(low, high)).Length);

        // Wrap-around (begin > end): above high, or at/below low.
        Assert.Equal(hashes.Where(h => h > high || h <= low), await Read(high, low));
        Assert.Equal(24, (await Read(high, low)).Length);

        // begin = end is the whole ring.
        Assert.Equal(hashes, await Read(low, low));
        Assert.Equal(hashes, await Read(0, 0));

        // The extremes of the unsigned range compare as unsigned.
        Assert.Equal(hashes, await Read(0, uint.MaxValue));
        Assert.Equal(hashes.Where(h => h > high), await Read(high, uint.MaxValue));
        Assert.Equal(hashes.Where(h => h <= low), await Read(uint.MaxValue, low));
    }

    [Fact]
    public async Task Rows_survive_closing_and_reopening_the_file()
    {
        var table = await OpenAsync();
        var grain = Grain("a");
        var etag = await table.UpsertRow(Entry(grain, "close-session", TimeSpan.FromMinutes(30)));
        await table.StopAsync();
        table.Dispose();

        var reopened = await OpenAsync();
        var row = await reopened.ReadRow(grain, "close-session");
        Assert.NotNull(row);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(30), row.Period);
        Assert.True(await reopened.RemoveRow(grain, "close-session", etag!));
    }

    [Fact]
    public async Task A_stopped_table_reopens_on_the_next_call()
    {
        var table = await OpenAsync();
        await table.UpsertRow(Entry(Grain("a"), "r"));
        await table.StopAsync();

        Assert.NotNull(await table.ReadRow(Grain("a"), "r"));
    }

    [Fact]
    public async Task A_disposed_table_refuses_calls()
    {
        var table = await OpenAsync();
        table.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => table.ReadRows(Grain("a")));
    }

    [Fact]
    public async Task Services_sharing_the_file_see_and_clear_only_their_own_reminders()
    {
        var mine = await OpenAsync("service-a");
        var theirs = await OpenAsync("service-b");
        var grain = Grain("a");
        await mine.UpsertRow(Entry(grain, "r"));
        var theirEtag = await theirs.UpsertRow(Entry(grain, "r", TimeSpan.FromHours(2)));

        Assert.Equal(TimeSpan.FromMinutes(10), (await mine.ReadRow(grain, "r"))!.Period);
        Assert.Single((await mine.ReadRows(0, 0)).Reminders);
        Assert.False(await mine.RemoveRow(grain, "r", theirEtag!));

        await mine.TestOnlyClearTable();

        Assert.Empty((await mine.ReadRows(0, 0)).Reminders);
        Assert.Equal(theirEtag, (await theirs.ReadRow(grain, "r"))!.ETag);
    }

    [Fact]
    public async Task The_table_shares_the_event_store_file_and_both_work_side_by_side()
    {
        await using var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = _folder }, NullLogger<SqliteEventStore>.Instance);
        var table = await OpenAsync();
        Assert.Equal(store.DatabasePath, table.DatabasePath);

        var appends = Enumerable.Range(0, 50)
            .Select(i => store.AppendAsync(new StreamCommit($"s/{i}", 0, [new EventToAppend("E", Encoding.UTF8.GetBytes("x"), DateTimeOffset.UtcNow)])))
            .ToList();
        var upserts = Enumerable.Range(0, 50).Select(i => table.UpsertRow(Entry(Grain($"g{i}"), "r"))).ToList();
        await Task.WhenAll(appends);
        await Task.WhenAll(upserts);

        Assert.All(appends, a => Assert.Equal(AppendOutcome.Appended, a.Result));
        Assert.Equal(50, (await table.ReadRows(0, 0)).Reminders.Count);
        using var connection = OpenIndependentConnection();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    [Fact]
    public async Task The_table_can_be_created_before_the_event_store_opens_the_file()
    {
        var table = await OpenAsync();
        await table.UpsertRow(Entry(Grain("a"), "r"));

        await using var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = _folder }, NullLogger<SqliteEventStore>.Instance);
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new StreamCommit("s/1", 0, [new EventToAppend("E", Encoding.UTF8.GetBytes("x"), DateTimeOffset.UtcNow)])));
        Assert.NotNull(await table.ReadRow(Grain("a"), "r"));
    }

    [Fact]
    public async Task A_reminder_table_with_a_newer_schema_version_is_refused_with_a_clear_message()
    {
        var table = await OpenAsync();
        table.Dispose();
        using (var connection = OpenIndependentConnection())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE reminders_schema_version SET version = 99";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync());
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_needs_a_data_folder_and_a_service_id()
    {
        Assert.Throws<ArgumentException>(() => new SqliteReminderTable(
            Options.Create(new ClusterOptions { ServiceId = Service }),
            Options.Create(new SqliteEventStoreOptions()),
            NullLogger<SqliteReminderTable>.Instance));
        Assert.Throws<ArgumentException>(() => new SqliteReminderTable(
            Options.Create(new ClusterOptions { ServiceId = "" }),
            Options.Create(new SqliteEventStoreOptions { DataDirectory = _folder }),
            NullLogger<SqliteReminderTable>.Instance));
    }
}
