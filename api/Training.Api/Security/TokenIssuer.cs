using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Training.Api.Security;

/// <summary>What a token says: who, in which roles, over which scopes, for how long.</summary>
/// <param name="Subject">The <c>sub</c>.</param>
/// <param name="Roles">One or more of <see cref="Security.Roles"/>.</param>
public sealed record TokenSpec(string Subject, IReadOnlyList<string> Roles)
{
    /// <summary><c>region</c> claims: region names or <c>*</c>.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary><c>county</c> claims.</summary>
    public IReadOnlyList<string> Counties { get; init; } = [];

    /// <summary><c>center</c> claims.</summary>
    public IReadOnlyList<string> Centers { get; init; } = [];

    /// <summary>The <c>staff</c> claim.</summary>
    public string? Staff { get; init; }

    /// <summary>The <c>mentor</c> claim (<c>mentors/{id}</c>).</summary>
    public string? Mentor { get; init; }

    /// <summary>The <c>kiosk</c> claim.</summary>
    public string? Kiosk { get; init; }

    /// <summary>The <c>kiosk_gen</c> claim: the kiosk credential's generation.</summary>
    public int? KioskGeneration { get; init; }

    /// <summary>The <c>room</c> claim of a kiosk.</summary>
    public string? Room { get; init; }

    /// <summary>The <c>client_id</c> claim.</summary>
    public string? ClientId { get; init; }

    /// <summary>How long the token is valid from <see cref="NotBefore"/> (default 8 hours).</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>When the token becomes valid; null for now.</summary>
    public DateTimeOffset? NotBefore { get; init; }
}

/// <summary>
/// Issues HS256 access tokens with the host's key: for the host's <c>token</c> command (local use) and for tests. In
/// production the organisation's identity provider issues tokens with the same claims (<see cref="TrainingClaims"/>).
/// </summary>
public sealed class TokenIssuer
{
    private readonly SigningCredentials credentials;
    private readonly TimeProvider clock;

    public TokenIssuer(string issuer, string audience, byte[] signingKey, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        Issuer = issuer;
        Audience = audience;
        credentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256);
        this.clock = clock ?? TimeProvider.System;
    }

    public string Issuer { get; }

    public string Audience { get; }

    /// <summary>A signed JWT (compact form) for <paramref name="spec"/>.</summary>
    public string Issue(TokenSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var claims = new List<Claim> { new(TrainingClaims.Subject, spec.Subject) };
        claims.AddRange(spec.Roles.Select(r => new Claim(TrainingClaims.Role, r)));
        claims.AddRange(spec.Regions.Select(r => new Claim(TrainingClaims.Region, r)));
        claims.AddRange(spec.Counties.Select(c => new Claim(TrainingClaims.County, c)));
        claims.AddRange(spec.Centers.Select(c => new Claim(TrainingClaims.Center, c)));
        AddIfSet(claims, TrainingClaims.Staff, spec.Staff);
        AddIfSet(claims, TrainingClaims.Mentor, spec.Mentor);
        AddIfSet(claims, TrainingClaims.Kiosk, spec.Kiosk);
        if (spec.KioskGeneration is { } generation)
        {
            claims.Add(new Claim(TrainingClaims.KioskGeneration, generation.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32));
        }

        AddIfSet(claims, TrainingClaims.Room, spec.Room);
        AddIfSet(claims, TrainingClaims.ClientId, spec.ClientId);

        var notBefore = (spec.NotBefore ?? clock.GetUtcNow()).UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = notBefore + spec.Lifetime,
            SigningCredentials = credentials,
        });
    }

    private static void AddIfSet(List<Claim> claims, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims.Add(new Claim(type, value));
        }
    }
}
