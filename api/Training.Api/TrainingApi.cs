using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi.Models;
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

    /// <summary>Adds the gRPC services, JSON transcoding, health checks and the OpenAPI generator.</summary>
    public static IServiceCollection AddTrainingApi(this IServiceCollection services)
    {
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageSize;
            options.EnableDetailedErrors = false;
            options.Interceptors.Add<ErrorMappingInterceptor>();
        }).AddJsonTranscoding(options =>
            options.TypeRegistry = TypeRegistry.FromMessages(
                BadRequest.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor, ErrorInfo.Descriptor, RetryInfo.Descriptor));
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        services.AddGrpcSwagger();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Public service centre training platform",
                Version = "v1",
                Description = "Competency framework, courses, question banks, the region → county → centre hierarchy and the staff registry. Every RPC of training.v1 as HTTP/JSON.",
            });
        });
        return services;
    }

    /// <summary>Maps every service of training.v1 plus reflection, health and the OpenAPI document at /openapi/v1.json.</summary>
    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<OrganizationApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<StaffApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<CompetencyFrameworkApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<CourseApi>().EnableGrpcWeb();
        endpoints.MapGrpcService<QuestionBankApi>().EnableGrpcWeb();
        endpoints.MapGrpcReflectionService();
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }

    /// <summary>Adds gRPC-Web and the OpenAPI document to the pipeline (call before routing endpoints).</summary>
    public static IApplicationBuilder UseTrainingApi(this IApplicationBuilder app)
    {
        app.UseGrpcWeb();
        app.UseSwagger(options => options.RouteTemplate = "openapi/{documentName}.json");
        return app;
    }
}
