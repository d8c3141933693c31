using Google.Protobuf.WellKnownTypes;
using Training.Api.Security;
using DomainCheckInOutcome = Training.Grains.CheckInOutcome;
using DomainCheckInRejection = Training.Grains.CheckInRejection;
using DomainCheckInResult = Training.Grains.CheckInResult;
using DomainKioskScan = Training.Grains.KioskScan;
using ProtoCheckInOutcome = Training.Contracts.V1.CheckInOutcome;
using ProtoCheckInRejection = Training.Contracts.V1.CheckInRejection;
using ProtoKioskScan = Training.Contracts.V1.KioskScan;

namespace Training.Api.Tests;

public class CheckInApiTests
{
    private const string Kiosk = Samples.Center + "/kiosks/room-2";
    private const string Session = Samples.Center + "/batches/b1/sessions/s1";

    private static ProtoKioskScan Scan(string key = "k-1", string card = "CARD-1") =>
        new() { CardId = card, IdempotencyKey = key, ScanTime = Samples.Time.ToTimestamp() };

    private static (CheckInApi Api, FakeDesk Desk) Api(Func<int, DomainKioskScan, DomainCheckInResult> answer)
    {
        var (factory, fakes) = FakeGrains.Create();
        var desk = new FakeDesk(answer);
        fakes.Add<ICheckInDeskGrain>(0, desk);
        return (new CheckInApi(factory, new FakeKioskCredentials { Standing = KioskCredentialStanding.Current }), desk);
    }

    private static DomainCheckInResult Result(int index, DomainKioskScan scan, DomainCheckInOutcome outcome, DomainCheckInRejection rejection = DomainCheckInRejection.None, string message = "") =>
        new(index, scan.IdempotencyKey, outcome, rejection, message, "staff/ZP-1", "王芳", Session, outcome == DomainCheckInOutcome.Rejected ? null : Training.Grains.AttendanceMark.Present, scan.ScanTime, outcome == DomainCheckInOutcome.Rejected ? null : Samples.Time);

    [Fact]
    public async Task An_accepted_check_in_answers_the_result_with_the_scan_as_the_kiosk_sent_it()
    {
        var (api, desk) = Api((i, s) => Result(i, s, DomainCheckInOutcome.Accepted));

        var result = await api.CheckIn(new CheckInRequest { Kiosk = Kiosk, Scan = Scan() }, TestCallContext.Create());

        var (kiosk, scans, context) = Assert.Single(desk.Calls);
        Assert.Equal(Kiosk, kiosk);
        Assert.Equal(new DomainKioskScan(CredentialKind.Card, "CARD-1", Samples.Time, "k-1"), Assert.Single(scans));
        Assert.Equal("k-1", context.RequestId);
        Assert.Equal((ProtoCheckInOutcome.Accepted, Training.Contracts.V1.AttendanceMark.Present, "staff/ZP-1", "王芳", Session), (result.Outcome, result.Mark, result.StaffMember, result.StaffDisplayName, result.Session));
        Assert.Equal(Samples.Time, result.RecordTime.ToDateTimeOffset());
    }

    [Theory]
    [InlineData(DomainCheckInRejection.UnknownCredential, StatusCode.NotFound)]
    [InlineData(DomainCheckInRejection.Invalid, StatusCode.InvalidArgument)]
    [InlineData(DomainCheckInRejection.ScanInFuture, StatusCode.InvalidArgument)]
    [InlineData(DomainCheckInRejection.OutsideWindow, StatusCode.FailedPrecondition)]
    [InlineData(DomainCheckInRejection.NotEnrolled, StatusCode.FailedPrecondition)]
    [InlineData(DomainCheckInRejection.NoSessionInRoom, StatusCode.FailedPrecondition)]
    [InlineData(DomainCheckInRejection.SessionClosed, StatusCode.FailedPrecondition)]
    public async Task A_rejected_check_in_is_the_status_the_contract_names_with_its_details(DomainCheckInRejection rejection, StatusCode code)
    {
        var (api, _) = Api((i, s) => Result(i, s, DomainCheckInOutcome.Rejected, rejection, "why not"));

        var e = await Assert.ThrowsAsync<RpcException>(() => api.CheckIn(new CheckInRequest { Kiosk = Kiosk, Scan = Scan() }, TestCallContext.Create()));

        Assert.Equal(code, e.StatusCode);
        var status = e.GetRpcStatus()!;
        Assert.EndsWith("why not", status.Message, StringComparison.Ordinal);
        switch (code)
        {
            case StatusCode.NotFound:
                Assert.Equal("cards/CARD-1", status.GetDetail<ResourceInfo>().ResourceName);
                break;
            case StatusCode.InvalidArgument:
                Assert.Equal(["scan.scan_time"], Samples.Fields(e));
                break;
            default:
                var violation = Assert.Single(status.GetDetail<PreconditionFailure>().Violations);
                var expectedType = "CHECK_IN_REJECTION_" + System.Text.RegularExpressions.Regex.Replace(rejection.ToString(), "(?<!^)([A-Z])", "_$1").ToUpperInvariant();
                Assert.Equal(expectedType, violation.Type);
                Assert.Equal(rejection == DomainCheckInRejection.NotEnrolled ? "staff/ZP-1" : Session, violation.Subject);
                break;
        }
    }

