namespace Training.Grains.Tests;

/// <summary>A centre's mentoring workload: coverage (trainees per active mentor) and unmet demand per competency.</summary>
public sealed class CenterMentoringWorkloadTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    [Fact]
    public async Task Coverage_and_unmet_demand_per_competency_are_counted_over_the_centres_batches_on_a_constructed_case()
    {
        // Two batches of one centre, on-the-job stage working on hotline-12345 and communication.
        var first = await BatchScenario.CreateAsync(grains, staff: 4);
        var second = await BatchScenario.CreateAsync(grains, staff: 1, center: first.Center, course: first.Course);
        var framework = (await grains.GetGrain<ICourseGrain>(first.Course).Get()).FrameworkName;
        var county = first.Center[..first.Center.LastIndexOf("/centers/", StringComparison.Ordinal)];
        var colleagues = await TestData.StaffAsync(grains, first.Center, 2);
        var hotlineMentor = await Register(new MentorSpec("王师傅", first.Center, MentorKind.Staff, colleagues[0], string.Empty, framework, [new("hotline-12345", 4)], 2));
        var leavingMentor = await Register(new MentorSpec("张师傅", first.Center, MentorKind.Staff, colleagues[1], string.Empty, framework, [new("communication", 4)], 3));
        var expert = await Register(new MentorSpec("县人社局 李专家", county, MentorKind.External, string.Empty, "县人社局", framework, [new("communication", 5)], 5));
        await Register(new MentorSpec("县医保局 赵专家", county, MentorKind.External, string.Empty, "县医保局", framework, [new("communication", 5)], 5));

        var mentoring = grains.GetGrain<IBatchMentoringGrain>(first.Name);
        await mentoring.AssignMentor(hotlineMentor.Name, [first.Staff[0], first.Staff[1]], TestData.Command());
        await mentoring.AssignMentor(expert.Name, [first.Staff[2]], TestData.Command());
        await grains.GetGrain<IBatchMentoringGrain>(second.Name).AssignMentor(leavingMentor.Name, [second.Staff[0]], TestData.Command());
        await grains.GetGrain<IMentorGrain>(leavingMentor.Name).Deactivate("调离本中心", TestData.Command());

        var workload = await grains.GetGrain<ICenterMentoringGrain>(0).Workload(first.Center);

        // 5 trainees; active mentors: the centre's own 王师傅 and the assigned county expert (the unassigned expert
        // and the deactivated 张师傅 do not count); without a mentor: Staff[3] and the orphan of 张师傅.
        Assert.Equal(first.Center, workload.CenterName);
        Assert.Equal(5, workload.TraineesOnTheJob);
        Assert.Equal(2, workload.ActiveMentors);
        Assert.Equal(2.5, workload.TraineesPerMentor);
        Assert.Equal(2, workload.TraineesWithoutMentor);
        // communication: the two of 王师傅 (hotline only), the one without, the orphan; hotline-12345: the expert's mentee, the one without, the orphan.
        Assert.Equal([new UnmetMentoringDemand("communication", 4), new UnmetMentoringDemand("hotline-12345", 3)], workload.UnmetDemand);
    }

    [Fact]
    public async Task A_centre_without_batches_or_mentors_has_no_workload()
    {
        var center = await TestData.CenterAsync(grains);

        var workload = await grains.GetGrain<ICenterMentoringGrain>(0).Workload(center);

        Assert.Equal(0, workload.TraineesOnTheJob);
        Assert.Equal(0, workload.ActiveMentors);
        Assert.Equal(0, workload.TraineesPerMentor);
        Assert.Empty(workload.UnmetDemand);
    }

    private Task<MentorView> Register(MentorSpec spec) =>
        grains.GetGrain<IMentorGrain>($"mentors/{TestData.Unique("m")}").Register(spec, TestData.Command());
}
