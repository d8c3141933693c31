using System.Globalization;
using System.Security.Claims;

namespace Training.Api.Security;

/// <summary>
/// The authenticated caller as the policy sees them: roles and scopes read from the token's claims. Scope claims
/// bind to roles by kind (see <see cref="Roles.ScopeClaimsOf"/>): a region-admin is scoped by its <c>region</c>
/// claims, a county-admin by <c>county</c>, centre-level roles by <c>center</c>, an integration by all three. So
/// a token holding county-admin for one county and trainee at a centre elsewhere is not county-admin there.
/// Malformed scope values grant nothing (a claim "regions" must not become a prefix of every region).
/// </summary>
public sealed class Caller
{
    private const int MaxClaimLength = 200;

    private readonly Dictionary<string, List<string>> scopes = new(StringComparer.Ordinal);

    private Caller(ClaimsPrincipal principal)
    {
        Principal = principal;
        IsAuthenticated = principal.Identity?.IsAuthenticated == true;
        if (!IsAuthenticated)
        {
            return;
        }

        Subject = First(principal, TrainingClaims.Subject) ?? principal.Identity?.Name ?? string.Empty;
        Roles = [.. principal.FindAll(TrainingClaims.Role).Select(c => c.Value).Where(Security.Roles.All.Contains).Distinct(StringComparer.Ordinal)];
        Staff = First(principal, TrainingClaims.Staff) is { } staff && ResourceNames.IsStaff(staff) ? staff : null;
        Mentor = First(principal, TrainingClaims.Mentor) is { } mentor && ResourceNames.IsMentor(mentor) ? mentor : null;
        Kiosk = First(principal, TrainingClaims.Kiosk) is { Length: > 0 and <= MaxClaimLength } kiosk ? kiosk : null;
        KioskGeneration = int.TryParse(First(principal, TrainingClaims.KioskGeneration), NumberStyles.None, CultureInfo.InvariantCulture, out var generation) && generation > 0
            ? generation
            : null;
        ClientId = First(principal, TrainingClaims.ClientId) is { Length: > 0 and <= MaxClaimLength } client ? client : null;
        AddScopes(principal, TrainingClaims.Region, v => v == TrainingClaims.AllRegions || ResourceNames.IsRegion(v));
        AddScopes(principal, TrainingClaims.County, ResourceNames.IsCounty);
        AddScopes(principal, TrainingClaims.Center, ResourceNames.IsCenter);
    }

    /// <summary>The principal the caller was read from.</summary>
    public ClaimsPrincipal Principal { get; }

    /// <summary>Whether a valid token came with the call.</summary>
    public bool IsAuthenticated { get; }

    /// <summary>The token's <c>sub</c>; empty when not authenticated.</summary>
    public string Subject { get; } = string.Empty;

    /// <summary>The known roles of the token, in claim order; unknown role names are ignored.</summary>
    public IReadOnlyList<string> Roles { get; } = [];

    /// <summary>The caller's own staff record (<c>staff/{id}</c>), or null.</summary>
    public string? Staff { get; }

    /// <summary>The caller's mentor record (<c>mentors/{id}</c>), or null.</summary>
    public string? Mentor { get; }

    /// <summary>The kiosk the token was issued to, or null.</summary>
    public string? Kiosk { get; }

    /// <summary>The generation of the kiosk credential the token carries (<c>kiosk_gen</c>), or null.</summary>
    public int? KioskGeneration { get; }

    /// <summary>
    /// True for a device token: the caller holds the kiosk role or names a kiosk. Such a token is honoured only while
    /// it names a registered, active kiosk at its current credential generation (checked on every call).
    /// </summary>
    public bool IsDevice => Roles.Contains(Security.Roles.Kiosk) || Kiosk is not null;

    /// <summary>The integration client id, or null.</summary>
    public string? ClientId { get; }

    /// <summary>Reads the caller from a principal (an unauthenticated one gives an unauthenticated caller).</summary>
    public static Caller From(ClaimsPrincipal? principal) => new(principal ?? new ClaimsPrincipal());

    /// <summary>
    /// The caller of a request, read from its principal once and kept on the request (the rate limiter and the
    /// authorization both need it); read again if the principal was replaced meanwhile.
    /// </summary>
    public static Caller Of(Microsoft.AspNetCore.Http.HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<Caller>() is { } known && ReferenceEquals(known.Principal, http.User))
        {
            return known;
        }

        var caller = From(http.User);
        http.Features.Set(caller);
        return caller;
    }

    /// <summary>The scopes (resource names, or <c>*</c>) that apply to <paramref name="role"/> — none unless the caller holds the role.</summary>
    public IReadOnlyList<string> ScopesOf(string role)
    {
        if (!Roles.Contains(role))
        {
            return [];
        }

        var claims = Security.Roles.ScopeClaimsOf(role);
        return claims.Count == 1
            ? scopes.GetValueOrDefault(claims[0]) ?? []
            : [.. claims.SelectMany(c => scopes.GetValueOrDefault(c) ?? [])];
    }

    /// <summary>
    /// The calling software, recorded on every change: the kiosk, else the integration's client id, else
    /// <paramref name="userAgent"/> (cut to 200 characters).
    /// </summary>
    public string ClientName(string? userAgent) =>
        Kiosk ?? ClientId ?? (string.IsNullOrEmpty(userAgent) ? string.Empty : userAgent[..Math.Min(userAgent.Length, MaxClaimLength)]);

    private static string? First(ClaimsPrincipal principal, string type) => principal.FindFirst(type)?.Value;

    private void AddScopes(ClaimsPrincipal principal, string type, Func<string, bool> wellFormed)
    {
        var values = principal.FindAll(type).Select(c => c.Value).Where(wellFormed).Distinct(StringComparer.Ordinal).ToList();
        if (values.Count > 0)
        {
            scopes[type] = values;
        }
    }
}
