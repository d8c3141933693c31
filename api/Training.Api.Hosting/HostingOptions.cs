namespace Training.Api.Hosting;

/// <summary>Where and how the host listens and keeps its data (configuration section "Training").</summary>
public sealed class HostingOptions
{
    public const string Section = "Training";

    /// <summary>
    /// The address Kestrel binds. Loopback by default so that an unconfigured host is never open to
    /// the network; set "0.0.0.0" (with TLS and authentication) to serve others.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>gRPC over HTTP/2 (cleartext unless TLS is configured).</summary>
    public int GrpcPort { get; set; } = 5080;

    /// <summary>HTTP/1.1: HTTP/JSON (transcoding), gRPC-Web, OpenAPI and /healthz.</summary>
    public int HttpPort { get; set; } = 5081;

    /// <summary>The folder holding the embedded event store; relative paths are relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Load the demonstration dataset (T town and its county) at start-up; idempotent.</summary>
    public bool DemoData { get; set; }

    /// <summary>Serve gRPC reflection and the OpenAPI document/page (to authenticated callers). Off in production.</summary>
    public bool ExposeTools { get; set; } = true;

    /// <summary>TLS for both endpoints; off (cleartext) unless a certificate is configured.</summary>
    public TlsOptions Tls { get; set; } = new();
}

/// <summary>
/// The certificate both Kestrel endpoints serve (configuration section "Training:Tls"): from a file
/// (<see cref="CertificatePath"/>: PFX/PKCS#12, or PEM with the key in the same file or in <see cref="KeyPath"/>), or
/// from the certificate store (<see cref="StoreSubject"/>). With either set, the gRPC endpoint speaks HTTP/2 over TLS
/// and the HTTP endpoint HTTPS.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>A .pfx/.p12 file, or a .pem/.crt file.</summary>
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string CertificatePassword { get; set; } = string.Empty;

    /// <summary>For PEM: the private key file when it is not in <see cref="CertificatePath"/>.</summary>
    public string KeyPath { get; set; } = string.Empty;

    /// <summary>Subject name of a certificate in the store (used when <see cref="CertificatePath"/> is empty).</summary>
    public string StoreSubject { get; set; } = string.Empty;

    /// <summary>Store name (<see cref="System.Security.Cryptography.X509Certificates.StoreName"/>), default My.</summary>
    public string StoreName { get; set; } = "My";

    /// <summary>Store location: CurrentUser (default) or LocalMachine.</summary>
    public string StoreLocation { get; set; } = "CurrentUser";

    /// <summary>True when a certificate is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(StoreSubject);
}

/// <summary>Telemetry export (configuration section "Telemetry").</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>OTLP endpoint (e.g. http://localhost:4317); traces, metrics and logs are exported there when set.</summary>
    public string OtlpEndpoint { get; set; } = string.Empty;
}
