using Google.Protobuf;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;

namespace Training.Api.Security;

/// <summary>
/// Enforces the <see cref="AuthorizationPolicyTable"/> on every call — gRPC, gRPC-Web and HTTP/JSON transcoding go
/// through the same interceptors — before the service method runs: Unauthenticated without a valid token,
/// PermissionDenied (with a google.rpc.ErrorInfo reason) when no role of the caller allows every resource the call is
/// about, and for List calls removes from the answer what the caller may not read. Batch calls are admitted by role
/// (and by their target when the row names one, e.g. the course batch staff are enrolled in) and decided row by row
/// (<see cref="BatchRowAuthorization"/>). Streams from the client (import, reflection) are
/// decided by role alone; a row that needs a request to place its target cannot be one of them. A device token (a
/// kiosk's) is first checked against its kiosk (<see cref="IKioskCredentials"/>): revoked or superseded, it is
/// Unauthenticated from the very next call on; a row whose call asks the kiosk itself, in the same grain call as its work
/// (<see cref="PolicyRow.DeviceCheckedByCall"/>: the live check-in), gets the token's form checked here and the check
/// left on the call (<see cref="DeviceCheckByCall"/>). A method outside the table is decided by the host's own row for it
/// (<see cref="HostPolicyRows"/>: none in the product), else refused.
/// </summary>
public sealed class AuthorizationInterceptor(IResourceLocator locator, IKioskCredentials kiosks, HostPolicyRows hostRows) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var decision = await Authorize(request as IMessage, context);
        var response = await continuation(request, context);
        if (decision?.Row.Filter is { } filter && response is IMessage message)
        {
            var readRow = AuthorizationPolicyTable.Find(filter.ReadMethod)
                ?? throw new InvalidOperationException($"The list filter of {decision.Row.Method} names {filter.ReadMethod}, which has no row.");
            filter.Apply(message, name => readRow.AllowingRole(decision.Caller, Target.Unit(name)) is not null);
        }

        return response;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await Authorize(request as IMessage, context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await Authorize(null, context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await Authorize(null, context);
        await continuation(requestStream, responseStream, context);
    }

    /// <summary>Decides the call; throws the refusal. Null for anonymous rows (health).</summary>
    private Task<AuthorizationDecision?> Authorize(IMessage? request, ServerCallContext context) =>
        AuthorizeHttpAsync(context.GetHttpContext(), context.Method, request);

    /// <summary>
    /// Decides a call of <paramref name="method"/> (a full gRPC method name) made over <paramref name="http"/> as if it
    /// came through gRPC: the same row, device check, scope and refusals (thrown as RpcException). Used by every gRPC
    /// call and by plain HTTP endpoints that stand for an RPC (the archive downloads stand for ExportStaffArchive).
    /// </summary>
    public async Task<AuthorizationDecision?> AuthorizeHttpAsync(HttpContext http, string method, IMessage? request)
    {
        ArgumentNullException.ThrowIfNull(http);
        var row = AuthorizationPolicyTable.Find(method) ?? hostRows.Find(method);
        if (row is { AllowAnonymous: true })
        {
            return null;
        }

        var caller = Caller.Of(http);
        if (!caller.IsAuthenticated)
        {
            throw SecurityStatus.Unauthenticated(http);
        }

        DeviceCheckByCall? byCall = null;
        if (caller.IsDevice)
        {
            if (row is { DeviceCheckedByCall: true })
            {
                byCall = new DeviceCheckByCall(WellFormedDevice(caller), caller.KioskGeneration!.Value);
            }
            else
            {
                await VerifyDevice(caller);
            }
        }

        try
        {
            var decision = await Decide(http, method, request, row, caller);
            if (byCall is not null)
            {
                http.Features.Set(byCall);
            }

            return decision;
        }
        catch (RpcException) when (byCall is not null)
        {
            // A token the kiosk refuses is Unauthenticated before anything else, as on every other call.
            await VerifyDevice(caller);
            throw;
        }
    }

    /// <summary>
    /// Throws the refusal of a device token unless its kiosk takes <paramref name="generation"/> as current:
    /// Unauthenticated with the reason (revoked, superseded, not registered). The interceptor's own check, and the one a
    /// call makes when the check was left to it (<see cref="DeviceCheckByCall"/>).
    /// </summary>
    public static async Task EnsureDeviceCurrent(IKioskCredentials kiosks, string kiosk, int generation)
    {
        ArgumentNullException.ThrowIfNull(kiosks);
        var standing = await kiosks.Check(kiosk, generation);
        if (standing != KioskCredentialStanding.Current)
        {
            throw Refusal(standing, kiosk);
        }
    }

    private async Task<AuthorizationDecision> Decide(HttpContext http, string method, IMessage? request, PolicyRow? row, Caller caller)
    {
        if (row is null)
        {
            throw SecurityStatus.PermissionDenied(SecurityStatus.MethodNotInPolicy, $"{method} is not in the authorization policy; it is refused to everyone.", method);
        }

        if (!row.Admits(caller))
        {
            var roles = caller.Roles.Count == 0 ? "none" : string.Join(", ", caller.Roles);
            throw SecurityStatus.PermissionDenied(SecurityStatus.RoleNotPermitted, $"The caller's roles ({roles}) may not call {method}.", method);
        }

        string? role = null;
        if (row.Targets is not null)
        {
            if (request is null)
            {
                throw SecurityStatus.PermissionDenied(SecurityStatus.MethodNotInPolicy, $"{method} streams its requests but its policy row needs one to place the resource; it is refused.", method);
            }

            foreach (var target in await row.Targets(request, locator))
            {
                var allowing = row.AllowingRole(caller, target)
                    ?? throw SecurityStatus.PermissionDenied(SecurityStatus.OutOfScope, $"The caller may not {Verb(row.Kind)} {Described(target)}.", method, target.Name);
                role ??= allowing;
            }
        }
        else if (!row.RowsScoped)
        {
            role = row.AllowingRole(caller, Target.None)
                ?? throw SecurityStatus.PermissionDenied(SecurityStatus.OutOfScope, $"The caller's scope does not allow {method}.", method);
        }

        if (row.RowsScoped)
        {
            BatchRowAuthorization.Set(http, new BatchRowAuthorization(method, center => row.AllowingRole(caller, Target.Unit(center)) is not null));
        }

        role ??= caller.Roles.First(row.Rules.ContainsKey);
        var decision = new AuthorizationDecision(row, caller, role);
        http.Features.Set(decision);
        return decision;
    }

    /// <summary>
    /// A device token works only while it names a registered, active kiosk at its current credential generation. It
    /// must hold the kiosk role alone, the kiosk's name, exactly the kiosk's centre as its scope and the generation;
    /// then the kiosk is asked (one grain call, answered from memory). Throws Unauthenticated otherwise.
    /// </summary>
    private Task VerifyDevice(Caller caller) => EnsureDeviceCurrent(kiosks, WellFormedDevice(caller), caller.KioskGeneration!.Value);

    /// <summary>The kiosk a device token names, when the token has the form a device token must have; else throws Unauthenticated.</summary>
    private static string WellFormedDevice(Caller caller)
    {
        var kiosk = caller.Kiosk ?? string.Empty;
        var wellFormed = ResourceNames.TryParseKiosk(kiosk, out var center, out _)
            && caller.KioskGeneration is not null
            && caller.Roles is [Roles.Kiosk]
            && caller.ScopesOf(Roles.Kiosk) is [var scope] && string.Equals(scope, center, StringComparison.Ordinal);
        return wellFormed ? kiosk : throw SecurityStatus.DeviceRefused(SecurityStatus.TokenInvalid, kiosk);
    }

    private static RpcException Refusal(KioskCredentialStanding standing, string kiosk) => SecurityStatus.DeviceRefused(
        standing switch
        {
            KioskCredentialStanding.Revoked => SecurityStatus.KioskRevoked,
            KioskCredentialStanding.Superseded => SecurityStatus.KioskCredentialSuperseded,
            _ => SecurityStatus.KioskNotRegistered,
        },
        kiosk);

    private static string Verb(OperationKind kind) => kind switch
    {
        OperationKind.Read => "read",
        OperationKind.List => "list under",
        OperationKind.Create => "create under",
        OperationKind.Audit => "read the audit trail of",
        _ => "change",
    };

    private static string Described(Target target) => target.Name.Length > 0 ? target.Name : "this resource";
}
