using System.Net;
using Google.Protobuf.WellKnownTypes;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Practical assessments over real gRPC (issue #5, requirement 2): a training officer writes a rubric, a centre manager
/// sets a theory quick test, a HIGH-stake drill (two examiners) and a STANDARD on-the-job assessment on a batch; the
/// trainee passes the quick test, is graded on the drill by two examiners (one over HTTP/JSON) and on the job by a
/// third, and completes; each criterion becomes evidence on their record. Bad input answers a clear status and writes
/// nothing.
/// </summary>
public sealed class PracticalAssessmentJourneyTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string ExaminerA = "mentors/zhang-wei";
    private const string ExaminerB = "mentors/county-expert-li";
    private const string ExaminerC = "mentors/university-wang";
    private const string JobMentor = "mentors/senior-zhao";

    private TrainingHostProcess Host => fixture.Host;

    [Fact]
    public async Task A_trainee_passes_the_quick_test_is_graded_on_the_drill_by_two_examiners_and_on_the_job_and_completes()
    {
        var s = await SetUpAsync();
        var (batch, trainee) = (s.Batch, s.Seed.StaffName(1));

        // The quick test first: the drill cannot be graded before the theory stage is passed.
        var early = await Expect.FailedPrecondition(() => s.Examiner(ExaminerA).GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 4)).ResponseAsync);
        Assert.Equal($"{batch}/stages/Theory", early.Violations.Single().Subject);
        await PassTheoryAsync(s, trainee);

        // The first examiner: recorded at once, scored 100, the result waits for the second examiner.
        var first = await s.Examiner(ExaminerA).GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 4));
        Assert.Equal(($"{batch}/practicalGrades/{s.Seed.StaffId(1)}.1", 100.0, true, ExaminerA, 1), (first.Name, first.Score, first.Passed, first.Examiner, first.RubricRevision));
        var waiting = await DrillResultAsync(s, trainee);
        Assert.Equal((PracticalStatus.AwaitingSecondGrading, false), (waiting.Status, waiting.Passed));

        // The second examiner fails the trainee: the verdicts disagree. A retry answers the first answer and writes
        // nothing; the first examiner again is refused (independence).
        var retry = PracticalSeed.Grading(batch, trainee, 0, 0);
        var once = await s.Examiner(ExaminerC).GradePracticalAssessmentAsync(retry);
        var head = await EventLog.HeadAsync(Host);
        Assert.Equal(once, await s.Examiner(ExaminerC).GradePracticalAssessmentAsync(retry));
        Assert.Equal(head, await EventLog.HeadAsync(Host));
        Assert.Equal((0.0, false), (once.Score, once.Passed));
        Assert.Equal(PracticalStatus.AwaitingDecidingGrading, (await DrillResultAsync(s, trainee)).Status);
        var twice = await Expect.FailedPrecondition(() => s.Examiner(ExaminerA).GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 3, 3)).ResponseAsync);
        Assert.Contains("independent examiners", twice.Violations.Single().Description, StringComparison.Ordinal);
        Assert.Equal(head, await EventLog.HeadAsync(Host));

        // Two verdicts disagreed (A: pass 100, C: fail 0): the third examiner, over HTTP/JSON, decides — 62.5, pass;
        // the result is the mean of it and the grading sharing its verdict.
        var http = Host.HttpFor(Host.TokenFor(Roles.Mentor, s.Seed.Center, ExaminerB));
        var body = new
        {
            staffMember = trainee,
            stage = "STAGE_KIND_PRACTICAL_DRILL",
            criteria = new[] { new { criterionId = "handling", level = 3, comment = "及时转办" }, new { criterionId = "listening", level = 1, comment = "多次打断来电人" } },
            comment = "基本合格",
            requestId = Seed.RequestId(),
        };
        var (status, json) = await HttpJson.SendAsync(http, HttpMethod.Post, $"/v1/{batch}/practicalGrades", body);
        Assert.True(status == HttpStatusCode.OK, json.GetRawText());
        Assert.Equal((62.5, true, ExaminerB), (json.GetProperty("score").GetDouble(), json.GetProperty("passed").GetBoolean(), json.GetProperty("examiner").GetString()));
        var drill = await DrillResultAsync(s, trainee);
        Assert.Equal((PracticalStatus.Passed, 81.25, true, 3), (drill.Status, drill.Score, drill.Passed, drill.Gradings));
        await Expect.FailedPrecondition(() => s.Examiner(ExaminerA).GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, s.Seed.StaffName(1), 4, 4, StageKind.PracticalDrill)).ResponseAsync);

        // The on-the-job stage: its own examiner (not the drill's), a standard stake: passed, and the trainee completes.
        await Expect.Refused(StatusCode.PermissionDenied, () => s.Examiner(ExaminerA).GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 4, StageKind.OnTheJob)).ResponseAsync);
        var job = await s.Examiner(JobMentor).GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 2, StageKind.OnTheJob));
        Assert.Equal((87.5, true), (job.Score, job.Passed));

        var results = await s.Manager.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch });
        Assert.Equal([StageKind.PracticalDrill, StageKind.OnTheJob], results.PracticalAssessments.Select(p => p.Stage));
        Assert.Equal((PracticalStake.High, 1, 3), (results.PracticalAssessments[0].Stake, results.PracticalAssessments[0].Rubric.Revision, results.PracticalAssessments[0].Examiners.Count));
        var mine = Assert.Single(results.Trainees, t => t.StaffMember == trainee);
        Assert.NotNull(mine.Completion);
        var stages = mine.Completion.Stages.ToDictionary(x => x.Stage);
        Assert.Equal((true, true, false), (stages[StageKind.Theory].HasAssessment, stages[StageKind.Theory].Passed, stages[StageKind.Theory].Practical is not null));
        Assert.Equal((false, true, 81.25), (stages[StageKind.PracticalDrill].HasAssessment, stages[StageKind.PracticalDrill].Passed, stages[StageKind.PracticalDrill].Practical.Score));
        Assert.Equal((true, 87.5), (stages[StageKind.OnTheJob].Passed, stages[StageKind.OnTheJob].Practical.Score));
        Assert.Null(Assert.Single(results.Trainees, t => t.StaffMember == s.Seed.StaffName(2)).Completion);
        var own = new CourseBatchService.CourseBatchServiceClient(s.TraineeChannel);
        Assert.Equal(EnrolmentStatus.Completed, Assert.Single((await own.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = trainee })).Enrolments).Status);

        // Each criterion of each grading reached the trainee's record as practical-assessment evidence (4 gradings × 2).
        var history = await Host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = trainee, PageSize = 1000 });
        var practical = history.Entries.Where(e => e.Summary.StartsWith("PracticalAssessment evidence", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, practical.Count);
        Assert.Contains(practical, e => e.Summary.StartsWith("PracticalAssessment evidence for hotline-12345: 0.75", StringComparison.Ordinal));

        // Reads: the trainee their own (not a classmate's), an examiner and the manager the batch's.
        var mineRead = await s.TraineePractical.ListPracticalGradesAsync(new ListPracticalGradesRequest { Parent = batch, StaffMember = trainee });
        Assert.Equal(4, mineRead.Grades.Count);
        Assert.Equal([StageKind.PracticalDrill, StageKind.OnTheJob], mineRead.Results.Select(r => r.Stage));
        await Expect.Refused(StatusCode.PermissionDenied, () => s.TraineePractical.ListPracticalGradesAsync(new ListPracticalGradesRequest { Parent = batch, StaffMember = s.Seed.StaffName(2) }).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => s.TraineePractical.ListPracticalGradesAsync(new ListPracticalGradesRequest { Parent = batch }).ResponseAsync);
        var examinerRead = await s.Examiner(ExaminerC).ListPracticalGradesAsync(new ListPracticalGradesRequest { Parent = batch });
        Assert.Equal(4, examinerRead.Grades.Count);
        Assert.Equal(4, examinerRead.Results.Count);
        Assert.Equal(4, (await s.ManagerPractical.ListPracticalGradesAsync(new ListPracticalGradesRequest { Parent = batch })).Grades.Count);
    }

    [Fact]
    public async Task Bad_gradings_and_settings_answer_a_clear_status_and_write_nothing()
    {
        var s = await SetUpAsync();
        var (batch, trainee) = (s.Batch, s.Seed.StaffName(1));
        await PassTheoryAsync(s, trainee);
        var planned = await NewBatchAsync(s, "practical-planned", start: false);
        var worldBefore = await World.TakeAsync(Host, s.Seed);
        var resultsBefore = await s.Manager.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch });
        var head = await EventLog.HeadAsync(Host);
        var a = s.Examiner(ExaminerA);

        // Someone who is not an examiner of the batch (a mentor of no batch; the batch's manager), or of this stage.
        await Expect.Refused(StatusCode.PermissionDenied, () => s.Examiner("mentors/stranger").GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 4)).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => s.ManagerPractical.GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 4)).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => s.Examiner(JobMentor).GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 4)).ResponseAsync);

        // Levels outside the scale, criteria missing, unknown or repeated, malformed fields.
        await Expect.InvalidArgument("criteria[0].level", () => a.GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 5, 4)).ResponseAsync);
        await Expect.InvalidArgument("criteria[1].level", () => a.GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, -1)).ResponseAsync);
        var missing = PracticalSeed.Grading(batch, trainee, 4, 4);
        missing.Criteria.RemoveAt(1);
        await Expect.InvalidArgument("criteria", () => a.GradePracticalAssessmentAsync(missing).ResponseAsync);
        var unknown = PracticalSeed.Grading(batch, trainee, 4, 4);
        unknown.Criteria[1].CriterionId = "empathy";
        await Expect.InvalidArgument("criteria[1].criterion_id", () => a.GradePracticalAssessmentAsync(unknown).ResponseAsync);
        var repeated = PracticalSeed.Grading(batch, trainee, 4, 4);
        repeated.Criteria[1].CriterionId = "handling";
        await Expect.InvalidArgument("criteria[1].criterion_id", () => a.GradePracticalAssessmentAsync(repeated).ResponseAsync);
        var none = PracticalSeed.Grading(batch, trainee, 4, 4);
        none.Criteria.Clear();
        await Expect.InvalidArgument("criteria", () => a.GradePracticalAssessmentAsync(none).ResponseAsync);
        await Expect.InvalidArgument("staff_member", () => a.GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, "nobody", 4, 4)).ResponseAsync);
        await Expect.InvalidArgument("stage", () => a.GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 4, StageKind.Unspecified)).ResponseAsync);
        var noRequest = PracticalSeed.Grading(batch, trainee, 4, 4);
        noRequest.RequestId = string.Empty;
        await Expect.InvalidArgument("request_id", () => a.GradePracticalAssessmentAsync(noRequest).ResponseAsync);

        // A trainee not enrolled; a later stage before the earlier one is passed; a batch not running.
        var outsider = await Expect.FailedPrecondition(() => a.GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, s.Seed.StaffName(3), 4, 4)).ResponseAsync);
        Assert.Equal(s.Seed.StaffName(3), outsider.Violations.Single().Subject);
        var later = await Expect.FailedPrecondition(() => s.Examiner(JobMentor).GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, trainee, 4, 4, StageKind.OnTheJob)).ResponseAsync);
        Assert.Equal($"{batch}/stages/PracticalDrill", later.Violations.Single().Subject);
        var notRunning = await Expect.FailedPrecondition(() => a.GradePracticalAssessmentAsync(PracticalSeed.Grading(planned, trainee, 4, 4)).ResponseAsync);
        Assert.Equal(planned, notRunning.Violations.Single().Subject);

        // Settings: examiners not mentor names, no stake, a high stake with one examiner, an unknown rubric.
        var manager = s.ManagerPractical;
        await Expect.InvalidArgument("examiners[0]", () => manager.SetPracticalAssessmentAsync(Set(s, batch, PracticalStake.Standard, "zhang")).ResponseAsync);
        await Expect.InvalidArgument("stake", () => manager.SetPracticalAssessmentAsync(Set(s, batch, PracticalStake.Unspecified, ExaminerA)).ResponseAsync);
        await Expect.InvalidArgument("examiners", () => manager.SetPracticalAssessmentAsync(Set(s, batch, PracticalStake.High, ExaminerA)).ResponseAsync);
        var unknownRubric = Set(s, batch, PracticalStake.Standard, ExaminerA);
        unknownRubric.Rubric = "rubrics/nothing";
        await Expect.NotFound(() => manager.SetPracticalAssessmentAsync(unknownRubric).ResponseAsync);

        Assert.Equal(resultsBefore, await s.Manager.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = batch }));
        await World.AssertUnchangedAsync(Host, s.Seed, worldBefore);
        Assert.Equal(head, await EventLog.HeadAsync(Host));
    }

    private static SetPracticalAssessmentRequest Set(Setting s, string batch, PracticalStake stake, params string[] examiners) => new()
    {
        CourseBatch = batch, Stage = StageKind.PracticalDrill, Rubric = PracticalSeed.RubricOf(s.Seed), Stake = stake, Examiners = { examiners }, RequestId = Seed.RequestId(),
    };

    /// <summary>The trainee's drill result as the manager reads it in the stage results.</summary>
    private static async Task<PracticalResult> DrillResultAsync(Setting s, string trainee)
    {
        var results = await s.Manager.GetStageResultsAsync(new GetStageResultsRequest { CourseBatch = s.Batch });
        return Assert.Single(results.Trainees, t => t.StaffMember == trainee).Stages.Single(x => x.Stage == StageKind.PracticalDrill).Practical;
    }

    /// <summary>The trainee takes the one-item theory quick test and answers it right (q1: "2小时").</summary>
    private static async Task PassTheoryAsync(Setting s, string trainee)
    {
        var attempt = await s.TraineeQuickTests.StartAttemptAsync(new StartAttemptRequest { Parent = s.Batch, StaffMember = trainee, Stage = StageKind.Theory, RequestId = Seed.RequestId() });
        var item = Assert.Single(attempt.Items);
        var submitted = await s.TraineeQuickTests.SubmitAttemptAsync(new SubmitAttemptRequest
        {
            Name = attempt.Name, Answers = { new AttemptAnswer { Item = item.Item, Chosen = { item.Options.IndexOf("2小时") } } }, RequestId = Seed.RequestId(),
        });
        Assert.True(submitted.Passed);
    }

    /// <summary>
    /// A seed (three hotline staff, two enrolled), its rubric, and a running batch without sessions: a theory quick test
    /// (q1, pass 100), a HIGH-stake drill examined by A, B and C, a STANDARD on-the-job assessment by the job mentor.
    /// </summary>
    private async Task<Setting> SetUpAsync()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 3);
        await PracticalSeed.CreateRubricAsync(Host.Channel, seed);
        var managerChannel = Host.ChannelFor(Host.TokenFor(Roles.CenterManager, seed.Center));
        var setting = new Setting(
            seed,
            string.Empty,
            managerChannel,
            new AssessmentService.AssessmentServiceClient(managerChannel),
            new PracticalAssessmentService.PracticalAssessmentServiceClient(managerChannel),
            new CourseBatchService.CourseBatchServiceClient(managerChannel),
            Host.ChannelFor(Host.TokenFor(Roles.Trainee, seed.StaffName(1), seed.Center)),
            mentor => new PracticalAssessmentService.PracticalAssessmentServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Mentor, seed.Center, mentor))));
        return setting with { Batch = await NewBatchAsync(setting, "practical-2026", start: true) };
    }

    private static async Task<string> NewBatchAsync(Setting s, string batchId, bool start)
    {
        var batch = (await s.Batches.CreateCourseBatchAsync(new CreateCourseBatchRequest
        {
            Parent = s.Seed.Center,
            CourseBatchId = batchId,
            RequestId = Seed.RequestId(),
            CourseBatch = new CourseBatch
            {
                DisplayName = "2026年第三期 12345热线实操考核",
                Course = s.Seed.Course,
                Capacity = 10,
                EnrolmentOpenTime = DateTimeOffset.UtcNow.AddHours(-1).ToTimestamp(),
                EnrolmentCloseTime = DateTimeOffset.UtcNow.AddDays(7).ToTimestamp(),
            },
        })).Name;
        await s.Manager.SetStageAssessmentAsync(new SetStageAssessmentRequest
        {
            CourseBatch = batch,
            Stage = StageKind.Theory,
            Blueprint = new QuickTestBlueprint
            {
                Parts = { new BlueprintPart { QuestionBank = s.Seed.Bank, ItemCount = 1 } }, TimeLimit = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)), MaxAttempts = 3, PassMark = 100,
                LateRule = LateSubmissionRule.AcceptFlagged,
            },
            RequestId = Seed.RequestId(),
        });
        var drill = await PracticalSeed.SetAsync(s.ManagerChannel, s.Seed, batch, StageKind.PracticalDrill, PracticalStake.High, ExaminerA, ExaminerB, ExaminerC);
        Assert.Equal((PracticalStake.High, 1, 60), (drill.Stake, drill.Rubric.Revision, drill.Rubric.PassThreshold));
        await PracticalSeed.SetAsync(s.ManagerChannel, s.Seed, batch, StageKind.OnTheJob, PracticalStake.Standard, JobMentor);
        await s.Batches.OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = batch, RequestId = Seed.RequestId() });
        var enrolled = await s.Batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { s.Seed.StaffName(1), s.Seed.StaffName(2) }, RequestId = Seed.RequestId() });
        Assert.All(enrolled.Results, r => Assert.Equal(EnrolmentStatus.Enrolled, r.Enrolment?.Status));
        if (start)
        {
            await s.Batches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
        }

        return batch;
    }

    private sealed record Setting(
        Seed Seed,
        string Batch,
        Grpc.Net.Client.GrpcChannel ManagerChannel,
        AssessmentService.AssessmentServiceClient Manager,
        PracticalAssessmentService.PracticalAssessmentServiceClient ManagerPractical,
        CourseBatchService.CourseBatchServiceClient Batches,
        Grpc.Net.Client.GrpcChannel TraineeChannel,
        Func<string, PracticalAssessmentService.PracticalAssessmentServiceClient> Examiner)
    {
        public AssessmentService.AssessmentServiceClient TraineeQuickTests => new(TraineeChannel);

        public PracticalAssessmentService.PracticalAssessmentServiceClient TraineePractical => new(TraineeChannel);
    }
}
