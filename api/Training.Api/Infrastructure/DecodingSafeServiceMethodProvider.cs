using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Training.Api.Infrastructure;

/// <summary>Installs <see cref="DecodingSafeServiceMethodProvider{TService}"/> in place of grpc-dotnet's binder.</summary>
internal static class DecodingSafeBinding
{
    /// <summary>Replaces grpc-dotnet's binder registration (call after AddGrpc), for every service type.</summary>
    public static void Install(IServiceCollection services)
    {
        var binder = services.FirstOrDefault(d =>
            d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType is { Name: "BinderServiceMethodProvider`1" })
            ?? throw new InvalidOperationException("grpc-dotnet's binder registration was not found; call after AddGrpc.");
        services.Remove(binder);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(DecodingSafeServiceMethodProvider<>));
    }
}

/// <summary>
/// Binds gRPC services like grpc-dotnet's own binder, but with request marshallers that turn a
/// message that cannot be decoded into InvalidArgument. The server decodes a request before any
/// interceptor runs, and grpc-dotnet reports a decoding exception as Unknown ("Exception was thrown
/// by handler") — a malformed request is the client's mistake and must say so (DESIGN.md, error model).
/// </summary>
internal sealed class DecodingSafeServiceMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        if (bind is null)
        {
            return;
        }

        var bindMethod = bind.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == bind.BindMethodName && m.GetParameters() is [{ ParameterType: var binder }, _] && binder == typeof(ServiceBinderBase));
        bindMethod.Invoke(null, [new Binder(context), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Safe(method), Metadata(method), Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Safe(method), Metadata(method), Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Safe(method), Metadata(method), Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Safe(method), Metadata(method), Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method));

        private static Method<TRequest, TResponse> Safe<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class
        {
            var decode = method.RequestMarshaller.ContextualDeserializer;
            var marshaller = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, ctx =>
            {
                try
                {
                    return decode(ctx);
                }
                catch (InvalidProtocolBufferException e)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"The request is not a valid {typeof(TRequest).Name} message: {e.Message}"));
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }

        /// <summary>An open-instance delegate to the service's override of the RPC (resolved per call on the service instance).</summary>
        private static TDelegate Invoker<TDelegate>(IMethod method)
            where TDelegate : Delegate
        {
            var parameters = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Skip(1).Select(p => p.ParameterType).ToArray();
            var target = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters)
                ?? throw new InvalidOperationException($"{typeof(TService).Name} does not implement {method.FullName}.");
            return (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), target);
        }

        private static List<object> Metadata(IMethod method)
        {
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            var target = typeof(TService).GetMethods(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(m => m.Name == method.Name);
            if (target is not null)
            {
                metadata.AddRange(target.GetCustomAttributes(inherit: true));
            }

            return metadata;
        }
    }
}
