using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Training.Api.OpenApi;

/// <summary>The <c>info</c> object of an OpenAPI document.</summary>
public sealed record OpenApiDocumentInfo(string Title, string Version, string Description);

/// <summary>
/// Builds an OpenAPI 3.0.3 document for gRPC services straight from their descriptors and
/// <c>google.api.http</c> rules, as ASP.NET Core gRPC JSON transcoding serves them: one operation per
/// HTTP rule (additional bindings included), multi-segment path variables expanded into literal
/// segments with one path parameter per wildcard (see <see cref="HttpPathTemplate"/>), the request
/// body per the rule's <c>body</c>, the remaining scalar fields as query parameters, and schemas in
/// the proto3 JSON mapping. Client-streaming methods are left out (transcoding does not serve them).
/// </summary>
public static class OpenApiDocumentGenerator
{
    /// <summary>The OpenAPI version written.</summary>
    public const string OpenApiVersion = "3.0.3";

    /// <summary>The name of the bearer-token security scheme every operation requires.</summary>
    public const string BearerScheme = "bearer";

    private const string Json = "application/json";

    /// <summary>The document as a JSON tree.</summary>
    /// <exception cref="InvalidOperationException">Two rules map to the same method and path, or a rule names a field the request lacks.</exception>
    public static JsonObject Generate(IReadOnlyList<ServiceDescriptor> services, OpenApiDocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(info);

        var schemas = new ProtoJsonSchemas();
        var statusSchema = schemas.Message(Google.Rpc.Status.Descriptor);
        var tags = new JsonArray();
        var paths = new JsonObject();
        var operationIds = new HashSet<string>(StringComparer.Ordinal);

        foreach (var service in services)
        {
            tags.Add(new JsonObject
            {
                ["name"] = service.Name,
                ["description"] = Comments.Of(service) ?? $"gRPC service `{service.FullName}`.",
            });
            foreach (var method in service.Methods)
            {
                var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
                if (rule is null || method.IsClientStreaming)
                {
                    continue;
                }

                var bindings = new List<HttpRule> { rule };
                bindings.AddRange(rule.AdditionalBindings);
                for (var i = 0; i < bindings.Count; i++)
                {
                    if (Verb(bindings[i]) is not { } verb)
                    {
                        continue; // a custom verb OpenAPI cannot express
                    }

                    var operationId = i == 0 ? $"{service.Name}_{method.Name}" : $"{service.Name}_{method.Name}_{i + 1}";
                    if (!operationIds.Add(operationId))
                    {
                        throw new InvalidOperationException($"Duplicate operationId '{operationId}'.");
                    }

                    var expanded = HttpPathTemplate.Expand(verb.Template);
                    if (paths[expanded.Path] is not JsonObject pathItem)
                    {
                        pathItem = new JsonObject();
                        paths[expanded.Path] = pathItem;
                    }

                    if (pathItem.ContainsKey(verb.Method))
                    {
                        throw new InvalidOperationException(
                            $"Conflicting method/path combination \"{verb.Method.ToUpperInvariant()} {expanded.Path}\": {operationId} and {pathItem[verb.Method]?["operationId"]}.");
                    }

                    pathItem[verb.Method] = Operation(service, method, bindings[i], verb.Template, expanded, operationId, schemas, statusSchema);
                }
            }
        }

        return new JsonObject
        {
            ["openapi"] = OpenApiVersion,
            ["info"] = new JsonObject
            {
                ["title"] = info.Title,
                ["description"] = info.Description,
                ["version"] = info.Version,
            },
            ["tags"] = tags,
            ["paths"] = paths,
            // Every operation needs a bearer token (the platform's JWT); see docs/architecture.md, Security.
            ["security"] = new JsonArray(new JsonObject { [BearerScheme] = new JsonArray() }),
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components(),
                ["securitySchemes"] = new JsonObject
                {
                    [BearerScheme] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] = "An access token: `authorization: Bearer <jwt>` carrying `sub`, `role` and scope claims.",
                    },
                },
            },
        };
    }

    /// <summary>The document as indented UTF-8 JSON.</summary>
    public static byte[] GenerateUtf8(IReadOnlyList<ServiceDescriptor> services, OpenApiDocumentInfo info)
    {
        var document = Generate(services, info);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static JsonObject Operation(
        ServiceDescriptor service, MethodDescriptor method, HttpRule rule, string template, ExpandedPath path, string operationId, ProtoJsonSchemas schemas, JsonObject statusSchema)
    {
        var request = method.InputType;
        var parameters = new JsonArray();
        foreach (var parameter in path.Parameters)
        {
            parameters.Add(PathParameter(parameter, request, template));
        }

        // Body: "*" = the request minus the path fields; "field" = that field; none = everything else in the query.
        JsonObject? requestBody = null;
        foreach (var bound in path.BoundFields)
        {
            _ = JsonPath(request, bound, template); // every bound field must exist
        }

        var excluded = new HashSet<string>(path.BoundFields, StringComparer.Ordinal);
        if (rule.Body == "*")
        {
            var topLevel = path.BoundFields.Where(f => !f.Contains('.', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
            var schema = topLevel.Count == 0 ? schemas.Message(request) : schemas.Object(request, f => !topLevel.Contains(f.Name));
            var description = topLevel.Count == 0
                ? $"The whole `{request.FullName}`."
                : $"`{request.FullName}` without {string.Join(", ", topLevel.Select(f => "`" + request.FindFieldByName(f).JsonName + "`"))}, which the path carries.";
            requestBody = Body(schema, description);
        }
        else if (rule.Body.Length > 0)
        {
            var field = request.FindFieldByName(rule.Body)
                ?? throw new InvalidOperationException($"HTTP rule of {method.FullName} names body field '{rule.Body}', which {request.FullName} lacks.");
            excluded.Add(field.Name);
            requestBody = Body(schemas.Field(field), $"The request field `{field.JsonName}`; the other fields of `{request.FullName}` go in the path and query.");
        }

        if (rule.Body != "*")
        {
            AddQueryParameters(request, string.Empty, string.Empty, excluded, parameters, schemas, [request.FullName]);
        }

        var comment = Comments.Of(method);
        var summary = comment is null ? Comments.Humanize(method.Name) : Comments.FirstSentence(comment);
        var grpc = $"gRPC: `/{service.FullName}/{method.Name}`.";
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(service.Name),
            ["summary"] = summary,
            ["description"] = comment is null ? grpc : comment + "\n\n" + grpc,
            ["operationId"] = operationId,
        };
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (requestBody is not null)
        {
            operation["requestBody"] = requestBody;
        }

        operation["responses"] = new JsonObject
        {
            ["200"] = Response(method, rule, schemas),
            ["default"] = new JsonObject
            {
                ["description"] = "An error: a `google.rpc.Status` whose `code` sets the HTTP status (e.g. INVALID_ARGUMENT → 400, NOT_FOUND → 404) and whose `details` explain it.",
                ["content"] = new JsonObject { [Json] = new JsonObject { ["schema"] = statusSchema.DeepClone() } },
            },
        };
        return operation;
    }

    private static JsonObject Response(MethodDescriptor method, HttpRule rule, ProtoJsonSchemas schemas)
    {
        var output = method.OutputType;
        JsonObject schema;
        string what;
        if (rule.ResponseBody.Length > 0)
        {
            var field = output.FindFieldByName(rule.ResponseBody)
                ?? throw new InvalidOperationException($"HTTP rule of {method.FullName} names response body field '{rule.ResponseBody}', which {output.FullName} lacks.");
            schema = schemas.Field(field);
            what = $"the field `{field.JsonName}` of `{output.FullName}`";
        }
        else
        {
            schema = schemas.Message(output);
            what = $"`{output.FullName}`";
        }

        if (method.IsServerStreaming)
        {
            return new JsonObject
            {
                ["description"] = $"A stream of {what} messages. JSON transcoding writes each message as it is produced, as newline-delimited JSON "
                    + "(one JSON object per line) rather than a single JSON array; the array schema describes the sequence.",
                ["content"] = new JsonObject { [Json] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "array", ["items"] = schema } } },
            };
        }

        return new JsonObject
        {
            ["description"] = $"OK: {what}.",
            ["content"] = new JsonObject { [Json] = new JsonObject { ["schema"] = schema } },
        };
    }

    private static JsonObject Body(JsonObject schema, string description) => new()
    {
        ["description"] = description,
        ["required"] = true,
        ["content"] = new JsonObject { [Json] = new JsonObject { ["schema"] = schema } },
    };

    private static JsonObject PathParameter(PathParameter parameter, MessageDescriptor request, string template)
    {
        string description;
        if (parameter.FieldPath is null)
        {
            description = "A path segment matched by the route and bound to no request field.";
        }
        else
        {
            var field = JsonPath(request, parameter.FieldPath, template);
            description = parameter.FieldTemplate == "{" + parameter.Name + "}"
                ? $"The request field `{field}`."
                : $"The `{parameter.Name}` segment of the request field `{field}`: together the path segments form `{field}` = `{parameter.FieldTemplate}`.";
        }

        if (parameter.MultiSegment)
        {
            description += " Matches one or more segments.";
        }

        return new JsonObject
        {
            ["name"] = parameter.Name,
            ["in"] = "path",
            ["description"] = description,
            ["required"] = true,
            ["schema"] = new JsonObject { ["type"] = "string" },
        };
    }

    /// <summary>Adds every field not bound by the path or body that can travel in a query string (scalars, enums, repeated scalars, Timestamp, Duration, FieldMask, wrappers), descending into singular message fields.</summary>
    private static void AddQueryParameters(
        MessageDescriptor message, string protoPrefix, string jsonPrefix, HashSet<string> excluded, JsonArray parameters, ProtoJsonSchemas schemas, HashSet<string> visiting)
    {
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var protoPath = protoPrefix + field.Name;
            var jsonPath = jsonPrefix + field.JsonName;
            if (excluded.Contains(protoPath) || field.IsMap)
            {
                continue;
            }

            if (field.FieldType is FieldType.Message or FieldType.Group && !ProtoJsonSchemas.IsScalarLike(field.MessageType))
            {
                if (!field.IsRepeated && field.MessageType.File.Package != "google.protobuf" && visiting.Add(field.MessageType.FullName))
                {
                    AddQueryParameters(field.MessageType, protoPath + ".", jsonPath + ".", excluded, parameters, schemas, visiting);
                    visiting.Remove(field.MessageType.FullName);
                }

                continue;
            }

            var schema = field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = schemas.Value(field) } : schemas.Value(field);
            var description = Comments.Of(field);
            if (field.FieldType == FieldType.Message && field.MessageType.FullName == "google.protobuf.FieldMask")
            {
                description = (description is null ? string.Empty : description + " ")
                    + "A FieldMask: a comma-separated list of field paths in camelCase, e.g. `displayName,description`.";
            }

            var parameter = new JsonObject { ["name"] = jsonPath, ["in"] = "query" };
            if (description is not null)
            {
                parameter["description"] = description;
            }

            if (ProtoJsonSchemas.Behaviors(field).Contains(FieldBehavior.Required))
            {
                parameter["required"] = true;
            }

            parameter["schema"] = schema;
            parameters.Add(parameter);
        }
    }

    /// <summary>A bound proto field path in JSON spelling, checked against the request message.</summary>
    private static string JsonPath(MessageDescriptor request, string fieldPath, string template)
    {
        var message = request;
        var parts = new List<string>();
        foreach (var name in fieldPath.Split('.'))
        {
            var field = message?.FindFieldByName(name)
                ?? throw new InvalidOperationException($"Path template '{template}' binds '{fieldPath}', which {request.FullName} lacks.");
            parts.Add(field.JsonName);
            message = field.FieldType == FieldType.Message ? field.MessageType : null;
        }

        return string.Join('.', parts);
    }

    private static (string Method, string Template)? Verb(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        HttpRule.PatternOneofCase.Custom when string.Equals(rule.Custom.Kind, "HEAD", StringComparison.OrdinalIgnoreCase) => ("head", rule.Custom.Path),
        HttpRule.PatternOneofCase.Custom when string.Equals(rule.Custom.Kind, "OPTIONS", StringComparison.OrdinalIgnoreCase) => ("options", rule.Custom.Path),
        _ => null,
    };
}
