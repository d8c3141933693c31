using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Training.Api.Security;

/// <summary>JWT bearer authentication for the API: the host's own HS256 key, or an external OpenID Connect authority.</summary>
public static class TrainingAuthentication
{
    /// <summary>Tolerated clock difference between issuer and host.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds JwtBearer (claims kept under their JWT names: <c>sub</c>, <c>role</c>, …) and authorization services.
    /// With <see cref="AuthOptions.Authority"/> set, keys and issuer come from the authority's metadata and
    /// <paramref name="signingKey"/> is not used; otherwise tokens must be HS256-signed with <paramref name="signingKey"/>
    /// by <see cref="AuthOptions.Issuer"/> for <see cref="AuthOptions.Audience"/>. Also adds <see cref="KioskDeviceTokens"/>,
    /// which signs kiosk device tokens with that key (and issues none with an authority).
    /// </summary>
    public static IServiceCollection AddTrainingAuthentication(this IServiceCollection services, AuthOptions options, byte[]? signingKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesAuthority && (signingKey is null || signingKey.Length < AuthOptions.MinimumKeyBytes))
        {
            throw new InvalidOperationException($"A signing key of at least {AuthOptions.MinimumKeyBytes} bytes is needed unless Auth:Authority is set.");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            var validation = new TokenValidationParameters
            {
                ValidAudience = options.Audience,
                ValidateAudience = true,
                ValidateIssuer = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = ClockSkew,
                NameClaimType = TrainingClaims.Subject,
                RoleClaimType = TrainingClaims.Role,
            };
            if (options.UsesAuthority)
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
            }
            else
            {
                validation.ValidIssuer = options.Issuer;
                validation.IssuerSigningKey = new SymmetricSecurityKey(signingKey);
                validation.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                validation.ValidateIssuerSigningKey = true;
            }

            jwt.TokenValidationParameters = validation;

            // A kiosk sends the same token all morning: validate each token string once a minute, not on every call
            // (the kiosk's credential is still checked on every call, by the authorization interceptor).
            var handlers = jwt.TokenHandlers.ToList();
            jwt.TokenHandlers.Clear();
            foreach (var handler in handlers)
            {
                jwt.TokenHandlers.Add(new RememberingTokenHandler(handler, TimeProvider.System));
            }
            jwt.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = failed =>
                {
                    failed.HttpContext.Items[SecurityStatus.AuthenticationFailureItem] =
                        failed.Exception is SecurityTokenExpiredException ? SecurityStatus.TokenExpired : SecurityStatus.TokenInvalid;
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization();
        var issuer = options.UsesAuthority ? null : new TokenIssuer(options.Issuer, options.Audience, signingKey!);
        services.AddSingleton(new KioskDeviceTokens(issuer, options.KioskTokenLifetime));
        return services;
    }
}
