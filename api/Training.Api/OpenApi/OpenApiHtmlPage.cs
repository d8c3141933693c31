using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Training.Api.OpenApi;

/// <summary>
/// Renders an OpenAPI document as a small static HTML page: each tag with its operations' method,
/// path, summary and parameters. No scripts, no external resources.
/// </summary>
public static class OpenApiHtmlPage
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>The page for the UTF-8 JSON document <paramref name="documentUtf8"/>.</summary>
    public static string Render(ReadOnlyMemory<byte> documentUtf8)
    {
        var document = JsonNode.Parse(documentUtf8.Span)?.AsObject() ?? throw new ArgumentException("Not a JSON object.", nameof(documentUtf8));
        var title = (string?)document["info"]?["title"] ?? "API";
        var version = (string?)document["info"]?["version"] ?? string.Empty;
        var description = (string?)document["info"]?["description"] ?? string.Empty;

        var byTag = new Dictionary<string, List<(string Method, string Path, JsonObject Operation)>>(StringComparer.Ordinal);
        var tagOrder = new List<string>();
        foreach (var tag in document["tags"]?.AsArray() ?? [])
        {
            if ((string?)tag?["name"] is { } name && byTag.TryAdd(name, []))
            {
                tagOrder.Add(name);
            }
        }

        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is not JsonObject operation)
                {
                    continue;
                }

                var tag = (string?)operation["tags"]?[0] ?? "default";
                if (!byTag.TryGetValue(tag, out var list))
                {
                    list = [];
                    byTag[tag] = list;
                    tagOrder.Add(tag);
                }

                list.Add((method, path, operation));
            }
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Encode(title)).Append(' ').Append(Encode(version)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:80em;color:#222}\n")
            .Append("table{border-collapse:collapse;width:100%;margin-bottom:2em}\n")
            .Append("th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}\n")
            .Append("code{font-size:.95em}.m{font-weight:bold;font-family:monospace}.p{color:#555;font-size:.9em}\n")
            .Append(".get{color:#1565c0}.post{color:#2e7d32}.patch{color:#ef6c00}.put{color:#6a1b9a}.delete{color:#c62828}\n")
            .Append("</style>\n</head>\n<body>\n<h1>").Append(Encode(title)).Append(" <small>").Append(Encode(version)).Append("</small></h1>\n<p>")
            .Append(Encode(description)).Append("</p>\n<p>OpenAPI document: <a href=\"/openapi/v1.json\">/openapi/v1.json</a></p>\n");

        foreach (var tag in tagOrder)
        {
            var operations = byTag[tag];
            if (operations.Count == 0)
            {
                continue;
            }

            html.Append("<h2 id=\"").Append(Encode(tag)).Append("\">").Append(Encode(tag)).Append("</h2>\n<table>\n")
                .Append("<tr><th>Method</th><th>Path</th><th>Summary</th><th>Parameters</th></tr>\n");
            foreach (var (method, path, operation) in operations)
            {
                var parameters = (operation["parameters"]?.AsArray() ?? [])
                    .Select(p => $"{(string?)p?["name"]} ({(string?)p?["in"]})");
                var body = operation["requestBody"] is null ? string.Empty : "body";
                html.Append("<tr><td class=\"m ").Append(method).Append("\">").Append(method.ToUpperInvariant())
                    .Append("</td><td><code>").Append(Encode(path)).Append("</code></td><td>")
                    .Append(Encode((string?)operation["summary"] ?? string.Empty))
                    .Append("<br><span class=\"p\">").Append(Encode((string?)operation["operationId"] ?? string.Empty)).Append("</span></td><td class=\"p\">")
                    .Append(Encode(string.Join(", ", parameters.Append(body).Where(p => p.Length > 0))))
                    .Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
