namespace Training.EndToEnd.Tests;

/// <summary>One host shared by the tests of a class, with one <see cref="Seed"/> created up front.</summary>
public sealed class SeededHostFixture : IAsyncLifetime
{
    public TrainingHostProcess Host { get; private set; } = null!;

    internal Seed Seed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TrainingHostProcess.StartAsync();
        Seed = await Seed.CreateAsync(Host, staffCount: 3);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
