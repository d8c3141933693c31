using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Training.Api.OpenApi;

/// <summary>
/// Builds OpenAPI 3.0 schemas for protobuf messages as the proto3 JSON mapping writes them
/// (camelCase names, 64-bit integers as strings, enums by name, well-known types in their special
/// forms) and collects every message and enum reached into <c>components/schemas</c>, named by
/// full proto name (<c>training.v1.Region</c>).
/// </summary>
internal sealed class ProtoJsonSchemas
{
    private const string AnyName = "google.protobuf.Any";

    private readonly Dictionary<string, JsonObject> components = new(StringComparer.Ordinal);

    /// <summary>The <c>$ref</c> target of a component.</summary>
    public static string RefPath(string name) => "#/components/schemas/" + name;

    /// <summary>A <c>$ref</c> schema to a component.</summary>
    public static JsonObject Ref(string name) => new() { ["$ref"] = RefPath(name) };

    /// <summary>The schema of a message used as a whole: inline for well-known types, else a <c>$ref</c> to its component.</summary>
    public JsonObject Message(MessageDescriptor message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (WellKnown(message) is { } special)
        {
            return special;
        }

        if (!components.ContainsKey(message.FullName))
        {
            components[message.FullName] = new JsonObject(); // placeholder first: messages may be recursive
            var schema = Object(message, static _ => true);
            var description = Comments.Of(message) ?? (message.FullName == "google.rpc.Status"
                ? "The error model: a google.rpc.Code, a developer-facing message and typed details "
                    + "(e.g. google.rpc.BadRequest with field violations, google.rpc.ErrorInfo, google.rpc.PreconditionFailure)."
                : null);
            if (description is not null)
            {
                // Object() may already have described the message's oneofs.
                var oneofs = (string?)schema["description"];
                schema.Remove("description");
                schema.Insert(0, "description", oneofs is null ? description : description + "\n\n" + oneofs);
            }

            components[message.FullName] = schema;
        }

        return Ref(message.FullName);
    }

    /// <summary>An object schema of <paramref name="message"/>'s fields accepted by <paramref name="include"/>.</summary>
    public JsonObject Object(MessageDescriptor message, Func<FieldDescriptor, bool> include)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(include);
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (!include(field))
            {
                continue;
            }

