using Training.Grains.EventSourcing;

namespace Training.Grains.Organization;

/// <summary>
/// What regions, counties and centres share: create under an existing, active parent; update;
/// archive; a directory entry listing the unit under its parent.
/// </summary>
public abstract class OrgUnitGrain(EventSourcingServices services) : EventSourcedGrain<OrgUnitState, OrgUnitEvent>(services), IOrgUnitGrain
{
    /// <summary>The directory kind of this level.</summary>
    protected abstract string Kind { get; }

    /// <summary>The parent's resource name; empty for a region.</summary>
    protected abstract string ParentName { get; }

    /// <summary>The parent grain, or null for a region.</summary>
    protected abstract IOrgUnitGrain? Parent();

    /// <summary>A check before archiving; throws when the unit may not be archived yet.</summary>
    protected virtual Task EnsureCanArchive() => Task.CompletedTask;

    public async Task<OrgUnitView> Create(OrgUnitSpec spec, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        if (State.Exists)
        {
            throw TrainingException.AlreadyExists(StreamId);
        }

        if (Parent() is { } parent)
        {
            var parentView = await parent.Get();
            if (parentView.Archived)
            {
                throw TrainingException.Precondition(ParentName, $"{ParentName} is archived and takes no new units.");
            }
        }

        await Commit(Stamp(new OrgUnitCreated(spec), context));
        return View();
    }

    public Task<OrgUnitView> Get() => Task.FromResult(State.Exists ? View() : throw TrainingException.NotFound(StreamId));

    public async Task<OrgUnitView> Update(OrgUnitPatch patch, long expectedVersion, CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureExists();
        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        if (State.Archived)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} is archived and cannot be changed.");
        }

        await Commit(Stamp(new OrgUnitUpdated(patch), context));
        return View();
    }

    public async Task<OrgUnitView> Archive(CommandContext context)
    {
        if (await FirstAnswer(context, ViewOf) is { } first)
        {
            return first;
        }

        EnsureExists();
        if (State.Archived)
        {
            return View();
        }

        await EnsureCanArchive();
        await Commit(Stamp(new OrgUnitArchived(), context));
        return View();
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(OrgUnitState stateAfter, long versionAfter) =>
        [new DirectoryChange(Kind, StreamId, ParentName, stateAfter.Spec.DisplayName.ToLowerInvariant(), Serialize(ViewOf(stateAfter, versionAfter)))];

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw TrainingException.NotFound(StreamId);
        }
    }

    private OrgUnitView View() => ViewOf(State, Version);

    private OrgUnitView ViewOf(OrgUnitState s, long version) =>
        new(StreamId, ParentName, s.Spec.DisplayName, s.Spec.Description, s.Spec.Address, s.Spec.Phone, s.Archived, version, s.CreateTime, s.UpdateTime);
}
