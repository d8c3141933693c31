using Training.Api.Hosting;
using Training.Gateway;

return await ApiHost.RunAsync(() => GatewayHost.Build(args), "gateway");
