using System.Security.Cryptography;
using Training.Api.Security;

namespace Training.Api.Hosting;

/// <summary>
/// Where the host's HS256 signing key comes from: <c>Auth:SigningKey</c> when configured; otherwise the file
/// <c>{Training:DataDirectory}/auth/signing-key</c> (base64 of 32 random bytes, mode 0600), created on first start
/// and reused after, so that tokens from the <c>token</c> command keep working across restarts.
/// </summary>
public static class SigningKeyStore
{
    /// <summary>The key file of a data folder.</summary>
    public static string KeyFile(string dataDirectory) => Path.Combine(dataDirectory, "auth", "signing-key");

    /// <summary>The signing key and a description of where it came from (for the start-up log).</summary>
    public static (byte[] Key, string Source) Resolve(AuthOptions auth, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(auth);
        if (auth.ConfiguredKey() is { } configured)
        {
            return (configured, "Auth:SigningKey");
        }

        var file = KeyFile(dataDirectory);
        return (LoadOrCreate(file), file);
    }

    private static byte[] LoadOrCreate(string file)
    {
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(file, options);
                using var writer = new StreamWriter(stream);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(AuthOptions.MinimumKeyBytes)));
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process (the token command, a second host) created it first: use theirs.
            }
        }

        var key = Convert.FromBase64String(File.ReadAllText(file).Trim());
        return key.Length >= AuthOptions.MinimumKeyBytes
            ? key
            : throw new InvalidOperationException($"{file} holds a key of {key.Length} bytes; at least {AuthOptions.MinimumKeyBytes} are needed. Delete it to have a new one made.");
    }
}
