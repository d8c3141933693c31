using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Training.Api.Security;

namespace Training.Api.Services;

/// <summary>
/// Plain HTTP downloads of a staff member's archive, <c>GET /v1/staff/{id}/archive.csv</c> and <c>/archive.json</c>
/// (a browser or a spreadsheet opens them directly; the RPC ExportStaffArchive streams the same document in chunks).
/// They are not gRPC calls, so the interceptors do not run: each download is decided by
/// <see cref="AuthorizationInterceptor.AuthorizeHttpAsync"/> under ExportStaffArchive's policy row with the request it
/// stands for — the same token validation, device check, roles and scope (a trainee only their own archive) — and
/// domain refusals are mapped by <see cref="ErrorMappingInterceptor.ToStatus"/>. Refusals answer the HTTP status that
/// JSON transcoding would, with a google.rpc.Status-shaped JSON body.
/// </summary>
public static class StaffArchiveDownloads
{
    /// <summary>Writes refusals with their details (ErrorInfo, BadRequest, ResourceInfo …) as transcoding does.</summary>
    private static readonly JsonFormatter StatusJson = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(
        Google.Rpc.BadRequest.Descriptor, Google.Rpc.PreconditionFailure.Descriptor, Google.Rpc.ResourceInfo.Descriptor, Google.Rpc.ErrorInfo.Descriptor,
        Google.Rpc.RetryInfo.Descriptor, Google.Rpc.QuotaFailure.Descriptor)));

    private static readonly string ExportMethod = AuthorizationPolicyTable.MethodName(CapabilityService.Descriptor, "ExportStaffArchive");

    /// <summary>Maps the two downloads.</summary>
    public static IEndpointRouteBuilder MapStaffArchiveDownloads(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/v1/staff/{id}/archive.csv", (HttpContext http, string id) => DownloadAsync(http, id, ArchiveFormat.Csv));
        endpoints.MapGet("/v1/staff/{id}/archive.json", (HttpContext http, string id) => DownloadAsync(http, id, ArchiveFormat.Json));
        return endpoints;
    }

    private static async Task DownloadAsync(HttpContext http, string id, ArchiveFormat format)
    {
        var request = new ExportStaffArchiveRequest { Name = ResourceNames.Staff(id), Format = format };
        var started = false;
        try
        {
            var gate = ActivatorUtilities.CreateInstance<AuthorizationInterceptor>(http.RequestServices);
            await gate.AuthorizeHttpAsync(http, ExportMethod, request);
            CapabilityApi.CheckArchive(new Validator(), request.Name, request.Format).ThrowIfInvalid();
            var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
            var document = new ArchiveDocument(format);
            await CapabilityApi.WriteArchiveAsync(grains, request.Name, document, async bytes =>
            {
                if (!started)
                {
                    http.Response.ContentType = document.ContentType;
                    http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}-archive.{(format == ArchiveFormat.Csv ? "csv" : "json")}\"";
                    started = true;
                }

                await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
            });
        }
        catch (Exception e) when (!started && Refusal(e) is { } status)
        {
            if (status.Code == (int)StatusCode.Unauthenticated)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
            }

            http.Response.StatusCode = HttpStatus((StatusCode)status.Code);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(StatusJson.Format(status), http.RequestAborted);
        }
    }

    private static Google.Rpc.Status? Refusal(Exception e) => e switch
    {
        RpcException rpc => rpc.Trailers.GetValueBytes("grpc-status-details-bin") is { } details
            ? Google.Rpc.Status.Parser.ParseFrom(details)
            : new Google.Rpc.Status { Code = (int)rpc.StatusCode, Message = rpc.Status.Detail },
        _ => ErrorMappingInterceptor.ToStatus(e),
    };

    /// <summary>The HTTP status JSON transcoding answers for a gRPC status (google.rpc.Code's mapping).</summary>
    private static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
