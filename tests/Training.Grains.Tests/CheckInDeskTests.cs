using Training.Grains.Kiosks;

namespace Training.Grains.Tests;

/// <summary>The check-in desk's own rules, without a cluster.</summary>
public sealed class CheckInRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    private static KioskScan Scan(string credential = "ZP-0001", DateTimeOffset? at = null, string key = "k-1", string? session = null, CredentialKind kind = CredentialKind.StaffNumber) =>
        new(kind, credential, at ?? Now, key, session);

    private static RoomSession Session(string id, DateTimeOffset start, CheckInPolicy? policy = null) =>
        new($"regions/r/counties/c/centers/t/batches/b/sessions/{id}", "regions/r/counties/c/centers/t/batches/b", id, start, start.AddHours(2), policy ?? CheckInPolicy.Default);

    [Fact]
    public void A_well_formed_scan_passes_and_each_malformed_part_is_named()
    {
        Assert.Null(CheckInRules.Malformed(Scan(), Now));
        Assert.Null(CheckInRules.Malformed(Scan(at: Now.AddHours(23)), Now));
        Assert.Null(CheckInRules.Malformed(Scan(session: "regions/r/counties/c/centers/t/batches/b/sessions/s1"), Now));

        Assert.Contains("credential kind", CheckInRules.Malformed(Scan(kind: 0), Now), StringComparison.Ordinal);
        Assert.Contains("credential", CheckInRules.Malformed(Scan(" "), Now), StringComparison.Ordinal);
        Assert.Contains("credential", CheckInRules.Malformed(Scan(new string('1', 201)), Now), StringComparison.Ordinal);
        Assert.Contains("idempotency key", CheckInRules.Malformed(Scan(key: string.Empty), Now), StringComparison.Ordinal);
        Assert.Contains("idempotency key", CheckInRules.Malformed(Scan(key: new string('k', 101)), Now), StringComparison.Ordinal);
        Assert.Contains("more than a day ahead", CheckInRules.Malformed(Scan(at: Now.AddDays(1).AddSeconds(1)), Now), StringComparison.Ordinal);
        Assert.Contains("before 2000", CheckInRules.Malformed(Scan(at: new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.Zero)), Now), StringComparison.Ordinal);
        Assert.Contains("session name", CheckInRules.Malformed(Scan(session: "regions/r/batches/b/sessions/s1"), Now), StringComparison.Ordinal);
    }

    [Fact]
    public void A_staff_number_or_QR_payload_names_a_staff_member_and_junk_names_none()
    {
        Assert.Equal("staff/ZP-0001", CheckInRules.StaffNameOf(CredentialKind.StaffNumber, " ZP-0001 "));
        Assert.Equal("staff/ZP-0001", CheckInRules.StaffNameOf(CredentialKind.QrCode, "staff/ZP-0001"));
        Assert.Equal("staff/ZP-0001", CheckInRules.StaffNameOf(CredentialKind.QrCode, "ZP-0001"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.StaffNumber, "staff/ZP-0001"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.QrCode, "https://example.org/?id=1"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.QrCode, "staff/../x"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.Card, "CARD-1"));
        Assert.Null(CheckInRules.StaffNameOf(CredentialKind.StaffNumber, new string('1', 41)));
    }

    [Fact]
    public void A_session_name_splits_into_batch_and_id()
    {
        Assert.Equal(("regions/r/counties/c/centers/t/batches/b", "s-1"), CheckInRules.SplitSessionName("regions/r/counties/c/centers/t/batches/b/sessions/s-1"));
        Assert.Null(CheckInRules.SplitSessionName("regions/r/counties/c/centers/t/batches/b/sessions/"));
        Assert.Null(CheckInRules.SplitSessionName("regions/r/counties/c/centers/t/batches/b/sessions/s/x"));
        Assert.Null(CheckInRules.SplitSessionName("regions/r/counties/c/centers/t/kiosks/b/sessions/s"));
        Assert.Null(CheckInRules.SplitSessionName("s1"));
    }

    [Fact]
    public void The_window_with_skew_decides_and_of_several_sessions_the_nearest_start_wins()
    {
        var nine = Now.AddHours(1);
        var session = Session("s1", nine); // window 08:30..09:30, ± 2 min skew

        Assert.Equal("s1", CheckInRules.SessionAt([session], nine.AddMinutes(-32))?.SessionId);
        Assert.Null(CheckInRules.SessionAt([session], nine.AddMinutes(-32).AddSeconds(-1)));
        Assert.Equal("s1", CheckInRules.SessionAt([session], nine.AddMinutes(32))?.SessionId);
        Assert.Null(CheckInRules.SessionAt([session], nine.AddMinutes(32).AddSeconds(1)));

        var later = Session("s2", nine.AddMinutes(50)); // window 09:20..10:10
        Assert.Equal("s1", CheckInRules.SessionAt([later, session], nine.AddMinutes(24))?.SessionId);
        Assert.Equal("s2", CheckInRules.SessionAt([session, later], nine.AddMinutes(26))?.SessionId);
        Assert.Equal("s1", CheckInRules.SessionAt([later, session], nine.AddMinutes(25))?.SessionId); // a tie: the earlier
        Assert.Null(CheckInRules.SessionAt([session, later], nine.AddHours(3)));
        Assert.Null(CheckInRules.SessionAt([], nine));

        var strict = Session("s3", nine, new CheckInPolicy(EarlyMinutes: 0, OnTimeMinutes: 0, LateMinutes: 0, ClockSkewSeconds: 0));
        Assert.Equal("s3", CheckInRules.SessionAt([strict], nine)?.SessionId);
        Assert.Null(CheckInRules.SessionAt([strict], nine.AddSeconds(1)));
    }
}

