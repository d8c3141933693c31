using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Kiosk check-in end to end, with the kiosk's own device token: staff members carrying cards (registered with
/// card_id over the API), a running batch at T town with a session about to start in the kiosk's room (set up through
/// CourseBatchService), and check-ins by card over gRPC and HTTP/JSON, a replay, and the refusals.
/// </summary>
public sealed class CheckInTests(CheckInFixture fixture) : IClassFixture<CheckInFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    [Fact]
    public async Task A_staff_member_checks_in_by_card_over_gRPC_and_the_same_scan_again_is_the_original_result()
    {
        var kiosk = new CheckInService.CheckInServiceClient(Host.ChannelFor(fixture.KioskToken));
        var scan = new KioskScan { CardId = fixture.Card(1), IdempotencyKey = Seed.RequestId(), ScanTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };

        var result = await kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk, Scan = scan });

        Assert.Equal((CheckInOutcome.Accepted, AttendanceMark.Present, fixture.Staff(1), "持卡员工1", fixture.Session), (result.Outcome, result.Mark, result.StaffMember, result.StaffDisplayName, result.Session));
        Assert.NotNull(result.RecordTime);
        var again = await kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk, Scan = scan });
        Assert.Equal(CheckInOutcome.Duplicate, again.Outcome);
        Assert.Equal((result.Mark, result.RecordTime), (again.Mark, again.RecordTime));

        // Recorded once, on the session's attendance.
        var attendance = await Host.CourseBatches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = fixture.Session });
        Assert.Single(attendance.Records, r => r.StaffMember == fixture.Staff(1));
    }

    [Fact]
    public async Task A_staff_member_checks_in_by_card_over_HTTP_JSON_and_a_replay_over_HTTP_JSON_answers_each_record_in_order()
    {
        var http = Host.HttpFor(fixture.KioskToken);
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        var (status, body) = await Post(http, $"/v1/{fixture.Kiosk}:checkIn", $$$"""{"scan":{"cardId":"{{{fixture.Card(2)}}}","scanTime":"{{{now}}}","idempotencyKey":"{{{Seed.RequestId()}}}"}}""");
        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        Assert.Equal("CHECK_IN_OUTCOME_ACCEPTED", body.GetProperty("outcome").GetString());
        Assert.Equal(fixture.Staff(2), body.GetProperty("staffMember").GetString());

        var unknown = "NO-" + Seed.RequestId()[..8];
        (status, body) = await Post(http, $"/v1/{fixture.Kiosk}:replayCheckIns", $$"""
            {"scans":[
              {"cardId":"{{fixture.Card(3)}}","scanTime":"{{now}}","idempotencyKey":"r-{{Seed.RequestId()}}"},
              {"cardId":"{{unknown}}","scanTime":"{{now}}","idempotencyKey":"r-{{Seed.RequestId()}}"},
              {"qrPayload":"{{fixture.Staff(2)}}","scanTime":"{{now}}","idempotencyKey":"r-{{Seed.RequestId()}}"}
            ]}
            """);
        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(
            ["CHECK_IN_OUTCOME_ACCEPTED", "CHECK_IN_OUTCOME_REJECTED", "CHECK_IN_OUTCOME_DUPLICATE"],
            results.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal("CHECK_IN_REJECTION_UNKNOWN_CREDENTIAL", results[1].GetProperty("rejection").GetString());
        Assert.Equal([fixture.Staff(3), fixture.Staff(2)], new[] { results[0], results[2] }.Select(r => r.GetProperty("staffMember").GetString()));
    }

    [Fact]
    public async Task Another_kiosks_name_in_the_request_is_PermissionDenied_and_records_nothing()
    {
        var kiosk = new CheckInService.CheckInServiceClient(Host.ChannelFor(fixture.KioskToken));
        var scan = new KioskScan { CardId = fixture.Card(4), IdempotencyKey = Seed.RequestId(), ScanTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };

        await Expect.Refused(StatusCode.PermissionDenied, () => kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.OtherKiosk, Scan = scan }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => kiosk.ReplayCheckInsAsync(new ReplayCheckInsRequest { Kiosk = fixture.OtherKiosk, Scans = { scan } }).ResponseAsync);

        // Nor may a person check trainees in.
        var manager = new CheckInService.CheckInServiceClient(Host.ChannelFor(Host.TokenFor("center-manager", fixture.Seed.Center)));
        await Expect.Refused(StatusCode.PermissionDenied, () => manager.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk, Scan = scan }).ResponseAsync);

        var attendance = await Host.CourseBatches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = fixture.Session });
        Assert.DoesNotContain(attendance.Records, r => r.StaffMember == fixture.Staff(4));
    }

    [Fact]
    public async Task A_replay_over_500_records_is_InvalidArgument_naming_the_limit_and_an_empty_payload_is_InvalidArgument()
    {
        var kiosk = new CheckInService.CheckInServiceClient(Host.ChannelFor(fixture.KioskToken));
        var tooMany = new ReplayCheckInsRequest { Kiosk = fixture.Kiosk };
        tooMany.Scans.AddRange(Enumerable.Range(0, 501).Select(i => new KioskScan { CardId = fixture.Card(5), IdempotencyKey = $"{Seed.RequestId()}-{i}", ScanTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) }));

        var badRequest = await Expect.InvalidArgument("scans", () => kiosk.ReplayCheckInsAsync(tooMany).ResponseAsync);
        Assert.Contains("500", Assert.Single(badRequest.FieldViolations).Description, StringComparison.Ordinal);

        await Expect.InvalidArgument("scans", () => kiosk.ReplayCheckInsAsync(new ReplayCheckInsRequest { Kiosk = fixture.Kiosk }).ResponseAsync);
        await Expect.InvalidArgument("scan", () => kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk }).ResponseAsync);
        await Expect.InvalidArgument("scan.credential", () => kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk, Scan = new KioskScan() }).ResponseAsync);

        var (status, body) = await Post(Host.HttpFor(fixture.KioskToken), $"/v1/{fixture.Kiosk}:checkIn", "{}");
        Assert.True(status == HttpStatusCode.BadRequest, body.GetRawText());

        var attendance = await Host.CourseBatches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = fixture.Session });
        Assert.DoesNotContain(attendance.Records, r => r.StaffMember == fixture.Staff(5));
    }

    [Fact]
    public async Task A_refused_check_in_is_NotFound_for_an_unknown_card_and_FailedPrecondition_naming_the_rejection_otherwise()
    {
        var kiosk = new CheckInService.CheckInServiceClient(Host.ChannelFor(fixture.KioskToken));
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);

        var info = await Expect.NotFound(() => kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk, Scan = new KioskScan { CardId = "NO-SUCH-CARD", IdempotencyKey = Seed.RequestId(), ScanTime = now } }).ResponseAsync);
        Assert.Equal("cards/NO-SUCH-CARD", info.ResourceName);

        // Seed staff member 1 is not enrolled in the batch.
        var status = await Expect.Refused(StatusCode.FailedPrecondition, () => kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk, Scan = new KioskScan { StaffNumber = fixture.Seed.StaffId(1), IdempotencyKey = Seed.RequestId(), ScanTime = now } }).ResponseAsync);
        Assert.Equal("CHECK_IN_REJECTION_NOT_ENROLLED", Assert.Single(status.GetDetail<PreconditionFailure>().Violations).Type);

        status = await Expect.Refused(StatusCode.FailedPrecondition, () => kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk, Scan = new KioskScan { CardId = fixture.Card(6), IdempotencyKey = Seed.RequestId(), ScanTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-6)) } }).ResponseAsync);
        Assert.Equal("CHECK_IN_REJECTION_NO_SESSION_IN_ROOM", Assert.Single(status.GetDetail<PreconditionFailure>().Violations).Type);

        await Expect.InvalidArgument("scan.scan_time", () => kiosk.CheckInAsync(new CheckInRequest { Kiosk = fixture.Kiosk, Scan = new KioskScan { CardId = fixture.Card(6), IdempotencyKey = Seed.RequestId(), ScanTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(20)) } }).ResponseAsync);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"POST {path} answered {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}

