using Microsoft.Extensions.Options;
using Training.Silo;

// "token …" prints an access token for local use and exits, without starting the host.
if (args is ["token", .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs, Console.Out, Console.Error);
}

// "migrate …" creates or upgrades the PostgreSQL schema and exits, without starting the host.
if (args is ["migrate", .. var migrateArgs])
{
    return await MigrateCommand.RunAsync(migrateArgs, Console.Out, Console.Error);
}

WebApplication app;
try
{
    app = TrainingHost.Build(args);
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"The host cannot start with this configuration:\n  {string.Join("\n  ", ex.Failures)}");
    return 2;
}

await using (app)
{
    try
    {
        await app.StartAsync();
    }
    catch (Exception ex)
    {
        // The log has the details; the operator gets the reason (e.g. a schema to migrate, a database to start).
        await Console.Error.WriteLineAsync($"The host did not start: {TrainingHost.Describe(ex)}");
        return 1;
    }

    await app.WaitForShutdownAsync();
}

return 0;
