using Microsoft.AspNetCore.Http;

namespace Training.Api.Security;

/// <summary>
/// What <see cref="AuthorizationInterceptor"/> decided for the current call, kept on the HttpContext's features:
/// the caller, the row, and the role under which the call was allowed (recorded on every change it makes).
/// </summary>
public sealed record AuthorizationDecision(PolicyRow Row, Caller Caller, string Role)
{
    /// <summary>The decision of the call, or null when none was made (the interceptor did not run).</summary>
    public static AuthorizationDecision? Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().Features.Get<AuthorizationDecision>();
    }
}

/// <summary>
/// The per-row decision of a batch call (BatchCreateStaffMembers, ImportStaffMembers, EnrolStaffMembers): rows fail
/// independently, so a row whose centre the caller may not register (or enrol) staff at is answered PERMISSION_DENIED
/// in its result while the other rows go ahead. Set by <see cref="AuthorizationInterceptor"/> from the RPC's policy row; a call without one refuses
/// every row (fail closed).
/// </summary>
public sealed class BatchRowAuthorization
{
    private static readonly BatchRowAuthorization DenyAll = new(string.Empty, _ => false);

    private readonly Func<string, bool> allowsCenter;

    /// <param name="method">The RPC, for the ErrorInfo of refused rows.</param>
    /// <param name="allowsCenter">Whether a row registering staff at a centre is allowed.</param>
    public BatchRowAuthorization(string method, Func<string, bool> allowsCenter)
    {
        Method = method;
        this.allowsCenter = allowsCenter;
    }

    /// <summary>Allows every row (for tests of the service alone).</summary>
    public static BatchRowAuthorization AllowAll { get; } = new(string.Empty, _ => true);

    /// <summary>The RPC the rows belong to.</summary>
    public string Method { get; }

    /// <summary>The decision set for the call; deny-all when none was set.</summary>
    public static BatchRowAuthorization Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().Features.Get<BatchRowAuthorization>() ?? DenyAll;
    }

    /// <summary>Sets the decision for the call.</summary>
    public static void Set(HttpContext http, BatchRowAuthorization rows)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Features.Set(rows);
    }

    /// <summary>Whether a row about staff at <paramref name="centerName"/> is allowed (empty: a staff member placed nowhere, allowed only to a province-wide caller).</summary>
    public bool Allows(string centerName) => allowsCenter(centerName);
}
