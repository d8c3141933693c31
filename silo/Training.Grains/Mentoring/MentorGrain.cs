using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Mentoring;

/// <summary>
/// A mentor (<see cref="IMentorGrain"/>): registered with a home unit (a staff mentor's centre, an external expert's
/// county), specialities and a capacity; active or inactive; its mentee list is kept in step by the batches, which are
/// the authority for who mentors whom (<see cref="ApplyMenteeChange"/> is idempotent by the batch's change number).
/// Its directory entry, listing it under its home unit with its load, is written in the same transaction as each event.
/// </summary>
[GrainType("mentor")]
public sealed partial class MentorGrain(EventSourcingServices services, IOptions<ReminderOptions> reminderOptions, ILogger<MentorGrain> logger)
    : EventSourcedGrain<MentorGrainState, MentorEvent>(services), IMentorGrain, IRemindable
{
    public async Task<MentorView> Register(MentorSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        if (State.Registered)
        {
            throw TrainingException.AlreadyExists(StreamId);
        }

        MentorRules.Validate(spec);
        if (spec.Kind == MentorKind.Staff)
        {
            var center = await GrainFactory.GetGrain<ICenterGrain>(spec.HomeUnit).Get();
            if (center.Archived)
            {
                throw TrainingException.Precondition(spec.HomeUnit, $"{spec.HomeUnit} is archived.");
            }

            var staff = await GrainFactory.GetGrain<IStaffMemberGrain>(spec.StaffName).Get();
            if (!string.Equals(staff.CenterName, spec.HomeUnit, StringComparison.Ordinal) || staff.Status == StaffStatus.Departed)
            {
                throw TrainingException.Precondition(spec.StaffName, $"{spec.StaffName} is not a current staff member of {spec.HomeUnit}.");
            }
        }
        else
        {
            await GrainFactory.GetGrain<ICountyGrain>(spec.HomeUnit).Get();
        }

        await EnsureSpecialities(spec.FrameworkName, spec.Specialities);
        await Commit(Stamp(new MentorRegistered(spec with { Specialities = [.. spec.Specialities] }), context));
        return View();
    }

    public Task<MentorView> Get() => Task.FromResult(State.Registered ? View() : throw TrainingException.NotFound(StreamId));

    public async Task<MentorView> Update(MentorPatch patch, long expectedVersion, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureRegistered();
        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        var after = State.Spec with
        {
            DisplayName = patch.DisplayName ?? State.Spec.DisplayName,
            Affiliation = patch.Affiliation ?? State.Spec.Affiliation,
            Specialities = patch.Specialities ?? State.Spec.Specialities,
            Capacity = patch.Capacity ?? State.Spec.Capacity,
        };
        MentorRules.Validate(after);
        if (after.Capacity < State.Mentees.Count + State.ReservedPlaces)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} mentors {State.Mentees.Count + State.ReservedPlaces} (places reserved included); capacity may not drop below that.");
        }

        if (patch.Specialities is { } specialities)
        {
            await EnsureSpecialities(State.Spec.FrameworkName, specialities);
        }

        if (after != State.Spec)
        {
            await Commit(Stamp(new MentorUpdated(patch), context));
        }

        return View();
    }

    public async Task<MentorView> Deactivate(string reason, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureRegistered();
        if (State.Active)
        {
            await Commit(Stamp(new MentorDeactivated(reason), context));
        }

        return View();
    }

    public async Task<MentorView> Reactivate(CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureRegistered();
        if (State.StaffDeparted)
        {
            throw TrainingException.Precondition(StreamId, $"{State.Spec.StaffName}, whom {StreamId} stands for, has departed; register another mentor.");
        }

        if (!State.Active)
        {
            await Commit(Stamp(new MentorReactivated(), context));
        }

        return View();
    }

    public Task<IReadOnlyList<Mentee>> Mentees()
    {
        EnsureRegistered();
        return Task.FromResult<IReadOnlyList<Mentee>>([.. State.Mentees.Values.OrderBy(m => m.BatchName, StringComparer.Ordinal).ThenBy(m => m.StaffName, StringComparer.Ordinal)]);
    }

    public async Task ApplyMenteeChange(MenteeChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        EnsureRegistered();
        if (State.Sequences.GetValueOrDefault(MentorGrainState.MenteeKey(change.BatchName, change.StaffName)) >= change.Sequence)
        {
            return;
        }

        await Commit(Stamp(new MenteeChanged(change), new CommandContext(change.OperationId, "system", string.Empty, change.BatchName)));
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(MentorGrainState stateAfter, long versionAfter)
    {
        var mentorId = StreamId[(StreamId.LastIndexOf('/') + 1)..];
        var search = $"{stateAfter.Spec.DisplayName} {mentorId} {string.Join(' ', stateAfter.Spec.Specialities.Select(s => s.CompetencyId))}".ToLowerInvariant();
        var entry = new DirectoryChange(DirectoryKinds.Mentor, StreamId, stateAfter.Spec.HomeUnit, search, Serialize(ViewOf(stateAfter, versionAfter)));
        return stateAfter.Spec.Kind == MentorKind.Staff && stateAfter.Spec.StaffName.Length > 0
            ? [entry, new DirectoryChange(DirectoryKinds.StaffMentor, StreamId, stateAfter.Spec.StaffName, string.Empty, ReadOnlyMemory<byte>.Empty)]
            : [entry];
    }

    private async Task EnsureSpecialities(string frameworkName, IReadOnlyList<MentorSpeciality> specialities)
    {
        var framework = GrainFactory.GetGrain<ICompetencyFrameworkGrain>(frameworkName);
        foreach (var speciality in specialities)
        {
            if (!await framework.IsActiveCompetency(speciality.CompetencyId))
            {
                throw TrainingException.Invalid("mentor.specialities", $"{speciality.CompetencyId} is not an active competency of {frameworkName}.");
            }
        }
    }

    private void EnsureRegistered()
    {
        if (!State.Registered)
        {
            throw TrainingException.NotFound(StreamId);
        }
    }

    private MentorView View() => ViewOf(State, Version);

    private MentorView ViewOf(MentorGrainState s, long version) =>
        new(StreamId, s.Spec, s.Active, s.InactiveReason, s.Mentees.Count, version, s.CreateTime, s.UpdateTime);
}