/// <summary>
/// One seeded host with a kiosk (and a second one) in T town's training room, six staff members with cards enrolled in a
/// running batch (the seed's batch shape) whose session in that room starts in ten minutes (so a scan now is PRESENT).
/// </summary>
public sealed class CheckInFixture : IAsyncLifetime
{
    /// <summary>The room of the seed's offline sessions (<see cref="Seed.NewSession"/>).</summary>
    public const string Room = "二楼培训室";
    private const int CardHolders = 6;

    public TrainingHostProcess Host { get; private set; } = null!;

    internal Seed Seed { get; private set; } = null!;

    public string Kiosk { get; private set; } = string.Empty;

    public string KioskToken { get; private set; } = string.Empty;

    /// <summary>Another kiosk of the same centre and room.</summary>
    public string OtherKiosk { get; private set; } = string.Empty;

    public string Session { get; private set; } = string.Empty;

    public string Card(int i) => $"CARD-{Seed.Suffix}-{i}";

    public string Staff(int i) => $"staff/CH-{Seed.Suffix}-{i}";

    public async Task InitializeAsync()
    {
        Host = await TrainingHostProcess.StartAsync();
        Seed = await Seed.CreateAsync(Host, staffCount: 1);
        for (var i = 1; i <= CardHolders; i++)
        {
            var member = await Host.Staff.CreateStaffMemberAsync(new CreateStaffMemberRequest
            {
                StaffMemberId = Staff(i)["staff/".Length..],
                StaffMember = new StaffMember { DisplayName = $"持卡员工{i}", Center = Seed.Center, Post = Post.Hotline12345, CardId = Card(i) },
                RequestId = Seed.RequestId(),
            });
            Assert.Equal(Card(i), member.CardId);
        }

        var kiosks = new KioskService.KioskServiceClient(Host.Channel);
        var kiosk = await kiosks.RegisterKioskAsync(new RegisterKioskRequest { Parent = Seed.Center, KioskId = "room-2", Kiosk = new Kiosk { DisplayName = "二楼培训室一号机", Room = Room }, RequestId = Seed.RequestId() });
        (Kiosk, KioskToken) = (kiosk.Name, kiosk.DeviceToken);
        OtherKiosk = (await kiosks.RegisterKioskAsync(new RegisterKioskRequest { Parent = Seed.Center, KioskId = "room-2b", Kiosk = new Kiosk { DisplayName = "二楼培训室二号机", Room = Room }, RequestId = Seed.RequestId() })).Name;

        var batch = await Seed.CreateBatchAsync(Host, Seed.Center, "checkin-1", open: true, [.. Enumerable.Range(1, CardHolders).Select(Staff)]);
        var session = Seed.NewSession(StageKind.Theory, days: 0);
        (session.StartTime, session.EndTime) = (DateTimeOffset.UtcNow.AddMinutes(10).ToTimestamp(), DateTimeOffset.UtcNow.AddHours(2).ToTimestamp());
        Session = await Seed.AddSessionAsync(Host, batch, "theory-now", session);
        await Host.CourseBatches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
