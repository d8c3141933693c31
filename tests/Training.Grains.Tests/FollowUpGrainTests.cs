namespace Training.Grains.Tests;

/// <summary>
/// Long-term follow-up (issue 5, requirement 8): retention re-tests scheduled at completion, marked due and overdue by
/// the batch's reminder as (shifted) time passes, listed per centre and per staff member from the directory, taken as
/// the theory quick test (evidence on the staff record, the follow-up closed), and a reminder that survives a restart.
/// Each test has its own cluster: they move its clock.
/// </summary>
public sealed class FollowUpGrainTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Completion_schedules_re_tests_that_fall_due_are_taken_as_the_theory_test_and_go_overdue_when_not_taken()
    {
        await using var cluster = await TrainingCluster.StartAsync();
        var grains = cluster.Grains;
        var s = await QuickTestScenario.CreateAsync(grains, staff: 2);
        await s.SetAsync(StageKind.Theory, s.Blueprint());
        var (trainee, other) = (s.Batch.Staff[0], s.Batch.Staff[1]);
        var lists = grains.GetGrain<IFollowUpListGrain>(0);

        // Passing the theory test completes the trainee (no other stage has a test, no session is owed): two re-tests, 90 and 180 days on.
        await s.PassAsync(trainee);
        var scheduled = await s.Batch.Batch.FollowUps();
        var staffId = trainee["staff/".Length..];
        Assert.Equal([$"{s.Batch.Name}/followUps/{staffId}.1", $"{s.Batch.Name}/followUps/{staffId}.2"], scheduled.Select(f => f.Name));
        Assert.Equal([90, 180], scheduled.Select(f => f.OffsetDays));
        Assert.All(scheduled, f => Assert.Equal((f.CompleteTime.AddDays(f.OffsetDays), f.DueTime.AddDays(30), s.Batch.Center), (f.DueTime, f.OverdueTime, f.CenterName)));
        Assert.Empty(await lists.OfCenter(s.Batch.Center, []));
        Assert.Equal([FollowUpState.Scheduled, FollowUpState.Scheduled], (await lists.OfStaff(trainee)).Select(v => v.State));
        Assert.Empty(await lists.OfStaff(other));

        // Not due yet: refused, nothing written.
        var version = (await s.Batch.Batch.Get()).Version;
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.Batch.StartFollowUp(scheduled[0].Name, TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => s.Batch.Batch.StartFollowUp($"{s.Batch.Name}/followUps/{staffId}.9", TestData.Command()));
        Assert.Equal(version, (await s.Batch.Batch.Get()).Version);

        // 91 days on, the reminder records the first as due; the centre lists it.
        cluster.Clock.Shift = TimeSpan.FromDays(91);
        var due = await TestData.EventuallyAsync(() => s.Batch.Batch.FollowUps(), f => f[0].NotedState == FollowUpState.Due, Wait);
        Assert.Equal(FollowUpState.Scheduled, due[1].NotedState);
        var listed = Assert.Single(await lists.OfCenter(s.Batch.Center, [FollowUpState.Due, FollowUpState.Overdue]));
        Assert.Equal((scheduled[0].Name, FollowUpState.Due), (listed.FollowUp.Name, listed.State));

        // The trainee takes it as the theory quick test: a retry answers the same attempt; the result closes the follow-up.
        var request = TestData.Command();
        var attempt = await s.Batch.Batch.StartFollowUp(scheduled[0].Name, request);
        Assert.Equal(($"{s.Batch.Name}/attempts/{staffId}.1001", StageKind.Theory), (attempt.Name, attempt.Stage));
        Assert.Equal(attempt.Name, (await s.Batch.Batch.StartFollowUp(scheduled[0].Name, request)).Name);
        var evidenceBefore = await EvidenceCountAsync(grains, trainee);
        var graded = await s.Attempt(attempt.Name).Submit(await s.RightAnswersAsync(attempt), TestData.Command());
        Assert.Equal((100.0, true), (graded.Score, graded.Delivered));
        var taken = (await s.Batch.Batch.FollowUps())[0];
        Assert.Equal((FollowUpState.Taken, 100.0), (taken.NotedState, taken.Result?.Score));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => s.Batch.Batch.StartFollowUp(scheduled[0].Name, TestData.Command()));
        Assert.Empty(await lists.OfCenter(s.Batch.Center, []));
        Assert.Equal([FollowUpState.Taken, FollowUpState.Scheduled], (await lists.OfStaff(trainee)).Select(v => v.State));
        Assert.Equal(evidenceBefore + attempt.Items.Select(i => i.CompetencyId).Distinct().Count(), await EvidenceCountAsync(grains, trainee));

        // The stage results are not touched by the re-test: the trainee's theory attempts are still one.
        Assert.Single((await s.Batch.Batch.StageResultsOf(trainee)).Attempts);

        // 180 + 30 days on and more, the second was never taken: overdue.
        cluster.Clock.Shift = TimeSpan.FromDays(215);
        await TestData.EventuallyAsync(() => s.Batch.Batch.FollowUps(), f => f[1].NotedState == FollowUpState.Overdue, Wait);
        var overdue = Assert.Single(await lists.OfCenter(s.Batch.Center, []));
        Assert.Equal((scheduled[1].Name, FollowUpState.Overdue), (overdue.FollowUp.Name, overdue.State));
        Assert.Empty(await lists.OfCenter(s.Batch.Center, [FollowUpState.Due]));
    }

    private static async Task<int> EvidenceCountAsync(IGrainFactory grains, string staff) =>
        (await grains.GetGrain<IStaffMemberGrain>(staff).History(1, 1000)).Count(h => h.EventType == "staff.evidence-recorded.v1");

    [Fact]
    public async Task The_follow_up_reminder_survives_a_restart_and_marks_the_re_test_due_with_nobody_calling_the_batch()
    {
        var cluster = await TrainingCluster.StartAsync();
        var folder = cluster.DataDirectory;
        var s = await QuickTestScenario.CreateAsync(cluster.Grains, staff: 1);
        await s.SetAsync(StageKind.Theory, s.Blueprint());
        await s.PassAsync(s.Batch.Staff[0]);
        Assert.Equal(2, (await s.Batch.Batch.FollowUps()).Count);
        await cluster.StopAsync();

        cluster.Clock.Shift = TimeSpan.FromDays(100);
        await using var restarted = await TrainingCluster.StartAsync(folder);
        var store = BatchScenario.StoreOf(restarted);
        var deadline = DateTime.UtcNow + Wait;
        var fellDue = false;
        while (!fellDue && DateTime.UtcNow < deadline)
        {
            var events = await store.ReadStreamAsync(s.Batch.Name, 1, 1000);
            fellDue = events.Any(e => e.Type == "batch.follow-ups-fell-due.v1");
            await Task.Delay(200);
        }

        Assert.True(fellDue, "the restarted cluster's reminder did not mark the follow-up due");
        var views = await restarted.Grains.GetGrain<IFollowUpListGrain>(0).OfCenter(s.Batch.Center, [FollowUpState.Due]);
        Assert.Equal(1, Assert.Single(views).FollowUp.Ordinal);
    }
}
