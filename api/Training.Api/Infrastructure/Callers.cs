namespace Training.Api.Infrastructure;

/// <summary>Who is calling: the subject recorded on every change (authentication supplies it once enabled).</summary>
public static class Callers
{
    /// <summary>The caller's subject, or "anonymous" when the call is not authenticated.</summary>
    public static string Actor(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
    }

    /// <summary>The command context of a mutating call.</summary>
    public static CommandContext Command(ServerCallContext context, string requestId) => new(requestId, Actor(context));
}
