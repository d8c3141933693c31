namespace Training.Grains.Tests;

/// <summary>
/// Capacity across batches: a batch reserves places in the mentor (where every batch's mentees and reservations are
/// counted one call at a time) before it records an assignment.
/// </summary>
public sealed class MentorReservationGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Grains;

    [Fact]
    public async Task Two_batches_assigning_a_mentors_last_free_place_at_once_get_it_once_and_the_refused_one_writes_nothing()
    {
        // Several rounds: without the reservation both batches read the same load and both record (the race is likely, not certain, in one round).
        for (var round = 0; round < 5; round++)
        {
            var first = await BatchScenario.CreateAsync(grains, staff: 2);
            var second = await BatchScenario.CreateAsync(grains, staff: 1, center: first.Center, course: first.Course);
            var mentor = await StaffMentor(first, capacity: 2);
            await Mentoring(first).AssignMentor(mentor.Name, [first.Staff[0]], TestData.Command());
            var firstBefore = (await first.Batch.History(1, 1000)).Count;
            var secondBefore = (await second.Batch.History(1, 1000)).Count;

            var outcomes = await Task.WhenAll(Attempt(first, mentor.Name, first.Staff[1]), Attempt(second, mentor.Name, second.Staff[0]));

            Assert.Single(outcomes, o => o is null);
            var refused = Assert.Single(outcomes, o => o is not null)!;
            Assert.Equal(ErrorKind.FailedPrecondition, refused.Kind);
            Assert.Contains("capacity", refused.Message, StringComparison.Ordinal);
            var loser = outcomes[0] is null ? second : first;
            Assert.Equal(loser == first ? firstBefore : secondBefore, (await loser.Batch.History(1, 1000)).Count);

            // The mentee list and the two rosters agree: two mentees, the capacity, no place left reserved.
            var rostered = (await Mentoring(first).Mentoring()).Concat(await Mentoring(second).Mentoring())
                .Select(m => (m.BatchName, m.StaffName)).Order().ToList();
            var mentees = await TestData.EventuallyAsync(() => grains.GetGrain<IMentorGrain>(mentor.Name).Mentees(), m => m.Count == 2);
            Assert.Equal(rostered, mentees.Select(m => (m.BatchName, m.StaffName)).Order().ToList());
            Assert.Equal(2, (await grains.GetGrain<IMentorGrain>(mentor.Name).Get()).MenteeCount);
            await grains.GetGrain<IMentorGrain>(mentor.Name).Update(new MentorPatch(Capacity: 2), 0, TestData.Command());
        }
    }

    [Fact]
    public async Task A_reservation_is_idempotent_counts_against_capacity_and_becomes_a_mentee_when_the_assignment_arrives()
    {
        var scenario = await BatchScenario.CreateAsync(grains, staff: 2);
        var mentor = grains.GetGrain<IMentorGrain>((await StaffMentor(scenario, capacity: 1)).Name);
        var other = await BatchScenario.CreateAsync(grains, staff: 1, center: scenario.Center, course: scenario.Course);

        await mentor.ReservePlaces("r-1", other.Name, [other.Staff[0]]);
        var history = (await mentor.History(1, 100)).Count;
        await mentor.ReservePlaces("r-1", other.Name, [other.Staff[0]]);
        Assert.Equal(history, (await mentor.History(1, 100)).Count);

        // The reserved place is taken: another batch is refused, and capacity may not drop below it.
        var batchBefore = (await scenario.Batch.History(1, 1000)).Count;
        await TestData.Refused(ErrorKind.FailedPrecondition, () => Mentoring(scenario).AssignMentor(mentor.GetPrimaryKeyString(), [scenario.Staff[0]], TestData.Command()));
        Assert.Equal(batchBefore, (await scenario.Batch.History(1, 1000)).Count);

        // Released by the batch (its write failed): the place is free again.
        await mentor.ReleaseReservation("r-1", "the batch did not record it");
        await Mentoring(scenario).AssignMentor(mentor.GetPrimaryKeyString(), [scenario.Staff[0]], TestData.Command());
        Assert.Equal([scenario.Staff[0]], (await mentor.Mentees()).Select(m => m.StaffName));
        Assert.Equal(
            ["mentor.registered.v1", "mentor.places-reserved.v1", "mentor.reservation-released.v1", "mentor.places-reserved.v1", "mentor.mentee-changed.v1"],
            (await mentor.History(1, 100)).Select(h => h.EventType));

        // Its reservation became the mentee: the capacity is exactly used, not doubly.
        await mentor.Update(new MentorPatch(Capacity: 1), 0, TestData.Command());
        Assert.Equal(ReservationStanding.Settled, await Mentoring(scenario).ReservationStanding(ReservationIdOf(await mentor.History(1, 100))));
        Assert.Equal(ReservationStanding.NotRecorded, await Mentoring(scenario).ReservationStanding("nothing-like-it"));
    }

    [Fact]
    public async Task A_reservation_the_batch_never_recorded_is_released_after_a_while_and_the_place_is_free_again()
    {
        await using var cluster = await TrainingCluster.StartAsync();
        var scenario = await BatchScenario.CreateAsync(cluster.Grains, staff: 1);
        var colleague = (await TestData.StaffAsync(cluster.Grains, scenario.Center, 1))[0];
        var framework = (await cluster.Grains.GetGrain<ICourseGrain>(scenario.Course).Get()).FrameworkName;
        var name = $"mentors/{TestData.Unique("m")}";
        var mentor = cluster.Grains.GetGrain<IMentorGrain>(name);
        await mentor.Register(new MentorSpec("王师傅", scenario.Center, MentorKind.Staff, colleague, string.Empty, framework, [new("hotline-12345", 4)], 1), TestData.Command());

        // A batch reserved and died before recording the assignment.
        await mentor.ReservePlaces($"{scenario.Name}|lost-request", scenario.Name, [scenario.Staff[0]]);
        await TestData.Refused(ErrorKind.FailedPrecondition, () => cluster.Grains.GetGrain<IBatchMentoringGrain>(scenario.Name).AssignMentor(name, [scenario.Staff[0]], TestData.Command()));

        // Minutes later the mentor asks the batch, which never recorded it: the place is released.
        cluster.Clock.Shift = Training.Grains.Mentoring.MentorGrain.ReservationLifetime + TimeSpan.FromMinutes(1);
        var history = await TestData.EventuallyAsync(() => mentor.History(1, 100), h => h.Any(e => e.EventType == "mentor.reservation-released.v1"), TimeSpan.FromSeconds(30));
        Assert.Contains("did not record", history.Single(e => e.EventType == "mentor.reservation-released.v1").Summary, StringComparison.Ordinal);
        await cluster.Grains.GetGrain<IBatchMentoringGrain>(scenario.Name).AssignMentor(name, [scenario.Staff[0]], TestData.Command());
        Assert.Equal([scenario.Staff[0]], (await mentor.Mentees()).Select(m => m.StaffName));
    }

    /// <summary>The id of the mentor's latest reservation (its event carries it as the request id).</summary>
    private static string ReservationIdOf(IReadOnlyList<HistoryEntry> mentorHistory) => mentorHistory.Last(h => h.EventType == "mentor.places-reserved.v1").RequestId;

    private async Task<TrainingException?> Attempt(BatchScenario scenario, string mentorName, string staffName)
    {
        try
        {
            await Mentoring(scenario).AssignMentor(mentorName, [staffName], TestData.Command());
            return null;
        }
        catch (TrainingException e)
        {
            return e;
        }
    }

    private IBatchMentoringGrain Mentoring(BatchScenario scenario) => grains.GetGrain<IBatchMentoringGrain>(scenario.Name);

    private async Task<MentorView> StaffMentor(BatchScenario scenario, int capacity)
    {
        var colleague = (await TestData.StaffAsync(grains, scenario.Center, 1))[0];
        var framework = (await grains.GetGrain<ICourseGrain>(scenario.Course).Get()).FrameworkName;
        return await grains.GetGrain<IMentorGrain>($"mentors/{TestData.Unique("m")}")
            .Register(new MentorSpec("王师傅", scenario.Center, MentorKind.Staff, colleague, string.Empty, framework, [new("hotline-12345", 4)], capacity), TestData.Command());
    }
}
