using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using Training.Api.OpenApi;

namespace Training.Api.Tests;

public partial class OpenApiDocumentTests
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static JsonDocument Document() => JsonDocument.Parse(TrainingOpenApi.DocumentUtf8);

    /// <summary>Every (method, path, operation) of the document, read without assuming unique keys.</summary>
    private static List<(string Method, string Path, JsonElement Operation)> Operations(JsonDocument document)
    {
        var operations = new List<(string, string, JsonElement)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var item in path.Value.EnumerateObject())
            {
                if (HttpMethods.Contains(item.Name))
                {
                    operations.Add((item.Name, path.Name, item.Value));
                }
            }
        }

        return operations;
    }

    private static (string Method, string Path, JsonElement Operation) Operation(JsonDocument document, string operationId) =>
        Assert.Single(Operations(document), o => o.Operation.GetProperty("operationId").GetString() == operationId);

    private static JsonElement Schema(JsonDocument document, string name) =>
        document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static List<JsonElement> Parameters(JsonElement operation, string location) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location).ToList()
            : [];

    /// <summary>Every service of package training.v1 in the contracts assembly, found by reflection, not through the generator's list.</summary>
    private static List<ServiceDescriptor> ContractServices() =>
        typeof(Region).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .Where(f => f.Package == "training.v1")
            .SelectMany(f => f.Services)
            .ToList();

    [Fact]
    public void The_document_is_OpenAPI_3_0_3_json_with_the_platform_info()
    {
        using var document = Document();

        Assert.Equal("3.0.3", document.RootElement.GetProperty("openapi").GetString());
        var info = document.RootElement.GetProperty("info");
        Assert.Equal("Public service centre training platform", info.GetProperty("title").GetString());
        Assert.Equal("v1", info.GetProperty("version").GetString());
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("description").GetString()));
    }

    [Fact]
    public void Every_operation_requires_the_bearer_token_scheme()
    {
        using var document = Document();

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer", "JWT"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString(), scheme.GetProperty("bearerFormat").GetString()));
        Assert.True(Assert.Single(document.RootElement.GetProperty("security").EnumerateArray()).TryGetProperty("bearer", out _));
    }

    [Fact]
    public void Every_service_of_the_package_is_documented()
    {
        Assert.Equal(
            ContractServices().Select(s => s.FullName).Order(StringComparer.Ordinal),
            TrainingOpenApi.Services.Select(s => s.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_rpc_with_an_http_rule_appears_exactly_once_and_no_other()
    {
        var expected = ContractServices()
            .SelectMany(s => s.Methods.Select(m => (Service: s, Method: m, Rule: m.GetOptions()?.GetExtension(AnnotationsExtensions.Http))))
            .Where(x => x.Rule is not null && !x.Method.IsClientStreaming) // client streaming is not transcoded
            .ToList();
        Assert.Equal(128, expected.Count); // 13 organization + 11 staff + 6 kiosk + 8 framework + 5 course + 9 question bank + 1 audit + 22 course batch + 2 check-in + 6 assessment + 11 capability + 7 training results + 4 rubric + 3 practical assessment + 20 mentor
        Assert.All(expected, x => Assert.Empty(x.Rule!.AdditionalBindings));

        using var document = Document();
        var operationIds = Operations(document).Select(o => o.Operation.GetProperty("operationId").GetString()).ToList();

        Assert.Equal(expected.Select(x => $"{x.Service.Name}_{x.Method.Name}").Order(StringComparer.Ordinal), operationIds.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("StaffService_ImportStaffMembers", operationIds);
    }

    [Fact]
    public void Every_method_and_path_pair_is_unique()
    {
        using var document = Document();
        var operations = Operations(document);

        var pairs = operations.Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").ToList();
        Assert.Equal(pairs.Count, pairs.Distinct(StringComparer.Ordinal).Count());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(paths, p => p.Contains('=', StringComparison.Ordinal) || p.Contains('*', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("OrganizationService_GetCounty", "get", "/v1/regions/{region}/counties/{county}")]
    [InlineData("OrganizationService_ListCounties", "get", "/v1/regions/{region}/counties")]
    [InlineData("OrganizationService_UpdateRegion", "patch", "/v1/regions/{region}")]
    [InlineData("OrganizationService_GetRegion", "get", "/v1/regions/{region}")]
    [InlineData("OrganizationService_ArchiveCenter", "post", "/v1/regions/{region}/counties/{county}/centers/{center}:archive")]
    [InlineData("StaffService_TransferStaffMember", "post", "/v1/staff/{staff}:transfer")]
    [InlineData("StaffService_ListStaffMembers", "get", "/v1/regions/{region}/counties/{county}/centers/{center}/staff")]
    [InlineData("StaffService_StreamStaffMemberHistory", "get", "/v1/staff/{staff}/history:stream")]
    [InlineData("CompetencyFrameworkService_RetireCompetency", "post", "/v1/frameworks/{framework}/competencies/{competency}:retire")]
    [InlineData("CourseService_GetCourse", "get", "/v1/courses/{course}")]
    [InlineData("QuestionBankService_GetQuestionItem", "get", "/v1/questionBanks/{questionBank}/items/{item}")]
    public void Multi_segment_variables_expand_into_literal_segments(string operationId, string method, string path)
    {
        using var document = Document();

        var operation = Operation(document, operationId);

        Assert.Equal((method, path), (operation.Method, operation.Path));
    }

    [Fact]
    public void Each_wildcard_is_a_required_path_parameter_naming_the_field_it_forms()
    {
        using var document = Document();

        var (_, _, operation) = Operation(document, "OrganizationService_GetCounty");
        var parameters = Parameters(operation, "path");

        Assert.Equal(["region", "county"], parameters.Select(p => p.GetProperty("name").GetString()));
        Assert.All(parameters, p =>
        {
            Assert.True(p.GetProperty("required").GetBoolean());
            Assert.Equal("string", p.GetProperty("schema").GetProperty("type").GetString());
            Assert.Contains("`name` = `regions/{region}/counties/{county}`", p.GetProperty("description").GetString(), StringComparison.Ordinal);
        });
        var update = Operation(document, "OrganizationService_UpdateRegion").Operation;
        Assert.Contains("`region.name`", Assert.Single(Parameters(update, "path")).GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_path_template_parameter_is_declared_and_every_declared_one_is_in_the_path()
    {
        using var document = Document();

        Assert.All(Operations(document), o =>
        {
            var inPath = TemplateParameter().Matches(o.Path).Select(m => m.Groups[1].Value);
            Assert.Equal(inPath, Parameters(o.Operation, "path").Select(p => p.GetProperty("name").GetString()));
        });
    }

    [Fact]
    public void List_staff_members_takes_paging_and_query_in_the_query_string()
    {
        using var document = Document();

        var (_, _, operation) = Operation(document, "StaffService_ListStaffMembers");
        var query = Parameters(operation, "query");

        Assert.Equal(["pageSize", "pageToken", "query"], query.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("integer", query[0].GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("int32", query[0].GetProperty("schema").GetProperty("format").GetString());
        Assert.False(operation.TryGetProperty("requestBody", out _));
    }

    [Theory]
    [InlineData("CompetencyFrameworkService_GetFramework", "frameworkVersion")]
    [InlineData("QuestionBankService_ListQuestionItems", "pageSize,pageToken,showRetired")]
    [InlineData("QuestionBankService_ListQuestionBanks", "pageSize,pageToken,query")]
    [InlineData("OrganizationService_GetRegion", "")]
    [InlineData("OrganizationService_UpdateRegion", "updateMask,requestId")]
    [InlineData("StaffService_UpdateStaffMember", "updateMask,requestId")]
    [InlineData("OrganizationService_CreateRegion", "regionId,requestId")]
    [InlineData("StaffService_TransferStaffMember", "")]
    public void Fields_outside_path_and_body_are_query_parameters(string operationId, string expected)
    {
        using var document = Document();

        var query = Parameters(Operation(document, operationId).Operation, "query").Select(p => p.GetProperty("name").GetString());

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), query);
    }

    [Fact]
    public void An_update_mask_is_a_comma_separated_string_and_the_body_is_the_resource()
    {
        using var document = Document();

        var (_, _, operation) = Operation(document, "OrganizationService_UpdateRegion");
        var mask = Assert.Single(Parameters(operation, "query"), p => p.GetProperty("name").GetString() == "updateMask");

        Assert.Equal("string", mask.GetProperty("schema").GetProperty("type").GetString());
        Assert.Contains("comma-separated", mask.GetProperty("description").GetString(), StringComparison.Ordinal);
        var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/training.v1.Region", body.GetProperty("$ref").GetString());
    }

    [Fact]
    public void A_star_body_is_the_request_without_its_path_fields()
    {
        using var document = Document();

        var (_, _, operation) = Operation(document, "StaffService_TransferStaffMember");
        var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");

        Assert.Equal(["toCenter", "reason", "requestId"], body.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["toCenter", "requestId"], body.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void A_server_stream_is_an_array_of_its_message_described_as_newline_delimited()
    {
        using var document = Document();

        var (_, _, operation) = Operation(document, "StaffService_StreamStaffMemberHistory");
        var ok = operation.GetProperty("responses").GetProperty("200");
        var schema = ok.GetProperty("content").GetProperty("application/json").GetProperty("schema");

        Assert.Equal("array", schema.GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/training.v1.HistoryEntry", schema.GetProperty("items").GetProperty("$ref").GetString());
        Assert.Contains("newline-delimited", ok.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_carry_tag_summary_and_a_status_error_response()
    {
        using var document = Document();

        var (_, _, operation) = Operation(document, "OrganizationService_GetRegion");

        Assert.Equal(["OrganizationService"], operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        var error = operation.GetProperty("responses").GetProperty("default").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/google.rpc.Status", error.GetProperty("$ref").GetString());
        var status = Schema(document, "google.rpc.Status").GetProperty("properties");
        Assert.Equal("integer", status.GetProperty("code").GetProperty("type").GetString());
        Assert.Equal("string", status.GetProperty("message").GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/google.protobuf.Any", status.GetProperty("details").GetProperty("items").GetProperty("$ref").GetString());
        Assert.True(Schema(document, "google.protobuf.Any").GetProperty("properties").TryGetProperty("@type", out _));
    }

    [Fact]
    public void Without_source_info_the_summary_is_the_humanised_method_name()
    {
        if (OrganizationService.Descriptor.FindMethodByName("GetRegion").Declaration is not null)
        {
            return; // descriptors carry comments: the summary is the comment instead
        }

        using var document = Document();

        Assert.Equal("Get region", Operation(document, "OrganizationService_GetRegion").Operation.GetProperty("summary").GetString());
        Assert.Equal("List staff members", Operation(document, "StaffService_ListStaffMembers").Operation.GetProperty("summary").GetString());
    }

    [Fact]
    public void Schemas_follow_the_proto3_json_mapping()
    {
        using var document = Document();

        var history = Schema(document, "training.v1.HistoryEntry").GetProperty("properties");
        Assert.Equal(("string", "int64"), (history.GetProperty("version").GetProperty("type").GetString(), history.GetProperty("version").GetProperty("format").GetString()));
        Assert.Equal(("string", "date-time"), (history.GetProperty("recordTime").GetProperty("type").GetString(), history.GetProperty("recordTime").GetProperty("format").GetString()));
        Assert.True(history.TryGetProperty("eventType", out _));

        var course = Schema(document, "training.v1.Course").GetProperty("properties");
        Assert.Equal("#/components/schemas/training.v1.DeliveryMode", course.GetProperty("deliveryMode").GetProperty("$ref").GetString());
        Assert.Equal("array", course.GetProperty("targetPosts").GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/training.v1.Post", course.GetProperty("targetPosts").GetProperty("items").GetProperty("$ref").GetString());
        var mode = Schema(document, "training.v1.DeliveryMode");
        Assert.Equal("string", mode.GetProperty("type").GetString());
        Assert.Equal(
            ["DELIVERY_MODE_UNSPECIFIED", "DELIVERY_MODE_OFFLINE", "DELIVERY_MODE_ONLINE", "DELIVERY_MODE_BLENDED"],
            mode.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));

        var item = Schema(document, "training.v1.QuestionItem").GetProperty("properties");
        Assert.Equal("integer", item.GetProperty("correctOptions").GetProperty("items").GetProperty("type").GetString());
        Assert.Equal("boolean", item.GetProperty("retired").GetProperty("type").GetString());
    }

    [Fact]
    public void Output_only_fields_are_read_only_and_required_fields_are_listed()
    {
        using var document = Document();

        var staff = Schema(document, "training.v1.StaffMember");
        var properties = staff.GetProperty("properties");

        Assert.True(properties.GetProperty("createTime").GetProperty("readOnly").GetBoolean());
        Assert.True(properties.GetProperty("statusReason").GetProperty("readOnly").GetBoolean());
        var status = properties.GetProperty("status");
        Assert.True(status.GetProperty("readOnly").GetBoolean());
        Assert.Equal("#/components/schemas/training.v1.StaffStatus", status.GetProperty("allOf")[0].GetProperty("$ref").GetString());
        Assert.False(properties.GetProperty("displayName").TryGetProperty("readOnly", out _));
        Assert.Equal(["displayName", "center", "post"], staff.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Every_reference_resolves_to_a_component()
    {
        var json = System.Text.Encoding.UTF8.GetString(TrainingOpenApi.DocumentUtf8.Span);
        using var document = Document();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var references = Reference().Matches(json).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(schemas.TryGetProperty(r, out _), r));
    }

    [Fact]
    public void The_page_lists_every_operation()
    {
        using var document = Document();

        var html = TrainingOpenApi.Html;

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(Operations(document), o =>
        {
            Assert.Contains(o.Path, html, StringComparison.Ordinal);
            Assert.Contains(o.Operation.GetProperty("operationId").GetString()!, html, StringComparison.Ordinal);
        });
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex TemplateParameter();

    [GeneratedRegex("\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex Reference();
}
