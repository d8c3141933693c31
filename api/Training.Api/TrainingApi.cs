using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Training.Api.OpenApi;
using Training.Api.Security;
using Training.Api.Services;

namespace Training.Api;

/// <summary>Options of the API itself (beyond authentication, see <see cref="AuthOptions"/>).</summary>
public sealed class TrainingApiOptions
{
    /// <summary>
    /// Serve the developer tools: gRPC server reflection and the OpenAPI document and page, each for authenticated
    /// callers only (configuration <c>Training:ExposeTools</c>; off in appsettings.Production.json).
    /// </summary>
    public bool ExposeTools { get; set; } = true;
}

/// <summary>
/// Registers and maps the public gRPC API (with JSON transcoding, gRPC-Web, reflection, health and
/// OpenAPI). Used by the silo host (co-hosted API) and by the standalone gateway alike.
/// </summary>
public static class TrainingApi
{
    /// <summary>Largest request message accepted: 4 MiB (a 5,000-row staff batch fits comfortably).</summary>
    public const int MaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// Adds the gRPC services, JSON transcoding, health checks, the interceptors every call passes — error mapping,
    /// per-client rate limits (<see cref="RateLimitOptions"/>, section "RateLimits") and authorization from
    /// <see cref="AuthorizationPolicyTable"/>, in that order — and, unless <c>Training:ExposeTools</c> is false,
    /// reflection. Authentication is added separately (<see cref="TrainingAuthentication.AddTrainingAuthentication"/>),
    /// as the signing key is the host's business.
    /// </summary>
    public static IServiceCollection AddTrainingApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var apiOptions = new TrainingApiOptions { ExposeTools = configuration.GetValue("Training:ExposeTools", true) };
        services.AddSingleton(Options.Create(apiOptions));
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<IResourceLocator, DirectoryResourceLocator>();
        services.AddSingleton<IKioskCredentials, GrainKioskCredentials>();
        services.TryAddSingleton(HostPolicyRows.None);
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageSize;
            options.EnableDetailedErrors = false;
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<RateLimitInterceptor>();
            options.Interceptors.Add<AuthorizationInterceptor>();
        }).AddJsonTranscoding(options =>
        {
            // The proto3 JSON mapping (and the OpenAPI document) write 64-bit integers as strings.
            options.JsonSettings.WriteInt64sAsStrings = true;
            options.TypeRegistry = TypeRegistry.FromMessages(
                BadRequest.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor, ErrorInfo.Descriptor, RetryInfo.Descriptor, QuotaFailure.Descriptor);
        });
        DecodingSafeBinding.Install(services);
        if (apiOptions.ExposeTools)
        {
            services.AddGrpcReflection();
        }

        services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        return services;
    }

    /// <summary>
    /// Maps every service of training.v1 plus health and, when tools are exposed, reflection, the OpenAPI document at
    /// /openapi/v1.json (generated from the descriptors on first request, see <see cref="TrainingOpenApi"/>) and a page
    /// listing it at /openapi — both for authenticated callers only.
    /// </summary>
    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<OrganizationApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<StaffApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<KioskApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<CheckInApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<CourseBatchApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<AssessmentApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<PracticalAssessmentApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<CapabilityApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<TrainingResultsApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<MentorApi>().EnableGrpcWeb();
        endpoints.MapStaffArchiveDownloads();
        endpoints.MapGrpcService<CompetencyFrameworkApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<CourseApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<QuestionBankApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<RubricApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<AuditApi>().EnableGrpcWeb();
        endpoints.MapGrpcHealthChecksService();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<TrainingApiOptions>>().Value.ExposeTools)
        {
            endpoints.MapGrpcReflectionService();
            endpoints.MapGet("/openapi/v1.json", () => Results.Bytes(TrainingOpenApi.DocumentUtf8, "application/json")).RequireAuthorization(PeopleAndSystems);
            endpoints.MapGet("/openapi", () => Results.Content(TrainingOpenApi.Html, "text/html; charset=utf-8")).RequireAuthorization(PeopleAndSystems);
        }

        return endpoints;
    }

    /// <summary>
    /// The OpenAPI endpoints are plain HTTP endpoints, outside the interceptor that checks a device token against its
    /// kiosk on every call; a kiosk has no use for developer tools, so device tokens are refused there outright.
    /// </summary>
    private static void PeopleAndSystems(AuthorizationPolicyBuilder policy) =>
        policy.RequireAuthenticatedUser().RequireAssertion(context => !Caller.From(context.User).IsDevice);

    /// <summary>Adds authentication, authorization and gRPC-Web to the pipeline (call before routing endpoints).</summary>
    public static IApplicationBuilder UseTrainingApi(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseGrpcWeb();
        return app;
    }
}
