namespace Training.Grains.Tests;

public sealed class CapabilityProfileGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    private async Task<(IStaffMemberGrain Staff, string Framework)> StaffWithFrameworkAsync()
    {
        var framework = await TestData.FrameworkAsync(grains);
        await grains.GetGrain<ICompetencyFrameworkGrain>(framework).Publish(TestData.Command());
        var center = await TestData.CenterAsync(grains);
        var staff = grains.GetGrain<IStaffMemberGrain>($"staff/{TestData.Unique("CP")}");
        await staff.Register(TestData.Staff("王芳", center, Post.Hotline12345), TestData.Command());
        return (staff, framework);
    }

    private static CompetencyEvidence Evidence(string framework, string competency, EvidenceKind kind, double score, DateTimeOffset at, string? id = null) =>
        new(id ?? Guid.NewGuid().ToString("N"), kind, framework, competency, score, at, "test", "练习");

    [Fact]
    public async Task Evidence_moves_the_profile_and_a_resend_counts_once()
    {
        var (staff, framework) = await StaffWithFrameworkAsync();
        var before = await staff.CapabilityProfile(framework, null);
        Assert.All(before.Competencies, c => Assert.Equal((0, false), (c.Level, c.Claimed)));

        var now = DateTimeOffset.UtcNow;
        var practical = Evidence(framework, "hotline-12345", EvidenceKind.PracticalAssessment, 0.9, now.AddMinutes(-5), "p1");
        await staff.RecordEvidence(practical, TestData.Command());
        await staff.RecordEvidence(practical, TestData.Command());
        await staff.RecordEvidence(Evidence(framework, "hotline-12345", EvidenceKind.QuickTest, 1.0, now.AddMinutes(-1)), TestData.Command());

        var profile = await staff.CapabilityProfile(framework, null);
        var hotline = profile.Competencies.Single(c => c.CompetencyId == "hotline-12345");
        Assert.Equal((2, true, 5), (hotline.EvidenceCount, hotline.Claimed, hotline.Level));
        var service = profile.Competencies.Single(c => c.CompetencyId == "service");
        Assert.Equal((2, 5), (service.EvidenceCount, service.Level));
        Assert.Equal(2, profile.Dimensions.Single(d => d.Dimension == Dimension.ServiceExcellent).EvidenceCount);
        Assert.Equal(1, profile.FrameworkVersion);
        Assert.Equal(Post.Hotline12345, profile.Post);
    }

    [Fact]
    public async Task As_of_and_trajectory_read_the_past_and_future_dates_are_refused()
    {
        var (staff, framework) = await StaffWithFrameworkAsync();
        var now = DateTimeOffset.UtcNow;
        await staff.RecordEvidence(Evidence(framework, "medical-insurance", EvidenceKind.QuickTest, 0.4, now.AddDays(-60)), TestData.Command());
        await staff.RecordEvidence(Evidence(framework, "medical-insurance", EvidenceKind.QuickTest, 0.5, now.AddDays(-50)), TestData.Command());
        await staff.RecordEvidence(Evidence(framework, "medical-insurance", EvidenceKind.PracticalAssessment, 1.0, now.AddDays(-10)), TestData.Command());

        var then = (await staff.CapabilityProfile(framework, now.AddDays(-40))).Competencies.Single(c => c.CompetencyId == "medical-insurance");
        Assert.Equal((2, 3), (then.EvidenceCount, then.Level));
        var later = (await staff.CapabilityProfile(framework, now)).Competencies.Single(c => c.CompetencyId == "medical-insurance");
        Assert.Equal(3, later.EvidenceCount);
        Assert.True(later.Level > then.Level);

        var trajectory = await staff.CapabilityTrajectory(framework, now.AddDays(-70), now, TimeSpan.FromDays(10));
        Assert.Equal(8, trajectory.Points.Count);
        var levels = trajectory.Points.Select(p => p.Competencies.Single(c => c.CompetencyId == "medical-insurance").Level).ToList();
        Assert.Equal([0, 0, 3, 3, 3, 3, later.Level, later.Level], levels);

        await TestData.Refused(ErrorKind.InvalidArgument, () => staff.CapabilityProfile(framework, now.AddDays(1)));
        await TestData.Refused(ErrorKind.InvalidArgument, () => staff.CapabilityTrajectory(framework, now, now.AddDays(-1), TimeSpan.FromDays(1)));
        await TestData.Refused(ErrorKind.InvalidArgument, () => staff.CapabilityTrajectory(framework, now.AddDays(-1000), now, TimeSpan.FromDays(1)));
        await TestData.Refused(ErrorKind.NotFound, () => staff.CapabilityProfile("frameworks/none", null));
    }

    [Fact]
    public async Task The_post_profile_sets_the_gap_and_refuses_unknown_competencies_and_levels_off_the_scale()
    {
        var (staff, framework) = await StaffWithFrameworkAsync();
        var postProfile = grains.GetGrain<IPostProfileGrain>(PostProfileNames.Of(framework, Post.Hotline12345));
        await TestData.Refused(ErrorKind.NotFound, postProfile.Get);
        await TestData.Refused(ErrorKind.InvalidArgument, () => postProfile.Set([new("nonexistent", 3)], 0, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => postProfile.Set([new("hotline-12345", 6)], 0, TestData.Command()));
        Assert.Empty(await postProfile.History(1, 10));

        var set = await postProfile.Set([new("hotline-12345", 4), new("communication", 3)], 0, TestData.Command());
        Assert.Equal(Post.Hotline12345, set.Post);
        var now = DateTimeOffset.UtcNow;
        await staff.RecordEvidence(Evidence(framework, "hotline-12345", EvidenceKind.PracticalAssessment, 0.5, now.AddDays(-2)), TestData.Command());
        await staff.RecordEvidence(Evidence(framework, "hotline-12345", EvidenceKind.PracticalAssessment, 0.5, now.AddDays(-1)), TestData.Command());

        var profile = await staff.CapabilityProfile(framework, null);
        var hotline = profile.Competencies.Single(c => c.CompetencyId == "hotline-12345");
        Assert.Equal((4, 3, 1), (hotline.RequiredLevel, hotline.Level, hotline.Gap));
        var communication = profile.Competencies.Single(c => c.CompetencyId == "communication");
        Assert.Equal((3, 0, 3), (communication.RequiredLevel, communication.Level, communication.Gap));
    }

    [Fact]
    public async Task Satisfaction_results_become_evidence_once_and_bad_ones_write_nothing()
    {
        var (staff, framework) = await StaffWithFrameworkAsync();
        var now = DateTimeOffset.UtcNow;
        var result = new SatisfactionResult("call-1", framework, "hotline-12345", 5, null, now.AddMinutes(-3), string.Empty);
        await staff.RecordSatisfaction(result, TestData.Command());
        await staff.RecordSatisfaction(result, TestData.Command());
        await staff.RecordSatisfaction(new SatisfactionResult("call-2", framework, "hotline-12345", 0, false, now.AddMinutes(-2), string.Empty), TestData.Command());
        var versionBefore = (await staff.Get()).Version;

        await Assert.ThrowsAsync<TrainingException>(() => staff.RecordSatisfaction(result with { ResultId = "call-3", Rating = 6 }, TestData.Command()));
        await Assert.ThrowsAsync<TrainingException>(() => staff.RecordSatisfaction(result with { ResultId = "call-4", Satisfied = true }, TestData.Command()));
        await Assert.ThrowsAsync<TrainingException>(() => staff.RecordSatisfaction(result with { ResultId = "call-5", CompetencyId = "unknown" }, TestData.Command()));
        await Assert.ThrowsAsync<TrainingException>(() => staff.RecordSatisfaction(result with { ResultId = "call-6", ObservedAt = now.AddDays(1) }, TestData.Command()));
        Assert.Equal(versionBefore, (await staff.Get()).Version);

        var hotline = (await staff.CapabilityProfile(framework, null)).Competencies.Single(c => c.CompetencyId == "hotline-12345");
        Assert.Equal(2, hotline.EvidenceCount);
        Assert.Equal(0.5, hotline.Score, 3);
        var history = await staff.History(1, 100);
        Assert.Equal(2, history.Count(h => h.EventType == "staff.evidence-recorded.v1"));
    }

    [Fact]
    public async Task A_watcher_waits_for_evidence_while_evidence_is_recorded()
    {
        var (staff, framework) = await StaffWithFrameworkAsync();
        var watching = staff.WatchEvidence(0, TimeSpan.FromSeconds(20));
        await Task.Delay(200);
        Assert.False(watching.IsCompleted);
        await staff.RecordEvidence(Evidence(framework, "communication", EvidenceKind.MentorEvaluation, 0.8, DateTimeOffset.UtcNow.AddMinutes(-1)), TestData.Command());
        Assert.Equal(1, await watching.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await staff.WatchEvidence(0, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Centre_outcomes_keep_a_baseline_and_later_values_and_refuse_bad_ones()
    {
        var center = await TestData.CenterAsync(grains);
        var outcomes = grains.GetGrain<ICenterOutcomesGrain>($"{center}/outcomes");
        var now = DateTimeOffset.UtcNow;
        var baseline = new OutcomeValue("hotline-satisfaction-rate", "热线满意率", "percent", now.AddDays(-400), now.AddDays(-370), 95, true, "培训前");
        await outcomes.Record(baseline, TestData.Command());
        await outcomes.Record(baseline with { PeriodStart = now.AddDays(-60), PeriodEnd = now.AddDays(-30), Value = 98, Baseline = false }, TestData.Command());
        var view = await outcomes.Record(baseline with { PeriodStart = now.AddDays(-30), PeriodEnd = now.AddDays(-1), Value = 100, Baseline = false }, TestData.Command());

        Assert.Equal(95, view.BaselineValue!.Value);
        Assert.Equal([98.0, 100.0], view.Values.Select(v => v.Value));
        Assert.Equal(5, view.Change);

        await TestData.Refused(ErrorKind.InvalidArgument, () => outcomes.Record(baseline with { Value = 101 }, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => outcomes.Record(baseline with { PeriodEnd = now.AddDays(2) }, TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => outcomes.Record(baseline with { IndicatorId = "Bad Id" }, TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => grains.GetGrain<ICenterOutcomesGrain>("regions/x/counties/y/centers/z/outcomes").Record(baseline, TestData.Command()));
        Assert.Equal(3, (await outcomes.History(1, 10)).Count);
        Assert.Single(await outcomes.List());
    }
}
