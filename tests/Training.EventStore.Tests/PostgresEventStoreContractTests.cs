using Training.EventStore.Postgres;

namespace Training.EventStore.Tests;

/// <summary>The contract on PostgreSQL: each test in a fresh schema of the test database, dropped afterwards.</summary>
public sealed class PostgresEventStoreContractTests : EventStoreContractTests
{
    protected override string CreateLocation() => PostgresTestDatabase.NewSchema();

    protected override async Task<IEventStore> OpenStoreAsync(string location)
        => await PostgresTestDatabase.OpenAsync(PostgresTestDatabase.Options(location));

    protected override Task DeleteLocationAsync(string location) => PostgresTestDatabase.DropSchemaAsync(location);

    protected override long? TransactionCount(IEventStore store) => ((PostgresEventStore)store).TransactionCount;
}