/// <summary>The check-in desk in a cluster: credentials, sessions of the room, grouping by batch, replays.</summary>
public sealed class CheckInDeskTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string Room = TestData.Room;

    private readonly IGrainFactory grains = fixture.Grains;

    private ICheckInDeskGrain Desk => grains.GetGrain<ICheckInDeskGrain>(0);

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    private static KioskScan Scan(CredentialKind kind, string credential, DateTimeOffset? at = null, string? key = null, string? session = null) =>
        new(kind, credential, at ?? Now, key ?? Guid.NewGuid().ToString("N"), session);

    [Fact]
    public async Task An_unknown_card_QR_code_or_staff_number_is_UnknownCredential_and_a_known_one_resolves()
    {
        var (kiosk, center) = await KioskAsync();
        var staff = await StaffAsync(center, "王芳", card: TestData.Unique("CARD"));
        var id = staff.Name["staff/".Length..];

        var results = await Desk.Replay(kiosk,
        [
            Scan(CredentialKind.Card, TestData.Unique("NO-CARD")),
            Scan(CredentialKind.QrCode, "staff/" + TestData.Unique("NOBODY")),
            Scan(CredentialKind.StaffNumber, TestData.Unique("NOBODY")),
            Scan(CredentialKind.QrCode, "https://example.org/not-a-badge"),
            Scan(CredentialKind.Card, staff.CardId),
            Scan(CredentialKind.QrCode, staff.Name),
            Scan(CredentialKind.QrCode, id),
            Scan(CredentialKind.StaffNumber, id),
        ], TestData.Command());

        Assert.Equal(Enumerable.Range(0, 8), results.Select(r => r.Index));
        Assert.All(results.Take(4), r => Assert.Equal((CheckInOutcome.Rejected, CheckInRejection.UnknownCredential, string.Empty, string.Empty), (r.Outcome, r.Rejection, r.StaffName, r.StaffDisplayName)));

        // Known: the staff member is named (there is no session in the room, which is the next thing the desk says).
        Assert.All(results.Skip(4), r => Assert.Equal((CheckInRejection.NoSessionInRoom, staff.Name, "王芳"), (r.Rejection, r.StaffName, r.StaffDisplayName)));
    }

    [Fact]
    public async Task A_scan_with_no_session_in_the_room_is_NoSessionInRoom_one_malformed_is_Invalid_and_one_far_ahead_ScanInFuture()
    {
        var (kiosk, center) = await KioskAsync();
        var staff = await StaffAsync(center, "李娜");

        var results = await Desk.Replay(kiosk,
        [
            Scan(CredentialKind.StaffNumber, staff.Name["staff/".Length..], key: "k-1"),
            Scan(CredentialKind.StaffNumber, staff.Name["staff/".Length..], at: Now.AddDays(2), key: "k-2"),
            Scan(CredentialKind.StaffNumber, staff.Name["staff/".Length..], at: new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero), key: "k-3"),
            Scan(CredentialKind.StaffNumber, staff.Name["staff/".Length..], at: Now.AddHours(3), key: "k-4"),
            Scan(CredentialKind.StaffNumber, string.Empty, key: "k-5"),
        ], TestData.Command());

        Assert.Equal(["k-1", "k-2", "k-3", "k-4", "k-5"], results.Select(r => r.IdempotencyKey));
        Assert.Equal(
            [CheckInRejection.NoSessionInRoom, CheckInRejection.Invalid, CheckInRejection.Invalid, CheckInRejection.ScanInFuture, CheckInRejection.Invalid],
            results.Select(r => r.Rejection));
        Assert.All(results, r => Assert.Equal(CheckInOutcome.Rejected, r.Outcome));
        Assert.All(results, r => Assert.Null(r.RecordTime));
        Assert.Contains(Room, results[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_session_of_no_batch_of_this_room_is_WrongRoom()
    {
        var (kiosk, center) = await KioskAsync();
        var staff = await StaffAsync(center, "张伟");

        var result = await Desk.CheckIn(kiosk, Scan(CredentialKind.QrCode, staff.Name, session: $"{center}/batches/{TestData.Unique("b")}/sessions/s1"), TestData.Command());

        Assert.Equal((CheckInOutcome.Rejected, CheckInRejection.WrongRoom, staff.Name), (result.Outcome, result.Rejection, result.StaffName));
    }

    [Fact]
    public async Task A_revoked_kiosk_or_an_unregistered_one_records_nothing()
    {
        var (kiosk, center) = await KioskAsync();
        var staff = await StaffAsync(center, "赵敏");
        await grains.GetGrain<IKioskGrain>(kiosk).Revoke("lost", TestData.Command());

        await TestData.Refused(ErrorKind.FailedPrecondition, () => Desk.CheckIn(kiosk, Scan(CredentialKind.QrCode, staff.Name), TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => Desk.CheckIn($"{center}/kiosks/never", Scan(CredentialKind.QrCode, staff.Name), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => Desk.Replay(kiosk, [], TestData.Command()));
    }

    [Fact]
    public async Task A_card_checks_its_holder_in_to_the_rooms_session_and_an_explicit_session_of_another_room_is_WrongRoom()
    {
        var (kiosk, center) = await KioskAsync();
        var holder = await StaffAsync(center, "王芳", card: TestData.Unique("CARD"));
        var scenario = await BatchScenario.CreateAsync(grains, staff: 0, start: false, center: center);
        Assert.All(await scenario.Batch.Enrol([holder.Name], TestData.Command()), r => Assert.Null(r.Error));
        await scenario.Batch.Start(TestData.Command());
        var here = await scenario.SessionAsync(TestData.Session(Now.AddMinutes(10)));
        var elsewhere = await scenario.SessionAsync(TestData.Session(Now.AddMinutes(10), room: "三楼会议室"));

        var wrong = await Desk.CheckIn(kiosk, Scan(CredentialKind.Card, holder.CardId, session: scenario.SessionName(elsewhere)), TestData.Command());
        var result = await Desk.CheckIn(kiosk, Scan(CredentialKind.Card, holder.CardId), TestData.Command());

        Assert.Equal((CheckInOutcome.Rejected, CheckInRejection.WrongRoom), (wrong.Outcome, wrong.Rejection));
        Assert.Equal((CheckInOutcome.Accepted, holder.Name, "王芳", scenario.SessionName(here), AttendanceMark.Present), (result.Outcome, result.StaffName, result.StaffDisplayName, result.SessionName, result.Mark));
        var record = Assert.Single((await scenario.Batch.GetSessionAttendance(here)).Records);
        Assert.Equal((holder.Name, AttendanceSource.Kiosk, kiosk), (record.StaffName, record.Source, record.Kiosk));
        Assert.Empty((await scenario.Batch.GetSessionAttendance(elsewhere)).Records);
    }

    [Fact]
    public async Task A_replay_spanning_the_morning_session_of_one_batch_and_the_afternoon_session_of_another_in_the_same_room_answers_each_record_in_order()
    {
        var (kiosk, center) = await KioskAsync();
        var morning = await BatchScenario.CreateAsync(grains, staff: 3, center: center);
        var afternoon = await BatchScenario.CreateAsync(grains, staff: 2, center: center, course: morning.Course);
        var early = await morning.SessionAsync(TestData.Session(Now.AddHours(-6), length: TimeSpan.FromHours(6) + TimeSpan.FromMinutes(10)));
        var late = await afternoon.SessionAsync(TestData.Session(Now.AddMinutes(10)));
        var morningScan = Now.AddHours(-6).AddMinutes(1);
        var number = (string staff) => staff["staff/".Length..];

        var results = await Desk.Replay(kiosk,
        [
            Scan(CredentialKind.StaffNumber, number(morning.Staff[0]), morningScan),
            Scan(CredentialKind.QrCode, afternoon.Staff[0], Now.AddMinutes(-1)),
            Scan(CredentialKind.StaffNumber, number(morning.Staff[1]), morningScan.AddMinutes(1)),
            Scan(CredentialKind.QrCode, afternoon.Staff[1], Now.AddMinutes(-1)),
            Scan(CredentialKind.StaffNumber, number(morning.Staff[2]), morningScan.AddMinutes(2)),
            Scan(CredentialKind.StaffNumber, number(afternoon.Staff[0]), morningScan), // the morning session, whose batch they are not in
        ], TestData.Command());

        Assert.Equal(Enumerable.Range(0, 6), results.Select(r => r.Index));
        Assert.Equal(
            [morning.SessionName(early), afternoon.SessionName(late), morning.SessionName(early), afternoon.SessionName(late), morning.SessionName(early), morning.SessionName(early)],
            results.Select(r => r.SessionName));
        Assert.Equal(
            [morning.Staff[0], afternoon.Staff[0], morning.Staff[1], afternoon.Staff[1], morning.Staff[2], afternoon.Staff[0]],
            results.Select(r => r.StaffName));
        Assert.All(results.Take(5), r => Assert.Equal((CheckInOutcome.Accepted, AttendanceMark.Present), (r.Outcome, r.Mark)));
        Assert.Equal((CheckInOutcome.Rejected, CheckInRejection.NotEnrolled), (results[5].Outcome, results[5].Rejection));
        Assert.Equal(3, (await morning.Batch.GetSessionAttendance(early)).Records.Count);
        Assert.Equal(2, (await afternoon.Batch.GetSessionAttendance(late)).Records.Count);
    }

    [Fact]
    public async Task The_same_replay_of_50_records_sent_twice_is_recorded_once_and_the_second_time_answers_every_record_Duplicate_with_its_original_result()
    {
        var (kiosk, center) = await KioskAsync();
        var scenario = await BatchScenario.CreateAsync(grains, staff: 50, capacity: 60, center: center);
        var session = await scenario.SessionAsync(TestData.Session(Now.AddMinutes(-10)));
        var scans = scenario.Staff.Select((staff, i) => Scan(CredentialKind.QrCode, staff, Now.AddMinutes(-20).AddSeconds(i * 20), key: $"offline-{i:D2}")).ToList();

        var first = await Desk.Replay(kiosk, scans, TestData.Command());
        var version = (await scenario.Batch.Get()).Version;
        var second = await Desk.Replay(kiosk, scans, TestData.Command());

        Assert.All(first, r => Assert.Equal(CheckInOutcome.Accepted, r.Outcome));
        Assert.Equal(AttendanceMark.Late, first[^1].Mark); // scanned 6 min 20 s after the start: beyond the 5 on-time minutes
        Assert.Equal(AttendanceMark.Present, first[0].Mark);
        Assert.All(second, r => Assert.Equal(CheckInOutcome.Duplicate, r.Outcome));
        Assert.Equal(
            first.Select(r => (r.Index, r.IdempotencyKey, r.StaffName, r.SessionName, r.Mark, r.ScanTime, r.RecordTime)),
            second.Select(r => (r.Index, r.IdempotencyKey, r.StaffName, r.SessionName, r.Mark, r.ScanTime, r.RecordTime)));
        Assert.Equal(version, (await scenario.Batch.Get()).Version);
        Assert.Equal(50, (await scenario.Batch.GetSessionAttendance(session)).Records.Count);
    }

    [Fact]
    public async Task Check_ins_of_many_rooms_at_once_interleave_in_the_desk_and_each_answers_its_own_scan()
    {
        var center = await TestData.CenterAsync(grains);
        var course = await TestData.CourseAsync(grains);
        var rooms = await Task.WhenAll(Enumerable.Range(0, 5).Select(async r =>
        {
            var kiosk = $"{center}/kiosks/k{r}";
            await grains.GetGrain<IKioskGrain>(kiosk).Register(new KioskSpec("一号机", $"room-{r}"), TestData.Command());
            var scenario = await BatchScenario.CreateAsync(grains, staff: 20, center: center, course: course);
            var session = await scenario.SessionAsync(TestData.Session(Now.AddMinutes(10), room: $"room-{r}"));
            return (Kiosk: kiosk, Scenario: scenario, Session: scenario.SessionName(session));
        }));

        var calls = rooms.SelectMany(room => room.Scenario.Staff.Select(staff => (room.Kiosk, room.Session, Staff: staff))).ToList();
        var results = await Task.WhenAll(calls.Select(c => Desk.CheckIn(c.Kiosk, Scan(CredentialKind.QrCode, c.Staff), TestData.Command())));

        Assert.Equal(calls.Select(c => (CheckInOutcome.Accepted, c.Staff, c.Session)), results.Select(r => (r.Outcome, r.StaffName, r.SessionName)));
    }

    [Fact]
    public async Task A_live_scan_through_the_kiosk_with_its_current_generation_is_recorded_like_one_by_name_and_any_other_generation_judges_and_writes_nothing()
    {
        var (kiosk, center) = await KioskAsync();
        var holder = await StaffAsync(center, "周杰", card: TestData.Unique("CARD"));
        var other = await StaffAsync(center, "吴敏", card: TestData.Unique("CARD"));
        var scenario = await BatchScenario.CreateAsync(grains, staff: 0, start: false, center: center);
        Assert.All(await scenario.Batch.Enrol([holder.Name, other.Name], TestData.Command()), r => Assert.Null(r.Error));
        await scenario.Batch.Start(TestData.Command());
        var here = await scenario.SessionAsync(TestData.Session(Now.AddMinutes(10)));
        var kioskGrain = grains.GetGrain<IKioskGrain>(kiosk);

        var scan = Scan(CredentialKind.Card, holder.CardId);
        var result = await kioskGrain.CheckIn(1, scan, TestData.Command());
        var again = await Desk.CheckIn(kiosk, scan, TestData.Command());

        Assert.NotNull(result);
        Assert.Equal((CheckInOutcome.Accepted, holder.Name, scenario.SessionName(here), AttendanceMark.Present), (result.Outcome, result.StaffName, result.SessionName, result.Mark));
        Assert.Equal((CheckInOutcome.Duplicate, result.RecordTime), (again.Outcome, again.RecordTime));
        var record = Assert.Single((await scenario.Batch.GetSessionAttendance(here)).Records);
        Assert.Equal((holder.Name, AttendanceSource.Kiosk, kiosk), (record.StaffName, record.Source, record.Kiosk));

        // A rule's refusal is a result, as from the desk.
        var unknown = await kioskGrain.CheckIn(1, Scan(CredentialKind.Card, TestData.Unique("NOCARD")), TestData.Command());
        Assert.Equal((CheckInOutcome.Rejected, CheckInRejection.UnknownCredential), (unknown?.Outcome, unknown?.Rejection));

        // A generation not current (a later one, or the first after a new credential, or any once revoked) is answered
        // null: nothing judged, nothing written.
        Assert.Null(await kioskGrain.CheckIn(2, Scan(CredentialKind.Card, other.CardId), TestData.Command()));
        await kioskGrain.IssueCredential(TestData.Command());
        Assert.Null(await kioskGrain.CheckIn(1, Scan(CredentialKind.Card, other.CardId), TestData.Command()));
        await kioskGrain.Revoke("lost", TestData.Command());
        Assert.Null(await kioskGrain.CheckIn(2, Scan(CredentialKind.Card, other.CardId), TestData.Command()));
        Assert.Single((await scenario.Batch.GetSessionAttendance(here)).Records);
        Assert.Null(await grains.GetGrain<IKioskGrain>($"{center}/kiosks/{TestData.Unique("ghost")}").CheckIn(1, scan, TestData.Command()));
    }

    /// <summary>A fresh centre with a kiosk in <see cref="Room"/>.</summary>
    private async Task<(string Kiosk, string Center)> KioskAsync()
    {
        var center = await TestData.CenterAsync(grains);
        var kiosk = $"{center}/kiosks/{TestData.Unique("k")}";
        await grains.GetGrain<IKioskGrain>(kiosk).Register(new KioskSpec("二楼培训室一号机", Room), TestData.Command());
        return (kiosk, center);
    }

    private async Task<StaffView> StaffAsync(string center, string displayName, string card = "")
    {
        var spec = TestData.Staff(displayName, center) with { CardId = card };
        return await grains.GetGrain<IStaffMemberGrain>($"staff/{TestData.Unique("TT")}").Register(spec, TestData.Command());
    }
}