            properties[field.JsonName] = Field(field);
            if (Behaviors(field).Contains(FieldBehavior.Required))
            {
                required.Add(field.JsonName);
            }
        }

        var schema = new JsonObject { ["type"] = "object" };
        var oneofs = message.Oneofs.Where(o => !o.IsSynthetic).ToList();
        if (oneofs.Count > 0)
        {
            schema["description"] = string.Join(" ", oneofs.Select(o =>
                $"At most one of {string.Join(", ", o.Fields.Select(f => "`" + f.JsonName + "`"))} may be set ({o.Name})."));
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        return schema;
    }

    /// <summary>A field's schema including repetition, maps and its description, readOnly/writeOnly and deprecation.</summary>
    public JsonObject Field(FieldDescriptor field)
    {
        ArgumentNullException.ThrowIfNull(field);
        JsonObject schema;
        if (field.IsMap)
        {
            schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = Value(field.MessageType.FindFieldByNumber(2)) };
        }
        else if (field.IsRepeated)
        {
            schema = new JsonObject { ["type"] = "array", ["items"] = Value(field) };
        }
        else
        {
            schema = Value(field);
        }

        var decorations = new JsonObject();
        if (Comments.Of(field) is { } description)
        {
            decorations["description"] = description;
        }

        var behaviors = Behaviors(field);
        if (behaviors.Contains(FieldBehavior.OutputOnly))
        {
            decorations["readOnly"] = true;
        }
        else if (behaviors.Contains(FieldBehavior.InputOnly))
        {
            decorations["writeOnly"] = true;
        }

        if (field.GetOptions()?.Deprecated == true)
        {
            decorations["deprecated"] = true;
        }

        if (decorations.Count == 0)
        {
            return schema;
        }

        if (schema.ContainsKey("$ref"))
        {
            // OpenAPI 3.0 ignores siblings of $ref; wrap it.
            schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
        }

        foreach (var (key, value) in decorations.ToList())
        {
            decorations.Remove(key);
            schema[key] = value;
        }

        return schema;
    }

    /// <summary>The schema of one value of a field (an element, for repeated fields).</summary>
    public JsonObject Value(FieldDescriptor field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.FieldType switch
        {
            FieldType.Double => Number("double"),
            FieldType.Float => Number("float"),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64" },
            FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "string", ["format"] = "uint64" },
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0, ["maximum"] = uint.MaxValue },
            FieldType.Bool => new JsonObject { ["type"] = "boolean" },
            FieldType.String => new JsonObject { ["type"] = "string" },
            FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
            FieldType.Enum => Enum(field.EnumType),
            FieldType.Message or FieldType.Group => Message(field.MessageType),
            _ => throw new NotSupportedException($"Field {field.FullName} has unsupported type {field.FieldType}."),
        };
    }

    /// <summary>The schema of an enum: inline for google.protobuf.NullValue, else a <c>$ref</c> to a string component listing the value names.</summary>
    public JsonObject Enum(EnumDescriptor enumType)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        if (enumType.FullName == "google.protobuf.NullValue")
        {
            return new JsonObject { ["nullable"] = true, ["description"] = "JSON null." };
        }

        if (!components.ContainsKey(enumType.FullName))
        {
            var schema = new JsonObject();
            var description = Comments.Of(enumType);
            var valueNotes = enumType.Values
                .Select(v => Comments.Of(v) is { } note ? $"`{v.Name}`: {note}" : null)
                .OfType<string>()
                .ToList();
            if (valueNotes.Count > 0)
            {
                description = string.Join("\n\n", new[] { description }.Concat(valueNotes).OfType<string>());
            }

            if (description is not null)
            {
                schema["description"] = description;
            }

            schema["type"] = "string";
            schema["enum"] = new JsonArray(enumType.Values.Select(v => (JsonNode?)JsonValue.Create(v.Name)).ToArray());
            components[enumType.FullName] = schema;
        }

        return Ref(enumType.FullName);
    }

    /// <summary>Every component reached so far, sorted by name.</summary>
    public JsonObject Components()
    {
        var result = new JsonObject();
        foreach (var (name, schema) in components.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            result[name] = schema.DeepClone();
        }

        return result;
    }

    /// <summary>The field's <c>google.api.field_behavior</c> annotations.</summary>
    public static IReadOnlyCollection<FieldBehavior> Behaviors(FieldDescriptor field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var behaviors = field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior);
        return behaviors is null ? [] : behaviors.ToList();
    }

    /// <summary>True when the message is written in proto3 JSON as a single string (Timestamp, Duration, FieldMask) or scalar (wrappers).</summary>
    public static bool IsScalarLike(MessageDescriptor message) =>
        message.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask"
        || IsWrapper(message);

    private static bool IsWrapper(MessageDescriptor message) =>
        message.File.Package == "google.protobuf" && message.Name.EndsWith("Value", StringComparison.Ordinal)
        && message.Name is not ("Value" or "ListValue") && message.Fields.InFieldNumberOrder().Count == 1;

    private JsonObject? WellKnown(MessageDescriptor message)
    {
        switch (message.FullName)
        {
            case "google.protobuf.Timestamp":
                return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
            case "google.protobuf.Duration":
                return new JsonObject { ["type"] = "string", ["pattern"] = "^-?[0-9]+(\\.[0-9]{1,9})?s$", ["example"] = "3.5s" };
            case "google.protobuf.FieldMask":
                return new JsonObject { ["type"] = "string", ["example"] = "displayName,description" };
            case "google.protobuf.Struct":
                return new JsonObject { ["type"] = "object", ["additionalProperties"] = true };
            case "google.protobuf.Value":
                return new JsonObject { ["nullable"] = true };
            case "google.protobuf.ListValue":
                return new JsonObject { ["type"] = "array", ["items"] = new JsonObject() };
            case "google.protobuf.Empty":
                return new JsonObject { ["type"] = "object" };
            case AnyName:
                if (!components.ContainsKey(AnyName))
                {
                    components[AnyName] = new JsonObject
                    {
                        ["description"] = "A message of any type: its fields plus `@type`, the type URL, e.g. `type.googleapis.com/google.rpc.BadRequest`.",
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string" } },
                        ["required"] = new JsonArray("@type"),
                        ["additionalProperties"] = true,
                    };
                }

                return Ref(AnyName);
        }

        if (IsWrapper(message))
        {
            var schema = Value(message.FindFieldByNumber(1));
            schema["nullable"] = true;
            return schema;
        }

        return null;
    }

    private static JsonObject Number(string format) => new() { ["type"] = "number", ["format"] = format };
}
