using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Training.Api.OpenApi;
using Training.Api.Services;

namespace Training.Api;

/// <summary>
/// Registers and maps the public gRPC API (with JSON transcoding, gRPC-Web, reflection, health and
/// OpenAPI). Used by the silo host (co-hosted API) and by the standalone gateway alike.
/// </summary>
public static class TrainingApi
{
    /// <summary>Largest request message accepted: 4 MiB (a 5,000-row staff batch fits comfortably).</summary>
    public const int MaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>Adds the gRPC services, JSON transcoding, reflection and health checks.</summary>
    public static IServiceCollection AddTrainingApi(this IServiceCollection services)
    {
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageSize;
            options.EnableDetailedErrors = false;
            options.Interceptors.Add<ErrorMappingInterceptor>();
        }).AddJsonTranscoding(options =>
        {
            // The proto3 JSON mapping (and the OpenAPI document) write 64-bit integers as strings.
            options.JsonSettings.WriteInt64sAsStrings = true;
            options.TypeRegistry = TypeRegistry.FromMessages(
                BadRequest.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor, ErrorInfo.Descriptor, RetryInfo.Descriptor);
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        return services;
    }

    /// <summary>
    /// Maps every service of training.v1 plus reflection, health, the OpenAPI document at /openapi/v1.json
    /// (generated from the descriptors on first request, see <see cref="TrainingOpenApi"/>) and a page listing it at /openapi.
    /// </summary>
    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<OrganizationApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<StaffApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<CompetencyFrameworkApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<CourseApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<QuestionBankApi>().EnableGrpcWeb();
        endpoints.MapGrpcReflectionService();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGet("/openapi/v1.json", () => Results.Bytes(TrainingOpenApi.DocumentUtf8, "application/json"));
        endpoints.MapGet("/openapi", () => Results.Content(TrainingOpenApi.Html, "text/html; charset=utf-8"));
        return endpoints;
    }

    /// <summary>Adds gRPC-Web to the pipeline (call before routing endpoints).</summary>
    public static IApplicationBuilder UseTrainingApi(this IApplicationBuilder app)
    {
        app.UseGrpcWeb();
        return app;
    }
}
