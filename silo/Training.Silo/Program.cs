using Training.Silo;

// "token …" prints an access token for local use and exits, without starting the host.
if (args is ["token", .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs, Console.Out, Console.Error);
}

var app = TrainingHost.Build(args);
await app.RunAsync();
return 0;
