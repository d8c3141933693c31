using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Training.EndToEnd.Tests;

/// <summary>Calls over HTTP/JSON (JSON transcoding) with a plain <see cref="HttpClient"/>.</summary>
internal static class HttpJson
{
    /// <summary>Sends a request with an optional JSON body; answers the status and the JSON body. Never a 500: that would be a bug.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
