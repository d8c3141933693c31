using System.Net;
using Google.Protobuf.WellKnownTypes;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Training results in four levels over real gRPC (issue #5, requirement 7): the case study's own figures loaded as
/// records — 58 trainees of T town taking the theory quick test (half score 100, half 84: average 92), all passing the
/// practical drill graded on a rubric by an examiner, the 12345 satisfaction indicator 95 % before and 100 % after —
/// read back from the centre's report (over gRPC and HTTP/JSON); and the stage survey with its bad input, each refusal
/// writing nothing.
/// </summary>
public sealed class TrainingResultsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    /// <summary>The case study: 58 staff of T town.</summary>
    private const int Trainees = 58;

    /// <summary>Items in the theory quick test: 25 right is 100, 21 right is 84.</summary>
    private const int TheoryItems = 25;

    private TrainingHostProcess Host => fixture.Host;

    [Fact]
    public async Task The_case_study_figures_loaded_as_records_read_back_from_the_centre_report_as_theory_92_practical_100_percent_and_satisfaction_95_to_100()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: Trainees);
        var key = await AddTrueFalseItemsAsync(seed, TheoryItems - 1);
        var managerToken = Host.TokenFor(Roles.CenterManager, seed.Center);
        var batches = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(managerToken));
        var manager = new AssessmentService.AssessmentServiceClient(Host.ChannelFor(managerToken));
        var results = new TrainingResultsService.TrainingResultsServiceClient(Host.ChannelFor(managerToken));
        var staff = Enumerable.Range(1, Trainees).Select(seed.StaffName).ToArray();
        var batch = await RunningBatchAsync(seed, batches, manager, staff, theoryItems: TheoryItems, drillItems: 0);

        // The drill stage is a practical assessment: the simulated 12345 call, graded on its rubric by a county expert.
        const string Examiner = "mentors/county-expert";
        await PracticalSeed.CreateRubricAsync(Host.Channel, seed);
        await PracticalSeed.SetAsync(Host.ChannelFor(managerToken), seed, batch, StageKind.PracticalDrill, PracticalStake.Standard, Examiner);
        var examiner = new PracticalAssessmentService.PracticalAssessmentServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Mentor, seed.Center, Examiner)));

        // Every trainee takes the theory test (odd staff numbers all right: 100; even ones four wrong: 84); the examiner
        // then grades their drill call (every criterion at the top level: 100, passed).
        await Parallel.ForEachAsync(Enumerable.Range(1, Trainees), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var trainee = new AssessmentService.AssessmentServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, seed.StaffName(i), seed.Center)));
            var theory = await TakeAsync(trainee, batch, seed.StaffName(i), StageKind.Theory, key, wrong: i % 2 == 0 ? 4 : 0);
            Assert.Equal(i % 2 == 0 ? 84.0 : 100.0, theory.Score);
            await examiner.GradePracticalAssessmentAsync(PracticalSeed.Grading(batch, seed.StaffName(i), handling: 4, listening: 4), cancellationToken: CancellationToken.None);
        });

        // The centre's 12345 satisfaction: 95 % the year before the training, 100 % in the latest quarter.
        var capability = new CapabilityService.CapabilityServiceClient(Host.ChannelFor(managerToken));
        var now = DateTimeOffset.UtcNow;
        await capability.RecordOutcomeIndicatorAsync(Indicator(seed.Center, baseline: true, now.AddDays(-465), now.AddDays(-100), 95));
        await capability.RecordOutcomeIndicatorAsync(Indicator(seed.Center, baseline: false, now.AddDays(-91), now.AddDays(-1), 100));

        // The theory stage's session closes; ten trainees answer its survey.
        await batches.CloseSessionAsync(new CloseSessionRequest { Name = Seed.SessionOf(batch, "theory-1"), RequestId = Seed.RequestId() });
        for (var i = 1; i <= 10; i++)
        {
            var trainee = new TrainingResultsService.TrainingResultsServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, seed.StaffName(i), seed.Center)));
            await trainee.AnswerSurveyAsync(Survey(batch, seed.StaffName(i), 5, i <= 5 ? 5 : 4, 5, 4));
        }

        var center = await results.GetCenterResultsAsync(new GetCenterResultsRequest { Center = seed.Center });
        Assert.Equal((seed.Center, Trainees, Trainees, 92.0), (center.Subject, center.Trainees, center.Learning.Assessed, center.Learning.Average));
        Assert.Equal([0, 0, 0, Trainees / 2, Trainees / 2], center.Learning.Bands.Select(b => b.Count));
        Assert.Equal((Trainees, Trainees, 1.0), (center.Behaviour.DrillAssessed, center.Behaviour.DrillPassed, center.Behaviour.DrillPassRate));
        var satisfaction = Assert.Single(center.Results);
        Assert.Equal(($"{seed.Center}/outcomes/hotline-satisfaction-rate", 95.0, 100.0, 5.0), (satisfaction.Indicator, satisfaction.Baseline, satisfaction.Latest, satisfaction.Change));
        Assert.Equal((10, 10, 10.0 / Trainees), (center.Reaction.Responses, center.Reaction.Respondents, center.Reaction.ResponseRate));
        Assert.Equal([5.0, 4.5, 5.0, 4.0], center.Reaction.Questions.Select(q => q.Mean));
        Assert.Equal([batch], center.CourseBatches);

        // The batch's own report says the same; so does the centre's over HTTP/JSON.
        var own = await results.GetCourseBatchResultsAsync(new GetCourseBatchResultsRequest { CourseBatch = batch });
        Assert.Equal((92.0, 1.0, 5.0), (own.Learning.Average, own.Behaviour.DrillPassRate, own.Results.Single().Change));
        var (status, json) = await HttpJson.SendAsync(Host.HttpFor(managerToken), HttpMethod.Get, $"/v1/{seed.Center}/trainingResults", null);
        Assert.True(status == HttpStatusCode.OK, json.GetRawText());
        Assert.Equal(92.0, json.GetProperty("learning").GetProperty("average").GetDouble());
        Assert.Equal(1.0, json.GetProperty("behaviour").GetProperty("drillPassRate").GetDouble());
        Assert.Equal(100.0, json.GetProperty("results")[0].GetProperty("latest").GetDouble());
    }

    [Fact]
    public async Task A_stage_survey_is_answered_once_by_the_trainee_and_bad_input_answers_a_clear_status_and_writes_nothing()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 3);
        var managerToken = Host.TokenFor(Roles.CenterManager, seed.Center);
        var batches = new CourseBatchService.CourseBatchServiceClient(Host.ChannelFor(managerToken));
        var manager = new AssessmentService.AssessmentServiceClient(Host.ChannelFor(managerToken));
        var batch = await RunningBatchAsync(seed, batches, manager, [seed.StaffName(1), seed.StaffName(2)], theoryItems: 1, drillItems: 1);
        var trainee = new TrainingResultsService.TrainingResultsServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, seed.StaffName(1), seed.Center)));
        var outsider = new TrainingResultsService.TrainingResultsServiceClient(Host.ChannelFor(Host.TokenFor(Roles.Trainee, seed.StaffName(3), seed.Center)));
        var head = await EventLog.HeadAsync(Host);

        // No session of the theory stage has closed: refused, naming the stage.
        var early = await Expect.FailedPrecondition(() => trainee.AnswerSurveyAsync(Survey(batch, seed.StaffName(1), 5, 5, 5, 5)).ResponseAsync);
        Assert.Equal($"{batch}/stages/Theory", early.Violations.Single().Subject);
        Assert.Equal(head, await EventLog.HeadAsync(Host));

        await batches.CloseSessionAsync(new CloseSessionRequest { Name = Seed.SessionOf(batch, "theory-1"), RequestId = Seed.RequestId() });
        head = await EventLog.HeadAsync(Host);
        await Expect.InvalidArgument("ratings[3].rating", () => trainee.AnswerSurveyAsync(Survey(batch, seed.StaffName(1), 5, 5, 5, 6)).ResponseAsync);
        await Expect.InvalidArgument("ratings[0].rating", () => trainee.AnswerSurveyAsync(Survey(batch, seed.StaffName(1), 0, 5, 5, 5)).ResponseAsync);
        var unspecified = Survey(batch, seed.StaffName(1), 5, 5, 5, 5);
        unspecified.Ratings[2].Question = SurveyQuestion.Unspecified;
        await Expect.InvalidArgument("ratings[2].question", () => trainee.AnswerSurveyAsync(unspecified).ResponseAsync);
        var missing = Survey(batch, seed.StaffName(1), 5, 5, 5, 5);
        missing.Ratings.RemoveAt(1);
        await Expect.InvalidArgument("ratings", () => trainee.AnswerSurveyAsync(missing).ResponseAsync);
        var noRequest = Survey(batch, seed.StaffName(1), 5, 5, 5, 5);
        noRequest.RequestId = string.Empty;
        await Expect.InvalidArgument("request_id", () => trainee.AnswerSurveyAsync(noRequest).ResponseAsync);
        var noStage = Survey(batch, seed.StaffName(1), 5, 5, 5, 5);
        noStage.Stage = StageKind.Unspecified;
        await Expect.InvalidArgument("stage", () => trainee.AnswerSurveyAsync(noStage).ResponseAsync);
        var tooLong = Survey(batch, seed.StaffName(1), 5, 5, 5, 5);
        tooLong.Comment = new string('长', 1001);
        await Expect.InvalidArgument("comment", () => trainee.AnswerSurveyAsync(tooLong).ResponseAsync);
        await Expect.FailedPrecondition(() => outsider.AnswerSurveyAsync(Survey(batch, seed.StaffName(3), 5, 5, 5, 5)).ResponseAsync);
        await Expect.Refused(StatusCode.PermissionDenied, () => trainee.AnswerSurveyAsync(Survey(batch, seed.StaffName(2), 5, 5, 5, 5)).ResponseAsync);
        await Expect.NotFound(() => trainee.AnswerSurveyAsync(Survey(Seed.BatchAt(seed.Center, "no-such-batch"), seed.StaffName(1), 5, 5, 5, 5)).ResponseAsync);
        Assert.Equal(head, await EventLog.HeadAsync(Host));

        // Answered once; a retry of the same request answers the first answer; another answer of the stage: AlreadyExists.
        var request = Survey(batch, seed.StaffName(1), 4, 5, 3, 4, "案例很贴近窗口工作");
        var first = await trainee.AnswerSurveyAsync(request);
        Assert.Equal(($"{batch}/surveyResponses/{seed.StaffId(1)}.theory", seed.Center, StageKind.Theory), (first.Name, first.Center, first.Stage));
        Assert.Equal(first, await trainee.AnswerSurveyAsync(request));
        head = await EventLog.HeadAsync(Host);
        await Expect.AlreadyExists(() => trainee.AnswerSurveyAsync(Survey(batch, seed.StaffName(1), 1, 1, 1, 1)).ResponseAsync);
        Assert.Equal(head, await EventLog.HeadAsync(Host));

        var listed = await new TrainingResultsService.TrainingResultsServiceClient(Host.ChannelFor(managerToken)).ListSurveyResponsesAsync(new ListSurveyResponsesRequest { Parent = batch });
        Assert.Equal(first, Assert.Single(listed.SurveyResponses));
        await Expect.InvalidArgument("center", () => new TrainingResultsService.TrainingResultsServiceClient(Host.Channel).GetCenterResultsAsync(new GetCenterResultsRequest { Center = "centers/x" }).ResponseAsync);
    }

    private static AnswerSurveyRequest Survey(string batch, string staff, int relevance, int instructor, int usefulness, int organisation, string comment = "") => new()
    {
        Parent = batch,
        StaffMember = staff,
        Stage = StageKind.Theory,
        Comment = comment,
        RequestId = Seed.RequestId(),
        Ratings =
        {
            new SurveyRating { Question = SurveyQuestion.Relevance, Rating = relevance },
            new SurveyRating { Question = SurveyQuestion.Instructor, Rating = instructor },
            new SurveyRating { Question = SurveyQuestion.PracticalUsefulness, Rating = usefulness },
            new SurveyRating { Question = SurveyQuestion.Organisation, Rating = organisation },
        },
    };

    private static RecordOutcomeIndicatorRequest Indicator(string center, bool baseline, DateTimeOffset start, DateTimeOffset end, double value) => new()
    {
        Center = center,
        Indicator = "hotline-satisfaction-rate",
        DisplayName = "12345热线满意率",
        Unit = "percent",
        Baseline = baseline,
        Value = new OutcomeIndicatorValue { PeriodStartTime = start.ToTimestamp(), PeriodEndTime = end.ToTimestamp(), Value = value },
        RequestId = Seed.RequestId(),
    };

    /// <summary>Adds <paramref name="count"/> true/false items (true is right) to the seed's bank; answers the key of every item, by name.</summary>
    private async Task<IReadOnlyDictionary<string, string>> AddTrueFalseItemsAsync(Seed seed, int count)
    {
        var key = new Dictionary<string, string>(StringComparer.Ordinal) { [$"{seed.Bank}/items/q1"] = "2小时" };
        for (var i = 1; i <= count; i++)
        {
            var item = await Host.QuestionBanks.CreateQuestionItemAsync(new CreateQuestionItemRequest
            {
                Parent = seed.Bank,
                ItemId = $"tf{i:D2}",
                RequestId = Seed.RequestId(),
                Item = new QuestionItem { Kind = QuestionKind.TrueFalse, Stem = $"12345热线政策判断题{i}", Options = { "正确", "错误" }, CorrectOptions = { 0 }, Difficulty = 1 },
            });
            key[item.Name] = "正确";
        }

        return key;
    }

    private static async Task<Attempt> TakeAsync(AssessmentService.AssessmentServiceClient trainee, string batch, string staff, StageKind stage, IReadOnlyDictionary<string, string> key, int wrong)
    {
        var attempt = await trainee.StartAttemptAsync(new StartAttemptRequest { Parent = batch, StaffMember = staff, Stage = stage, RequestId = Seed.RequestId() });
        var answers = attempt.Items.Select((item, n) =>
        {
            var right = item.Options.IndexOf(key[item.Item]);
            return new AttemptAnswer { Item = item.Item, Chosen = { n < wrong ? (right + 1) % item.Options.Count : right } };
        });
        return await trainee.SubmitAttemptAsync(new SubmitAttemptRequest { Name = attempt.Name, Answers = { answers }, RequestId = Seed.RequestId() });
    }

    private static async Task<string> RunningBatchAsync(
        Seed seed, CourseBatchService.CourseBatchServiceClient batches, AssessmentService.AssessmentServiceClient manager, string[] enrol, int theoryItems, int drillItems)
    {
        var batch = (await batches.CreateCourseBatchAsync(new CreateCourseBatchRequest
        {
            Parent = seed.Center,
            CourseBatchId = "results-2026",
            RequestId = Seed.RequestId(),
            CourseBatch = new CourseBatch
            {
                DisplayName = "2026年 12345热线接诉即办 全员培训",
                Course = seed.Course,
                Capacity = Trainees,
                EligiblePosts = { Post.Hotline12345 },
                EnrolmentOpenTime = DateTimeOffset.UtcNow.AddHours(-1).ToTimestamp(),
                EnrolmentCloseTime = DateTimeOffset.UtcNow.AddDays(7).ToTimestamp(),
            },
        })).Name;
        await batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "theory-1", Session = Seed.NewSession(StageKind.Theory, days: 1), RequestId = Seed.RequestId() });
        await batches.CreateSessionAsync(new CreateSessionRequest { Parent = batch, SessionId = "drill-1", Session = Seed.NewSession(StageKind.PracticalDrill, days: 2), RequestId = Seed.RequestId() });
        foreach (var (stage, items) in new[] { (StageKind.Theory, theoryItems), (StageKind.PracticalDrill, drillItems) }.Where(s => s.Item2 > 0))
        {
            await manager.SetStageAssessmentAsync(new SetStageAssessmentRequest
            {
                CourseBatch = batch,
                Stage = stage,
                RequestId = Seed.RequestId(),
                Blueprint = new QuickTestBlueprint
                {
                    Parts = { new BlueprintPart { QuestionBank = seed.Bank, ItemCount = items } },
                    TimeLimit = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
                    MaxAttempts = 2,
                    PassMark = 60,
                    LateRule = LateSubmissionRule.AcceptFlagged,
                },
            });
        }

        await batches.OpenCourseBatchEnrolmentAsync(new OpenCourseBatchEnrolmentRequest { Name = batch, RequestId = Seed.RequestId() });
        var enrolled = await batches.EnrolStaffMembersAsync(new EnrolStaffMembersRequest { CourseBatch = batch, StaffMembers = { enrol }, RequestId = Seed.RequestId() });
        Assert.All(enrolled.Results, r => Assert.Equal(EnrolmentStatus.Enrolled, r.Enrolment?.Status));
        await batches.StartCourseBatchAsync(new StartCourseBatchRequest { Name = batch, RequestId = Seed.RequestId() });
        return batch;
    }
}
