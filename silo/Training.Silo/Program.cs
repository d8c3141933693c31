using Training.Api.Hosting;
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

return await ApiHost.RunAsync(() => TrainingHost.Build(args), "host");
