namespace Training.Grains;

/// <summary>
/// The operations every level of the region → county → centre hierarchy shares. The grain key is
/// the unit's resource name. A child can only be created under an existing, non-archived parent.
/// </summary>
public interface IOrgUnitGrain
{
    /// <summary>Creates the unit. AlreadyExists if it exists; NotFound / FailedPrecondition if the parent is missing or archived.</summary>
    Task<OrgUnitView> Create(OrgUnitSpec spec, CommandContext context);

    /// <summary>The unit; NotFound if never created.</summary>
    Task<OrgUnitView> Get();

    /// <summary>Applies the non-null fields of <paramref name="patch"/>. Aborted if <paramref name="expectedVersion"/> (when &gt; 0) is stale.</summary>
    Task<OrgUnitView> Update(OrgUnitPatch patch, long expectedVersion, CommandContext context);

    /// <summary>Archives the unit (kept for history, no longer accepts children or staff).</summary>
    Task<OrgUnitView> Archive(CommandContext context);

    /// <summary>The unit's history, oldest first, from <paramref name="fromVersion"/>.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}

/// <summary>A province or other top-level region. Key: <c>regions/{region}</c>.</summary>
public interface IRegionGrain : IGrainWithStringKey, IOrgUnitGrain;

/// <summary>A county within a region. Key: <c>regions/{region}/counties/{county}</c>.</summary>
public interface ICountyGrain : IGrainWithStringKey, IOrgUnitGrain;

/// <summary>A town-level public service centre. Key: <c>regions/{region}/counties/{county}/centers/{center}</c>.</summary>
public interface ICenterGrain : IGrainWithStringKey, IOrgUnitGrain;
