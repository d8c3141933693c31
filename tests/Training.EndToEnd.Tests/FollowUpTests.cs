using System.Net;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>A host whose follow-up plan is a re-test at completion (0 days) and one 180 days on.</summary>
public sealed class FollowUpHostFixture : IAsyncLifetime
{
    public TrainingHostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TrainingHostProcess.StartAsync(null, "--FollowUps:OffsetDays:0=0", "--FollowUps:OffsetDays:1=180");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Long-term follow-up over real gRPC (issue #5, requirement 8): a batch completes, its trainees' re-tests are
/// scheduled; the centre manager lists the due ones (gRPC and HTTP/JSON), the trainee lists their own and takes the
/// due one as the theory quick test (submitted through AssessmentService); it leaves the centre's list. Bad input,
/// a re-test not due, and someone else's re-test are refused and write nothing.
/// </summary>
public sealed class FollowUpTests(FollowUpHostFixture fixture) : IClassFixture<FollowUpHostFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    [Fact]
    public async Task A_completed_trainee_takes_the_due_re_test_and_it_leaves_the_centre_list_and_refusals_write_nothing()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 2);
        var managerToken = Host.TokenFor(Roles.CenterManager, seed.Center);
        var batches = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(managerToken));
        var batch = await seed.CreateBatchAsync(Host, seed.Center, "follow-up-2026", true, seed.StaffName(1), seed.StaffName(2));
        await new AssessmentService.AssessmentServiceClient(Host.ChannelFor(managerToken)).SetStageAssessmentAsync(new SetStageAssessmentRequest
        {
            CourseBatch = batch,
            Stage = StageKind.Theory,
            RequestId = Seed.RequestId(),
            Blueprint = new QuickTestBlueprint
            {
                Parts = { new BlueprintPart { QuestionBank = seed.Bank, ItemCount = 1 } },
                TimeLimit = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
                MaxAttempts = 1,
                PassMark = 60,
                LateRule = LateSubmissionRule.AcceptFlagged,
            },
        });
        await batches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
        foreach (var session in new[] { "theory-1", "drill-1", "online-1" })
        {
            await batches.CancelSessionAsync(new CancelSessionRequest { Name = Seed.SessionOf(batch, session), Reason = "集中结课", RequestId = Seed.RequestId() });
        }

        await batches.CompleteCourseBatchAsync(new CompleteCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });

        // The centre lists the two trainees' first re-tests as due; the 180-day ones are scheduled (listed when asked).
        var manager = new TrainingResultsService.TrainingResultsServiceClient(Host.ChannelFor(managerToken));
        var due = await manager.ListFollowUpsAsync(new ListFollowUpsRequest { Parent = seed.Center });
        var first = $"{batch}/followUps/{seed.StaffId(1)}.1";
        Assert.Equal([first, $"{batch}/followUps/{seed.StaffId(2)}.1"], due.FollowUps.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(due.FollowUps, f => Assert.Equal((FollowUpState.Due, 0, seed.Center), (f.State, f.OffsetDays, f.Center)));
        var scheduled = await manager.ListFollowUpsAsync(new ListFollowUpsRequest { Parent = seed.Center, States = { FollowUpState.Scheduled } });
        Assert.All(scheduled.FollowUps, f => Assert.Equal((2, 180), (f.Ordinal, f.OffsetDays)));
        Assert.Equal(2, scheduled.FollowUps.Count);
        var (status, json) = await HttpJson.SendAsync(Host.HttpFor(managerToken), HttpMethod.Get, $"/v1/{seed.Center}/followUps", null);
        Assert.True(status == HttpStatusCode.OK, json.GetRawText());
        Assert.Equal(2, json.GetProperty("followUps").GetArrayLength());
        Assert.Equal("FOLLOW_UP_STATE_DUE", json.GetProperty("followUps")[0].GetProperty("state").GetString());

        // Refused, nothing written: a malformed name, no request id, the re-test not due yet, someone else's re-test.
        var traineeChannel = Host.ChannelFor(Host.TokenFor(Roles.Trainee, seed.StaffName(1), seed.Center));
        var trainee = new TrainingResultsService.TrainingResultsServiceClient(traineeChannel);
        var head = await EventLog.HeadAsync(Host);
        // (A name that is no follow-up's cannot be placed at a trainee: the policy refuses it before validation.)
        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.StartFollowUpAsync(new StartFollowUpRequest { Name = $"{batch}/followUps/x", RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("request_id", () => trainee.StartFollowUpAsync(new StartFollowUpRequest { Name = first }).ResponseAsync);
        await Expect.FailedPrecondition(() => trainee.StartFollowUpAsync(new StartFollowUpRequest { Name = $"{batch}/followUps/{seed.StaffId(1)}.2", RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.NotFound(() => trainee.StartFollowUpAsync(new StartFollowUpRequest { Name = $"{batch}/followUps/{seed.StaffId(1)}.7", RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.StartFollowUpAsync(new StartFollowUpRequest { Name = $"{batch}/followUps/{seed.StaffId(2)}.1", RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("states[0]", () => manager.ListFollowUpsAsync(new ListFollowUpsRequest { Parent = seed.Center, States = { FollowUpState.Unspecified } }).ResponseAsync);
        Assert.Equal(head, await EventLog.HeadAsync(Host));

        // The trainee takes the due one as the theory quick test: all right, 100; it leaves the centre's list.
        var attempt = await trainee.StartFollowUpAsync(new StartFollowUpRequest { Name = first, RequestId = Seed.RequestId() });
        Assert.Equal(($"{batch}/attempts/{seed.StaffId(1)}.1001", StageKind.Theory), (attempt.Name, attempt.Stage));
        var item = attempt.Items.Single();
        var graded = await new AssessmentService.AssessmentServiceClient(traineeChannel).SubmitAttemptAsync(new SubmitAttemptRequest
        {
            Name = attempt.Name,
            RequestId = Seed.RequestId(),
            Answers = { new AttemptAnswer { Item = item.Item, Chosen = { item.Options.IndexOf("2小时") } } },
        });
        Assert.Equal((100.0, true), (graded.Score, graded.Delivered));
        Assert.Equal([$"{batch}/followUps/{seed.StaffId(2)}.1"], (await manager.ListFollowUpsAsync(new ListFollowUpsRequest { Parent = seed.Center })).FollowUps.Select(f => f.Name));
        var own = await trainee.ListStaffMemberFollowUpsAsync(new ListStaffMemberFollowUpsRequest { Parent = seed.StaffName(1) });
        Assert.Equal([(FollowUpState.Taken, 100.0, attempt.Name), (FollowUpState.Scheduled, 0.0, string.Empty)], own.FollowUps.Select(f => (f.State, f.Score, f.Attempt)));
        await Expect.FailedPrecondition(() => trainee.StartFollowUpAsync(new StartFollowUpRequest { Name = first, RequestId = Seed.RequestId() }).ResponseAsync);
    }
}
