using Grpc.Net.Client;

namespace Training.Desktop;

/// <summary>One channel to the server and a client of each public service on it.</summary>
internal sealed class ApiClient : IDisposable
{
    /// <summary>The server used when neither <c>--server</c> nor <c>TRAINING_SERVER</c> says otherwise.</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    /// <summary>The environment variable naming the server.</summary>
    public const string ServerVariable = "TRAINING_SERVER";

    /// <summary>The environment variable holding the access token.</summary>
    public const string TokenVariable = "TRAINING_TOKEN";

    private readonly GrpcChannel channel;

    /// <param name="server">The gRPC address.</param>
    /// <param name="token">The access token sent as <c>authorization: Bearer …</c> on every call; none when null.</param>
    public ApiClient(Uri server, string? token = null)
    {
        // http:// speaks HTTP/2 cleartext (h2c) to the host's gRPC port; https:// uses TLS.
        channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            DisposeHttpClient = true,
            HttpHandler = new BearerTokenHandler(token, new SocketsHttpHandler { EnableMultipleHttp2Connections = true }),
        });
        Organization = new OrganizationService.OrganizationServiceClient(channel);
        Staff = new StaffService.StaffServiceClient(channel);
        Frameworks = new CompetencyFrameworkService.CompetencyFrameworkServiceClient(channel);
        Courses = new CourseService.CourseServiceClient(channel);
        QuestionBanks = new QuestionBankService.QuestionBankServiceClient(channel);
        CourseBatches = new CourseBatchService.CourseBatchServiceClient(channel);
    }

    public OrganizationService.OrganizationServiceClient Organization { get; }

    public StaffService.StaffServiceClient Staff { get; }

    public CompetencyFrameworkService.CompetencyFrameworkServiceClient Frameworks { get; }

    public CourseService.CourseServiceClient Courses { get; }

    public QuestionBankService.QuestionBankServiceClient QuestionBanks { get; }

    public CourseBatchService.CourseBatchServiceClient CourseBatches { get; }

    /// <summary>The server address from <c>--server</c>, else <c>TRAINING_SERVER</c>, else the default; null when it is no http(s) URL.</summary>
    public static Uri? ResolveServer(string? option)
    {
        var text = !string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } env ? env
            : DefaultServer;
        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
    }

    /// <summary>The access token from <c>--token</c>, else <c>TRAINING_TOKEN</c>; null when neither is set.</summary>
    public static string? ResolveToken(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim()
        : Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } env ? env.Trim()
        : null;

    /// <summary>Reads every page of a list call.</summary>
    public static async Task<List<T>> ReadAllPages<TPage, T>(Func<string, AsyncUnaryCall<TPage>> call, Func<TPage, IEnumerable<T>> items, Func<TPage, string> nextPageToken)
    {
        var all = new List<T>();
        var token = string.Empty;
        do
        {
            var page = await call(token).ResponseAsync.ConfigureAwait(false);
            all.AddRange(items(page));
            token = nextPageToken(page);
        }
        while (token.Length > 0);
        return all;
    }

    public void Dispose() => channel.Dispose();

    /// <summary>Adds <c>authorization: Bearer …</c> to every request when a token is set.</summary>
    private sealed class BearerTokenHandler(string? token, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
