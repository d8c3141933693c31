namespace Training.Grains;

/// <summary>
/// A rubric of the catalogue for practical assessments (a simulated 12345 hotline call, a wage-dispute mediation
/// role-play): criteria with weights and level descriptors on one level scale, each linked to a competency of one
/// framework, and a pass threshold. Every change is a new revision; earlier revisions stay readable, so a batch grades on
/// the revision it was given. Key: <c>rubrics/{rubric}</c>.
/// </summary>
public interface IRubricGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the rubric at revision 1. AlreadyExists; NotFound for an unknown framework; InvalidArgument (field
    /// violations) for content out of range or a criterion's unknown competency; FailedPrecondition for a retired one.
    /// </summary>
    Task<RubricView> Create(RubricSpec spec, CommandContext context);

    /// <summary>A revision (0 = the latest). NotFound if never created or the revision is unknown.</summary>
    Task<RubricView> Get(int revision);

    /// <summary>
    /// Adds the next revision with <paramref name="spec"/> (same framework). The refusals of <see cref="Create"/>;
    /// Aborted if <paramref name="expectedVersion"/> (when &gt; 0) is stale; InvalidArgument for another framework.
    /// </summary>
    Task<RubricView> Update(RubricSpec spec, long expectedVersion, CommandContext context);

    /// <summary>The rubric's history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
