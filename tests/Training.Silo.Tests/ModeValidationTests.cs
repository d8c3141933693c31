using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Training.Cluster;

namespace Training.Silo.Tests;

/// <summary>
/// Storage and clustering are chosen by configuration; without any the host is the embedded default, and combinations
/// that cannot work are refused before anything starts, saying why.
/// </summary>
public sealed class ModeValidationTests
{
    private const string SomeDatabase = "--Storage:Postgres:ConnectionString=Host=db1;Username=training;Database=training";

    [Fact]
    public void Without_configuration_the_host_is_the_embedded_default()
    {
        var modes = TrainingModes.ForSilo(new ConfigurationBuilder().Build());

        Assert.Equal(StorageProvider.Sqlite, modes.Storage);
        Assert.Equal(ClusteringProvider.Localhost, modes.Clustering);
        Assert.False(modes.UsesPostgres);
        Assert.Equal(("training", "training", 11111, 30000), (modes.Cluster.ClusterId, modes.Cluster.ServiceId, modes.Cluster.SiloPort, modes.Cluster.GatewayPort));
    }

    [Theory]
    [InlineData("Clustering:Provider=Postgres needs Storage:Provider=Postgres", "--Clustering:Provider=Postgres", "--Orleans:AdvertisedIPAddress=10.0.0.11", SomeDatabase)]
    [InlineData("needs Storage:Postgres:ConnectionString", "--Storage:Provider=Postgres")]
    [InlineData("needs Orleans:AdvertisedIPAddress", "--Storage:Provider=Postgres", "--Clustering:Provider=Postgres", SomeDatabase)]
    [InlineData("which no other machine can reach", "--Storage:Provider=Postgres", "--Clustering:Provider=Postgres", SomeDatabase, "--Orleans:AdvertisedIPAddress=0.0.0.0")]
    [InlineData("schema name 'Bad-Schema' is not allowed", "--Storage:Provider=Postgres", SomeDatabase, "--Storage:Postgres:Schema=Bad-Schema")]
    [InlineData("'Mysql' at 'Storage:Provider'", "--Storage:Provider=Mysql")]
    [InlineData("must differ", "--Orleans:SiloPort=30000")]
    public void An_unworkable_configuration_is_refused_with_the_reason(string reason, params string[] args)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => TrainingHost.Build([.. args, "--Auth:SigningKey=" + TrainingHostProcess.TestSigningKey]));

        Assert.Contains(failure.Failures, f => f.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Postgres_clustering_needs_one_signing_key_for_every_silo()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => TrainingHost.Build(
            ["--Storage:Provider=Postgres", "--Clustering:Provider=Postgres", SomeDatabase, "--Orleans:AdvertisedIPAddress=10.0.0.11"]));

        Assert.Contains(failure.Failures, f => f.Contains("Auth:SigningKey (the same base64 key on every silo", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gateway_needs_the_database_of_the_membership_table_but_not_postgres_storage()
    {
        static IConfiguration Configuration(params string[] args) => new ConfigurationBuilder().AddCommandLine(args).Build();

        var missing = Assert.Throws<OptionsValidationException>(() => TrainingModes.ForClient(Configuration("--Clustering:Provider=Postgres")));
        Assert.Contains(missing.Failures, f => f.Contains("Storage:Postgres:ConnectionString", StringComparison.Ordinal));

        var gateway = TrainingModes.ForClient(Configuration("--Clustering:Provider=Postgres", SomeDatabase));
        Assert.Equal(ClusteringProvider.Postgres, gateway.Clustering);
    }
}
