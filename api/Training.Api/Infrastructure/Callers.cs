using Training.Api.Security;

namespace Training.Api.Infrastructure;

/// <summary>Who is calling: the subject, role and client recorded on every change (the audit trail).</summary>
public static class Callers
{
    /// <summary>The caller's subject (the token's <c>sub</c>), or "anonymous" when the call is not authenticated.</summary>
    public static string Actor(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
    }

    /// <summary>
    /// The command context of a mutating call, built from the authenticated principal: the subject, the role under
    /// which the authorization policy allowed the call (all of the caller's roles when no decision was recorded), and
    /// the client (kiosk, integration client id, or the user agent).
    /// </summary>
    public static CommandContext Command(ServerCallContext context, string requestId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var decision = AuthorizationDecision.Of(context);
        var caller = Caller.Of(http);
        var role = decision?.Role ?? string.Join(',', caller.Roles);
        return new CommandContext(requestId, Actor(context), role, caller.ClientName(http.Request.Headers.UserAgent.ToString()));
    }
}
