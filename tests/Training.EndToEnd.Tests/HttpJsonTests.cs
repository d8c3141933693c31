using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Training.EndToEnd.Tests;

/// <summary>
/// The same API over HTTP/JSON (JSON transcoding) with a plain <see cref="HttpClient"/>: resources
/// created with POST and query-string ids, read, patched with an update mask, listed page by page,
/// the staff registry's custom methods and history stream; errors as HTTP status codes with a JSON
/// google.rpc.Status body. Transcoding maps InvalidArgument and FailedPrecondition to 400, NotFound
/// to 404, AlreadyExists and Aborted to 409.
/// </summary>
public sealed class HttpJsonTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";
    private const string PreconditionFailureType = "type.googleapis.com/google.rpc.PreconditionFailure";
    private const string ResourceInfoType = "type.googleapis.com/google.rpc.ResourceInfo";

    private static readonly string[] ThreeOptions = ["对", "错", "不确定"];
    private static readonly int[] FirstOption = [0];

    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task A_region_county_and_centre_are_created_read_and_patched_over_HTTP_JSON()
    {
        var id = Suffix();
        var requestId = Rid();
        var (status, region) = await Send(HttpMethod.Post, $"/v1/regions?regionId=sd-{id}&requestId={requestId}", new { displayName = "山东省", description = "省级" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"regions/sd-{id}", region.GetProperty("name").GetString());
        Assert.Equal("山东省", region.GetProperty("displayName").GetString());
        Assert.Equal("\"1\"", region.GetProperty("etag").GetString());

        // A retry with the same requestId answers the same and writes nothing.
        var (retryStatus, retried) = await Send(HttpMethod.Post, $"/v1/regions?regionId=sd-{id}&requestId={requestId}", new { displayName = "山东省", description = "省级" });
        Assert.Equal(HttpStatusCode.OK, retryStatus);
        Assert.Equal(region.GetRawText(), retried.GetRawText());

        var (_, county) = await Send(HttpMethod.Post, $"/v1/regions/sd-{id}/counties?countyId=zouping&requestId={Rid()}", new { displayName = "邹平市" });
        Assert.Equal($"regions/sd-{id}/counties/zouping", county.GetProperty("name").GetString());
        var (_, center) = await Send(HttpMethod.Post, $"/v1/regions/sd-{id}/counties/zouping/centers?centerId=t-town&requestId={Rid()}", new { displayName = "T镇便民服务中心", address = "T镇政府路1号", phone = "0543-4260000" });
        var centerName = $"regions/sd-{id}/counties/zouping/centers/t-town";
        Assert.Equal(centerName, center.GetProperty("name").GetString());
        Assert.False(center.GetProperty("archived").GetBoolean());

        var (getStatus, read) = await Send(HttpMethod.Get, $"/v1/{centerName}");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(center.GetRawText(), read.GetRawText());

        // Only the masked field changes; the etag moves on.
        var (patchStatus, patched) = await Send(HttpMethod.Patch, $"/v1/{centerName}?updateMask=address&requestId={Rid()}", new { displayName = "不应改变", address = "T镇新政府路8号", etag = "\"1\"" });
        Assert.Equal(HttpStatusCode.OK, patchStatus);
        Assert.Equal("T镇便民服务中心", patched.GetProperty("displayName").GetString());
        Assert.Equal("T镇新政府路8号", patched.GetProperty("address").GetString());
        Assert.Equal("0543-4260000", patched.GetProperty("phone").GetString());
        Assert.Equal("\"2\"", patched.GetProperty("etag").GetString());

        var (_, reread) = await Send(HttpMethod.Get, $"/v1/{centerName}");
        Assert.Equal(patched.GetRawText(), reread.GetRawText());

        var (regionPatchStatus, regionPatched) = await Send(HttpMethod.Patch, $"/v1/regions/sd-{id}?updateMask=description&requestId={Rid()}", new { description = "鲁" });
        Assert.Equal(HttpStatusCode.OK, regionPatchStatus);
        Assert.Equal("山东省", regionPatched.GetProperty("displayName").GetString());
        Assert.Equal("鲁", regionPatched.GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_updateMask_in_its_JSON_form_names_fields_in_lowerCamelCase()
    {
        // proto3 JSON maps a FieldMask to one string of comma-separated lowerCamelCase paths
        // ("displayName,description"), and Google's HTTP APIs take ?updateMask= that way.
        var id = Suffix();
        await Send(HttpMethod.Post, $"/v1/regions?regionId=cc-{id}&requestId={Rid()}", new { displayName = "河北省" });
        var (status, patched) = await Send(HttpMethod.Patch, $"/v1/regions/cc-{id}?updateMask=displayName,description&requestId={Rid()}", new { displayName = "冀", description = "河北" });
        Assert.True(status == HttpStatusCode.OK, $"PATCH ?updateMask=displayName,description answered {(int)status}: {patched.GetRawText()}");
        Assert.Equal("冀", patched.GetProperty("displayName").GetString());
        Assert.Equal("河北", patched.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Lists_are_followed_page_by_page_with_pageSize_and_pageToken_to_the_end()
    {
        var id = Suffix();
        await Send(HttpMethod.Post, $"/v1/regions?regionId=pg-{id}&requestId={Rid()}", new { displayName = "分页省" });
        await Send(HttpMethod.Post, $"/v1/regions/pg-{id}/counties?countyId=c&requestId={Rid()}", new { displayName = "县" });
        var expected = new List<string>();
        foreach (var center in new[] { "e", "a", "d", "b", "c" })
        {
            var (status, _) = await Send(HttpMethod.Post, $"/v1/regions/pg-{id}/counties/c/centers?centerId={center}&requestId={Rid()}", new { displayName = $"中心{center}" });
            Assert.Equal(HttpStatusCode.OK, status);
            expected.Add($"regions/pg-{id}/counties/c/centers/{center}");
        }

        var (names, pages) = await ListAll($"/v1/regions/pg-{id}/counties/c/centers", "centers", pageSize: 2);
        Assert.Equal(expected.Order(StringComparer.Ordinal), names);
        Assert.Equal(3, pages);

        // Regions too: every region of this host, each once, in name order.
        var (regions, regionPages) = await ListAll("/v1/regions", "regions", pageSize: 1);
        Assert.Contains($"regions/pg-{id}", regions);
        Assert.Equal(regions.Distinct().Order(StringComparer.Ordinal), regions);
        Assert.Equal(regions.Count, regionPages);
    }

    [Fact]
    public async Task Staff_are_registered_searched_transferred_and_their_history_read_and_streamed_over_HTTP_JSON()
    {
        var seed = await Seed.CreateAsync(fixture.Host, staffCount: 1);
        var batchRequestId = Rid();
        var ids = new[] { $"H-{seed.Suffix}-1", $"H-{seed.Suffix}-2", $"H-{seed.Suffix}-3" };
        var names = new[] { "王小明", "李明", "张三" };
        var (status, batch) = await Send(HttpMethod.Post, "/v1/staff:batchCreate", new
        {
            requestId = batchRequestId,
            requests = ids.Select((id, i) => new
            {
                staffMemberId = id,
                staffMember = new { displayName = names[i], center = seed.OtherCenter, post = "POST_HOTLINE_12345", phone = "0543-1234567" },
            }),
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, batch.GetProperty("createdCount").GetInt32());
        var results = batch.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(results, r => Assert.Equal(0, r.GetProperty("status").GetProperty("code").GetInt32()));
        Assert.Equal("STAFF_STATUS_ACTIVE", results[0].GetProperty("staffMember").GetProperty("status").GetString());

        var (_, member) = await Send(HttpMethod.Get, $"/v1/staff/{ids[0]}");
        Assert.Equal("王小明", member.GetProperty("displayName").GetString());
        Assert.Equal("POST_HOTLINE_12345", member.GetProperty("post").GetString());

        var (_, found) = await Send(HttpMethod.Get, $"/v1/{seed.OtherCenter}/staff?query={Uri.EscapeDataString("明")}");
        Assert.Equal([$"staff/{ids[0]}", $"staff/{ids[1]}"], found.GetProperty("staffMembers").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var (_, byNumber) = await Send(HttpMethod.Get, $"/v1/{seed.OtherCenter}/staff?query={ids[2].ToLowerInvariant()}");
        Assert.Equal([$"staff/{ids[2]}"], byNumber.GetProperty("staffMembers").EnumerateArray().Select(m => m.GetProperty("name").GetString()));

        var transferId = Rid();
        var (transferStatus, transferred) = await Send(HttpMethod.Post, $"/v1/staff/{ids[0]}:transfer", new { toCenter = seed.Center, reason = "岗位调整", requestId = transferId });
        Assert.Equal(HttpStatusCode.OK, transferStatus);
        Assert.Equal(seed.Center, transferred.GetProperty("center").GetString());
        var (_, atCenter) = await Send(HttpMethod.Get, $"/v1/{seed.Center}/staff?pageSize=1000");
        Assert.Contains($"staff/{ids[0]}", atCenter.GetProperty("staffMembers").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var (leaveStatus, onLeave) = await Send(HttpMethod.Post, $"/v1/staff/{ids[0]}:startLeave", new { reason = "培训", requestId = Rid() });
        Assert.Equal(HttpStatusCode.OK, leaveStatus);
        Assert.Equal("STAFF_STATUS_ON_LEAVE", onLeave.GetProperty("status").GetString());

        // History, one entry per page, then the same as a stream of JSON objects.
        var history = new List<JsonElement>();
        var token = string.Empty;
        do
        {
            var (pageStatus, page) = await Send(HttpMethod.Get, $"/v1/staff/{ids[0]}/history?pageSize=1&pageToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, pageStatus);
            history.AddRange(page.GetProperty("entries").EnumerateArray());
            token = page.GetProperty("nextPageToken").GetString() ?? string.Empty;
        }
        while (token.Length > 0);

        Assert.Equal(["1", "2", "3"], history.Select(e => e.GetProperty("version").ToString()));
        Assert.Equal(["staff.registered.v1", "staff.transferred.v1", "staff.leave-started.v1"], history.Select(e => e.GetProperty("eventType").GetString()));
        Assert.StartsWith(batchRequestId, history[0].GetProperty("requestId").GetString(), StringComparison.Ordinal);
        Assert.Equal(transferId, history[1].GetProperty("requestId").GetString());

        var streamed = await ReadStream($"/v1/staff/{ids[0]}/history:stream");
        Assert.Equal(history.Select(e => e.GetRawText()), streamed.Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task Errors_come_back_as_HTTP_status_codes_with_a_JSON_status_and_its_details()
    {
        var seed = await Seed.CreateAsync(fixture.Host, staffCount: 1);

        // InvalidArgument → 400 + BadRequest naming the field.
        var (status, body) = await Send(HttpMethod.Post, $"/v1/regions?regionId=Bad_Id&requestId={Rid()}", new { displayName = "坏" });
        AssertError(HttpStatusCode.BadRequest, 3, BadRequestType, status, body);
        Assert.Contains("region_id", Violations(body));
        (status, body) = await Send(HttpMethod.Post, "/v1/regions?regionId=no-request-id", new { displayName = "无" });
        AssertError(HttpStatusCode.BadRequest, 3, BadRequestType, status, body);
        Assert.Contains("request_id", Violations(body));
        (status, body) = await Send(HttpMethod.Get, $"/v1/{seed.Center}/staff?pageSize=1001");
        AssertError(HttpStatusCode.BadRequest, 3, BadRequestType, status, body);
        Assert.Contains("page_size", Violations(body));
        (status, body) = await Send(HttpMethod.Get, $"/v1/{seed.Center}/staff?pageToken=bogus");
        AssertError(HttpStatusCode.BadRequest, 3, BadRequestType, status, body);
        Assert.Contains("page_token", Violations(body));
        (status, body) = await Send(HttpMethod.Patch, $"/v1/{seed.StaffName(1)}?updateMask=center&requestId={Rid()}", new { center = seed.OtherCenter });
        AssertError(HttpStatusCode.BadRequest, 3, BadRequestType, status, body);
        Assert.Contains("update_mask", Violations(body));
        (status, body) = await Send(HttpMethod.Post, $"/v1/{seed.Bank}/items?itemId=tf&requestId={Rid()}", new
        {
            kind = "QUESTION_KIND_TRUE_FALSE",
            stem = "12345热线全天候受理。",
            options = ThreeOptions,
            correctOptions = FirstOption,
            difficulty = 1,
        });
        AssertError(HttpStatusCode.BadRequest, 3, BadRequestType, status, body);
        Assert.Contains("item.options", Violations(body));

        // NotFound → 404 + ResourceInfo, for unary and streaming methods alike.
        (status, body) = await Send(HttpMethod.Get, "/v1/staff/NOBODY-404");
        AssertError(HttpStatusCode.NotFound, 5, ResourceInfoType, status, body);
        (status, body) = await Send(HttpMethod.Get, "/v1/staff/NOBODY-404/history:stream");
        AssertError(HttpStatusCode.NotFound, 5, ResourceInfoType, status, body);

        // AlreadyExists → 409.
        (status, body) = await Send(HttpMethod.Post, $"/v1/staff?staffMemberId={seed.StaffId(1)}&requestId={Rid()}", new { displayName = "重复", center = seed.Center, post = "POST_GENERAL_SERVICES" });
        AssertError(HttpStatusCode.Conflict, 6, ResourceInfoType, status, body);

        // FailedPrecondition → 400 (transcoding's mapping) + PreconditionFailure.
        (status, body) = await Send(HttpMethod.Post, $"/v1/{seed.StaffName(1)}:transfer", new { toCenter = seed.Center, requestId = Rid() });
        AssertError(HttpStatusCode.BadRequest, 9, PreconditionFailureType, status, body);
        (status, body) = await Send(HttpMethod.Post, $"/v1/{seed.StaffName(1)}:endLeave", new { requestId = Rid() });
        AssertError(HttpStatusCode.BadRequest, 9, PreconditionFailureType, status, body);

        // Aborted (a stale etag) → 409.
        var (_, staff) = await Send(HttpMethod.Get, $"/v1/{seed.StaffName(1)}");
        var etag = staff.GetProperty("etag").GetString();
        (status, _) = await Send(HttpMethod.Patch, $"/v1/{seed.StaffName(1)}?updateMask=phone&requestId={Rid()}", new { phone = "110", etag });
        Assert.Equal(HttpStatusCode.OK, status);
        (status, body) = await Send(HttpMethod.Patch, $"/v1/{seed.StaffName(1)}?updateMask=phone&requestId={Rid()}", new { phone = "120", etag });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(10, body.GetProperty("code").GetInt32());
        var (_, after) = await Send(HttpMethod.Get, $"/v1/{seed.StaffName(1)}");
        Assert.Equal("110", after.GetProperty("phone").GetString());

        // What transcoding itself cannot read (a malformed number, JSON that is not JSON, an unknown
        // enum name) is refused as 400 InvalidArgument too — never a 500.
        (status, body) = await Send(HttpMethod.Get, $"/v1/{seed.Center}/staff?pageSize=many");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        (status, body) = await SendRaw(HttpMethod.Post, $"/v1/regions?regionId=broken&requestId={Rid()}", "{\"displayName\": ");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        (status, body) = await Send(HttpMethod.Post, $"/v1/staff?staffMemberId=ENUM-{seed.Suffix}&requestId={Rid()}", new { displayName = "枚举", center = seed.Center, post = "POST_ASTRONAUT" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        (status, _) = await Send(HttpMethod.Get, $"/v1/staff/ENUM-{seed.Suffix}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Healthz_says_Healthy()
    {
        using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_is_JSON_with_paths()
    {
        using var response = await Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/openapi/v1.json answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        using var document = JsonDocument.Parse(text);
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.RootElement.GetProperty("paths");
        Assert.Equal(JsonValueKind.Object, paths.ValueKind);
        var routes = paths.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(routes, r => r.StartsWith("/v1/regions", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Contains("history:stream", StringComparison.Ordinal));
    }

    private static void AssertError(HttpStatusCode expectedStatus, int expectedCode, string detailType, HttpStatusCode status, JsonElement body)
    {
        Assert.True(status == expectedStatus, $"Expected HTTP {(int)expectedStatus}, got {(int)status}: {body.GetRawText()}");
        Assert.Equal(expectedCode, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Contains(detailType, body.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("@type").GetString()));
    }

    private static List<string?> Violations(JsonElement body) =>
    [
        .. body.GetProperty("details").EnumerateArray()
            .Where(d => d.GetProperty("@type").GetString() == BadRequestType)
            .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray())
            .Select(v => v.GetProperty("field").GetString()),
    ];

    private async Task<(List<string> Names, int Pages)> ListAll(string path, string collection, int pageSize)
    {
        var names = new List<string>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var (status, page) = await Send(HttpMethod.Get, $"{path}?pageSize={pageSize}&pageToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, status);
            pages++;
            var items = page.TryGetProperty(collection, out var array) ? array.EnumerateArray().ToList() : [];
            Assert.InRange(items.Count, 1, pageSize);
            names.AddRange(items.Select(i => i.GetProperty("name").GetString()!));
            token = page.GetProperty("nextPageToken").GetString() ?? string.Empty;
        }
        while (token.Length > 0);

        return (names, pages);
    }

    /// <summary>Sends a request; answers the status and the JSON body. Never a 500: that would be a bug.</summary>
    private Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, object? body = null) => HttpJson.SendAsync(Http, method, path, body);

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendRaw(HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Reads a server-streaming method: one JSON object per message, read as they arrive.</summary>
    private async Task<List<JsonElement>> ReadStream(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var messages = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                using var document = JsonDocument.Parse(line);
                messages.Add(document.RootElement.Clone());
            }
        }

        return messages;
    }

    private static string Rid() => Seed.RequestId();

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];
}
