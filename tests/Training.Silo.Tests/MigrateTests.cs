namespace Training.Silo.Tests;

/// <summary>
/// The host's migrate command creates the whole PostgreSQL schema of the regional mode — event store, Orleans
/// membership and reminders, and the query texts Orleans reads — once, and a second run changes nothing.
/// </summary>
public sealed class MigrateTests
{
    /// <summary>Every query key the ADO.NET providers of Orleans 10 read (the last membership key is optional to them).</summary>
    private static readonly string[] OrleansQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "DeleteReminderRowKey",
        "DeleteReminderRowsKey", "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
        "MembershipReadRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "UpsertReminderRowKey",
    ];

    private static readonly string[] Tables = ["events", "snapshots", "directory", "orleansquery", "membership_version", "membership", "reminders"];

    [Fact]
    public async Task Migrate_creates_every_component_and_a_second_run_changes_nothing()
    {
        await using var schema = await TestSchema.CreateAsync();

        var (code, output, errors) = await schema.MigrateAsync();

        Assert.True(code == 0, errors);
        Assert.Contains($"Migrating schema \"{schema.Name}\"", output, StringComparison.Ordinal);
        Assert.Contains("event_store  created at version 1", output, StringComparison.Ordinal);
        Assert.Contains("membership   created at version 1", output, StringComparison.Ordinal);
        Assert.Contains("reminders    created at version 1", output, StringComparison.Ordinal);
        var versions = await schema.VersionsAsync();
        Assert.Equal("event_store membership reminders", string.Join(" ", versions.Keys.Order(StringComparer.Ordinal)));
        Assert.All(versions.Values, v => Assert.Equal(1, v.Version));
        foreach (var table in Tables)
        {
            Assert.Equal(1, await schema.ScalarAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema.Name}' AND tablename = '{table}'"));
        }

        foreach (var key in OrleansQueryKeys)
        {
            Assert.True(await schema.ScalarAsync($"SELECT count(*) FROM {{schema}}.orleansquery WHERE querykey = '{key}'") == 1, $"OrleansQuery has no {key}");
        }

        Assert.Equal(OrleansQueryKeys.Length, await schema.ScalarAsync("SELECT count(*) FROM {schema}.orleansquery"));

        (code, output, errors) = await schema.MigrateAsync();

        Assert.True(code == 0, errors);
        Assert.Contains("event_store  version 1, up to date", output, StringComparison.Ordinal);
        Assert.Contains("membership   version 1, up to date", output, StringComparison.Ordinal);
        Assert.Contains("reminders    version 1, up to date", output, StringComparison.Ordinal);
        Assert.Equal(versions, await schema.VersionsAsync());
    }

    [Theory]
    [InlineData("event_store", "event store schema")]
    [InlineData("membership", "membership tables")]
    [InlineData("reminders", "reminders tables")]
    public async Task Migrate_refuses_a_component_newer_than_this_build_and_changes_nothing(string component, string named)
    {
        await using var schema = await TestSchema.CreateMigratedAsync();
        await schema.ExecuteAsync($"UPDATE {{schema}}.schema_version SET version = 99 WHERE component = '{component}'");
        var before = await schema.VersionsAsync();

        var (code, _, errors) = await schema.MigrateAsync();

        Assert.Equal(1, code);
        Assert.Contains(named, errors, StringComparison.Ordinal);
        Assert.Contains("schema version 99", errors, StringComparison.Ordinal);
        Assert.Contains("nothing was modified", errors, StringComparison.Ordinal);
        Assert.Equal(before, await schema.VersionsAsync());
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_says_what_it_needs()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var code = await MigrateCommand.RunAsync(["--Storage:Postgres:ConnectionString="], output, errors);

        Assert.Equal(2, code);
        Assert.Contains("Storage:Postgres:ConnectionString", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage:", errors.ToString(), StringComparison.Ordinal);
    }
}
