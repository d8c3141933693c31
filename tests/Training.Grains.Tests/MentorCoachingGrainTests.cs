namespace Training.Grains.Tests;

/// <summary>A mentor's coaching log and evaluations (which reach the mentee's record as evidence).</summary>
public sealed class MentorCoachingGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    [Fact]
    public async Task Sessions_are_logged_for_mentees_corrected_by_new_events_and_read_per_mentee_and_a_future_session_is_refused()
    {
        var (scenario, mentor) = await MentorWithMentees();
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        var one = new CoachingSessionSpec(at, TimeSpan.FromMinutes(45), CoachingMode.OneToOne, [scenario.Staff[0]], ["hotline-12345"], "陪同接听12345来电");
        var group = new CoachingSessionSpec(at.AddHours(1), TimeSpan.FromMinutes(90), CoachingMode.Group, [scenario.Staff[0], scenario.Staff[1]], ["communication"], "群众沟通案例复盘");

        await mentor.LogCoachingSession("s1", one, TestData.Command());
        await mentor.LogCoachingSession("s2", group, TestData.Command());
        var corrected = await mentor.CorrectCoachingSession("s1", one with { Duration = TimeSpan.FromMinutes(60) }, "时长记错", new CommandContext(Guid.NewGuid().ToString("N"), "manager-wang"));

        Assert.Equal((1, "manager-wang", "时长记错", TimeSpan.FromMinutes(60)), (corrected.Corrections, corrected.CorrectedBy, corrected.CorrectionReason, corrected.Spec.Duration));
        Assert.Equal(["s2", "s1"], (await mentor.CoachingSessions(scenario.Staff[0])).Select(s => s.Name[(s.Name.LastIndexOf('/') + 1)..]));
        Assert.Equal(["s2"], (await mentor.CoachingSessions(scenario.Staff[1])).Select(s => s.Name[(s.Name.LastIndexOf('/') + 1)..]));
        var expectedThisMonth = new[] { at, at.AddHours(1) }.Count(t => t.Month == DateTimeOffset.UtcNow.Month && t.Year == DateTimeOffset.UtcNow.Year);
        Assert.Equal((2, expectedThisMonth), (await mentor.Workload()) is var load ? (load.Mentees, load.SessionsThisMonth) : default);
        var history = await mentor.History(1, 1000);
        Assert.Contains(history, h => h.EventType == "mentor.coaching-session-logged.v1");
        Assert.Contains(history, h => h.EventType == "mentor.coaching-session-corrected.v1" && h.Actor == "manager-wang");

        var before = history.Count;
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentor.LogCoachingSession("future", one with { StartTime = DateTimeOffset.UtcNow.AddDays(1) }, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentor.LogCoachingSession("two", one with { Mentees = [scenario.Staff[0], scenario.Staff[1]] }, TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentor.LogCoachingSession("stranger", one with { Mentees = [scenario.Staff[2]] }, TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => mentor.CorrectCoachingSession("none", one, "无", TestData.Command()));
        Assert.Equal(before, (await mentor.History(1, 1000)).Count);
    }

    [Fact]
    public async Task An_evaluation_becomes_mentor_evaluation_evidence_on_the_mentees_record_once_and_a_stranger_is_refused()
    {
        var (scenario, mentor) = await MentorWithMentees();
        var request = TestData.Command();

        var evaluation = await mentor.Evaluate("e1", scenario.Staff[0], "hotline-12345", 0.8, DateTimeOffset.UtcNow.AddHours(-1), "能独立受理", request);
        await mentor.Evaluate("e1", scenario.Staff[0], "hotline-12345", 0.8, DateTimeOffset.UtcNow.AddHours(-1), "能独立受理", request);

        Assert.True(evaluation.Delivered);
        var evidence = (await grains.GetGrain<IStaffMemberGrain>(scenario.Staff[0]).History(1, 1000)).Where(h => h.EventType == "staff.evidence-recorded.v1").ToList();
        Assert.Single(evidence);
        var before = (await mentor.History(1, 1000)).Count;
        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentor.Evaluate("e2", scenario.Staff[2], "hotline-12345", 0.8, DateTimeOffset.UtcNow, string.Empty, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentor.Evaluate("e3", scenario.Staff[0], "hotline-12345", 1.5, DateTimeOffset.UtcNow, string.Empty, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentor.Evaluate("e4", scenario.Staff[0], "hotline-12345", 0.5, DateTimeOffset.UtcNow.AddDays(2), string.Empty, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentor.Evaluate("e5", scenario.Staff[0], "no-such", 0.5, DateTimeOffset.UtcNow, string.Empty, TestData.Command()));
        Assert.Equal(before, (await mentor.History(1, 1000)).Count);
        Assert.Equal(["e1"], (await mentor.Evaluations(scenario.Staff[0])).Select(e => e.Name[(e.Name.LastIndexOf('/') + 1)..]));
    }

    /// <summary>A running batch of three, a mentor with the first two as mentees.</summary>
    private async Task<(BatchScenario Scenario, IMentorGrain Mentor)> MentorWithMentees()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 3);
        var framework = (await grains.GetGrain<ICourseGrain>(scenario.Course).Get()).FrameworkName;
        var colleague = (await TestData.StaffAsync(grains, scenario.Center, 1))[0];
        var name = $"mentors/{TestData.Unique("m")}";
        await grains.GetGrain<IMentorGrain>(name).Register(new MentorSpec("王师傅", scenario.Center, MentorKind.Staff, colleague, string.Empty, framework, [new("hotline-12345", 4)], 5), TestData.Command());
        await grains.GetGrain<IBatchMentoringGrain>(scenario.Name).AssignMentor(name, [scenario.Staff[0], scenario.Staff[1]], TestData.Command());
        return (scenario, grains.GetGrain<IMentorGrain>(name));
    }
}
