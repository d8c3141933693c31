using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Quick tests over real gRPC (issue #5): a centre manager sets the stages' quick tests of a batch and runs its
/// sessions; a trainee, with a token for themself, takes the tests stage after stage (no answer key before submitting,
/// graded at once, the next stage refused until the current one is passed) and completes; one submission goes over
/// HTTP/JSON. Bad input answers a clear status and writes nothing.
/// </summary>
public sealed class QuickTestJourneyTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    [Fact]
    public async Task A_trainee_passes_every_stage_one_after_the_other_and_completes_with_the_scores_as_evidence()
    {
        // A batch with one session per stage; the theory and drill stages end with a quick test. The on-the-job stage
        // has none: until practical assessments exist (issue #5, requirement 2) a stage without a quick test counts as passed.
        var (seed, key, traineeName, classmate, batches, manager, traineeChannel, batch) = await SetUpAsync(theoryMaxAttempts: 2);
        var trainee = new AssessmentService.AssessmentServiceClient(traineeChannel);

        // The sessions run: the trainee attends each (the drill and the theory marked by the manager, the on-the-job
        // practice reported by the e-learning platform), and they close.
        await batches.RecordAttendanceAsync(new RecordAttendanceRequest { Session = Seed.SessionOf(batch, "theory-1"), StaffMember = traineeName, Mark = AttendanceMark.Present, RequestId = Seed.RequestId() });
        await batches.RecordAttendanceAsync(new RecordAttendanceRequest { Session = Seed.SessionOf(batch, "drill-1"), StaffMember = traineeName, Mark = AttendanceMark.Present, RequestId = Seed.RequestId() });
        var platform = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Integration, seed.County, "client:e-learning")));
        await platform.RecordOnlineCompletionAsync(new RecordOnlineCompletionRequest { Session = Seed.SessionOf(batch, "online-1"), StaffMember = traineeName, CompleteTime = DateTimeOffset.UtcNow.AddMinutes(-5).ToTimestamp(), RequestId = Seed.RequestId() });
        foreach (var session in new[] { "theory-1", "drill-1", "online-1" })
        {
            Assert.Equal(SessionState.Closed, (await batches.CloseSessionAsync(new CloseSessionRequest { Name = Seed.SessionOf(batch, session), RequestId = Seed.RequestId() })).State);
        }

        // The drill's test before the theory's is passed: refused, naming the stage to pass first; nothing allocated.
        var early = await Expect.FailedPrecondition(() => trainee.StartAttemptAsync(Start(batch, traineeName, StageKind.PracticalDrill)).ResponseAsync);
        Assert.Equal($"{batch}/stages/Theory", early.Violations.Single().Subject);
        Assert.Empty((await trainee.ListAttemptsAsync(new ListAttemptsRequest { Parent = batch, StaffMember = traineeName })).Attempts);

        // The theory test: drawn for the trainee, no answer key before submitting (neither when started nor when read).
        var first = await trainee.StartAttemptAsync(Start(batch, traineeName, StageKind.Theory));
        Assert.Equal(($"{batch}/attempts/{seed.StaffId(1)}.1", AttemptState.InProgress, 1, 4), (first.Name, first.State, first.StageAttempt, first.Items.Count));
        Assert.Equal(key.Keys.Order(StringComparer.Ordinal), first.Items.Select(i => i.Item).Order(StringComparer.Ordinal));
        AssertNoKey(first);
        AssertNoKey(await trainee.GetAttemptAsync(new GetAttemptRequest { Name = first.Name }));

        // Every answer wrong: graded at once, 0, not passed — and the drill stays closed.
        var failed = await trainee.SubmitAttemptAsync(new SubmitAttemptRequest { Name = first.Name, Answers = { Answers(first, key, right: false) }, RequestId = Seed.RequestId() });
        Assert.Equal((AttemptState.Submitted, 0.0, false, true), (failed.State, failed.Score, failed.Passed, failed.Delivered));
        Assert.All(failed.Items, i => Assert.True(i.HasCorrect && !i.Correct, $"{i.Item} is not graded wrong."));
        Assert.All(failed.Items, i => Assert.NotEmpty(i.CorrectOptions));
        var still = await Expect.FailedPrecondition(() => trainee.StartAttemptAsync(Start(batch, traineeName, StageKind.PracticalDrill)).ResponseAsync);
        Assert.Equal($"{batch}/stages/Theory", still.Violations.Single().Subject);

        // The second attempt, submitted over HTTP/JSON: every answer right, passed.
        var second = await trainee.StartAttemptAsync(Start(batch, traineeName, StageKind.Theory));
        Assert.Equal(($"{batch}/attempts/{seed.StaffId(1)}.2", 2), (second.Name, second.StageAttempt));
        AssertNoKey(second);
        var http = Host.HttpFor(Host.TokenFor(Roles.Trainee, traineeName, seed.Center));
        var body = new { answers = Answers(second, key, right: true).Select(a => new { item = a.Item, chosen = a.Chosen.ToArray() }).ToArray(), requestId = Seed.RequestId() };
        var (status, json) = await HttpJson.SendAsync(http, HttpMethod.Post, $"/v1/{second.Name}:submit", body);
        Assert.True(status == HttpStatusCode.OK, json.GetRawText());
        Assert.Equal(("ATTEMPT_STATE_SUBMITTED", 100.0, true), (json.GetProperty("state").GetString(), json.GetProperty("score").GetDouble(), json.GetProperty("passed").GetBoolean()));

        // The drill's test: passed at the first attempt. Every stage is passed and no session is owed: completed.
        var drill = await trainee.StartAttemptAsync(Start(batch, traineeName, StageKind.PracticalDrill));
        Assert.Equal(($"{batch}/attempts/{seed.StaffId(1)}.3", StageKind.PracticalDrill, 1), (drill.Name, drill.Stage, drill.StageAttempt));
        var passed = await trainee.SubmitAttemptAsync(new SubmitAttemptRequest { Name = drill.Name, Answers = { Answers(drill, key, right: true) }, RequestId = Seed.RequestId() });
        Assert.Equal((100.0, true, true), (passed.Score, passed.Passed, passed.Delivered));
        var competency = Assert.Single(passed.Competencies);
        Assert.Equal(("hotline-12345", 4, 4, 1.0), (competency.CompetencyId, competency.Items, competency.Correct, competency.Score));

        // The on-the-job stage has no quick test: nothing to start (it counts as passed).
        var none = await Expect.FailedPrecondition(() => trainee.StartAttemptAsync(Start(batch, traineeName, StageKind.OnTheJob)).ResponseAsync);
        Assert.Equal($"{batch}/stages/OnTheJob", none.Violations.Single().Subject);

        // The trainee's own enrolments show the completion; the stage results carry the scores and the completion's evidence.
        var own = new CourseBatchService.CourseBatchServiceClient(traineeChannel);
        var enrolment = Assert.Single((await own.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = traineeName })).Enrolments);
        Assert.Equal((batch, EnrolmentStatus.Completed), (enrolment.CourseBatch, enrolment.Status));
        var results = await manager.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch });
        Assert.Equal([StageKind.Theory, StageKind.PracticalDrill], results.Assessments.Select(a => a.Stage));
        var mine = Assert.Single(results.Trainees, t => t.StaffMember == traineeName);
        Assert.Equal([first.Name, second.Name, drill.Name], mine.Attempts);
        var stages = mine.Stages.ToDictionary(s => s.Stage);
        Assert.Equal((true, 2, 2, 100.0, true, second.Name), (stages[StageKind.Theory].HasAssessment, stages[StageKind.Theory].AttemptsUsed, stages[StageKind.Theory].MaxAttempts, stages[StageKind.Theory].BestScore, stages[StageKind.Theory].Passed, stages[StageKind.Theory].BestAttempt));
        Assert.Equal((true, 1, 100.0, true), (stages[StageKind.PracticalDrill].HasAssessment, stages[StageKind.PracticalDrill].AttemptsUsed, stages[StageKind.PracticalDrill].BestScore, stages[StageKind.PracticalDrill].Passed));
        Assert.Equal((false, true, false), (stages[StageKind.OnTheJob].HasAssessment, stages[StageKind.OnTheJob].Passed, stages[StageKind.OnTheJob].HasBestScore));
        Assert.NotNull(mine.Completion);
        Assert.Equal((3, 3), (mine.Completion.SessionsAttended, mine.Completion.SessionsExpected));
        Assert.All(mine.Completion.Stages, s => Assert.True(s.Passed));

        // The classmate took no test, was absent everywhere: not completed.
        var theirs = Assert.Single(results.Trainees, t => t.StaffMember == classmate);
        Assert.Null(theirs.Completion);
        Assert.Empty(theirs.Attempts);

        // The trainee reads their attempts, oldest first, each with its key now that it is graded.
        var listed = await trainee.ListAttemptsAsync(new ListAttemptsRequest { Parent = batch, StaffMember = traineeName });
        Assert.Equal([0.0, 100.0, 100.0], listed.Attempts.Select(a => a.Score));
        Assert.All(listed.Attempts, a => Assert.All(a.Items, i => Assert.NotEmpty(i.CorrectOptions)));
    }

    [Fact]
    public async Task Bad_input_answers_a_clear_status_and_writes_nothing()
    {
        var (seed, key, traineeName, classmate, batches, manager, traineeChannel, batch) = await SetUpAsync(theoryMaxAttempts: 1);
        var trainee = new AssessmentService.AssessmentServiceClient(traineeChannel);
        var other = new AssessmentService.AssessmentServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, classmate, seed.Center)));
        var attempt = await trainee.StartAttemptAsync(Start(batch, traineeName, StageKind.Theory));

        var historyBefore = await World.BatchHistoryAsync(batches, batch);
        var resultsBefore = await manager.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch });
        var worldBefore = await World.TakeAsync(Host, seed);
        var headBefore = await EventLog.HeadAsync(Host);

        // Answers to an item not in the attempt (one of the bank's, and one of no bank), an item answered twice.
        var notDrawn = new AttemptAnswer { Item = $"{seed.Bank}/items/not-drawn", Chosen = { 0 } };
        var right = Answers(attempt, key, right: true);
        await Expect.InvalidArgument("answers[4]", () => trainee.SubmitAttemptAsync(new SubmitAttemptRequest { Name = attempt.Name, Answers = { right, notDrawn }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("answers[0].item", () => trainee.SubmitAttemptAsync(new SubmitAttemptRequest { Name = attempt.Name, Answers = { new AttemptAnswer { Item = "not an item", Chosen = { 0 } } }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("answers[1]", () => trainee.SubmitAttemptAsync(new SubmitAttemptRequest { Name = attempt.Name, Answers = { right[0], right[0] }, RequestId = Seed.RequestId() }).ResponseAsync);

        // An attempt past the maximum (one attempt, in progress): refused, naming the stage.
        var beyond = await Expect.FailedPrecondition(() => trainee.StartAttemptAsync(Start(batch, traineeName, StageKind.Theory)).ResponseAsync);
        Assert.Equal($"{batch}/stages/Theory", beyond.Violations.Single().Subject);
        Assert.Contains("used all 1 attempts", beyond.Violations.Single().Description, StringComparison.Ordinal);

        // Another trainee submits this trainee's attempt, or starts one for them: refused.
        await Expect.Refused(StatusCode.PermissionDenied, () => other.SubmitAttemptAsync(new SubmitAttemptRequest { Name = attempt.Name, Answers = { right }, RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => other.StartAttemptAsync(Start(batch, traineeName, StageKind.Theory)).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => other.GetAttemptAsync(new GetAttemptRequest { Name = attempt.Name }).ResponseAsync);

        // Dates in the future: the assessment API takes none (a submission's time is the server's); the stages'
        // sessions take the platform's completion time — a future one is refused.
        var platform = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Integration, seed.County, "client:e-learning")));
        await Expect.InvalidArgument("complete_time", () => platform.RecordOnlineCompletionAsync(new RecordOnlineCompletionRequest { Session = Seed.SessionOf(batch, "online-1"), StaffMember = traineeName, CompleteTime = DateTimeOffset.UtcNow.AddDays(2).ToTimestamp(), RequestId = Seed.RequestId() }).ResponseAsync);

        // A blueprint drawing more items than the bank holds, or out of range: refused.
        await Expect.FailedPrecondition(() => manager.SetStageAssessmentAsync(new SetStageAssessmentRequest { CourseBatch = batch, Stage = StageKind.OnTheJob, Blueprint = Blueprint(seed, maxAttempts: 1, items: 5), RequestId = Seed.RequestId() }).ResponseAsync);
        await Expect.InvalidArgument("blueprint.max_attempts", () => manager.SetStageAssessmentAsync(new SetStageAssessmentRequest { CourseBatch = batch, Stage = StageKind.OnTheJob, Blueprint = Blueprint(seed, maxAttempts: 11), RequestId = Seed.RequestId() }).ResponseAsync);

        // Nothing was written: the batch's history, the stage results, the attempt, the world, the event store's head.
        Assert.Equal(historyBefore, await World.BatchHistoryAsync(batches, batch));
        Assert.Equal(resultsBefore, await manager.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch }));
        Assert.Equal(attempt, await trainee.GetAttemptAsync(new GetAttemptRequest { Name = attempt.Name }));
        await World.AssertUnchangedAsync(Host, seed, worldBefore);
        Assert.Equal(headBefore, await EventLog.HeadAsync(Host));

        // The attempt is still the trainee's to submit.
        var graded = await trainee.SubmitAttemptAsync(new SubmitAttemptRequest { Name = attempt.Name, Answers = { right }, RequestId = Seed.RequestId() });
        Assert.Equal((100.0, true), (graded.Score, graded.Passed));
    }

    /// <summary>
    /// A seed with two hotline staff (the trainee and a classmate, both enrolled), four items in its bank, the manager's
    /// clients, the trainee's own channel and a running batch (<see cref="NewRunningBatchAsync"/>).
    /// </summary>
    private async Task<Setting> SetUpAsync(int theoryMaxAttempts)
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 2);
        var key = await AddItemsAsync(seed);
        var managerToken = Host.TokenFor(Roles.CenterManager, seed.Center);
        var batches = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(managerToken));
        var manager = new AssessmentService.AssessmentServiceClient(Host.ChannelFor(managerToken));
        var batch = await NewRunningBatchAsync(seed, batches, manager, [seed.StaffName(1), seed.StaffName(2)], theoryMaxAttempts);
        var traineeChannel = Host.ChannelFor(Host.TokenFor(Roles.Trainee, seed.StaffName(1), seed.Center));
        return new Setting(seed, key, seed.StaffName(1), seed.StaffName(2), batches, manager, traineeChannel, batch);
    }

    /// <summary>
    /// Adds three items to the seed's bank (one per kind besides its single-choice q1); answers every item's correct
    /// option texts, by item name — the test's own copy of the key, since the attempt never shows it before submission.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string[]>> AddItemsAsync(Seed seed)
    {
        var items = new (string Id, QuestionKind Kind, string Stem, string[] Options, int[] Correct)[]
        {
            ("q2", QuestionKind.TrueFalse, "12345热线工单办结后应回访诉求人。", ["正确", "错误"], [0]),
            ("q3", QuestionKind.MultipleChoice, "受理诉求时应记录哪些信息？", ["诉求人联系方式", "诉求人星座", "诉求内容", "诉求人血型"], [0, 2]),
            ("q4", QuestionKind.SingleChoice, "群众来电情绪激动时首先应当？", ["倾听并安抚", "挂断电话", "转给同事"], [0]),
        };
        foreach (var (id, kind, stem, options, correct) in items)
        {
            await Host.QuestionBanks.CreateQuestionItemAsync(new CreateQuestionItemRequest
            {
                Parent = seed.Bank,
                ItemId = id,
                RequestId = Seed.RequestId(),
                Item = new QuestionItem { Kind = kind, Stem = stem, Options = { options }, CorrectOptions = { correct }, Explanation = "见培训讲义", Difficulty = 2 },
            });
        }

        return new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [$"{seed.Bank}/items/q1"] = ["2小时"],
            [$"{seed.Bank}/items/q2"] = ["正确"],
            [$"{seed.Bank}/items/q3"] = ["诉求人联系方式", "诉求内容"],
            [$"{seed.Bank}/items/q4"] = ["倾听并安抚"],
        };
    }

    /// <summary>All four items of the seed's bank, 30 minutes and a minute's grace, pass mark 75, late submissions flagged.</summary>
    private static QuickTestBlueprint Blueprint(Seed seed, int maxAttempts, int items = 4) => new()
    {
        Parts = { new BlueprintPart { QuestionBank = seed.Bank, ItemCount = items } },
        TimeLimit = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
        Grace = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
        MaxAttempts = maxAttempts,
        PassMark = 75,
        LateRule = LateSubmissionRule.AcceptFlagged,
    };

    /// <summary>
    /// A running batch of the seed's course at its centre, one session per stage (<c>theory-1</c>, <c>drill-1</c>,
    /// <c>online-1</c>), <paramref name="enrol"/> enrolled, quick tests set by the manager on the theory stage
    /// (<paramref name="theoryMaxAttempts"/> attempts) and the drill stage (two).
    /// </summary>
    private static async Task<string> NewRunningBatchAsync(Seed seed, CourseBatchService.CourseBatchServiceClient batches, AssessmentService.AssessmentServiceClient manager, string[] enrol, int theoryMaxAttempts)
    {
        var batch = (await batches.CreateCourseBatchAsync(new CreateCourseBatchRequest
        {
            Parent = seed.Center,
            CourseBatchId = "quick-test-2026",
            RequestId = Seed.RequestId(),
            CourseBatch = new CourseBatch
            {
                DisplayName = "2026年第二期 12345热线接诉即办",
                Course = seed.Course,
                Capacity = 10,
                EligiblePosts = { Post.Hotline12345 },
                EnrolmentOpenTime = DateTimeOffset.UtcNow.AddHours(-1).ToTimestamp(),
                EnrolmentCloseTime = DateTimeOffset.UtcNow.AddDays(7).ToTimestamp(),
            },
        })).Name;
        await batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "theory-1", Session = Seed.NewSession(StageKind.Theory, days: 1), RequestId = Seed.RequestId() });
        await batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "drill-1", Session = Seed.NewSession(StageKind.PracticalDrill, days: 2), RequestId = Seed.RequestId() });
        await batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "online-1", Session = Seed.NewSession(StageKind.OnTheJob, days: 3, online: true), RequestId = Seed.RequestId() });

        var theory = await manager.SetStageAssessmentAsync(new SetStageAssessmentRequest { CourseBatch = batch, Stage = StageKind.Theory, Blueprint = Blueprint(seed, theoryMaxAttempts), RequestId = Seed.RequestId() });
        Assert.Equal((batch, StageKind.Theory, theoryMaxAttempts), (theory.CourseBatch, theory.Stage, theory.Blueprint.MaxAttempts));
        await manager.SetStageAssessmentAsync(new SetStageAssessmentRequest { CourseBatch = batch, Stage = StageKind.PracticalDrill, Blueprint = Blueprint(seed, 2), RequestId = Seed.RequestId() });

        await batches.OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = batch, RequestId = Seed.RequestId() });
        var enrolled = await batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { enrol }, RequestId = Seed.RequestId() });
        Assert.All(enrolled.Results, r => Assert.Equal(EnrolmentStatus.Enrolled, r.Enrolment?.Status));
        Assert.Equal(CourseBatchState.Running, (await batches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() })).State);
        return batch;
    }

    private static StartAttemptRequest Start(string batch, string staff, StageKind stage) =>
        new() { Parent = batch, StaffMember = staff, Stage = stage, RequestId = Seed.RequestId() };

    /// <summary>Before submission an item shows its stem and options, never which are correct.</summary>
    private static void AssertNoKey(Attempt attempt)
    {
        Assert.Equal(AttemptState.InProgress, attempt.State);
        Assert.All(attempt.Items, i =>
        {
            Assert.Empty(i.CorrectOptions);
            Assert.False(i.HasCorrect);
            Assert.Empty(i.Explanation);
            Assert.NotEmpty(i.Options);
        });
        Assert.Empty(attempt.Competencies);
    }

    /// <summary>Answers to every item of <paramref name="attempt"/> as presented: all right, or all wrong (one option outside the key).</summary>
    private static List<AttemptAnswer> Answers(Attempt attempt, IReadOnlyDictionary<string, string[]> key, bool right) =>
        [.. attempt.Items.Select(item =>
        {
            var correct = key[item.Item];
            var chosen = right
                ? item.Options.Select((o, i) => (o, i)).Where(x => correct.Contains(x.o)).Select(x => x.i)
                : [item.Options.Select((o, i) => (o, i)).First(x => !correct.Contains(x.o)).i];
            return new AttemptAnswer { Item = item.Item, Chosen = { chosen } };
        })];

    private sealed record Setting(
        Seed Seed,
        IReadOnlyDictionary<string, string[]> Key,
        string TraineeName,
        string Classmate,
        CourseBatchService.CourseBatchServiceClient Batches,
        AssessmentService.AssessmentServiceClient Manager,
        GrpcChannel TraineeChannel,
        string Batch);
}
