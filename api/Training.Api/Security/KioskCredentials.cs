namespace Training.Api.Security;

/// <summary>Where a kiosk credential generation stands.</summary>
public enum KioskCredentialStanding
{
    /// <summary>The kiosk is active and the generation is its current one: the token works.</summary>
    Current,

    /// <summary>The kiosk was issued a newer credential.</summary>
    Superseded,

    /// <summary>The kiosk was revoked.</summary>
    Revoked,

    /// <summary>No such kiosk was ever registered.</summary>
    NotRegistered,
}

/// <summary>
/// Tells whether a device token's credential still works. Asked by <see cref="AuthorizationInterceptor"/> on every call
/// made with a device token, before the policy decision, so a revocation or a new credential takes effect on the very
/// next call (a live check-in asks its kiosk in the call itself, <see cref="DeviceCheckByCall"/>, and this only to say
/// why a token was refused).
/// </summary>
public interface IKioskCredentials
{
    /// <summary>The standing of credential <paramref name="generation"/> of <paramref name="kioskName"/>.</summary>
    Task<KioskCredentialStanding> Check(string kioskName, int generation);
}

/// <summary>
/// A device token's credential check left to the call itself (<see cref="PolicyRow.DeviceCheckedByCall"/>): the token's
/// kiosk and credential generation, already checked for form by <see cref="AuthorizationInterceptor"/>. The handler asks
/// the kiosk in the same grain call as its work (<see cref="IKioskGrain.CheckIn"/>) and refuses the token as the
/// interceptor would when the kiosk says the generation is not current (<see cref="AuthorizationInterceptor.EnsureDeviceCurrent"/>).
/// </summary>
/// <param name="Kiosk">The kiosk the token names.</param>
/// <param name="Generation">The credential generation the token carries.</param>
public sealed record DeviceCheckByCall(string Kiosk, int Generation)
{
    /// <summary>The check this call must make, or null when the interceptor made it (or the caller is no device).</summary>
    public static DeviceCheckByCall? Of(Microsoft.AspNetCore.Http.HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Features.Get<DeviceCheckByCall>();
    }
}

/// <summary>
/// The check over the kiosk's grain: one call answered from the activated grain's memory
/// (<see cref="IKioskGrain.IsCredentialValid"/>); only a refused token costs a second call, to say why.
/// </summary>
public sealed class GrainKioskCredentials(IGrainFactory grains) : IKioskCredentials
{
    public async Task<KioskCredentialStanding> Check(string kioskName, int generation)
    {
        var kiosk = grains.Cached<IKioskGrain>(kioskName);
        return await kiosk.IsCredentialValid(generation) ? KioskCredentialStanding.Current : await Refused(kiosk);
    }

    /// <summary>Why a kiosk refused a generation: a second call, paid only by a refused token.</summary>
    private static async Task<KioskCredentialStanding> Refused(IKioskGrain kiosk)
    {
        try
        {
            var view = await kiosk.Get();
            return view.State == Training.Grains.KioskState.Revoked ? KioskCredentialStanding.Revoked : KioskCredentialStanding.Superseded;
        }
        catch (TrainingException e) when (e.Kind == ErrorKind.NotFound)
        {
            return KioskCredentialStanding.NotRegistered;
        }
    }
}

/// <summary>
/// Issues kiosk device tokens with the host's signing key (<see cref="TokenIssuer"/>): role <c>kiosk</c>, <c>sub</c> and
/// <c>kiosk</c> = the kiosk's name, <c>center</c>, <c>room</c>, <c>kiosk_gen</c> = the credential generation, valid for
/// <see cref="AuthOptions.KioskTokenLifetime"/>. The token is handed out once (RegisterKiosk, IssueKioskCredential)
/// and kept nowhere. With an external identity provider (<see cref="AuthOptions.Authority"/>) the host holds no key
/// and issues none: the provider issues device tokens with the same claims.
/// </summary>
public sealed class KioskDeviceTokens
{
    private readonly TokenIssuer? issuer;
    private readonly TimeSpan lifetime;

    /// <param name="issuer">The host's token issuer; null when tokens come from an external identity provider.</param>
    /// <param name="lifetime">How long a device token is valid.</param>
    public KioskDeviceTokens(TokenIssuer? issuer, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "Auth:KioskTokenLifetime must be positive.");
        }

        this.issuer = issuer;
        this.lifetime = lifetime;
    }

    /// <summary>A device token for the current credential of <paramref name="kiosk"/>; empty when the host issues no tokens.</summary>
    public string Issue(KioskView kiosk)
    {
        ArgumentNullException.ThrowIfNull(kiosk);
        return issuer?.Issue(new TokenSpec(kiosk.Name, [Roles.Kiosk])
        {
            Centers = [kiosk.CenterName],
            Kiosk = kiosk.Name,
            KioskGeneration = kiosk.CredentialGeneration,
            Room = kiosk.Room,
            Lifetime = lifetime,
        }) ?? string.Empty;
    }
}
