namespace Training.Silo.Tests;

/// <summary>
/// A silo in the regional mode starts only on a schema at exactly its versions: a newer one (migrated by a newer
/// release) is refused, a missing or older one sends the operator to the migrate command — each naming the component.
/// </summary>
public sealed class SchemaRefusalTests
{
    [Theory]
    [InlineData("event_store", 7, "event store schema", "schema version 7, but this build")]
    [InlineData("membership", 7, "membership tables", "schema version 7, but this build")]
    [InlineData("reminders", 7, "reminders tables", "schema version 7, but this build")]
    [InlineData("event_store", null, "event store schema", "does not exist")]
    [InlineData("membership", null, "membership tables", "do not exist")]
    public async Task A_silo_starts_only_on_the_schema_versions_it_knows(string component, int? version, string named, string says)
    {
        await using var schema = await TestSchema.CreateMigratedAsync();
        await schema.ExecuteAsync(version is { } v
            ? $"UPDATE {{schema}}.schema_version SET version = {v} WHERE component = '{component}'"
            : $"DELETE FROM {{schema}}.schema_version WHERE component = '{component}'");

        var message = await StartFailureAsync(schema);

        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Contains(says, message, StringComparison.Ordinal);
        Assert.Contains(version is null ? "Run the host's migrate command" : "nothing was modified", message, StringComparison.Ordinal);
    }

    /// <summary>Starts a silo on <paramref name="schema"/>, expects the start to fail, and answers what the console would print.</summary>
    private static async Task<string> StartFailureAsync(TestSchema schema)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await TrainingHostProcess.StartAsync(null, null, schema.SiloArgs("refused-" + Guid.NewGuid().ToString("N")));
        });
        return TrainingHost.Describe(failure);
    }
}
