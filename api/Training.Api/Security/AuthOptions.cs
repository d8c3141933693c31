namespace Training.Api.Security;

/// <summary>
/// How access tokens are validated (configuration section "Auth"). Either the host's own HS256 key
/// (<see cref="SigningKey"/>, or a key file the host creates in its data folder), for tokens issued by the host's
/// <c>token</c> command; or, in production, an external OpenID Connect identity provider (<see cref="Authority"/>)
/// whose signing keys and issuer come from its metadata.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The <c>iss</c> of tokens signed with the host's key.</summary>
    public string Issuer { get; set; } = "training-platform";

    /// <summary>The <c>aud</c> every token must carry (also with an external identity provider).</summary>
    public string Audience { get; set; } = "training-api";

    /// <summary>Base64 of at least 32 random bytes (HS256). Empty: the host's key file (created on first start).</summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>An OpenID Connect authority (https URL) issuing the tokens in production; empty for the host's own key.</summary>
    public string Authority { get; set; } = string.Empty;

    /// <summary>
    /// How long a kiosk's device token is valid (RegisterKiosk, IssueKioskCredential). Long, as a device is set up once;
    /// it stops working earlier when the kiosk is revoked or issued a new credential.
    /// </summary>
    public TimeSpan KioskTokenLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Smallest signing key accepted, in bytes (HS256 needs 256 bits).</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>True when tokens come from an external identity provider.</summary>
    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The configured <see cref="SigningKey"/> decoded; null when none is configured.</summary>
    /// <exception cref="InvalidOperationException">It is not base64 of at least <see cref="MinimumKeyBytes"/> bytes.</exception>
    public byte[]? ConfiguredKey()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(SigningKey.Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("Auth:SigningKey must be base64.", e);
        }

        return key.Length >= MinimumKeyBytes
            ? key
            : throw new InvalidOperationException($"Auth:SigningKey must hold at least {MinimumKeyBytes} bytes (it holds {key.Length}).");
    }
}
