namespace Training.Grains;

/// <summary>
/// A competency framework: a tree of competencies (the four modules and their sub-competencies) with
/// a level scale. Edits change the working draft; <see cref="Publish"/> freezes it as the next
/// numbered version, which never changes afterwards. Key: <c>frameworks/{framework}</c>.
/// </summary>
public interface ICompetencyFrameworkGrain : IGrainWithStringKey
{
    /// <summary>Creates the framework with an empty tree. AlreadyExists if it exists. The scale needs 2..10 consecutive levels from 1.</summary>
    Task<FrameworkView> Create(FrameworkSpec spec, CommandContext context);

    /// <summary>The draft (<paramref name="frameworkVersion"/> = 0) or published version N; NotFound if absent.</summary>
    Task<FrameworkView> Get(int frameworkVersion);

    /// <summary>Updates the framework's own fields. Aborted if <paramref name="expectedVersion"/> (when &gt; 0) is stale.</summary>
    Task<FrameworkView> Update(FrameworkPatch patch, long expectedVersion, CommandContext context);

    /// <summary>Adds a module or sub-competency. AlreadyExists for a used id; NotFound for an unknown parent; at most 3 levels deep.</summary>
    Task<FrameworkView> AddCompetency(CompetencySpec spec, CommandContext context);

    /// <summary>Updates a competency. NotFound if unknown.</summary>
    Task<FrameworkView> UpdateCompetency(string competencyId, CompetencyPatch patch, CommandContext context);

    /// <summary>Retires a competency and its descendants (kept for old evidence, not offered for new courses).</summary>
    Task<FrameworkView> RetireCompetency(string competencyId, CommandContext context);

    /// <summary>Publishes the draft as the next version. FailedPrecondition when there is nothing new to publish or no module.</summary>
    Task<FrameworkView> Publish(CommandContext context);

    /// <summary>True when the competency exists in the draft and is not retired (used by courses and question banks).</summary>
    Task<bool> IsActiveCompetency(string competencyId);

    /// <summary>The framework's history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
