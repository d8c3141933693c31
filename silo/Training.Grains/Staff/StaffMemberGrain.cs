using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Training.Grains.Capability;
using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Staff;

/// <summary>
/// A staff member: registered at a centre, profile kept up to date, transferred, on leave and back,
/// departed. The directory entry that lists them under their centre is written in the same
/// transaction as each event, so the centre's staff list and the staff record cannot disagree.
/// </summary>
[GrainType("staff-member")]
public sealed partial class StaffMemberGrain(EventSourcingServices services, IOptions<ReminderOptions> reminderOptions, ILogger<StaffMemberGrain> logger)
    : EventSourcedGrain<StaffMemberState, StaffEvent>(services), IStaffMemberGrain, IRemindable
{
    /// <summary>The card id the change being committed takes away from this staff member (its directory entry is deleted with it).</summary>
    private string releasedCardId = string.Empty;

    /// <summary>How far ahead of this host's clock an observation's time may lie (the recorder's clock may be off).</summary>
    private static readonly TimeSpan EvidenceClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The longest one <see cref="WatchEvidence"/> call waits.</summary>
    private static readonly TimeSpan MaxWatch = TimeSpan.FromMinutes(1);

    /// <summary>How long the framework's latest published version and the post profile are reused before being asked again.</summary>
    private static readonly TimeSpan YardstickLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Completed (and replaced) when evidence is recorded; watchers wait on it.</summary>
    private TaskCompletionSource evidenceSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Per framework: its latest published view, the post and required levels it was read for, and until when to reuse them.</summary>
    private readonly Dictionary<string, Yardstick> yardsticks = new(StringComparer.Ordinal);

    public async Task<StaffView> Register(StaffSpec spec, CommandContext context)
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

        await EnsureCenterTakesStaff(spec.CenterName);
        await EnsureCardFree(spec.CardId);
        await Commit(Stamp(new StaffRegistered(spec), context));
        return View();
    }

    public async Task<StaffView> RegisterInBulk(StaffSpec spec, CommandContext context)
    {
        try
        {
            return await Register(spec, context);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    public Task<StaffView> Get() => Task.FromResult(State.Registered ? View() : throw TrainingException.NotFound(StreamId));

    public async Task<StaffView> Update(StaffPatch patch, long expectedVersion, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureChangeable();

        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        ArgumentNullException.ThrowIfNull(patch);
        if (patch.CardId is { } cardId && !string.Equals(cardId, State.Spec.CardId, StringComparison.Ordinal))
        {
            await EnsureCardFree(cardId);
            releasedCardId = State.Spec.CardId;
        }

        try
        {
            await Commit(Stamp(new StaffProfileUpdated(patch), context));
        }
        finally
        {
            releasedCardId = string.Empty;
        }

        return View();
    }

    public async Task<StaffView> Transfer(string toCenterName, string reason, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureChangeable();

        if (string.Equals(toCenterName, State.Spec.CenterName, StringComparison.Ordinal))
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} already works at {toCenterName}.");
        }

        await EnsureCenterTakesStaff(toCenterName);
        await Commit(Stamp(new StaffTransferred(State.Spec.CenterName, toCenterName, reason), context));
        return View();
    }

    public async Task<StaffView> StartLeave(string reason, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureChangeable();

        if (State.Status != StaffStatus.Active)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} is already on leave.");
        }

        await Commit(Stamp(new StaffLeaveStarted(reason), context));
        return View();
    }

    public async Task<StaffView> ReturnFromLeave(CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureChangeable();

        if (State.Status != StaffStatus.OnLeave)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} is not on leave.");
        }

        await Commit(Stamp(new StaffLeaveEnded(), context));
        return View();
    }

    public async Task<StaffView> Depart(string reason, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureChangeable();

        // A staff mentor standing for this record is deactivated with it: the mentors are named in the event and told
        // afterwards (pending in the state until they confirm; resumed on activation and by a reminder).
        var mentors = await MentorsStandingForThisRecord();
        if (mentors.Count > 0)
        {
            await EnsureTellMentorsReminder();
        }

        await Commit(Stamp(new StaffDeparted(reason, mentors), context));
        await TellMentorsOfDeparture();
        return View();
    }

    public async Task ApplyEnrolmentChange(EnrolmentChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!State.Registered)
        {
            throw TrainingException.NotFound(StreamId);
        }

        if (State.Enrolments.TryGetValue(change.BatchName, out var held) && held.Sequence >= change.Sequence)
        {
            return;
        }

        var context = new CommandContext(change.OperationId, change.BatchName, string.Empty, change.BatchName);
        await Commit(Stamp(new StaffEnrolmentChanged(change), context));
    }

    public async Task RecordEvidence(CompetencyEvidence evidence, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (!State.Registered)
        {
            throw TrainingException.NotFound(StreamId);
        }

        if (State.EvidenceIds.Contains(evidence.EvidenceId))
        {
            return;
        }

        if (evidence.EvidenceId.Length is 0 or > 300)
        {
            throw TrainingException.Invalid("evidence_id", "must be 1..300 characters");
        }

        if (!double.IsFinite(evidence.Score) || evidence.Score is < 0 or > 1)
        {
            throw TrainingException.Invalid("score", "must lie in 0..1");
        }

        if (evidence.ObservedAt > Now + EvidenceClockSkew)
        {
            throw TrainingException.Invalid("observe_time", "must not lie in the future");
        }

        if (!await GrainFactory.GetGrain<ICompetencyFrameworkGrain>(evidence.FrameworkName).IsActiveCompetency(evidence.CompetencyId))
        {
            throw TrainingException.Invalid("competency", $"{evidence.CompetencyId} is not an active competency of {evidence.FrameworkName}");
        }

        await Commit(Stamp(new StaffEvidenceRecorded(evidence), context));
        var signal = evidenceSignal;
        evidenceSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.TrySetResult();
    }

    public async Task<CompetencyEvidence> RecordSatisfaction(SatisfactionResult result, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ResultId.Length is 0 or > 200)
        {
            throw TrainingException.Invalid("result_id", "must be 1..200 characters");
        }

        double score;
        if (result.Satisfied is { } satisfied)
        {
            score = result.Rating == 0 ? (satisfied ? 1 : 0) : throw TrainingException.Invalid("rating", "give either a rating or satisfied, not both");
        }
        else
        {
            score = result.Rating is >= 1 and <= 5 ? (result.Rating - 1) / 4.0 : throw TrainingException.Invalid("rating", "must be 1..5 (or give satisfied instead)");
        }

        var detail = result.Detail.Length > 0 ? result.Detail : result.Satisfied is { } s ? (s ? "satisfied" : "unsatisfied") : $"rated {result.Rating}/5";
        var evidence = new CompetencyEvidence(
            $"satisfaction/{result.ResultId}", EvidenceKind.Satisfaction, result.FrameworkName, result.CompetencyId, score, result.ObservedAt, context?.Client ?? string.Empty, detail);
        await RecordEvidence(evidence, context!);
        return State.Evidence.Find(e => string.Equals(e.EvidenceId, evidence.EvidenceId, StringComparison.Ordinal)) ?? evidence;
    }

    public async Task<CapabilityProfileView> CapabilityProfile(string frameworkName, DateTimeOffset? asOf)
    {
        var at = ProfileDate(asOf, "as_of");
        var yardstick = await YardstickOf(frameworkName);
        var (competencies, dimensions, unplaced) = CapabilityRules.Profile(
            frameworkName, yardstick.Framework.Competencies, yardstick.Framework.LevelScale.Count, yardstick.Required, State.Evidence, at);
        return new CapabilityProfileView(StreamId, frameworkName, yardstick.Framework.FrameworkVersion, State.Spec.Post, at, competencies, dimensions, Version, unplaced);
    }

    public async Task<CapabilityTrajectoryView> CapabilityTrajectory(string frameworkName, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        ProfileDate(to, "to");
        if (to < from)
        {
            throw TrainingException.Invalid("from", "must not lie after to");
        }

        if (step <= TimeSpan.Zero)
        {
            throw TrainingException.Invalid("step", "must be positive");
        }

        if (CapabilityRules.TrajectoryPointCount(from, to, step) > CapabilityRules.MaxTrajectoryPoints)
        {
            throw TrainingException.Invalid("step", $"gives more than {CapabilityRules.MaxTrajectoryPoints} points between from and to; take a longer step");
        }

        var yardstick = await YardstickOf(frameworkName);
        var points = new List<CapabilityPoint>();
        foreach (var date in CapabilityRules.TrajectoryDates(from, to, step))
        {
            var (competencies, dimensions, _) = CapabilityRules.Profile(
                frameworkName, yardstick.Framework.Competencies, yardstick.Framework.LevelScale.Count, yardstick.Required, State.Evidence, date);
            points.Add(new CapabilityPoint(date, competencies, dimensions));
        }

        return new CapabilityTrajectoryView(StreamId, frameworkName, yardstick.Framework.FrameworkVersion, points);
    }

    public async Task<int> WatchEvidence(int afterCount, TimeSpan maxWait)
    {
        if (State.Evidence.Count <= afterCount && maxWait > TimeSpan.Zero)
        {
            try
            {
                await evidenceSignal.Task.WaitAsync(maxWait < MaxWatch ? maxWait : MaxWatch);
            }
            catch (TimeoutException)
            {
                // Nothing arrived in time: answer the count as it is.
            }
        }

        return State.Evidence.Count;
    }

    public Task<IReadOnlyList<StaffEnrolment>> Enrolments()
    {
        if (!State.Registered)
        {
            throw TrainingException.NotFound(StreamId);
        }

        IReadOnlyList<StaffEnrolment> enrolments = [.. State.Enrolments.Values.OrderByDescending(e => e.UpdateTime).ThenBy(e => e.BatchName, StringComparer.Ordinal)];
        return Task.FromResult(enrolments);
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(StaffMemberState stateAfter, long versionAfter)
    {
        var view = ViewOf(stateAfter, versionAfter);
        var staffId = StreamId["staff/".Length..];
        var search = $"{stateAfter.Spec.DisplayName} {staffId}".ToLowerInvariant();
        var changes = new List<DirectoryChange>(3) { new(DirectoryKinds.Staff, StreamId, stateAfter.Spec.CenterName, search, Serialize(view)) };
        if (releasedCardId.Length > 0)
        {
            changes.Add(new DirectoryChange(DirectoryKinds.StaffCard, releasedCardId, StreamId, string.Empty, ReadOnlyMemory<byte>.Empty, Delete: true));
        }

        if (stateAfter.Spec.CardId.Length > 0)
        {
            changes.Add(new DirectoryChange(DirectoryKinds.StaffCard, stateAfter.Spec.CardId, StreamId, string.Empty, ReadOnlyMemory<byte>.Empty));
        }

        return changes;
    }

    /// <summary>AlreadyExists when another staff member holds <paramref name="cardId"/> (a card identifies one person).</summary>
    private async Task EnsureCardFree(string cardId)
    {
        if (cardId.Length == 0)
        {
            return;
        }

        var holder = await Services.Store.GetDirectoryEntryAsync(DirectoryKinds.StaffCard, cardId);
        if (holder is not null && !string.Equals(holder.Parent, StreamId, StringComparison.Ordinal))
        {
            throw new TrainingException(ErrorKind.AlreadyExists, $"Card {cardId} already belongs to {holder.Parent}.", $"cards/{cardId}");
        }
    }

    /// <summary>NotFound if never registered; FailedPrecondition once departed.</summary>
    private void EnsureChangeable()
    {
        if (!State.Registered)
        {
            throw TrainingException.NotFound(StreamId);
        }

        if (State.Status == StaffStatus.Departed)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} has left the service; the record is closed.");
        }
    }

    private async Task EnsureCenterTakesStaff(string centerName)
    {
        var center = await GrainFactory.GetGrain<ICenterGrain>(centerName).Get();
        if (center.Archived)
        {
            throw TrainingException.Precondition(centerName, $"{centerName} is archived and takes no staff.");
        }
    }

    /// <summary>The date a profile is read as of: now when null; NotFound if never registered; InvalidArgument in the future.</summary>
    private DateTimeOffset ProfileDate(DateTimeOffset? date, string field)
    {
        if (!State.Registered)
        {
            throw TrainingException.NotFound(StreamId);
        }

        var now = Now;
        if (date is { } at && at > now + EvidenceClockSkew)
        {
            throw TrainingException.Invalid(field, "must not lie in the future");
        }

        return date is { } d && d < now ? d : now;
    }

    /// <summary>
    /// The framework's latest published version and the required levels of the staff member's post, reused for
    /// <see cref="YardstickLifetime"/> (a published version never changes; a newer one or an edited post profile shows
    /// within that time). FailedPrecondition when the framework has no published version.
    /// </summary>
    private async Task<Yardstick> YardstickOf(string frameworkName)
    {
        var now = Now;
        if (yardsticks.TryGetValue(frameworkName, out var held) && held.Until > now && held.Post == State.Spec.Post)
        {
            return held;
        }

        var framework = GrainFactory.GetGrain<ICompetencyFrameworkGrain>(frameworkName);
        var draft = await framework.Get(0);
        if (draft.LatestPublishedVersion == 0)
        {
            throw TrainingException.Precondition(frameworkName, $"{frameworkName} has no published version yet; a capability profile reads the published tree.");
        }

        var published = held?.Framework.FrameworkVersion == draft.LatestPublishedVersion ? held.Framework : await framework.Get(draft.LatestPublishedVersion);
        var required = await GrainFactory.GetGrain<IPostProfileGrain>(PostProfileNames.Of(frameworkName, State.Spec.Post)).Requirements();
        var yardstick = new Yardstick(published, State.Spec.Post, required, now + YardstickLifetime);
        yardsticks[frameworkName] = yardstick;
        return yardstick;
    }

    private StaffView View() => ViewOf(State, Version);

    private StaffView ViewOf(StaffMemberState s, long version) =>
        new(StreamId, s.Spec.DisplayName, s.Spec.CenterName, s.Spec.Post, s.Status, s.StatusReason, s.Spec.Phone, s.Spec.Email, version, s.CreateTime, s.UpdateTime, s.Spec.CardId);
}

/// <summary>What a staff member's profile is measured against: a published framework and the post's required levels.</summary>
internal sealed record Yardstick(FrameworkView Framework, Post Post, IReadOnlyDictionary<string, int> Required, DateTimeOffset Until);