    [Fact]
    public async Task A_check_in_without_a_scan_or_with_a_malformed_one_is_InvalidArgument_and_reaches_no_grain()
    {
        var (api, desk) = Api((i, s) => Result(i, s, DomainCheckInOutcome.Accepted));

        var empty = await Assert.ThrowsAsync<RpcException>(() => api.CheckIn(new CheckInRequest(), TestCallContext.Create()));
        Assert.Equal(["kiosk", "scan"], Samples.Fields(empty));

        var malformed = new ProtoKioskScan { IdempotencyKey = string.Empty, Session = "sessions/s1", ScanTime = new Timestamp { Seconds = 1, Nanos = -1 } };
        var e = await Assert.ThrowsAsync<RpcException>(() => api.CheckIn(new CheckInRequest { Kiosk = Kiosk, Scan = malformed }, TestCallContext.Create()));
        Assert.Equal(["scan.credential", "scan.idempotency_key", "scan.scan_time", "scan.session"], Samples.Fields(e));

        var tooLong = Scan(card: new string('1', 201));
        tooLong.ScanTime = null;
        e = await Assert.ThrowsAsync<RpcException>(() => api.CheckIn(new CheckInRequest { Kiosk = Kiosk, Scan = tooLong }, TestCallContext.Create()));
        Assert.Equal(["scan.card_id", "scan.scan_time"], Samples.Fields(e));
        Assert.Empty(desk.Calls);
    }

