using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Training.Benchmarks;

/// <summary>
/// The transport ceiling: a bare gRPC server (Kestrel, cleartext HTTP/2 on loopback, Grpc.AspNetCore, the API's message
/// size limit; no interceptors, no authentication, no grains) in the same process as the host, serving
/// <see cref="NoopService"/>. The real host cannot serve it: its authorization interceptor refuses every method that is
/// not in its policy table (fail closed), so an empty method there would measure a refusal, not an empty call.
/// </summary>
internal sealed class NoopServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private NoopServer(WebApplication app, GrpcChannel channel)
    {
        this.app = app;
        Channel = channel;
        Invoker = channel.CreateCallInvoker();
    }

    public GrpcChannel Channel { get; }

    public CallInvoker Invoker { get; }

    public static async Task<NoopServer> StartAsync()
    {
        var port = Channels.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = Training.Api.TrainingApi.MaxReceiveMessageSize + 1024;
            k.Listen(System.Net.IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = Training.Api.TrainingApi.MaxReceiveMessageSize);
        var app = builder.Build();
        app.MapGrpcService<NoopService>();
        await app.StartAsync();
        return new NoopServer(app, Channels.Create(port, token: null));
    }

    public Task PingAsync() => Invoker.AsyncUnaryCall(NoopServiceBase.PingMethod, null, default, new Empty()).ResponseAsync;

    public Task SwallowAsync(BatchCreateStaffMembersRequest batch) =>
        Invoker.AsyncUnaryCall(NoopServiceBase.SwallowMethod, null, default, batch).ResponseAsync;

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
