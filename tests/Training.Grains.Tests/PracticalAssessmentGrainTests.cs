namespace Training.Grains.Tests;

/// <summary>Rubrics in the catalogue and practical assessments on a batch: setting, grading, refusals, evidence, the two-examiner rule and completion.</summary>
public sealed class PracticalAssessmentGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_rubric_keeps_every_revision_and_a_batch_grades_on_the_revision_it_was_given()
    {
        var s = await PracticalScenario.CreateAsync(Grains);
        var rubric = Grains.GetGrain<IRubricGrain>(s.Rubric);
        await s.SetAsync();

        var revised = await rubric.Update(PracticalScenario.Spec(s.Framework, passThreshold: 90), 0, TestData.Command());
        Assert.Equal((2, 90, 60), (revised.Revision, revised.Spec.PassThreshold, (await rubric.Get(1)).Spec.PassThreshold));
        var held = Assert.Single(await s.Grain.PracticalAssessments());
        Assert.Equal((1, 60), (held.Rubric.Revision, held.Rubric.Spec.PassThreshold));

        // 62.5 passes on revision 1's threshold of 60 (it would not on revision 2's 90).
        var grade = await s.GradeAsync(PracticalScenario.ExaminerA, PracticalScenario.Grading(s.Batch.Staff[0], 3, 1));
        Assert.Equal((62.5, true, 1), (grade.Score, grade.Passed, grade.RubricRevision));
        await TestData.Refused(ErrorKind.NotFound, () => rubric.Get(3));
        await TestData.Refused(ErrorKind.AlreadyExists, () => rubric.Create(PracticalScenario.Spec(s.Framework), TestData.Command()));
    }

    [Fact]
    public async Task A_rubric_out_of_range_or_on_unknown_competencies_is_refused_with_every_field_and_nothing_is_written()
    {
        var s = await PracticalScenario.CreateAsync(Grains, staff: 0, start: false);
        var name = $"rubrics/{TestData.Unique("bad")}";
        var rubric = Grains.GetGrain<IRubricGrain>(name);
        var good = PracticalScenario.Spec(s.Framework);
        var bad = good with
        {
            PassThreshold = 101,
            Criteria = [good.Criteria[0] with { Weight = 0 }, good.Criteria[1] with { LevelDescriptors = ["only one"] }],
        };
        var e = await Assert.ThrowsAsync<TrainingException>(() => rubric.Create(bad, TestData.Command()));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(["rubric.pass_threshold", "rubric.criteria[0].weight", "rubric.criteria[1].level_descriptors"], e.Violations.Select(v => v.Field));

        var unknown = await Assert.ThrowsAsync<TrainingException>(() => rubric.Create(good with { Criteria = [good.Criteria[0] with { CompetencyId = "no-such" }] }, TestData.Command()));
        Assert.Equal((ErrorKind.InvalidArgument, "rubric.criteria[0].competency_id"), (unknown.Kind, unknown.Violations.Single().Field));
        await TestData.Refused(ErrorKind.NotFound, () => rubric.Create(good with { FrameworkName = "frameworks/none" }, TestData.Command()));
        Assert.Empty(await rubric.History(1, 10));
        await TestData.Refused(ErrorKind.NotFound, () => rubric.Get(0));
    }

    [Fact]
    public async Task A_grading_is_scored_at_once_reaches_the_stage_results_and_each_criterion_reaches_the_staff_record_once()
    {
        var s = await PracticalScenario.CreateAsync(Grains);
        await s.SetAsync();
        var staff = s.Batch.Staff[0];
        var requestId = Guid.NewGuid().ToString("N");

        var grade = await s.GradeAsync(PracticalScenario.ExaminerA, PracticalScenario.Grading(staff, 3, 1), requestId);
        var events = await s.EventCountAsync();
        var retried = await s.GradeAsync(PracticalScenario.ExaminerA, PracticalScenario.Grading(staff, 0, 0), requestId);

        Assert.Equal($"{s.Batch.Name}/practicalGrades/{staff["staff/".Length..]}.1", grade.Name);
        Assert.Equal((62.5, true, PracticalScenario.ExaminerA), (grade.Score, grade.Passed, grade.Examiner));
        Assert.Equal(TestData.Json(grade), TestData.Json(retried));
        Assert.Equal(events, await s.EventCountAsync());

        var drill = (await s.Grain.StageResultsOf(staff)).Stages.Single(r => r.Stage == StageKind.PracticalDrill);
        Assert.Equal((false, true), (drill.HasAssessment, drill.Passed));
        Assert.Equal((PracticalStatus.Passed, 1, (double?)62.5), (drill.Practical!.Status, drill.Practical.Gradings, drill.Practical.Score));
        Assert.Null((await s.Grain.StageResultsOf(staff)).Stages.Single(r => r.Stage == StageKind.Theory).Practical);

        var evidence = await TestData.EventuallyAsync(
            async () => (await Grains.GetGrain<IStaffMemberGrain>(staff).History(1, 100)).Where(h => h.EventType == "staff.evidence-recorded.v1").ToList(),
            e => e.Count == 2);
        Assert.Contains(evidence, e => e.Summary.StartsWith("PracticalAssessment evidence for hotline-12345: 0.75", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.Summary.StartsWith("PracticalAssessment evidence for communication: 0.25", StringComparison.Ordinal));
        Assert.Single(await s.Grain.PracticalGrades(staff));
        Assert.Empty(await s.Grain.PracticalGrades(s.Batch.Staff[1]));
    }

    [Fact]
    public async Task Refused_gradings_write_nothing()
    {
        var s = await PracticalScenario.CreateAsync(Grains, staff: 3);
        await s.SetAsync(StageKind.PracticalDrill, PracticalStake.High, PracticalScenario.ExaminerA, PracticalScenario.ExaminerB);
        await s.SetAsync(StageKind.OnTheJob, PracticalStake.Standard, PracticalScenario.ExaminerC);
        var (staff, other) = (s.Batch.Staff[0], s.Batch.Staff[1]);
        await s.GradeAsync(PracticalScenario.ExaminerA, PracticalScenario.Grading(other, 4, 4));
        var before = await s.EventCountAsync();

        async Task<TrainingException> Refused(ErrorKind kind, string examiner, PracticalGrading grading)
        {
            var e = await Assert.ThrowsAsync<TrainingException>(() => s.GradeAsync(examiner, grading));
            Assert.Equal(kind, e.Kind);
            Assert.Equal(before, await s.EventCountAsync());
            return e;
        }

        await Refused(ErrorKind.PermissionDenied, "mentors/not-an-examiner", PracticalScenario.Grading(staff, 4, 4));
        await Refused(ErrorKind.PermissionDenied, PracticalScenario.ExaminerC, PracticalScenario.Grading(staff, 4, 4));
        var scale = await Refused(ErrorKind.InvalidArgument, PracticalScenario.ExaminerA, PracticalScenario.Grading(staff, 5, 4));
        Assert.Equal("criteria[0].level", scale.Violations.Single().Field);
        var missing = await Refused(ErrorKind.InvalidArgument, PracticalScenario.ExaminerA, new PracticalGrading(staff, StageKind.PracticalDrill, [new CriterionGrade("empathy", 2, string.Empty)], string.Empty));
        Assert.Equal(["criteria[0].criterion_id", "criteria"], missing.Violations.Select(v => v.Field));
        await Refused(ErrorKind.FailedPrecondition, PracticalScenario.ExaminerA, PracticalScenario.Grading("staff/never-enrolled", 4, 4));
        await Refused(ErrorKind.FailedPrecondition, PracticalScenario.ExaminerA, PracticalScenario.Grading(staff, 4, 4, StageKind.Theory));
        var gated = await Refused(ErrorKind.FailedPrecondition, PracticalScenario.ExaminerC, PracticalScenario.Grading(staff, 4, 4, StageKind.OnTheJob));
        Assert.Equal($"{s.Batch.Name}/stages/PracticalDrill", gated.Subject);
        var twice = await Refused(ErrorKind.FailedPrecondition, PracticalScenario.ExaminerA, PracticalScenario.Grading(other, 3, 3));
        Assert.Contains("independent examiners", twice.Message, StringComparison.Ordinal);

        var planned = await PracticalScenario.CreateAsync(Grains, staff: 1, start: false);
        await planned.SetAsync();
        var count = await planned.EventCountAsync();
        var notRunning = await Assert.ThrowsAsync<TrainingException>(() => planned.GradeAsync(PracticalScenario.ExaminerA, PracticalScenario.Grading(planned.Batch.Staff[0], 4, 4)));
        Assert.Equal((ErrorKind.FailedPrecondition, planned.Batch.Name), (notRunning.Kind, notRunning.Subject));
        Assert.Equal(count, await planned.EventCountAsync());
    }

    [Fact]
    public async Task A_high_stake_result_is_the_mean_of_two_agreeing_examiners_and_a_third_decides_a_disagreement()
    {
        var s = await PracticalScenario.CreateAsync(Grains, staff: 2);
        await s.SetAsync(StageKind.PracticalDrill, PracticalStake.High);
        var (agreeing, disagreeing) = (s.Batch.Staff[0], s.Batch.Staff[1]);

        await s.GradeAsync(PracticalScenario.ExaminerA, PracticalScenario.Grading(agreeing, 4, 4));
        Assert.Equal(PracticalStatus.AwaitingSecondGrading, (await Drill(s, agreeing)).Practical!.Status);
        Assert.False((await Drill(s, agreeing)).Passed);
        await s.GradeAsync(PracticalScenario.ExaminerB, PracticalScenario.Grading(agreeing, 3, 1));
        var decided = await Drill(s, agreeing);
        Assert.Equal((PracticalStatus.Passed, (double?)81.25, true), (decided.Practical!.Status, decided.Practical.Score, decided.Passed));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.GradeAsync(PracticalScenario.ExaminerC, PracticalScenario.Grading(agreeing, 4, 4)));

        await s.GradeAsync(PracticalScenario.ExaminerA, PracticalScenario.Grading(disagreeing, 4, 4));
        await s.GradeAsync(PracticalScenario.ExaminerB, PracticalScenario.Grading(disagreeing, 0, 4));
        Assert.Equal(PracticalStatus.AwaitingDecidingGrading, (await Drill(s, disagreeing)).Practical!.Status);
        await s.GradeAsync(PracticalScenario.ExaminerC, PracticalScenario.Grading(disagreeing, 1, 0));
        var third = await Drill(s, disagreeing);
        Assert.Equal((PracticalStatus.NotPassed, (double?)21.88, false, 3), (third.Practical!.Status, third.Practical.Score, third.Passed, third.Practical.Gradings));
    }

    [Fact]
    public async Task A_trainee_who_passed_the_theory_quick_test_and_the_drill_completes_and_a_batch_with_only_practical_assessments_completes_too()
    {
        var quick = await QuickTestScenario.CreateAsync(Grains, staff: 1);
        var rubric = $"rubrics/{TestData.Unique("r")}";
        var framework = (await Grains.GetGrain<ICourseGrain>(quick.Batch.Course).Get()).FrameworkName;
        await Grains.GetGrain<IRubricGrain>(rubric).Create(PracticalScenario.Spec(framework), TestData.Command());
        await quick.SetAsync(StageKind.Theory, quick.Blueprint());
        await quick.Batch.Batch.SetPracticalAssessment(StageKind.PracticalDrill, new PracticalAssessmentSpec(rubric, 0, PracticalStake.Standard, [PracticalScenario.ExaminerA]), TestData.Command());
        var staff = quick.Batch.Staff[0];

        var early = await Assert.ThrowsAsync<TrainingException>(() => quick.Batch.Batch.GradePractical(PracticalScenario.ExaminerA, PracticalScenario.Grading(staff, 4, 4), TestData.Command()));
        Assert.Equal($"{quick.Batch.Name}/stages/Theory", early.Subject);
        await quick.PassAsync(staff);
        Assert.Null((await quick.Batch.Batch.StageResultsOf(staff)).Completion);
        var failed = await quick.Batch.Batch.GradePractical(PracticalScenario.ExaminerA, PracticalScenario.Grading(staff, 1, 1), TestData.Command());
        Assert.False(failed.Passed);
        Assert.Null((await quick.Batch.Batch.StageResultsOf(staff)).Completion);
        await quick.Batch.Batch.GradePractical(PracticalScenario.ExaminerA, PracticalScenario.Grading(staff, 4, 3), TestData.Command());
        var completion = (await quick.Batch.Batch.StageResultsOf(staff)).Completion;
        Assert.NotNull(completion);
        Assert.Equal((double?)93.75, completion.Stages.Single(st => st.Stage == StageKind.PracticalDrill).Practical!.Score);

        var practicalOnly = await PracticalScenario.CreateAsync(Grains, staff: 2);
        await practicalOnly.SetAsync();
        await practicalOnly.GradeAsync(PracticalScenario.ExaminerB, PracticalScenario.Grading(practicalOnly.Batch.Staff[0], 4, 4));
        Assert.NotNull((await practicalOnly.Grain.StageResultsOf(practicalOnly.Batch.Staff[0])).Completion);
        Assert.Null((await practicalOnly.Grain.StageResultsOf(practicalOnly.Batch.Staff[1])).Completion);
        var enrolment = await TestData.EventuallyAsync(
            async () => await Grains.GetGrain<IStaffMemberGrain>(practicalOnly.Batch.Staff[0]).Enrolments(),
            list => list.Any(e => e.Status == EnrolmentStatus.Completed));
        Assert.Contains(enrolment, e => e.BatchName == practicalOnly.Batch.Name);
    }

    [Fact]
    public async Task Setting_a_practical_assessment_checks_the_rubric_the_stake_and_keeps_the_rubric_once_trainees_were_graded()
    {
        var s = await PracticalScenario.CreateAsync(Grains);
        var before = await s.EventCountAsync();
        var fewExaminers = await Assert.ThrowsAsync<TrainingException>(() => s.SetAsync(StageKind.PracticalDrill, PracticalStake.High, PracticalScenario.ExaminerA));
        Assert.Equal((ErrorKind.InvalidArgument, "examiners"), (fewExaminers.Kind, fewExaminers.Violations.Single().Field));
        await TestData.Refused(ErrorKind.NotFound, () => s.Grain.SetPracticalAssessment(StageKind.PracticalDrill, new PracticalAssessmentSpec("rubrics/none", 0, PracticalStake.Standard, [PracticalScenario.ExaminerA]), TestData.Command()));
        var otherFramework = await PracticalScenario.CreateAsync(Grains, staff: 0, start: false);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Grain.SetPracticalAssessment(StageKind.PracticalDrill, new PracticalAssessmentSpec(otherFramework.Rubric, 0, PracticalStake.Standard, [PracticalScenario.ExaminerA]), TestData.Command()));
        Assert.Equal(before, await s.EventCountAsync());

        await s.SetAsync(StageKind.PracticalDrill, PracticalStake.Standard, PracticalScenario.ExaminerA);
        await s.GradeAsync(PracticalScenario.ExaminerA, PracticalScenario.Grading(s.Batch.Staff[0], 1, 1));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.SetAsync(StageKind.PracticalDrill, PracticalStake.High, PracticalScenario.ExaminerA, PracticalScenario.ExaminerB));
        var widened = await s.SetAsync(StageKind.PracticalDrill, PracticalStake.Standard, PracticalScenario.ExaminerA, PracticalScenario.ExaminerB);
        Assert.Equal([PracticalScenario.ExaminerA, PracticalScenario.ExaminerB], widened.Examiners);
        Assert.Equal([PracticalScenario.ExaminerB, PracticalScenario.ExaminerA], await s.Grain.Examiners());
    }

    private static async Task<StaffStageResult> Drill(PracticalScenario s, string staff) =>
        (await s.Grain.StageResultsOf(staff)).Stages.Single(r => r.Stage == StageKind.PracticalDrill);
}
