namespace Training.Grains.Tests;

/// <summary>Mentors, and their assignment in a batch's on-the-job stage (the batch is the authority; the mentor's mentee list follows).</summary>
public sealed class MentoringGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    [Fact]
    public async Task A_staff_mentor_and_an_external_expert_are_registered_and_listed_under_their_centre_and_county()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 1);
        var framework = await FrameworkOf(scenario);
        var county = scenario.Center[..scenario.Center.LastIndexOf("/centers/", StringComparison.Ordinal)];
        var colleague = (await TestData.StaffAsync(grains, scenario.Center, 1))[0];

        var staffMentor = await Register(new MentorSpec("王师傅", scenario.Center, MentorKind.Staff, colleague, string.Empty, framework, [new("hotline-12345", 4)], 3));
        var expert = await Register(new MentorSpec("县人社局 李专家", county, MentorKind.External, string.Empty, "县人社局", framework, [new("communication", 5)], 5));

        Assert.True(staffMentor.Active);
        Assert.Equal(0, staffMentor.MenteeCount);
        var directory = grains.GetGrain<IDirectoryGrain>(0);
        Assert.Equal([staffMentor.Name], (await directory.ListMentors(scenario.Center, new PageRequest(10, null))).Items.Select(m => m.Name));
        Assert.Equal([expert.Name], (await directory.ListMentors(county, new PageRequest(10, null))).Items.Select(m => m.Name));
        Assert.Equal(county, await directory.HomeOfMentor(expert.Name));
        Assert.Equal([expert.Name], (await directory.ListMentors(county, new PageRequest(10, null, "communication"))).Items.Select(m => m.Name));
    }

    [Fact]
    public async Task Registrations_that_do_not_fit_are_refused_and_write_nothing()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 1);
        var framework = await FrameworkOf(scenario);
        var elsewhere = await TestData.CenterAsync(grains);
        var stranger = (await TestData.StaffAsync(grains, elsewhere, 1))[0];
        var name = $"mentors/{TestData.Unique("m")}";
        var mentor = grains.GetGrain<IMentorGrain>(name);

        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentor.Register(new MentorSpec("外中心人员", scenario.Center, MentorKind.Staff, stranger, string.Empty, framework, [new("hotline-12345", 3)], 2), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentor.Register(new MentorSpec("王师傅", scenario.Center, MentorKind.Staff, scenario.Staff[0], string.Empty, framework, [new("hotline-12345", 3)], 0), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentor.Register(new MentorSpec("王师傅", scenario.Center, MentorKind.Staff, scenario.Staff[0], string.Empty, framework, [new("no-such-competency", 3)], 2), TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentor.Register(new MentorSpec("李专家", scenario.Center, MentorKind.External, string.Empty, "大学", framework, [new("communication", 3)], 2), TestData.Command()));

        await TestData.Refused(ErrorKind.NotFound, () => mentor.Get());
        Assert.Empty(await mentor.History(1, 10));
        Assert.Empty((await grains.GetGrain<IDirectoryGrain>(0).ListMentors(scenario.Center, new PageRequest(10, null))).Items);
    }

    [Fact]
    public async Task An_assignment_is_recorded_by_the_batch_and_reaches_the_mentors_mentee_list_and_a_retry_writes_nothing()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 3);
        var mentor = await StaffMentor(scenario, capacity: 3);
        var mentoring = Mentoring(scenario);
        var request = TestData.Command();

        var assigned = await mentoring.AssignMentor(mentor.Name, [scenario.Staff[0]], request);
        var group = await mentoring.AssignMentor(mentor.Name, [scenario.Staff[1], scenario.Staff[2]], TestData.Command());

        Assert.Equal(string.Empty, Assert.Single(assigned).GroupId);
        Assert.All(group, g => Assert.Equal("group-1", g.GroupId));
        Assert.All(await mentoring.Mentoring(), m => Assert.True(m.Confirmed && m.MentorName == mentor.Name && !m.Orphaned));
        var mentees = await grains.GetGrain<IMentorGrain>(mentor.Name).Mentees();
        Assert.Equal(scenario.Staff, mentees.Select(m => m.StaffName));
        Assert.All(mentees, m => Assert.Equal(scenario.Name, m.BatchName));
        Assert.Equal(3, (await grains.GetGrain<IMentorGrain>(mentor.Name).Get()).MenteeCount);

        var history = (await scenario.Batch.History(1, 1000)).Count;
        Assert.Equal(TestData.Json(assigned), TestData.Json(await mentoring.AssignMentor(mentor.Name, [scenario.Staff[0]], request)));
        Assert.Equal(history, (await scenario.Batch.History(1, 1000)).Count);
    }

    [Fact]
    public async Task Beyond_capacity_without_the_speciality_inactive_or_not_enrolled_is_refused_and_nothing_is_written()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 3);
        var mentor = await StaffMentor(scenario, capacity: 1);
        var framework = await FrameworkOf(scenario);
        var county = scenario.Center[..scenario.Center.LastIndexOf("/centers/", StringComparison.Ordinal)];
        var policyExpert = await Register(new MentorSpec("医保专家", county, MentorKind.External, string.Empty, "县医保局", framework, [new("medical-insurance", 5)], 5));
        var resting = await Register(new MentorSpec("休假专家", county, MentorKind.External, string.Empty, "县人社局", framework, [new("hotline-12345", 5)], 5));
        await grains.GetGrain<IMentorGrain>(resting.Name).Deactivate("病假", TestData.Command());
        var outsider = (await TestData.StaffAsync(grains, scenario.Center, 1))[0];
        var mentoring = Mentoring(scenario);
        await mentoring.AssignMentor(mentor.Name, [scenario.Staff[0]], TestData.Command());
        var batchBefore = (await scenario.Batch.History(1, 1000)).Count;
        var mentorBefore = (await grains.GetGrain<IMentorGrain>(mentor.Name).History(1, 1000)).Count;

        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentoring.AssignMentor(mentor.Name, [scenario.Staff[1]], TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentoring.AssignMentor(policyExpert.Name, [scenario.Staff[1]], TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentoring.AssignMentor(resting.Name, [scenario.Staff[1]], TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentoring.AssignMentor(mentor.Name, [outsider], TestData.Command()));
        await TestData.Refused(ErrorKind.NotFound, () => mentoring.AssignMentor("mentors/nobody", [scenario.Staff[1]], TestData.Command()));
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentoring.AssignMentor(mentor.Name, [scenario.Staff[1], scenario.Staff[1]], TestData.Command()));

        Assert.Equal(batchBefore, (await scenario.Batch.History(1, 1000)).Count);
        Assert.Equal(mentorBefore, (await grains.GetGrain<IMentorGrain>(mentor.Name).History(1, 1000)).Count);
        Assert.Equal([scenario.Staff[0]], (await mentoring.Mentoring()).Select(m => m.StaffName));
    }

    [Fact]
    public async Task Reassignment_moves_the_mentee_between_mentors_and_a_withdrawn_trainee_leaves_the_mentee_list()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 2);
        var first = await StaffMentor(scenario, capacity: 2);
        var second = await StaffMentor(scenario, capacity: 2);
        var mentoring = Mentoring(scenario);
        await mentoring.AssignMentor(first.Name, [scenario.Staff[0], scenario.Staff[1]], TestData.Command());

        await mentoring.AssignMentor(second.Name, [scenario.Staff[0]], TestData.Command());
        await scenario.Batch.Withdraw(scenario.Staff[1], "调岗", TestData.Command());

        Assert.Equal([(scenario.Staff[0], second.Name)], (await mentoring.Mentoring()).Select(m => (m.StaffName, m.MentorName)));
        Assert.Empty(await grains.GetGrain<IMentorGrain>(first.Name).Mentees());
        Assert.Equal([scenario.Staff[0]], (await grains.GetGrain<IMentorGrain>(second.Name).Mentees()).Select(m => m.StaffName));
    }

    [Fact]
    public async Task When_a_mentor_becomes_inactive_the_batch_lists_their_mentees_as_orphans_until_they_are_reassigned()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 2);
        var leaving = await StaffMentor(scenario, capacity: 2);
        var staying = await StaffMentor(scenario, capacity: 2);
        var mentoring = Mentoring(scenario);
        await mentoring.AssignMentor(leaving.Name, [scenario.Staff[0], scenario.Staff[1]], TestData.Command());
        Assert.Empty(await mentoring.Orphans());

        await grains.GetGrain<IMentorGrain>(leaving.Name).Deactivate("调离本中心", TestData.Command());

        var orphans = await mentoring.Orphans();
        Assert.Equal(scenario.Staff, orphans.Select(o => o.StaffName));
        Assert.All(orphans, o => Assert.Equal("调离本中心", o.OrphanReason));
        await mentoring.AssignMentor(staying.Name, [scenario.Staff[0]], TestData.Command());
        Assert.Equal([scenario.Staff[1]], (await mentoring.Orphans()).Select(o => o.StaffName));
        Assert.Equal([scenario.Staff[1]], (await grains.GetGrain<IMentorGrain>(leaving.Name).Mentees()).Select(m => m.StaffName));
    }

    [Fact]
    public async Task A_mentored_trainee_passes_the_on_the_job_stage_only_with_their_mentors_sign_off_which_can_be_withdrawn()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 2);
        var mentor = await StaffMentor(scenario, capacity: 2);
        var other = await StaffMentor(scenario, capacity: 2);
        var mentoring = Mentoring(scenario);
        await mentoring.AssignMentor(mentor.Name, [scenario.Staff[0]], TestData.Command());

        Assert.False(await OnTheJobPassed(scenario, scenario.Staff[0]));
        Assert.True(await OnTheJobPassed(scenario, scenario.Staff[1]));
        Assert.Equal(1, (await grains.GetGrain<IMentorGrain>(mentor.Name).Workload()).PendingSignOffs);
        var before = (await scenario.Batch.History(1, 1000)).Count;
        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentoring.SignOff(scenario.Staff[0], other.Name, "不是我的学员", TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentoring.SignOff(scenario.Staff[1], mentor.Name, "没有导师", TestData.Command()));
        await TestData.Refused(ErrorKind.FailedPrecondition, () => mentoring.WithdrawSignOff(scenario.Staff[0], mentor.Name, "尚未签字", TestData.Command()));
        Assert.Equal(before, (await scenario.Batch.History(1, 1000)).Count);

        var signed = await mentoring.SignOff(scenario.Staff[0], mentor.Name, "能独立办理12345诉求", TestData.Command());
        Assert.True(signed.SignedOff);
        Assert.True(await OnTheJobPassed(scenario, scenario.Staff[0]));
        Assert.Equal((1, 2, 0), (await grains.GetGrain<IMentorGrain>(mentor.Name).Workload()) is var w ? (w.Mentees, w.Capacity, w.PendingSignOffs) : default);

        var withdrawn = await mentoring.WithdrawSignOff(scenario.Staff[0], mentor.Name, "复核发现办理超时", TestData.Command());
        Assert.False(withdrawn.SignedOff);
        Assert.Equal("复核发现办理超时", withdrawn.SignOffNote);
        Assert.False(await OnTheJobPassed(scenario, scenario.Staff[0]));
        Assert.Contains(await scenario.Batch.History(1, 1000), h => h.EventType == "batch.on-the-job-sign-off-withdrawn.v1" && h.Actor == "tester");
    }

    [Fact]
    public async Task Suggestions_pair_each_trainee_without_a_mentor_with_an_active_mentor_with_a_free_place_the_same_centre_first()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 3);
        var framework = await FrameworkOf(scenario);
        var county = scenario.Center[..scenario.Center.LastIndexOf("/centers/", StringComparison.Ordinal)];
        var local = await StaffMentor(scenario, capacity: 1);
        var expert = await Register(new MentorSpec("县人社局 李专家", county, MentorKind.External, string.Empty, "县人社局", framework, [new("communication", 5)], 1));
        var resting = await Register(new MentorSpec("休假专家", county, MentorKind.External, string.Empty, "县人社局", framework, [new("hotline-12345", 5)], 5));
        await grains.GetGrain<IMentorGrain>(resting.Name).Deactivate("病假", TestData.Command());
        await Mentoring(scenario).AssignMentor(local.Name, [scenario.Staff[0]], TestData.Command());
        await grains.GetGrain<IMentorGrain>(local.Name).Update(new MentorPatch(Capacity: 2), 0, TestData.Command());
        var before = (await scenario.Batch.History(1, 1000)).Count;

        var suggestions = await Mentoring(scenario).SuggestMentors();

        Assert.Equal([(scenario.Staff[1], local.Name), (scenario.Staff[2], expert.Name)], suggestions.Select(s => (s.StaffName, s.MentorName)));
        Assert.Contains("same centre", suggestions[0].Reason, StringComparison.Ordinal);
        Assert.Equal(before, (await scenario.Batch.History(1, 1000)).Count);
    }

    [Fact]
    public async Task A_released_trainee_is_listed_as_an_orphan_leaves_the_mentee_list_and_needs_a_new_mentors_sign_off()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 2);
        var mentor = await StaffMentor(scenario, capacity: 2);
        var next = await StaffMentor(scenario, capacity: 2);
        var mentoring = Mentoring(scenario);
        await mentoring.AssignMentor(mentor.Name, [scenario.Staff[0], scenario.Staff[1]], TestData.Command());
        await mentoring.SignOff(scenario.Staff[0], mentor.Name, "合格", TestData.Command());
        var before = (await scenario.Batch.History(1, 1000)).Count;
        await TestData.Refused(ErrorKind.InvalidArgument, () => mentoring.ReleaseMentor(scenario.Staff[0], "  ", TestData.Command()));
        var stranger = (await TestData.StaffAsync(grains, scenario.Center, 1))[0];
        await TestData.Refused(ErrorKind.NotFound, () => mentoring.ReleaseMentor(stranger, "不是学员", TestData.Command()));
        Assert.Equal(before, (await scenario.Batch.History(1, 1000)).Count);

        var request = TestData.Command();
        var released = await mentoring.ReleaseMentor(scenario.Staff[0], "导师调整", request);

        Assert.Equal((mentor.Name, true, "mentoring ended: 导师调整", false, true), (released.MentorName, released.Orphaned, released.OrphanReason, released.SignedOff, released.Confirmed));
        Assert.Equal([scenario.Staff[0]], (await mentoring.Orphans()).Select(o => o.StaffName));
        Assert.Equal(scenario.Staff, (await mentoring.Mentoring()).Select(m => m.StaffName));
        Assert.Equal([scenario.Staff[1]], (await grains.GetGrain<IMentorGrain>(mentor.Name).Mentees()).Select(m => m.StaffName));
        Assert.False(await OnTheJobPassed(scenario, scenario.Staff[0]));
        var history = (await scenario.Batch.History(1, 1000)).Count;
        Assert.Equal(TestData.Json(released), TestData.Json(await mentoring.ReleaseMentor(scenario.Staff[0], "导师调整", request)));
        Assert.Equal(history, (await scenario.Batch.History(1, 1000)).Count);
        await TestData.Refused(ErrorKind.NotFound, () => mentoring.ReleaseMentor(scenario.Staff[0], "再次解除", TestData.Command()));

        // Reassigned: no longer an orphan; the stage waits for the new mentor's sign-off.
        await mentoring.AssignMentor(next.Name, [scenario.Staff[0]], TestData.Command());
        Assert.Empty(await mentoring.Orphans());
        Assert.False(await OnTheJobPassed(scenario, scenario.Staff[0]));
        await mentoring.SignOff(scenario.Staff[0], next.Name, "合格", TestData.Command());
        Assert.True(await OnTheJobPassed(scenario, scenario.Staff[0]));
    }

    [Fact]
    public async Task Completing_the_batch_ends_a_mentored_trainee_without_the_sign_off_incomplete_with_the_reason_and_the_others_completed()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 4);
        var mentor = await StaffMentor(scenario, capacity: 3);
        var mentoring = Mentoring(scenario);
        await mentoring.AssignMentor(mentor.Name, [scenario.Staff[0], scenario.Staff[1], scenario.Staff[2]], TestData.Command());
        await mentoring.SignOff(scenario.Staff[0], mentor.Name, "合格", TestData.Command());
        await mentoring.ReleaseMentor(scenario.Staff[2], "导师调整", TestData.Command());

        await scenario.Batch.Complete(TestData.Command());

        var enrolments = (await scenario.Batch.ListEnrolments(new PageRequest(10, null))).Items.ToDictionary(e => e.StaffName);
        Assert.Equal(EnrolmentStatus.Completed, enrolments[scenario.Staff[0]].Status);
        Assert.Equal((EnrolmentStatus.Incomplete, $"on-the-job practice not signed off by {mentor.Name}"), (enrolments[scenario.Staff[1]].Status, enrolments[scenario.Staff[1]].Reason));
        Assert.Equal(EnrolmentStatus.Incomplete, enrolments[scenario.Staff[2]].Status);
        Assert.Contains("导师调整", enrolments[scenario.Staff[2]].Reason, StringComparison.Ordinal);
        Assert.Equal(EnrolmentStatus.Completed, enrolments[scenario.Staff[3]].Status);
        var held = await TestData.EventuallyAsync(() => grains.GetGrain<IStaffMemberGrain>(scenario.Staff[1]).Enrolments(), e => e.Single(x => x.BatchName == scenario.Name).Status != EnrolmentStatus.Enrolled);
        Assert.Equal(EnrolmentStatus.Incomplete, held.Single(x => x.BatchName == scenario.Name).Status);
        Assert.Equal(4, (await scenario.Batch.StageResults()).Count);
    }

    private IBatchMentoringGrain Mentoring(BatchScenario scenario) => grains.GetGrain<IBatchMentoringGrain>(scenario.Name);

    private static async Task<bool> OnTheJobPassed(BatchScenario scenario, string staffName) =>
        (await scenario.Batch.StageResultsOf(staffName)).Stages.Single(s => s.Stage == StageKind.OnTheJob).Passed;

    private async Task<string> FrameworkOf(BatchScenario scenario) => (await grains.GetGrain<ICourseGrain>(scenario.Course).Get()).FrameworkName;

    private async Task<MentorView> StaffMentor(BatchScenario scenario, int capacity)
    {
        var colleague = (await TestData.StaffAsync(grains, scenario.Center, 1))[0];
        return await Register(new MentorSpec("王师傅", scenario.Center, MentorKind.Staff, colleague, string.Empty, await FrameworkOf(scenario), [new("hotline-12345", 4)], capacity));
    }

    private Task<MentorView> Register(MentorSpec spec) =>
        grains.GetGrain<IMentorGrain>($"mentors/{TestData.Unique("m")}").Register(spec, TestData.Command());
}
