using Training.Grains.Directory;
using Training.Grains.Mentoring;

namespace Training.Grains.Batches;

/// <summary>
/// The batch's part in mentoring (<see cref="IBatchMentoringGrain"/>): it is the authority for who mentors each of its
/// trainees in the on-the-job stage. An assignment is checked against the mentor's own record (active, speciality,
/// capacity), recorded here with a per-trainee change number, and then delivered to the mentor's mentee list
/// (<see cref="IMentorGrain.ApplyMenteeChange"/>); a delivery not yet confirmed stays in <see cref="BatchMentoring.Pending"/>
/// and is resumed on activation and by the "deliver-enrolments" reminder, like enrolment changes.
/// </summary>
public sealed partial class CourseBatchGrain
{
    /// <summary>Set to 1 in an end-to-end test: the process dies after a mentor assignment is durable, before the mentor is told.</summary>
    public const string CrashAfterMentorAssignedVariable = "TRAINING_FAULT_CRASH_AFTER_MENTOR_ASSIGNED";

    private const int MaxGroup = 50;

    private static readonly bool CrashAfterMentorAssigned = Environment.GetEnvironmentVariable(CrashAfterMentorAssignedVariable) == "1";

    public async Task<IReadOnlyList<TraineeMentor>> AssignMentor(string mentorName, IReadOnlyList<string> staffNames, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(mentorName);
        ArgumentNullException.ThrowIfNull(staffNames);
        if (await FirstAnswer(context, (s, _) => MentorshipsOf(s, staffNames)) is { } first)
        {
            return first;
        }

        EnsureCreated();
        if (staffNames.Count is 0 or > MaxGroup || staffNames.Distinct(StringComparer.Ordinal).Count() != staffNames.Count)
        {
            throw TrainingException.Invalid("staff_members", $"must name 1..{MaxGroup} distinct trainees.");
        }

        if (State.Lifecycle is not (BatchState.Open or BatchState.Running))
        {
            throw TrainingException.Precondition(StreamId, $"mentors are assigned while the batch is open or running; {StreamId} is {State.Lifecycle}.");
        }

        foreach (var name in staffNames)
        {
            if (State.Roster.GetValueOrDefault(name)?.Status != EnrolmentStatus.Enrolled)
            {
                throw new TrainingException(ErrorKind.FailedPrecondition, $"{name} is not enrolled in {StreamId}; only enrolled trainees get a mentor.", name);
            }
        }

        var mentor = await MentorOf(mentorName);
        if (!mentor.Active)
        {
            throw TrainingException.Precondition(mentorName, $"{mentorName} is inactive ({mentor.InactiveReason}); assign an active mentor.");
        }

        var required = State.Stages.FirstOrDefault(s => s.Kind == StageKind.OnTheJob)?.CompetencyIds ?? [];
        if (required.Count > 0 && !mentor.Spec.Specialities.Any(sp => required.Contains(sp.CompetencyId)))
        {
            throw TrainingException.Precondition(mentorName, $"{mentorName} has no speciality in the on-the-job competencies of {StreamId} ({string.Join(", ", required)}).");
        }

        var added = staffNames.Where(n => State.Mentoring.Trainees.GetValueOrDefault(n)?.MentorName != mentorName).ToList();
        if (added.Count == 0)
        {
            return MentorshipsOf(State, staffNames);
        }

        // Capacity is counted by the mentor, across batches: it reserves the places (or refuses, and nothing is written
        // here) before this batch records the assignment. Changes still pending for that mentor are delivered first, so
        // that its count includes this batch's earlier assignments and releases.
        if (State.Mentoring.Pending.Values.Any(c => string.Equals(c.MentorName, mentorName, StringComparison.Ordinal)))
        {
            await DeliverMenteeChanges(System(DeliverReminder));
        }

        var reservationId = $"{StreamId}|{(context.RequestId.Length > 0 ? context.RequestId : Guid.NewGuid().ToString("N"))}";
        // The mentor's refusals (capacity, inactive) pass through; no answer in time is Unavailable.
        await Call(GrainFactory.GetGrain<IMentorGrain>(mentorName).ReservePlaces(reservationId, StreamId, added), mentorName);
        var groupId = staffNames.Count > 1 ? FormattableString.Invariant($"group-{State.Mentoring.Groups + 1}") : string.Empty;
        var trainees = added.Select(n => new AssignedTrainee(n, State.Roster[n].DisplayName)).ToList();
        try
        {
            await EnsureDeliverReminder();
            await Commit(Stamp(new MentorAssigned(mentorName, trainees, groupId, reservationId), context));
        }
        catch (TrainingException e) when (e.Kind == ErrorKind.Aborted)
        {
            // Certainly not recorded: free the places now. (A write that timed out may still land; its reservation is
            // left to the mentor, which asks this batch about it after a while.)
            await TryDeliver(mentorName, () => GrainFactory.GetGrain<IMentorGrain>(mentorName).ReleaseReservation(reservationId, $"{StreamId} did not record the assignment"));
            throw;
        }

        if (CrashAfterMentorAssigned)
        {
            Environment.FailFast($"fault injection ({CrashAfterMentorAssignedVariable}): mentor assignment recorded in {StreamId}, {mentorName} not told.");
        }

        await DeliverMenteeChanges(context);
        return MentorshipsOf(State, staffNames);
    }

