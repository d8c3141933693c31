using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Catalogue;

/// <summary>
/// A rubric for practical assessments (<see cref="IRubricGrain"/>). Each change adds a revision; the directory lists the
/// latest one under the catalogue's top level, searchable by name and competency.
/// </summary>
[GrainType("rubric")]
public sealed class RubricGrain(EventSourcingServices services) : EventSourcedGrain<RubricState, RubricEvent>(services), IRubricGrain
{
    public async Task<RubricView> Create(RubricSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, (s, v) => ViewOf(s, v, s.Revisions.Count)) is { } first)
        {
            return first;
        }

        if (State.Exists)
        {
            throw TrainingException.AlreadyExists(StreamId);
        }

        await EnsureValid(spec);
        await Commit(Stamp(new RubricCreated(spec), context));
        return ViewOf(State, Version, State.Revisions.Count);
    }

    public Task<RubricView> Get(int revision)
    {
        EnsureExists();
        if (revision < 0 || revision > State.Revisions.Count)
        {
            throw TrainingException.NotFound($"{StreamId} revision {revision}");
        }

        return Task.FromResult(ViewOf(State, Version, revision == 0 ? State.Revisions.Count : revision));
    }

    public async Task<RubricView> Update(RubricSpec spec, long expectedVersion, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, (s, v) => ViewOf(s, v, s.Revisions.Count)) is { } first)
        {
            return first;
        }

        EnsureExists();
        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        if (!string.Equals(spec.FrameworkName, State.Revisions[^1].FrameworkName, StringComparison.Ordinal))
        {
            throw TrainingException.Invalid("rubric.framework", $"a rubric stays on its framework, {State.Revisions[^1].FrameworkName}; create a new rubric for another.");
        }

        await EnsureValid(spec);
        await Commit(Stamp(new RubricRevised(spec), context));
        return ViewOf(State, Version, State.Revisions.Count);
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(RubricState stateAfter, long versionAfter)
    {
        var latest = stateAfter.Revisions[^1];
        var search = $"{latest.DisplayName} {string.Join(' ', latest.Criteria.Select(c => c.CompetencyId).Distinct())}".ToLowerInvariant();
        return [new DirectoryChange(DirectoryKinds.Rubric, StreamId, DirectoryKinds.TopLevel, search, Serialize(ViewOf(stateAfter, versionAfter, stateAfter.Revisions.Count)))];
    }

    /// <summary>InvalidArgument for content out of range or an unknown competency; NotFound for an unknown framework; FailedPrecondition for a retired competency.</summary>
    private async Task EnsureValid(RubricSpec spec)
    {
        var violations = RubricRules.Violations(spec);
        if (violations.Count > 0)
        {
            throw new TrainingException(ErrorKind.InvalidArgument, $"{violations[0].Field}: {violations[0].Description}", null, violations);
        }

        var framework = await GrainFactory.GetGrain<ICompetencyFrameworkGrain>(spec.FrameworkName).Get(0);
        var competencies = framework.Competencies.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var unknown = spec.Criteria
            .Select((c, i) => (c, i))
            .Where(x => !competencies.ContainsKey(x.c.CompetencyId))
            .Select(x => new FieldViolation($"rubric.criteria[{x.i}].competency_id", $"{x.c.CompetencyId} is not a competency of {spec.FrameworkName}."))
            .ToList();
        if (unknown.Count > 0)
        {
            throw new TrainingException(ErrorKind.InvalidArgument, $"{unknown[0].Field}: {unknown[0].Description}", null, unknown);
        }

        if (spec.Criteria.FirstOrDefault(c => competencies[c.CompetencyId].Retired) is { } retired)
        {
            throw TrainingException.Precondition(retired.CompetencyId, $"Competency {retired.CompetencyId} is retired; a criterion may not be linked to it.");
        }
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw TrainingException.NotFound(StreamId);
        }
    }

    private RubricView ViewOf(RubricState s, long version, int revision) =>
        new(StreamId, revision, s.Revisions[revision - 1], version, s.CreateTime, s.UpdateTime);
}
