using Microsoft.Extensions.Options;
using Training.Api.Hosting;
using Training.Gateway;

WebApplication app;
try
{
    app = GatewayHost.Build(args);
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"The gateway cannot start with this configuration:\n  {string.Join("\n  ", ex.Failures)}");
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
        await Console.Error.WriteLineAsync($"The gateway did not start: {ApiHost.Describe(ex)}");
        return 1;
    }

    await app.WaitForShutdownAsync();
}

return 0;
