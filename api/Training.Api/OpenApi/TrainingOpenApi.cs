using Google.Protobuf.Reflection;

namespace Training.Api.OpenApi;

/// <summary>
/// The OpenAPI document of training.v1 and its browsable page, each generated once on first use.
/// A new service is documented by adding its descriptor to <see cref="Services"/>.
/// </summary>
public static class TrainingOpenApi
{
    /// <summary>The services of training.v1 served over HTTP/JSON, in document order.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        OrganizationService.Descriptor,
        StaffService.Descriptor,
        KioskService.Descriptor,
        CheckInService.Descriptor,
        CourseBatchService.Descriptor,
        AssessmentService.Descriptor,
        PracticalAssessmentService.Descriptor,
        CapabilityService.Descriptor,
        TrainingResultsService.Descriptor,
        MentorService.Descriptor,
        CompetencyFrameworkService.Descriptor,
        CourseService.Descriptor,
        QuestionBankService.Descriptor,
        RubricService.Descriptor,
        AuditService.Descriptor,
    ];

    /// <summary>The document's <c>info</c>.</summary>
    public static OpenApiDocumentInfo Info { get; } = new(
        "Public service centre training platform",
        "v1",
        "Competency framework, courses, question banks, the region → county → centre hierarchy, the staff registry, the "
        + "training-room kiosks and their check-in, the course batches (sessions, enrolment, attendance), and capability profiles, satisfaction results, post profiles, outcome indicators and archive exports of the town-level public service centres: every RPC of the gRPC API `training.v1` that has an HTTP binding, served as HTTP/JSON "
        + "by gRPC JSON transcoding. Bodies use the proto3 JSON mapping (camelCase field names, 64-bit integers as strings, enums "
        + "by value name, timestamps in RFC 3339). A resource name of several segments, such as `regions/{region}/counties/{county}`, "
        + "appears in paths as literal segments with one path parameter per variable segment. Errors are `google.rpc.Status` objects.");

    private static readonly Lazy<byte[]> Document = new(() => OpenApiDocumentGenerator.GenerateUtf8(Services, Info));
    private static readonly Lazy<string> Page = new(() => OpenApiHtmlPage.Render(Document.Value));

    /// <summary>The OpenAPI 3.0 document as UTF-8 JSON (served at <c>/openapi/v1.json</c>).</summary>
    public static ReadOnlyMemory<byte> DocumentUtf8 => Document.Value;

    /// <summary>A self-contained HTML page listing every operation (served at <c>/openapi</c>).</summary>
    public static string Html => Page.Value;
}
