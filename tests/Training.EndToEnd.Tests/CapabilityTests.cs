using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>Satisfaction results, the capability profile and the archive export against the real host, over gRPC and HTTP/JSON.</summary>
public sealed class CapabilityTests(SeededHostFixture fixture) : IClassFixture<SeededHostFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    private Seed Seed => fixture.Seed;

    private RecordSatisfactionResultRequest Satisfaction(string staff, string resultId) => new()
    {
        StaffMember = staff,
        Framework = Seed.Framework,
        Competency = "hotline-12345",
        ResultId = resultId,
        Rating = 5,
        ObserveTime = DateTimeOffset.UtcNow.AddMinutes(-2).ToTimestamp(),
        RequestId = Seed.RequestId(),
    };

    [Fact]
    public async Task Satisfaction_results_from_the_hotline_system_move_the_profile_read_over_gRPC_and_HTTP_JSON()
    {
        var staff = Seed.StaffName(1);
        var hotline = new CapabilityService.CapabilityServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Integration, Seed.Region)));
        var first = await hotline.RecordSatisfactionResultAsync(Satisfaction(staff, "call-1"));
        Assert.Equal(("satisfaction/call-1", 1.0), (first.EvidenceId, first.Score));
        await hotline.RecordSatisfactionResultAsync(Satisfaction(staff, "call-1"));
        var second = Satisfaction(staff, "call-2");
        second.Satisfied = true;
        await hotline.RecordSatisfactionResultAsync(second);
        var third = Satisfaction(staff, "call-3");
        third.Rating = 3;
        await hotline.RecordSatisfactionResultAsync(third);

        var profile = await Host.Capability.GetCapabilityProfileAsync(new GetCapabilityProfileRequest { Name = $"{staff}/capabilityProfile", Framework = Seed.Framework });
        var level = Assert.Single(profile.Competencies, c => c.Competency == "hotline-12345");
        Assert.Equal(3, level.EvidenceCount);
        Assert.False(level.Claimed, "three satisfaction results weigh 0.3, under the minimum");

        var (status, body) = await HttpJson.SendAsync(Host.Http, HttpMethod.Get, $"/v1/{staff}/capabilityProfile?framework={Seed.Framework}");
        Assert.Equal(HttpStatusCode.OK, status);
        var overHttp = body.GetProperty("competencies").EnumerateArray().Single(c => c.GetProperty("competency").GetString() == "hotline-12345");
        Assert.Equal(3, overHttp.GetProperty("evidenceCount").GetInt32());

        // Bad input writes nothing: unknown competency, future time, rating off the scale, no outcome.
        var before = await Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = staff });
        var unknown = Satisfaction(staff, "call-x1");
        unknown.Competency = "no-such-competency";
        var future = Satisfaction(staff, "call-x2");
        future.ObserveTime = DateTimeOffset.UtcNow.AddDays(1).ToTimestamp();
        var offScale = Satisfaction(staff, "call-x3");
        offScale.Rating = 6;
        var none = Satisfaction(staff, "call-x4");
        none.ClearOutcome();
        foreach (var bad in new[] { unknown, future, offScale, none })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => hotline.RecordSatisfactionResultAsync(bad).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        }

        var futureProfile = await Assert.ThrowsAsync<RpcException>(() => Host.Capability.GetCapabilityProfileAsync(
            new GetCapabilityProfileRequest { Name = $"{staff}/capabilityProfile", Framework = Seed.Framework, AsOfTime = DateTimeOffset.UtcNow.AddDays(2).ToTimestamp() }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, futureProfile.StatusCode);
        Assert.Equal(before.Etag, (await Host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = staff })).Etag);

        // A centre manager may not record satisfaction (the third-party system does).
        var manager = new CapabilityService.CapabilityServiceClient(Host.ChannelFor(Host.TokenFor(Roles.CenterManager, Seed.Center)));
        var refused = await Assert.ThrowsAsync<RpcException>(() => manager.RecordSatisfactionResultAsync(Satisfaction(staff, "call-m")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task The_archive_exports_every_event_in_order_with_the_batches_attendance_as_CSV_and_JSON_and_a_trainee_reads_only_their_own()
    {
        // Enrolled (the staff record), absent at a closed session, marked present and corrected to late by a manager
        // with a reason (the batch), then evidence (the staff record): the archive merges both by time.
        var staff = Seed.StaffName(2);
        var batch = await Seed.CreateBatchAsync(Host, Seed.Center, "archive-batch", true, staff);
        var theory = Seed.SessionOf(batch, "theory-1");
        var manager = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(Host.TokenAs("manager-archive", Roles.CenterManager, Seed.Center)));
        await manager.RecordAttendanceAsync(new RecordAttendanceRequest { Session = theory, StaffMember = staff, Mark = AttendanceMark.Present, RequestId = Seed.RequestId() });
        await manager.RecordAttendanceAsync(new RecordAttendanceRequest { Session = theory, StaffMember = staff, Mark = AttendanceMark.Late, Reason = "签到晚了十分钟", RequestId = Seed.RequestId() });
        var hotline = new CapabilityService.CapabilityServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Integration, Seed.Region)));
        await hotline.RecordSatisfactionResultAsync(Satisfaction(staff, "archive-1"));
        var history = (await Host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = staff, PageSize = 1000 })).Entries;

        // gRPC: chunks that together are the CSV document, one row per event, in time order.
        var chunks = new List<ArchiveChunk>();
        using (var call = Host.Capability.ExportStaffArchive(new ExportStaffArchiveRequest { Name = staff, Format = ArchiveFormat.Csv }))
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            {
                chunks.Add(chunk);
            }
        }

        var csv = string.Concat(chunks.Select(c => c.Data.ToStringUtf8()));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("version,record_time,source,event_type,actor,role,client,request_id,summary", lines[0]);
        var rows = lines.Skip(1).Select(l => (Line: l, Cells: l.Split(','))).ToList();
        Assert.Equal(history.Select(h => h.EventType), rows.Where(r => r.Cells[2] == "staff record").Select(r => r.Cells[3]));
        Assert.Equal(rows.Select(r => r.Cells[1]).Order(StringComparer.Ordinal), rows.Select(r => r.Cells[1]));
        int Row(string source, string eventType, string text) =>
            rows.FindIndex(r => r.Cells[2] == source && r.Cells[3] == eventType && r.Line.Contains(text, StringComparison.Ordinal));
        var enrolled = Row("staff record", "staff.enrolment-changed.v1", batch);
        var absent = Row(batch, "batch.session-closed.v1", "closed-1");
        var marked = Row(batch, "batch.attendance-marked.v1", "Marked Present for theory-1 by manager-archive");
        var corrected = Row(batch, "batch.attendance-marked.v1", "Corrected Present → Late for theory-1 by manager-archive: 签到晚了十分钟");
        var evidence = Row("staff record", "staff.evidence-recorded.v1", string.Empty);
        Assert.True(enrolled >= 0 && enrolled < absent && absent < marked && marked < corrected && corrected < evidence, $"rows out of order: {enrolled}, {absent}, {marked}, {corrected}, {evidence}\n{csv}");
        Assert.Equal(("manager-archive", Roles.CenterManager), (rows[corrected].Cells[4], rows[corrected].Cells[5]));
        Assert.Contains(",integration,", rows[evidence].Line, StringComparison.Ordinal);

        // Plain HTTP: the same document; JSON parses and holds the same rows with who and why.
        var trainee = Host.HttpFor(Host.TokenFor(Roles.Trainee, staff, Seed.Center));
        using var csvResponse = await trainee.GetAsync(new Uri($"/v1/{staff}/archive.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(csv, await csvResponse.Content.ReadAsStringAsync());
        using var jsonResponse = await trainee.GetAsync(new Uri($"/v1/{staff}/archive.json", UriKind.Relative));
        using var json = JsonDocument.Parse(await jsonResponse.Content.ReadAsStringAsync());
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(rows.Select(r => (r.Cells[2], r.Cells[3])), items.Select(e => (e.GetProperty("source").GetString()!, e.GetProperty("event_type").GetString()!)));
        Assert.Equal(history.Select(h => h.Version), items.Where(e => e.GetProperty("source").GetString() == "staff record").Select(e => e.GetProperty("version").GetInt64()));
        var correction = items[corrected];
        Assert.Equal(("manager-archive", batch), (correction.GetProperty("actor").GetString(), correction.GetProperty("source").GetString()));
        Assert.Contains("签到晚了十分钟", correction.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // Another's archive: 403 with a google.rpc.Status body (code 7, PERMISSION_DENIED); no token: 401; unknown staff: 404.
        using var other = await trainee.GetAsync(new Uri($"/v1/{Seed.StaffName(3)}/archive.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("\"code\": 7", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var anonymous = await Host.HttpFor(null).GetAsync(new Uri($"/v1/{staff}/archive.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var missing = await Host.Http.GetAsync(new Uri("/v1/staff/NOBODY-1/archive.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var traineeGrpc = new CapabilityService.CapabilityServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, staff, Seed.Center)));
        var denied = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = traineeGrpc.ExportStaffArchive(new ExportStaffArchiveRequest { Name = Seed.StaffName(3), Format = ArchiveFormat.Json });
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }
}
