namespace Training.Grains.Tests;

/// <summary>Quick tests on a batch: the batch's stage assessments and gating, the attempt grain's draw, grading and exactly-once delivery.</summary>
public sealed class QuickTestGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task An_attempt_shows_no_answer_key_before_submission_and_grades_at_once_then_the_batch_and_the_staff_record_have_the_result()
    {
        var s = await QuickTestScenario.CreateAsync(Grains);
        await s.SetAsync(StageKind.Theory, s.Blueprint(passMark: 80));
        var staff = s.Batch.Staff[0];

        var attempt = await s.StartAsync(staff);
        Assert.Equal($"{s.Batch.Name}/attempts/{staff["staff/".Length..]}.1", attempt.Name);
        Assert.Equal((AttemptState.InProgress, 5, 1), (attempt.State, attempt.Items.Count, attempt.StageAttempt));
        Assert.All(attempt.Items, i => Assert.Equal((0, (bool?)null, string.Empty), (i.CorrectOptions.Count, i.Correct, i.Explanation)));
        Assert.Equal(TestData.Json(attempt.Items), TestData.Json((await s.Attempt(attempt.Name).Get()).Items));

        // Four right, one communication item wrong: a multiple-choice item answered in part (no points) when the
        // draw (seeded by the attempt's name, which differs per run) holds one, else a true/false item answered false: 80.
        var answers = (await s.RightAnswersAsync(attempt)).ToList();
        var partial = attempt.Items.FirstOrDefault(i => i.Kind == QuestionKind.MultipleChoice)
            ?? attempt.Items.First(i => i.CompetencyId == "communication");
        var index = attempt.Items.ToList().IndexOf(partial);
        answers[index] = partial.Kind == QuestionKind.MultipleChoice
            ? new AttemptAnswer(partial.Item, [answers[index].Chosen[0]])
            : new AttemptAnswer(partial.Item, [1 - answers[index].Chosen[0]]);
        var graded = await s.Attempt(attempt.Name).Submit(answers, TestData.Command());

        Assert.Equal((AttemptState.Submitted, 80.0, true, false, true), (graded.State, graded.Score, graded.Passed, graded.Late, graded.Delivered));
        Assert.Equal([true, true, true, true, false], graded.Items.Select(i => i.Correct!.Value).OrderDescending());
        Assert.All(graded.Items, i => Assert.NotEmpty(i.CorrectOptions));
        var communication = graded.Competencies.Single(c => c.CompetencyId == "communication");
        Assert.Equal((2, 1, 0.5), (communication.Items, communication.Correct, communication.Score));

        var results = await s.Batch.Batch.StageResultsOf(staff);
        var theory = results.Stages.Single(r => r.Stage == StageKind.Theory);
        Assert.Equal((true, 1, 80.0, true, attempt.Name), (theory.HasAssessment, theory.AttemptsUsed, theory.BestScore, theory.Passed, theory.BestAttempt));
        var evidence = (await Grains.GetGrain<IStaffMemberGrain>(staff).History(1, 100)).Where(h => h.EventType == "staff.evidence-recorded.v1").ToList();
        Assert.Equal(2, evidence.Count);
        Assert.Contains(evidence, e => e.Summary.StartsWith("QuickTest evidence for communication: 0.5", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.Summary.StartsWith("QuickTest evidence for hotline-12345: 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submitting_twice_or_twice_at_once_records_once_and_answers_the_first_result()
    {
        var s = await QuickTestScenario.CreateAsync(Grains);
        await s.SetAsync(StageKind.Theory, s.Blueprint());
        var attempt = await s.StartAsync(s.Batch.Staff[0]);
        var grain = s.Attempt(attempt.Name);
        var right = await s.RightAnswersAsync(attempt);

        var both = await Task.WhenAll(grain.Submit(right, TestData.Command()), grain.Submit([], TestData.Command()));
        var again = await grain.Submit([], TestData.Command());

        Assert.Equal(both[0].Score, both[1].Score);
        Assert.Equal(TestData.Json(both[0] with { Delivered = true, Version = 0 }), TestData.Json(again with { Version = 0 }));
        var history = await grain.History(1, 100);
        Assert.Single(history, h => h.EventType == "attempt.submitted.v1");
        var results = await s.Batch.Batch.StageResultsOf(s.Batch.Staff[0]);
        Assert.Single(results.Attempts);
        var evidence = (await Grains.GetGrain<IStaffMemberGrain>(s.Batch.Staff[0]).History(1, 100)).Count(h => h.EventType == "staff.evidence-recorded.v1");
        Assert.Equal(2, evidence);
    }

    [Fact]
    public async Task Answers_to_items_not_in_the_attempt_are_refused_and_nothing_is_written()
    {
        var s = await QuickTestScenario.CreateAsync(Grains);
        await s.SetAsync(StageKind.Theory, s.Blueprint());
        var attempt = await s.StartAsync(s.Batch.Staff[0]);
        var grain = s.Attempt(attempt.Name);

        var e = await Assert.ThrowsAsync<TrainingException>(() => grain.Submit([new AttemptAnswer($"{s.HotlineBank}/items/nope", [0])], TestData.Command()));
        Assert.Equal((ErrorKind.InvalidArgument, "answers[0]"), (e.Kind, e.Violations.Single().Field));
        Assert.Contains("is not an item of this attempt", e.Message, StringComparison.Ordinal);
        var twice = await Assert.ThrowsAsync<TrainingException>(() => grain.Submit([new AttemptAnswer(attempt.Items[0].Item, [0]), new AttemptAnswer(attempt.Items[0].Item, [1])], TestData.Command()));
        Assert.Equal("answers[1]", twice.Violations.Single().Field);

        var after = await grain.Get();
        Assert.Equal((attempt.Version, AttemptState.InProgress), (after.Version, after.State));
    }

    [Fact]
    public async Task Concurrent_starts_never_exceed_the_maximum_and_the_refusal_says_so()
    {
        var s = await QuickTestScenario.CreateAsync(Grains);
        await s.SetAsync(StageKind.Theory, s.Blueprint(maxAttempts: 2));
        var staff = s.Batch.Staff[0];

        var starts = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                return (await s.StartAsync(staff)).Name;
            }
            catch (TrainingException e) when (e.Kind == ErrorKind.FailedPrecondition)
            {
                return e.Message;
            }
        }));

        Assert.Equal(2, starts.Count(n => n.Contains("/attempts/", StringComparison.Ordinal)));
        Assert.Equal(2, starts.Where(n => n.Contains("/attempts/", StringComparison.Ordinal)).Distinct().Count());
        Assert.All(starts.Where(n => !n.Contains("/attempts/", StringComparison.Ordinal)), m => Assert.Contains("used all 2 attempts", m, StringComparison.Ordinal));
        Assert.Equal(2, (await s.Batch.Batch.StageResultsOf(staff)).Stages.Single(r => r.Stage == StageKind.Theory).AttemptsUsed);

        // A retried start (same request id) answers the same attempt and allocates nothing.
        var other = s.Batch.Staff[1];
        var command = TestData.Command();
        var first = await s.Batch.Batch.StartAttempt(other, StageKind.Theory, command);
        var retried = await s.Batch.Batch.StartAttempt(other, StageKind.Theory, command);
        Assert.Equal(first.Name, retried.Name);
        Assert.Single((await s.Batch.Batch.StageResultsOf(other)).Attempts);
    }

    [Fact]
    public async Task The_next_stage_assessment_waits_for_the_current_one_and_the_refusal_names_the_stage()
    {
        var s = await QuickTestScenario.CreateAsync(Grains);
        await s.SetAsync(StageKind.Theory, s.Blueprint(passMark: 100));
        await s.SetAsync(StageKind.PracticalDrill, s.Blueprint());
        var staff = s.Batch.Staff[0];

        var early = await Assert.ThrowsAsync<TrainingException>(() => s.StartAsync(staff, StageKind.PracticalDrill));
        Assert.Equal((ErrorKind.FailedPrecondition, $"{s.Batch.Name}/stages/Theory"), (early.Kind, early.Subject));
        Assert.Contains("has not passed the Theory stage's assessment", early.Message, StringComparison.Ordinal);

        var failed = await s.Attempt((await s.StartAsync(staff)).Name).Submit([], TestData.Command());
        Assert.False(failed.Passed);
        await Assert.ThrowsAsync<TrainingException>(() => s.StartAsync(staff, StageKind.PracticalDrill));

        Assert.True((await s.PassAsync(staff)).Passed);
        var practical = await s.StartAsync(staff, StageKind.PracticalDrill);
        Assert.Equal((StageKind.PracticalDrill, 1), (practical.Stage, practical.StageAttempt));

        var none = await Assert.ThrowsAsync<TrainingException>(() => s.StartAsync(staff, StageKind.OnTheJob));
        Assert.Contains("has no quick test", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_submission_is_flagged_or_refused_per_the_rule()
    {
        var s = await QuickTestScenario.CreateAsync(Grains);
        await s.SetAsync(StageKind.Theory, s.Blueprint(late: LateSubmissionRule.AcceptFlagged));
        await s.SetAsync(StageKind.PracticalDrill, s.Blueprint(late: LateSubmissionRule.Reject, passMark: 0));
        var flagged = await s.StartAsync(s.Batch.Staff[0]);
        var passed = await s.PassAsync(s.Batch.Staff[1]);
        var refused = await s.StartAsync(s.Batch.Staff[1], StageKind.PracticalDrill);
        Assert.True(passed.Passed);

        fixture.Cluster.Clock.Shift = TimeSpan.FromMinutes(11);
        try
        {
            var late = await s.Attempt(flagged.Name).Submit(await s.RightAnswersAsync(flagged), TestData.Command());
            Assert.Equal((true, true, 100.0), (late.Late, late.Passed, late.Score));
            Assert.Contains("(late)", (await Grains.GetGrain<IStaffMemberGrain>(s.Batch.Staff[0]).History(1, 100)).Last(h => h.EventType == "staff.evidence-recorded.v1").Summary, StringComparison.Ordinal);

            Assert.Equal(AttemptState.Expired, (await s.Attempt(refused.Name).Get()).State);
            var e = await Assert.ThrowsAsync<TrainingException>(() => s.Attempt(refused.Name).Submit([], TestData.Command()));
            Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
            Assert.Contains("refuses late submissions", e.Message, StringComparison.Ordinal);
            Assert.Equal(refused.Version, (await s.Attempt(refused.Name).Get()).Version);
        }
        finally
        {
            fixture.Cluster.Clock.Shift = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_retired_item_is_not_drawn_for_new_attempts_but_stays_valid_in_the_attempt_that_drew_it()
    {
        var s = await QuickTestScenario.CreateAsync(Grains);
        await s.SetAsync(StageKind.Theory, s.Blueprint(hotline: 6, communication: 1));
        var attempt = await s.StartAsync(s.Batch.Staff[0]);
        var bank = Grains.GetGrain<IQuestionBankGrain>(s.HotlineBank);
        await bank.ReviseItem("item-1", QuickTestScenario.Single("revised"), TestData.Command());
        await bank.RetireItem("item-1", TestData.Command());

        var graded = await s.Attempt(attempt.Name).Submit(await s.RightAnswersAsync(attempt), TestData.Command());
        Assert.Equal(100.0, graded.Score);
        Assert.Contains(graded.Items, i => i.Item == $"{s.HotlineBank}/items/item-1" && i.Revision == 1 && i.Stem == "12345 question 1");

        // Six items drawn from a bank now holding five active ones: the next attempt cannot be drawn, and nothing is counted.
        var e = await Assert.ThrowsAsync<TrainingException>(() => s.StartAsync(s.Batch.Staff[1]));
        Assert.Equal((ErrorKind.FailedPrecondition, s.HotlineBank), (e.Kind, e.Subject));
        Assert.Empty((await s.Batch.Batch.StageResultsOf(s.Batch.Staff[1])).Attempts);
    }

    [Fact]
    public async Task A_trainee_who_passed_every_quick_test_and_owes_no_session_completes_and_their_record_says_so()
    {
        var s = await QuickTestScenario.CreateAsync(Grains);
        await s.SetAsync(StageKind.Theory, s.Blueprint());
        var session = await s.Batch.SessionAsync(TestData.Session(DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromHours(1)));
        var (passer, absentee) = (s.Batch.Staff[0], s.Batch.Staff[1]);
        await s.Batch.Batch.RecordAttendance(session, passer, AttendanceMark.Present, string.Empty, TestData.Command());
        await s.PassAsync(passer);
        await s.PassAsync(absentee);
        Assert.Null((await s.Batch.Batch.StageResultsOf(passer)).Completion);

        // The session closes: the one who attended completes; the absentee owes it.
        await s.Batch.Batch.CloseSession(session, TestData.Command());

        var completion = (await s.Batch.Batch.StageResultsOf(passer)).Completion;
        Assert.NotNull(completion);
        Assert.Equal((1, 1), (completion.SessionsAttended, completion.SessionsExpected));
        Assert.All(completion.Stages, r => Assert.True(r.Passed));
        Assert.Null((await s.Batch.Batch.StageResultsOf(absentee)).Completion);
        var held = await TestData.EventuallyAsync(
            () => Grains.GetGrain<IStaffMemberGrain>(passer).Enrolments(), e => e.Single().Status == EnrolmentStatus.Completed);
        Assert.Equal(s.Batch.Name, held.Single().BatchName);
        Assert.Equal(EnrolmentStatus.Enrolled, (await Grains.GetGrain<IStaffMemberGrain>(absentee).Enrolments()).Single().Status);
    }
}
