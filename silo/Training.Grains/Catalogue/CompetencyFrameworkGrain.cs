using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Catalogue;

/// <summary>
/// A competency framework: the four modules and their sub-competencies (at most three levels),
/// with a level scale. Edits change the draft; publishing freezes it as version N.
/// </summary>
[GrainType("competency-framework")]
public sealed class CompetencyFrameworkGrain(EventSourcingServices services) : EventSourcedGrain<CompetencyFrameworkState, FrameworkEvent>(services), ICompetencyFrameworkGrain
{
    /// <summary>Modules, their competencies, and one more level below.</summary>
    public const int MaxDepth = 3;

    public async Task<FrameworkView> Create(FrameworkSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, DraftView) is { } first)
        {
            return first;
        }

        if (State.Exists)
        {
            throw TrainingException.AlreadyExists(StreamId);
        }

        EnsureValidScale(spec.LevelScale, "framework.level_scale");
        await Commit(Stamp(new FrameworkCreated(spec), context));
        return View(0);
    }

    public Task<FrameworkView> Get(int frameworkVersion)
    {
        EnsureExists();
        return Task.FromResult(frameworkVersion >= 0 && frameworkVersion <= State.Published.Count
            ? View(frameworkVersion)
            : throw TrainingException.NotFound($"{StreamId} version {frameworkVersion}"));
    }

    public async Task<FrameworkView> Update(FrameworkPatch patch, long expectedVersion, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (await FirstAnswer(context, DraftView) is { } first)
        {
            return first;
        }

        EnsureExists();

        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        if (patch.LevelScale is { } scale)
        {
            EnsureValidScale(scale, "framework.level_scale");
        }

        await Commit(Stamp(new FrameworkUpdated(patch), context));
        return View(0);
    }

    public async Task<FrameworkView> AddCompetency(CompetencySpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, DraftView) is { } first)
        {
            return first;
        }

        EnsureExists();

        if (State.Find(spec.Id) is not null)
        {
            throw TrainingException.AlreadyExists($"{StreamId}/competencies/{spec.Id}");
        }

        if (spec.ParentId.Length > 0)
        {
            var parent = State.Find(spec.ParentId) ?? throw TrainingException.NotFound($"{StreamId}/competencies/{spec.ParentId}");
            if (parent.Retired)
            {
                throw TrainingException.Precondition(parent.Id, $"Competency {parent.Id} is retired and takes no new children.");
            }

            if (Depth(parent.Id) >= MaxDepth)
            {
                throw TrainingException.Invalid("competency.parent_id", $"the tree is at most {MaxDepth} levels deep; {parent.Id} is already at level {MaxDepth}.");
            }
        }

        if (!Enum.IsDefined(spec.Dimension))
        {
            throw TrainingException.Invalid("competency.dimension", "is not a known dimension.");
        }

        await Commit(Stamp(new CompetencyAdded(spec), context));
        return View(0);
    }

    public async Task<FrameworkView> UpdateCompetency(string competencyId, CompetencyPatch patch, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (await FirstAnswer(context, DraftView) is { } first)
        {
            return first;
        }

        EnsureExists();

        _ = State.Find(competencyId) ?? throw TrainingException.NotFound($"{StreamId}/competencies/{competencyId}");
        await Commit(Stamp(new CompetencyUpdated(competencyId, patch), context));
        return View(0);
    }

    public async Task<FrameworkView> RetireCompetency(string competencyId, CommandContext context)
    {
        if (await FirstAnswer(context, DraftView) is { } first)
        {
            return first;
        }

        EnsureExists();

        var competency = State.Find(competencyId) ?? throw TrainingException.NotFound($"{StreamId}/competencies/{competencyId}");
        if (competency.Retired)
        {
            return View(0);
        }

        var retired = Subtree(competencyId).Where(c => !c.Retired).Select(c => c.Id).ToList();
        await Commit(Stamp(new CompetencyRetired(retired), context));
        return View(0);
    }

    public async Task<FrameworkView> Publish(CommandContext context)
    {
        if (await FirstAnswer(context, (s, v) => ViewOf(s, s.Published.Count, v)) is { } first)
        {
            return first;
        }

        EnsureExists();

        if (!State.Draft.Competencies.Any(c => c.ParentId.Length == 0 && !c.Retired))
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} has no active module to publish.");
        }

        if (!State.HasUnpublishedChanges)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} has no changes since version {State.Published.Count}.");
        }

        await Commit(Stamp(new FrameworkPublished(State.Published.Count + 1), context));
        return View(State.Published.Count);
    }

    public Task<bool> IsActiveCompetency(string competencyId) =>
        Task.FromResult(State.Find(competencyId) is { Retired: false });

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(CompetencyFrameworkState stateAfter, long versionAfter) =>
        [new DirectoryChange(DirectoryKinds.Framework, StreamId, DirectoryKinds.TopLevel, stateAfter.Draft.DisplayName.ToLowerInvariant(), Serialize(ViewOf(stateAfter, 0, versionAfter)))];

    private static void EnsureValidScale(IReadOnlyList<LevelDefinition> scale, string field)
    {
        if (scale.Count is < 2 or > 10)
        {
            throw TrainingException.Invalid(field, "needs 2..10 levels.");
        }

        for (var i = 0; i < scale.Count; i++)
        {
            if (scale[i].Level != i + 1)
            {
                throw TrainingException.Invalid($"{field}[{i}].level", $"levels are numbered 1..{scale.Count} in order; expected {i + 1}.");
            }

            if (string.IsNullOrWhiteSpace(scale[i].Label))
            {
                throw TrainingException.Invalid($"{field}[{i}].label", "is required.");
            }
        }
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw TrainingException.NotFound(StreamId);
        }
    }

    private int Depth(string id)
    {
        var depth = 1;
        for (var c = State.Find(id); c is { ParentId.Length: > 0 }; c = State.Find(c.ParentId))
        {
            depth++;
        }

        return depth;
    }

    private IEnumerable<CompetencyView> Subtree(string id)
    {
        foreach (var c in State.Draft.Competencies)
        {
            if (c.Id == id)
            {
                yield return c;
            }
        }

        foreach (var child in State.Draft.Competencies.Where(c => c.ParentId == id))
        {
            foreach (var d in Subtree(child.Id))
            {
                yield return d;
            }
        }
    }

    private FrameworkView View(int frameworkVersion) => ViewOf(State, frameworkVersion, Version);

    private FrameworkView DraftView(CompetencyFrameworkState s, long version) => ViewOf(s, 0, version);

    private FrameworkView ViewOf(CompetencyFrameworkState s, int frameworkVersion, long version)
    {
        var content = frameworkVersion == 0 ? s.Draft : s.Published[frameworkVersion - 1];
        return new FrameworkView(
            StreamId,
            content.DisplayName,
            content.Description,
            content.LevelScale,
            TreeOrder(content.Competencies),
            frameworkVersion,
            s.Published.Count,
            s.HasUnpublishedChanges,
            version,
            s.CreateTime,
            frameworkVersion == 0 ? s.UpdateTime : content.Time);
    }

    /// <summary>Modules in the order added, each followed depth-first by its descendants.</summary>
    private static List<CompetencyView> TreeOrder(IReadOnlyList<CompetencyView> competencies)
    {
        var ordered = new List<CompetencyView>(competencies.Count);
        void Visit(string parentId)
        {
            foreach (var c in competencies)
            {
                if (c.ParentId == parentId)
                {
                    ordered.Add(c);
                    Visit(c.Id);
                }
            }
        }

        Visit(string.Empty);
        return ordered;
    }
}
