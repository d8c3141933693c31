using Google.Rpc;
using Microsoft.AspNetCore.Http;

namespace Training.Api.Security;

/// <summary>
/// The refusals of the security layer, as google.rpc.Status with details: Unauthenticated and PermissionDenied carry
/// a google.rpc.ErrorInfo (domain <c>training.v1</c>) whose reason says why; ResourceExhausted carries RetryInfo and
/// QuotaFailure.
/// </summary>
public static class SecurityStatus
{
    /// <summary>The ErrorInfo domain.</summary>
    public const string Domain = "training.v1";

    /// <summary>No token came with the call.</summary>
    public const string TokenMissing = "TOKEN_MISSING";

    /// <summary>The token has expired.</summary>
    public const string TokenExpired = "TOKEN_EXPIRED";

    /// <summary>The token failed validation (signature, issuer, audience, format).</summary>
    public const string TokenInvalid = "TOKEN_INVALID";

    /// <summary>The device token's kiosk was revoked.</summary>
    public const string KioskRevoked = "KIOSK_REVOKED";

    /// <summary>The device token carries an older credential generation than the kiosk's current one.</summary>
    public const string KioskCredentialSuperseded = "KIOSK_CREDENTIAL_SUPERSEDED";

    /// <summary>The device token names a kiosk that was never registered.</summary>
    public const string KioskNotRegistered = "KIOSK_NOT_REGISTERED";

    /// <summary>None of the caller's roles may call the RPC.</summary>
    public const string RoleNotPermitted = "ROLE_NOT_PERMITTED";

    /// <summary>The caller's role may call the RPC, but not on this resource.</summary>
    public const string OutOfScope = "OUT_OF_SCOPE";

    /// <summary>The RPC has no row in the policy table (refused: fail closed).</summary>
    public const string MethodNotInPolicy = "METHOD_NOT_IN_POLICY";

    /// <summary>The caller sent too many requests.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>The <see cref="HttpContext.Items"/> key under which authentication leaves why a token was refused.</summary>
    public const string AuthenticationFailureItem = "training.auth.failure";

    /// <summary>Unauthenticated: why comes from the request (no header) or from the token validation's outcome.</summary>
    public static RpcException Unauthenticated(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var reason = http.Items[AuthenticationFailureItem] as string
            ?? (http.Request.Headers.Authorization.Count == 0 ? TokenMissing : TokenInvalid);
        var message = reason switch
        {
            TokenMissing => "This call needs an access token: send 'authorization: Bearer <token>'.",
            TokenExpired => "The access token has expired; get a new one.",
            _ => "The access token is not valid here (signature, issuer, audience or format).",
        };
        return Refusal(Code.Unauthenticated, message, reason, new Dictionary<string, string>()).ToRpcException();
    }

    /// <summary>
    /// Unauthenticated for a device token that is not (or no longer) honoured: <paramref name="reason"/> is
    /// <see cref="KioskRevoked"/>, <see cref="KioskCredentialSuperseded"/>, <see cref="KioskNotRegistered"/>, or
    /// <see cref="TokenInvalid"/> for a token whose kiosk claims are malformed. Metadata <c>kiosk</c> names the kiosk.
    /// </summary>
    public static RpcException DeviceRefused(string reason, string kiosk)
    {
        var message = reason switch
        {
            KioskRevoked => $"The kiosk {kiosk} was revoked; its device token no longer works.",
            KioskCredentialSuperseded => $"A newer credential was issued to the kiosk {kiosk}; this device token no longer works.",
            KioskNotRegistered => $"The kiosk {kiosk} is not registered.",
            _ => "A kiosk token must carry the role kiosk alone, the kiosk's name (kiosk), its centre (center) and its credential generation (kiosk_gen).",
        };
        var metadata = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(kiosk))
        {
            metadata["kiosk"] = kiosk;
        }

        return Refusal(Code.Unauthenticated, message, reason, metadata).ToRpcException();
    }

    /// <summary>PermissionDenied for a whole call.</summary>
    public static RpcException PermissionDenied(string reason, string message, string method, string? resource = null) =>
        Denied(reason, message, method, resource).ToRpcException();

    /// <summary>The status of one refused row of a batch (PERMISSION_DENIED, reason OUT_OF_SCOPE).</summary>
    public static Google.Rpc.Status RowDenied(string method, string center) =>
        RowDenied(method, center, $"The caller may not register staff at {center}.");

    /// <summary>The status of one refused row of a batch about <paramref name="resource"/> (PERMISSION_DENIED, reason OUT_OF_SCOPE).</summary>
    public static Google.Rpc.Status RowDenied(string method, string resource, string message) =>
        Denied(OutOfScope, message, method, resource);

    /// <summary>ResourceExhausted with how long to wait (RetryInfo) and which quota (QuotaFailure).</summary>
    public static RpcException RateLimitExceeded(string subject, string limit, TimeSpan retryAfter) => new Google.Rpc.Status
    {
        Code = (int)Code.ResourceExhausted,
        Message = $"Too many requests from {subject}; retry after {retryAfter.TotalSeconds:0.###} s.",
        Details =
        {
            Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }),
            Any.Pack(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = subject, Description = limit } } }),
            Any.Pack(new ErrorInfo { Reason = RateLimited, Domain = Domain }),
        },
    }.ToRpcException();

    private static Google.Rpc.Status Denied(string reason, string message, string method, string? resource)
    {
        var metadata = new Dictionary<string, string> { ["method"] = method };
        if (!string.IsNullOrEmpty(resource))
        {
            metadata["resource"] = resource;
        }

        return Refusal(Code.PermissionDenied, message, reason, metadata);
    }

    private static Google.Rpc.Status Refusal(Code code, string message, string reason, IDictionary<string, string> metadata) => new()
    {
        Code = (int)code,
        Message = message,
        Details = { Any.Pack(new ErrorInfo { Reason = reason, Domain = Domain, Metadata = { metadata } }) },
    };
}
