using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Kiosks;

/// <summary>
/// A training-room kiosk: registered to a room of an active centre with credential generation 1, renamed or moved
/// between rooms, issued new credential generations, revoked. It keeps the generation of the current credential (the
/// API signs the device token and never hands it to the grain), so whether a token still works is a lookup in memory.
/// The directory entry listing it under its centre is written in the same transaction as each event. A live scan sent
/// with its device token is checked in through it (<see cref="CheckIn"/>): the credential check and the check-in desk's
/// work (<see cref="CheckInDesk"/>) in one call, then the batch's.
/// </summary>
[GrainType("kiosk")]
public sealed class KioskGrain(EventSourcingServices services) : EventSourcedGrain<KioskGrainState, KioskEvent>(services), IKioskGrain
{
    private CheckInDesk? desk;

    /// <summary>The centre: the kiosk's name up to <c>/kiosks/</c>.</summary>
    private string CenterName => DirectoryKinds.ParentOf(StreamId, "kiosks");

    public async Task<KioskView> Register(KioskSpec spec, CommandContext context)
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

        var center = await GrainFactory.GetGrain<ICenterGrain>(CenterName).Get();
        if (center.Archived)
        {
            throw TrainingException.Precondition(CenterName, $"{CenterName} is archived and takes no kiosks.");
        }

        await Commit(Stamp(new KioskRegistered(spec), context), Stamp(new KioskCredentialIssued(1), context));
        return View();
    }

    public async Task<CheckInResult?> CheckIn(int generation, KioskScan scan, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(context);
        if (!TakesCredential(generation))
        {
            return null;
        }

        desk ??= new CheckInDesk(Services, GrainFactory);
        return (await desk.Judge(View(), [scan], context))[0];
    }

    public Task<KioskView> Get() => Task.FromResult(State.Registered ? View() : throw TrainingException.NotFound(StreamId));

    public async Task<KioskView> Update(KioskPatch patch, long expectedVersion, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureActive();
        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        var events = new List<KioskEvent>(2);
        if (patch.DisplayName is { } displayName && !string.Equals(displayName, State.Spec.DisplayName, StringComparison.Ordinal))
        {
            events.Add(Stamp(new KioskRenamed(displayName), context));
        }

        if (patch.Room is { } room && !string.Equals(room, State.Spec.Room, StringComparison.Ordinal))
        {
            events.Add(Stamp(new KioskMoved(State.Spec.Room, room), context));
        }

        if (events.Count > 0)
        {
            await Commit([.. events]);
        }

        return View();
    }

    public async Task<KioskView> IssueCredential(CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureActive();
        await Commit(Stamp(new KioskCredentialIssued(State.CredentialGeneration + 1), context));
        return View();
    }

    public async Task<KioskView> Revoke(string reason, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureRegistered();
        if (State.State == KioskState.Revoked)
        {
            return View();
        }

        await Commit(Stamp(new KioskRevoked(reason), context));
        return View();
    }

    public Task<bool> IsCredentialValid(int generation) => Task.FromResult(TakesCredential(generation));

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(KioskGrainState stateAfter, long versionAfter)
    {
        var kioskId = StreamId[(StreamId.LastIndexOf('/') + 1)..];
        var search = $"{stateAfter.Spec.DisplayName} {stateAfter.Spec.Room} {kioskId}".ToLowerInvariant();
        return [new DirectoryChange(DirectoryKinds.Kiosk, StreamId, CenterName, search, Serialize(ViewOf(stateAfter, versionAfter)))];
    }

    private void EnsureRegistered()
    {
        if (!State.Registered)
        {
            throw TrainingException.NotFound(StreamId);
        }
    }

    /// <summary>NotFound if never registered; FailedPrecondition once revoked.</summary>
    private void EnsureActive()
    {
        EnsureRegistered();
        if (State.State == KioskState.Revoked)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} was revoked; register the device as a new kiosk.");
        }
    }

    /// <summary>Whether a device token of credential <paramref name="generation"/> works: registered, active, and the generation current.</summary>
    private bool TakesCredential(int generation) => State.Registered && State.State == KioskState.Active && generation == State.CredentialGeneration;

    private KioskView View() => ViewOf(State, Version);

    private KioskView ViewOf(KioskGrainState s, long version) =>
        new(StreamId, CenterName, s.Spec.DisplayName, s.Spec.Room, s.State, s.RevokeReason, s.RevokeTime, s.CredentialGeneration, version, s.CreateTime, s.UpdateTime);
}