    [Fact]
    public async Task A_replay_answers_malformed_records_in_place_and_sends_the_others_in_one_desk_call()
    {
        var (api, desk) = Api((i, s) => Result(i, s, s.IdempotencyKey == "k-2" ? DomainCheckInOutcome.Duplicate : DomainCheckInOutcome.Accepted));
        var request = new ReplayCheckInsRequest { Kiosk = Kiosk, Scans = { Scan("k-0"), new ProtoKioskScan { IdempotencyKey = "k-1", ScanTime = Samples.Time.ToTimestamp() }, Scan("k-2") } };

        var response = await api.ReplayCheckIns(request, TestCallContext.Create());

        var call = Assert.Single(desk.Calls);
        Assert.Equal(["k-0", "k-2"], call.Scans.Select(s => s.IdempotencyKey));
        Assert.Equal(["k-0", "k-1", "k-2"], response.Results.Select(r => r.IdempotencyKey));
        Assert.Equal([ProtoCheckInOutcome.Accepted, ProtoCheckInOutcome.Rejected, ProtoCheckInOutcome.Duplicate], response.Results.Select(r => r.Outcome));
        Assert.Equal(ProtoCheckInRejection.Invalid, response.Results[1].Rejection);
        Assert.Contains("scans[1].credential", response.Results[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_of_no_records_or_more_than_500_is_InvalidArgument_naming_the_limit()
    {
        var (api, desk) = Api((i, s) => Result(i, s, DomainCheckInOutcome.Accepted));
        var tooMany = new ReplayCheckInsRequest { Kiosk = Kiosk };
        tooMany.Scans.AddRange(Enumerable.Range(0, 501).Select(i => Scan($"k-{i}")));

        var e = await Assert.ThrowsAsync<RpcException>(() => api.ReplayCheckIns(tooMany, TestCallContext.Create()));
        var violation = Assert.Single(Samples.BadRequestOf(e).FieldViolations);
        Assert.Equal("scans", violation.Field);
        Assert.Contains("500", violation.Description, StringComparison.Ordinal);

        e = await Assert.ThrowsAsync<RpcException>(() => api.ReplayCheckIns(new ReplayCheckInsRequest { Kiosk = Kiosk }, TestCallContext.Create()));
        Assert.Equal(["scans"], Samples.Fields(e));
        Assert.Empty(desk.Calls);
    }

    [Fact]
    public async Task A_check_in_with_a_device_token_goes_to_the_kiosks_grain_with_the_tokens_generation_and_not_to_the_desk()
    {
        var (factory, fakes) = FakeGrains.Create();
        var desk = new FakeDesk((i, s) => Result(i, s, DomainCheckInOutcome.Accepted));
        var kiosk = new FakeKiosk((generation, s) => generation == 3 ? Result(0, s, DomainCheckInOutcome.Accepted) : null);
        fakes.Add<ICheckInDeskGrain>(0, desk);
        fakes.Add<IKioskGrain>(Kiosk, kiosk);
        var api = new CheckInApi(factory, new FakeKioskCredentials { Standing = KioskCredentialStanding.Superseded });
        var context = TestCallContext.Create();
        context.GetHttpContext().Features.Set(new DeviceCheckByCall(Kiosk, 3));

        var result = await api.CheckIn(new CheckInRequest { Kiosk = Kiosk, Scan = Scan() }, context);

        Assert.Equal((ProtoCheckInOutcome.Accepted, "k-1"), (result.Outcome, result.IdempotencyKey));
        var (generation, scan, command) = Assert.Single(kiosk.Calls);
        Assert.Equal((3, "CARD-1", "k-1"), (generation, scan.Credential, command.RequestId));
        Assert.Empty(desk.Calls);
    }

    [Theory]
    [InlineData(KioskCredentialStanding.Revoked, SecurityStatus.KioskRevoked)]
    [InlineData(KioskCredentialStanding.Superseded, SecurityStatus.KioskCredentialSuperseded)]
    public async Task A_generation_the_kiosk_does_not_take_is_Unauthenticated_with_why(KioskCredentialStanding standing, string reason)
    {
        var (factory, fakes) = FakeGrains.Create();
        var kiosk = new FakeKiosk((_, _) => null);
        fakes.Add<IKioskGrain>(Kiosk, kiosk);
        var api = new CheckInApi(factory, new FakeKioskCredentials { Standing = standing });
        var context = TestCallContext.Create();
        context.GetHttpContext().Features.Set(new DeviceCheckByCall(Kiosk, 1));

        var e = await Assert.ThrowsAsync<RpcException>(() => api.CheckIn(new CheckInRequest { Kiosk = Kiosk, Scan = Scan() }, context));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal(reason, e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
        Assert.Single(kiosk.Calls);
    }

    /// <summary>A kiosk answering live check-ins with <c>answer(generation, scan)</c> and recording them; nothing else.</summary>
    private sealed class FakeKiosk(Func<int, DomainKioskScan, DomainCheckInResult?> answer) : IKioskGrain
    {
        public List<(int Generation, DomainKioskScan Scan, CommandContext Context)> Calls { get; } = [];

        public Task<DomainCheckInResult?> CheckIn(int generation, DomainKioskScan scan, CommandContext context)
        {
            Calls.Add((generation, scan, context));
            return Task.FromResult(answer(generation, scan));
        }

        public Task<KioskView> Register(KioskSpec spec, CommandContext context) => throw new NotSupportedException();

        public Task<KioskView> Get() => throw new NotSupportedException();

        public Task<KioskView> Update(KioskPatch patch, long expectedVersion, CommandContext context) => throw new NotSupportedException();

        public Task<KioskView> IssueCredential(CommandContext context) => throw new NotSupportedException();

        public Task<KioskView> Revoke(string reason, CommandContext context) => throw new NotSupportedException();

        public Task<bool> IsCredentialValid(int generation) => throw new NotSupportedException();

        public Task<IReadOnlyList<Training.Grains.HistoryEntry>> History(long fromVersion, int maxCount) => throw new NotSupportedException();
    }

    /// <summary>A desk answering each scan with <c>answer(index, scan)</c> and recording its calls.</summary>
    private sealed class FakeDesk(Func<int, DomainKioskScan, DomainCheckInResult> answer) : ICheckInDeskGrain
    {
        public List<(string Kiosk, IReadOnlyList<DomainKioskScan> Scans, CommandContext Context)> Calls { get; } = [];

        public async Task<DomainCheckInResult> CheckIn(string kioskName, DomainKioskScan scan, CommandContext context) =>
            (await Replay(kioskName, [scan], context))[0];

        public Task<IReadOnlyList<DomainCheckInResult>> Replay(string kioskName, IReadOnlyList<DomainKioskScan> scans, CommandContext context)
        {
            Calls.Add((kioskName, scans, context));
            IReadOnlyList<DomainCheckInResult> results = [.. scans.Select((s, i) => answer(i, s))];
            return Task.FromResult(results);
        }
    }
}
