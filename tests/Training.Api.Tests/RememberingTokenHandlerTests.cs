using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Training.Api.Security;

namespace Training.Api.Tests;

/// <summary>
/// The bearer-token check remembers a token string that passed for a bounded time (never past the token's expiry), with
/// the real JSON web token handler behind it and real HS256 tokens.
/// </summary>
public class RememberingTokenHandlerTests
{
    private static readonly byte[] Key = "remembering-token-test-key-32byt"u8.ToArray();
    private static readonly TokenIssuer Issuer = new("training-platform", "training-api", Key);

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = "training-platform",
        ValidAudience = "training-api",
        IssuerSigningKey = new SymmetricSecurityKey(Key),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
        NameClaimType = TrainingClaims.Subject,
        RoleClaimType = TrainingClaims.Role,
    };

    private readonly CountingHandler inner = new();
    private readonly ManualClock clock = new(DateTimeOffset.UtcNow);

    private RememberingTokenHandler Handler() => new(inner, clock);

    [Fact]
    public async Task A_token_that_passed_is_validated_once_and_each_call_gets_its_own_identity()
    {
        var handler = Handler();
        var token = Issuer.Issue(new TokenSpec("kiosk-1", [Roles.Kiosk]) { Centers = ["regions/sd/counties/zouping/centers/t-town"] });

        var first = await handler.ValidateTokenAsync(token, Parameters);
        var second = await handler.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, inner.Calls);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("kiosk-1", second.ClaimsIdentity.Name);
        Assert.Equal(first.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)), second.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)));
        Assert.True(second.ClaimsIdentity.HasClaim(TrainingClaims.Role, Roles.Kiosk));
    }

    [Fact]
    public async Task After_the_remembered_time_the_token_is_validated_again()
    {
        var handler = Handler();
        var token = Issuer.Issue(new TokenSpec("op", [Roles.RegionAdmin]));

        await handler.ValidateTokenAsync(token, Parameters);
        clock.Advance(RememberingTokenHandler.Remembered - TimeSpan.FromSeconds(1));
        await handler.ValidateTokenAsync(token, Parameters);
        Assert.Equal(1, inner.Calls);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task A_token_is_never_taken_as_valid_past_its_own_expiry()
    {
        var handler = Handler();
        var token = Issuer.Issue(new TokenSpec("op", [Roles.RegionAdmin]) { Lifetime = TimeSpan.FromSeconds(20) });

        await handler.ValidateTokenAsync(token, Parameters);
        clock.Advance(TimeSpan.FromSeconds(21)); // within Remembered, but past the token's expiry

        await handler.ValidateTokenAsync(token, Parameters);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task A_token_that_failed_is_not_remembered()
    {
        var handler = Handler();
        var forged = new TokenIssuer("training-platform", "training-api", "another-key-that-is-32-bytes-lon"u8.ToArray()).Issue(new TokenSpec("op", [Roles.RegionAdmin]));

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters)).IsValid);

        Assert.Equal(2, inner.Calls);
        Assert.Equal(0, handler.Count);
    }

    /// <summary>The real JSON web token handler, counting its validations.</summary>
    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler real = new() { MapInboundClaims = false };

        public int Calls { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Calls++;
            return real.ValidateTokenAsync(token, validationParameters);
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