    public async Task<TraineeMentor> ReleaseMentor(string staffName, string reason, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(staffName);
        if (await FirstAnswer(context, (s, _) => ReleasedView(s, staffName)) is { } first)
        {
            return first;
        }

        EnsureCreated();
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw TrainingException.Invalid("reason", "must say why the mentoring ends.");
        }

        if (!State.Mentoring.Trainees.ContainsKey(staffName))
        {
            throw new TrainingException(ErrorKind.NotFound, $"{staffName} has no mentor in {StreamId}.", staffName);
        }

        if (State.Lifecycle is not (BatchState.Open or BatchState.Running))
        {
            throw TrainingException.Precondition(StreamId, $"mentoring ends while the batch is open or running; {StreamId} is {State.Lifecycle}.");
        }

        if (State.Assessed.GetValueOrDefault(staffName)?.Completion is not null)
        {
            throw TrainingException.Precondition(StreamId, $"{staffName} has completed {StreamId}; the mentoring it rested on stays.");
        }

        await EnsureDeliverReminder();
        await Commit(Stamp(new MentorReleased(staffName, reason), context));
        await DeliverMenteeChanges(context);
        return ReleasedView(State, staffName);
    }

    public Task<ReservationStanding> ReservationStanding(string reservationId)
    {
        // The tentative state includes a write still being confirmed: its reservation is kept until the write settles.
        var mentoring = TentativeState.Mentoring;
        if (!mentoring.Reservations.TryGetValue(reservationId, out var operations))
        {
            return Task.FromResult(Grains.ReservationStanding.NotRecorded);
        }

        return Task.FromResult(operations.Any(mentoring.Pending.ContainsKey) ? Grains.ReservationStanding.Pending : Grains.ReservationStanding.Settled);
    }

    public async Task<IReadOnlyList<TraineeMentor>> Mentoring()
    {
        EnsureCreated();
        var inactive = await InactiveMentors();
        return [.. State.Mentoring.Trainees.Values.Select(m => ViewOf(State, m, inactive))
            .Concat(State.Mentoring.Released.Values.Select(r => ReleasedViewOf(State, r)))
            .OrderBy(m => m.StaffName, StringComparer.Ordinal)];
    }

    public Task<int> PendingSignOffsOf(string mentorName)
    {
        EnsureCreated();
        return Task.FromResult(State.Mentoring.Trainees.Values.Count(m => string.Equals(m.MentorName, mentorName, StringComparison.Ordinal) && m.SignOffTime is null));
    }

    public Task<IReadOnlyList<OnTheJobTrainee>> OnTheJobTrainees()
    {
        EnsureCreated();
        var stage = State.Stages.FirstOrDefault(s => s.Kind == StageKind.OnTheJob);
        if (stage is null || State.Lifecycle is not (BatchState.Open or BatchState.Running))
        {
            return Task.FromResult<IReadOnlyList<OnTheJobTrainee>>([]);
        }

        IReadOnlyList<OnTheJobTrainee> trainees = [.. State.Roster.Values
            .Where(e => e.Status == EnrolmentStatus.Enrolled && State.Assessed.GetValueOrDefault(e.StaffName)?.Completion is null)
            .OrderBy(e => e.StaffName, StringComparer.Ordinal)
            .Select(e => new OnTheJobTrainee(StreamId, e.StaffName, State.Mentoring.Trainees.GetValueOrDefault(e.StaffName)?.MentorName ?? string.Empty, stage.CompetencyIds))];
        return Task.FromResult(trainees);
    }

    public async Task<IReadOnlyList<TraineeMentor>> Orphans() => [.. (await Mentoring()).Where(m => m.Orphaned)];

    public async Task<IReadOnlyList<MentorSuggestion>> SuggestMentors()
    {
        EnsureCreated();
        var framework = (await GrainFactory.GetGrain<ICourseGrain>(State.Spec.CourseName).Get()).FrameworkName;
        var unmatched = State.Roster.Values
            .Where(e => e.Status == EnrolmentStatus.Enrolled && !State.Mentoring.Trainees.ContainsKey(e.StaffName))
            .OrderBy(e => e.StaffName, StringComparer.Ordinal)
            .ToList();
        var trainees = await Task.WhenAll(unmatched.Select(async e => new MatchTrainee(e.StaffName, e.CenterName, await GapsOf(e.StaffName, framework))));
        var directory = GrainFactory.GetGrain<IDirectoryGrain>(0);
        var county = DirectoryKinds.ParentOf(HostCenter, "centers");
        var listed = new List<MentorView>();
        foreach (var unit in new[] { HostCenter, county })
        {
            string? after = null;
            do
            {
                var page = await directory.ListMentors(unit, new PageRequest(1000, after));
                listed.AddRange(page.Items);
                after = page.NextAfterKey;
            }
            while (after is not null);
        }

        var candidates = listed
            .Where(m => m.Active && string.Equals(m.Spec.FrameworkName, framework, StringComparison.Ordinal))
            .Select(m =>
            {
                var (assigns, releases) = State.Mentoring.PendingFor(m.Name);
                var load = m.MenteeCount + assigns - releases;
                return new MatchMentor(m.Name, m.Spec.HomeUnit, m.Spec.Specialities.ToDictionary(s => s.CompetencyId, s => s.Level, StringComparer.Ordinal), m.Spec.Capacity - load, load);
            })
            .ToList();
        var stage = State.Stages.FirstOrDefault(s => s.Kind == StageKind.OnTheJob)?.CompetencyIds ?? [];
        return MentorMatching.Suggest(trainees, candidates, stage);
    }

    public async Task<TraineeMentor> SignOff(string staffName, string mentorName, string note, CommandContext context)
    {
        if (await FirstAnswer(context, (s, _) => MentorshipsOf(s, [staffName])[0]) is { } first)
        {
            return first;
        }

        var mentorship = MentorshipOf(staffName, mentorName);
        if (State.Lifecycle != BatchState.Running)
        {
            throw TrainingException.Precondition(StreamId, $"on-the-job practice is signed off while the batch runs; {StreamId} is {State.Lifecycle}.");
        }

        if (mentorship.SignOffTime is null)
        {
            await Commit(Stamp(new OnTheJobSignedOff(staffName, mentorName, note), context));
            await CompleteQualified(context);
        }

        return MentorshipsOf(State, [staffName])[0];
    }

    public async Task<TraineeMentor> WithdrawSignOff(string staffName, string mentorName, string reason, CommandContext context)
    {
        if (await FirstAnswer(context, (s, _) => MentorshipsOf(s, [staffName])[0]) is { } first)
        {
            return first;
        }

        var mentorship = MentorshipOf(staffName, mentorName);
        if (mentorship.SignOffTime is null)
        {
            throw TrainingException.Precondition(StreamId, $"{mentorName} has not signed off {staffName}'s on-the-job practice in {StreamId}.");
        }

        if (State.Assessed.GetValueOrDefault(staffName)?.Completion is not null)
        {
            throw TrainingException.Precondition(StreamId, $"{staffName} has completed {StreamId}; the sign-off it rested on stays.");
        }

        await Commit(Stamp(new OnTheJobSignOffWithdrawn(staffName, mentorName, reason), context));
        return MentorshipsOf(State, [staffName])[0];
    }

    /// <summary>The trainee's gap per competency of <paramref name="framework"/> (none when the profile cannot be read, e.g. no published version).</summary>
    private async Task<IReadOnlyDictionary<string, int>> GapsOf(string staffName, string framework)
    {
        try
        {
            var profile = await GrainFactory.GetGrain<IStaffMemberGrain>(staffName).CapabilityProfile(framework, null).WaitAsync(CallTimeout);
            return profile.Competencies.Where(c => c.Gap > 0).ToDictionary(c => c.CompetencyId, c => c.Gap, StringComparer.Ordinal);
        }
        catch (TrainingException)
        {
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// True unless the trainee has a mentor in this batch who has not signed off their on-the-job stage, or had one whose
    /// mentoring was released (an orphan: the stage waits for a new mentor's sign-off).
    /// </summary>
    private static bool SignedOffIfMentored(CourseBatchState s, string staffName, StageKind stage) =>
        stage != StageKind.OnTheJob
        || (s.Mentoring.Trainees.GetValueOrDefault(staffName) is { } m ? m.SignOffTime is not null : !s.Mentoring.Released.ContainsKey(staffName));

    /// <summary>
    /// The enrolled trainees whose on-the-job stage is unfinished when the batch completes, with why: mentored without the
    /// mentor's sign-off, or released from their mentor and not reassigned. Their enrolment ends incomplete rather than
    /// completed (a trainee who failed an assessment finished the stage and ends completed, without the qualified completion).
    /// </summary>
    private static Dictionary<string, string>? UnfinishedOnTheJob(CourseBatchState s)
    {
        if (!s.Stages.Any(st => st.Kind == StageKind.OnTheJob))
        {
            return null;
        }

        var unfinished = s.Roster.Values
            .Where(e => e.Status == EnrolmentStatus.Enrolled && !SignedOffIfMentored(s, e.StaffName, StageKind.OnTheJob))
            .ToDictionary(
                e => e.StaffName,
                e => s.Mentoring.Trainees.TryGetValue(e.StaffName, out var m)
                    ? $"on-the-job practice not signed off by {m.MentorName}"
                    : $"on-the-job practice without a mentor's sign-off (mentoring by {s.Mentoring.Released[e.StaffName].MentorName} ended: {s.Mentoring.Released[e.StaffName].Reason})",
                StringComparer.Ordinal);
        return unfinished.Count > 0 ? unfinished : null;
    }

    /// <summary>Tells each mentor the mentee changes not yet confirmed, then records what they confirmed.</summary>
    private async Task DeliverMenteeChanges(CommandContext context)
    {
        if (State.Mentoring.Pending.Count == 0)
        {
            return;
        }

        var pending = State.Mentoring.Pending.Values.ToList();
        var delivered = await Task.WhenAll(pending.Select(async c =>
            await TryDeliver(c.MentorName, () => GrainFactory.GetGrain<IMentorGrain>(c.MentorName).ApplyMenteeChange(c)) ? c.OperationId : null));
        var confirmed = delivered.OfType<string>().ToList();
        if (confirmed.Count > 0)
        {
            await Commit(Stamp(new MentorNoticesConfirmed(confirmed), context));
        }
    }

    private async Task<MentorView> MentorOf(string mentorName)
    {
        try
        {
            return await GrainFactory.GetGrain<IMentorGrain>(mentorName).Get().WaitAsync(CallTimeout);
        }
        catch (TimeoutException)
        {
            throw TrainingException.Unavailable($"{mentorName} did not answer in time; retry with the same request_id.");
        }
    }

    /// <summary>The mentors of this batch's trainees that are inactive (or gone), with the reason; read from each mentor once.</summary>
    private async Task<IReadOnlyDictionary<string, string>> InactiveMentors()
    {
        var mentors = State.Mentoring.Trainees.Values.Select(m => m.MentorName).Distinct(StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(mentors.Select(async name =>
        {
            try
            {
                var view = await GrainFactory.GetGrain<IMentorGrain>(name).Get().WaitAsync(CallTimeout);
                return (name, view.Active ? null : view.InactiveReason);
            }
            catch (TrainingException e) when (e.Kind == ErrorKind.NotFound)
            {
                return (name, "not registered");
            }
        }));
        return views.Where(v => v.Item2 is not null).ToDictionary(v => v.name, v => v.Item2!, StringComparer.Ordinal);
    }

    /// <summary>The trainee's mentorship here when <paramref name="mentorName"/> is their mentor; FailedPrecondition otherwise.</summary>
    private Mentorship MentorshipOf(string staffName, string mentorName)
    {
        EnsureCreated();
        return State.Mentoring.Trainees.GetValueOrDefault(staffName) is { } m && string.Equals(m.MentorName, mentorName, StringComparison.Ordinal)
            ? m
            : throw new TrainingException(ErrorKind.FailedPrecondition, $"{staffName} is not a mentee of {mentorName} in {StreamId}.", staffName);
    }

    private static IReadOnlyList<TraineeMentor> MentorshipsOf(CourseBatchState s, IReadOnlyList<string> staffNames) =>
        [.. staffNames.Where(s.Mentoring.Trainees.ContainsKey).Select(n => ViewOf(s, s.Mentoring.Trainees[n], null))];

    /// <summary>The trainee's mentorship after a release: the orphan entry (or, should they have a mentor again, that mentorship).</summary>
    private static TraineeMentor ReleasedView(CourseBatchState s, string staffName) =>
        s.Mentoring.Released.TryGetValue(staffName, out var r) ? ReleasedViewOf(s, r)
        : s.Mentoring.Trainees.TryGetValue(staffName, out var m) ? ViewOf(s, m, null)
        : new TraineeMentor(s.Name, staffName, string.Empty, string.Empty, string.Empty, default, false, null, string.Empty, true, "mentoring ended", true);

    /// <summary>A released trainee: an orphan, shown with the mentor they had and why the mentoring ended; confirmed once that mentor's list dropped them.</summary>
    private static TraineeMentor ReleasedViewOf(CourseBatchState s, ReleasedMentorship r)
    {
        var confirmed = !s.Mentoring.Pending.Values.Any(c => !c.Assigned && c.StaffName == r.StaffName && c.MentorName == r.MentorName);
        return new TraineeMentor(s.Name, r.StaffName, r.DisplayName, r.MentorName, string.Empty, r.At, false, null, string.Empty, true, $"mentoring ended: {r.Reason}", confirmed);
    }

    private static TraineeMentor ViewOf(CourseBatchState s, Mentorship m, IReadOnlyDictionary<string, string>? inactive)
    {
        var reason = inactive?.GetValueOrDefault(m.MentorName);
        var confirmed = !s.Mentoring.Pending.Values.Any(c => c.Assigned && c.StaffName == m.StaffName && c.MentorName == m.MentorName);
        return new TraineeMentor(s.Name, m.StaffName, m.DisplayName, m.MentorName, m.GroupId, m.Since, m.SignOffTime is not null, m.SignOffTime, m.SignOffNote, reason is not null, reason ?? string.Empty, confirmed);
    }
}
