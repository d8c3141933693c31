namespace Training.Grains.Tests;

/// <summary>The reaction survey of a batch's stages and the four-level reports of a batch and of a centre, on a test cluster.</summary>
public sealed class TrainingResultsGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IGrainFactory Grains => fixture.Grains;

    private ITrainingResultsGrain Reports => Grains.GetGrain<ITrainingResultsGrain>(0);

    [Fact]
    public async Task A_trainee_answers_a_stage_survey_once_after_one_of_its_sessions_closed_and_refused_answers_write_nothing()
    {
        var s = await QuickTestScenario.CreateAsync(Grains, staff: 2);
        var evaluation = Evaluation(s);
        var trainee = s.Batch.Staff[0];

        // Before any session of the stage closed: refused, nothing written.
        await TestData.Refused(ErrorKind.FailedPrecondition, () => evaluation.AnswerSurvey(trainee, Answer(StageKind.Theory, 5, 4, 3, 2), TestData.Command()));
        var session = await s.Batch.SessionAsync(TestData.Session(DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromHours(1)));
        await s.Batch.Batch.CloseSession(session, TestData.Command());

        // Off the scale, a question missing or rated twice, a comment too long, the drill stage not underway, someone not enrolled.
        await TestData.Refused(ErrorKind.InvalidArgument, () => evaluation.AnswerSurvey(trainee, Answer(StageKind.Theory, 5, 4, 3, 6), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => evaluation.AnswerSurvey(trainee, Answer(StageKind.Theory, 5, 4, 0, 2), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => evaluation.AnswerSurvey(
            trainee, new SurveyAnswer(StageKind.Theory, [new(SurveyQuestion.Relevance, 5), new(SurveyQuestion.Instructor, 5), new(SurveyQuestion.Organisation, 5)], string.Empty), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => evaluation.AnswerSurvey(
            trainee, Answer(StageKind.Theory, 5, 4, 3, 2) with { Ratings = [.. Answer(StageKind.Theory, 5, 4, 3, 2).Ratings, new(SurveyQuestion.Relevance, 1)] }, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => evaluation.AnswerSurvey(trainee, Answer(StageKind.Theory, 5, 4, 3, 2) with { Comment = new string('x', 1001) }, TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => evaluation.AnswerSurvey(trainee, Answer(StageKind.PracticalDrill, 5, 4, 3, 2), TestData.Command()));
        var stranger = (await TestData.StaffAsync(Grains, s.Batch.Center, 1))[0];
        await TestData.Refused(ErrorKind.FailedPrecondition, () => evaluation.AnswerSurvey(stranger, Answer(StageKind.Theory, 5, 4, 3, 2), TestData.Command()));
        Assert.Empty(await evaluation.Responses());

        // Answered once; the same request again answers the first answer; another request for the same stage: AlreadyExists.
        var request = TestData.Command();
        var answered = await evaluation.AnswerSurvey(trainee, Answer(StageKind.Theory, 5, 4, 3, 2, "讲得很实用"), request);
        Assert.Equal($"{s.Batch.Name}/surveyResponses/{trainee["staff/".Length..]}.theory", answered.Name);
        Assert.Equal((s.Batch.Center, "讲得很实用"), (answered.CenterName, answered.Comment));
        var retried = await evaluation.AnswerSurvey(trainee, Answer(StageKind.Theory, 1, 1, 1, 1), request);
        Assert.Equal(TestData.Json(answered), TestData.Json(retried));
        await TestData.Refused(ErrorKind.AlreadyExists, () => evaluation.AnswerSurvey(trainee, Answer(StageKind.Theory, 1, 1, 1, 1), TestData.Command()));
        Assert.Single(await evaluation.Responses());
    }

    [Fact]
    public async Task The_batch_report_and_the_centre_report_show_the_four_levels_and_the_centre_reads_them_from_the_directory()
    {
        var s = await QuickTestScenario.CreateAsync(Grains, staff: 3);
        await s.SetAsync(StageKind.Theory, s.Blueprint(passMark: 60));
        await s.SetAsync(StageKind.PracticalDrill, s.Blueprint(passMark: 60));
        var (best, second, none) = (s.Batch.Staff[0], s.Batch.Staff[1], s.Batch.Staff[2]);

        // Theory: 100 and 80 (one of five items wrong); the third trainee takes no test. Drill: the first passes.
        await s.PassAsync(best);
        await AnswerWithWrongAsync(s, second, wrong: 1);
        await s.PassAsync(best, StageKind.PracticalDrill);
        var session = await s.Batch.SessionAsync(TestData.Session(DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromHours(1)));
        await s.Batch.Batch.CloseSession(session, TestData.Command());
        await Evaluation(s).AnswerSurvey(best, Answer(StageKind.Theory, 5, 4, 3, 2), TestData.Command());
        await Evaluation(s).AnswerSurvey(second, Answer(StageKind.Theory, 3, 4, 5, 4), TestData.Command());
        var outcomes = Grains.GetGrain<ICenterOutcomesGrain>(s.Batch.Center + "/outcomes");
        var now = DateTimeOffset.UtcNow;
        await outcomes.Record(new OutcomeValue("hotline-satisfaction-rate", "12345满意率", "percent", now.AddDays(-400), now.AddDays(-300), 95, true, "before"), TestData.Command());
        await outcomes.Record(new OutcomeValue("hotline-satisfaction-rate", string.Empty, "percent", now.AddDays(-90), now.AddDays(-1), 100, false, "after"), TestData.Command());

        var report = await Reports.BatchReport(s.Batch.Name);
        AssertFigures(report);
        Assert.Equal(s.Batch.Name, report.Subject);

        var center = await TestData.EventuallyAsync(() => Reports.CenterReport(s.Batch.Center), r => r.Reaction.Respondents == 2 && r.Learning.Assessed == 2);
        AssertFigures(center);
        Assert.Equal([s.Batch.Name], center.Batches);
        Assert.DoesNotContain(none, (await s.Batch.Batch.StageResults()).Where(r => r.Stages[0].BestScore is not null).Select(r => r.StaffName));

        static void AssertFigures(FourLevelReport r)
        {
            Assert.Equal(3, r.Trainees);
            Assert.Equal((2, 2, 2.0 / 3), (r.Reaction.Responses, r.Reaction.Respondents, r.Reaction.ResponseRate));
            Assert.Equal([4.0, 4.0, 4.0, 3.0], r.Reaction.Questions.Select(q => q.Mean!.Value));
            Assert.Equal((2, 90.0), (r.Learning.Assessed, r.Learning.Average));
            Assert.Equal([0, 0, 0, 1, 1], r.Learning.Bands.Select(b => b.Count));
            Assert.Equal((1, 1, 1.0, 0), (r.Behaviour.DrillAssessed, r.Behaviour.DrillPassed, r.Behaviour.DrillPassRate, r.Behaviour.MentorSignOffs));
            var satisfaction = Assert.Single(r.Results);
            Assert.Equal(("hotline-satisfaction-rate", 95.0, 100.0, 5.0), (satisfaction.IndicatorId, satisfaction.Baseline, satisfaction.Latest, satisfaction.Change));
        }
    }

    [Fact]
    public async Task Reports_of_unknown_batches_and_centres_are_not_found()
    {
        await TestData.Refused(ErrorKind.NotFound, () => Reports.BatchReport($"regions/{TestData.Unique("r")}/counties/c/centers/t/batches/none"));
        await TestData.Refused(ErrorKind.NotFound, () => Reports.CenterReport($"regions/{TestData.Unique("r")}/counties/c/centers/none"));
    }

    private IBatchEvaluationGrain Evaluation(QuickTestScenario s) => Grains.GetGrain<IBatchEvaluationGrain>(s.Batch.Name + "/evaluation");

    private static SurveyAnswer Answer(StageKind stage, int relevance, int instructor, int usefulness, int organisation, string comment = "") =>
        new(stage, [new(SurveyQuestion.Relevance, relevance), new(SurveyQuestion.Instructor, instructor), new(SurveyQuestion.PracticalUsefulness, usefulness), new(SurveyQuestion.Organisation, organisation)], comment);

    /// <summary>Submits the right answers except <paramref name="wrong"/> items, each answered with an option that is not right.</summary>
    private static async Task AnswerWithWrongAsync(QuickTestScenario s, string staff, int wrong)
    {
        var attempt = await s.StartAsync(staff);
        var answers = (await s.RightAnswersAsync(attempt)).ToList();
        for (var i = 0; i < wrong; i++)
        {
            var options = attempt.Items[i].Options.Count;
            var chosen = Enumerable.Range(0, options).First(o => !answers[i].Chosen.Contains(o));
            answers[i] = new AttemptAnswer(answers[i].Item, [chosen]);
        }

        await s.Attempt(attempt.Name).Submit(answers, TestData.Command());
    }
}
