using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace Training.Api.Security;

/// <summary>
/// Validates bearer tokens with an inner handler (the JSON web token handler) and remembers each token string that
/// passed, for at most <see cref="Remembered"/> and never past the token's own expiry, so a client that sends the same
/// token call after call (a kiosk, all morning) pays for the signature, lifetime, issuer and audience checks once a
/// minute instead of on every call. What a token says cannot change while it is remembered: the string is the signed
/// token itself. Whether the credential behind it still stands is not the token's business and is not cached: a
/// kiosk's device token is checked against its kiosk on every call (<see cref="AuthorizationInterceptor"/>), so a
/// revocation or a new credential still takes effect on the very next call. Only tokens that passed are remembered;
/// each call gets its own copy of the identity. At most <see cref="Capacity"/> tokens are held: when full, the
/// remembered tokens are forgotten and the next calls validate again. The handler belongs to one authentication
/// scheme, whose parameters do not change; with an external authority whose signing keys rotate, a token is taken as
/// valid for at most <see cref="Remembered"/> after its key was withdrawn.
/// </summary>
public sealed class RememberingTokenHandler(TokenHandler inner, TimeProvider clock) : TokenHandler
{
    /// <summary>How long a token that passed is taken as valid without checking it again (unless it expires earlier).</summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);

    /// <summary>Most tokens remembered at once (a centre's kiosks and staff many times over).</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Passed> passed = new(StringComparer.Ordinal);

    /// <summary>How many tokens are remembered now (for tests and diagnostics).</summary>
    public int Count => passed.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = clock.GetUtcNow().UtcDateTime;
        if (passed.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = known.Identity.Clone(),
                    SecurityToken = known.Token,
                    Issuer = known.Issuer,
                };
            }

            passed.TryRemove(new KeyValuePair<string, Passed>(token, known));
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.ClaimsIdentity is { } identity && result.SecurityToken is { } securityToken)
        {
            // The token's expiry without the clock-skew allowance: past it, the inner handler decides again.
            var until = now + Remembered;
            if (securityToken.ValidTo > DateTime.MinValue && securityToken.ValidTo < until)
            {
                until = securityToken.ValidTo;
            }

            if (passed.Count >= Capacity)
            {
                passed.Clear();
            }

            passed[token] = new Passed(identity.Clone(), securityToken, result.Issuer, until);
        }

        return result;
    }

    /// <summary>A token that passed: its identity (copied out to each call), the validated token, and until when it is taken as valid.</summary>
    private sealed record Passed(ClaimsIdentity Identity, SecurityToken Token, string? Issuer, DateTime Until);
}
