namespace Training.Silo.Tests;

/// <summary>
/// A silo in the regional mode starts only on a schema at exactly its versions: a newer one (migrated by a newer
/// release) is refused, a missing or older one sends the operator to the migrate command — each naming the component.
/// </summary>
public sealed class SchemaRefusalTests
{
    [Theory]
    [InlineData("event_store", "event store schema")]
    [InlineData("membership", "membership tables")]
    [InlineData("reminders", "reminders tables")]
    public async Task A_silo_refuses_a_component_newer_than_it_knows(string component, string named)
    {
        await using var schema = await TestSchema.CreateMigratedAsync();
        await schema.ExecuteAsync($"UPDATE {{schema}}.schema_version SET version = 7 WHERE component = '{component}'");

        var message = await StartFailureAsync(schema);

        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Contains("schema version 7", message, StringComparison.Ordinal);
        Assert.Contains("understands", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event_store", "event store schema")]
    [InlineData("membership", "membership tables")]
    public async Task A_silo_on_a_missing_component_says_to_run_migrate(string component, string named)
    {
        await using var schema = await TestSchema.CreateMigratedAsync();
        await schema.ExecuteAsync($"DELETE FROM {{schema}}.schema_version WHERE component = '{component}'");

        var message = await StartFailureAsync(schema);

        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Contains("not exist", message, StringComparison.Ordinal);
        Assert.Contains("migrate", message, StringComparison.Ordinal);
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
