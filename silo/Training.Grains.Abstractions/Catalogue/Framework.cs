namespace Training.Grains;

/// <summary>The three headline dimensions of the case study: 政策通、业务精、服务优.</summary>
public enum Dimension
{
    /// <summary>Policy-savvy (政策通).</summary>
    PolicySavvy = 1,

    /// <summary>Business-proficient (业务精).</summary>
    BusinessProficient = 2,

    /// <summary>Service-excellent (服务优).</summary>
    ServiceExcellent = 3,
}

/// <summary>One step of the framework's level scale, e.g. 1 "aware" … 5 "expert".</summary>
[GenerateSerializer, Immutable, Alias("training.LevelDefinition")]
public sealed record LevelDefinition([property: Id(0)] int Level, [property: Id(1)] string Label, [property: Id(2)] string Description);

/// <summary>What a competency framework is created with.</summary>
[GenerateSerializer, Immutable, Alias("training.FrameworkSpec")]
public sealed record FrameworkSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<LevelDefinition> LevelScale);

/// <summary>Partial update of a framework's own fields; null fields stay.</summary>
[GenerateSerializer, Immutable, Alias("training.FrameworkPatch")]
public sealed record FrameworkPatch(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] string? Description = null,
    [property: Id(2)] IReadOnlyList<LevelDefinition>? LevelScale = null);

/// <summary>A competency to add: a module when <see cref="ParentId"/> is empty, else a sub-competency.</summary>
/// <param name="Id">Unique within the framework: <c>[a-z0-9][a-z0-9-]*</c>.</param>
[GenerateSerializer, Immutable, Alias("training.CompetencySpec")]
public sealed record CompetencySpec(
    [property: Id(0)] string Id,
    [property: Id(1)] string ParentId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Description,
    [property: Id(4)] Dimension Dimension);

/// <summary>Partial update of a competency; null fields stay.</summary>
[GenerateSerializer, Immutable, Alias("training.CompetencyPatch")]
public sealed record CompetencyPatch(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] string? Description = null,
    [property: Id(2)] Dimension? Dimension = null);

/// <summary>A competency as read.</summary>
[GenerateSerializer, Immutable, Alias("training.CompetencyView")]
public sealed record CompetencyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string ParentId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Description,
    [property: Id(4)] Dimension Dimension,
    [property: Id(5)] bool Retired);

/// <summary>
/// A framework as read: either the working draft (<see cref="FrameworkVersion"/> = 0) or a published,
/// immutable version N. Competencies are listed in tree order (each module followed by its children).
/// </summary>
/// <param name="LatestPublishedVersion">0 until the first publish.</param>
/// <param name="HasUnpublishedChanges">The draft differs from the latest published version.</param>
/// <param name="Version">Stream version (etag).</param>
[GenerateSerializer, Immutable, Alias("training.FrameworkView")]
public sealed record FrameworkView(
    [property: Id(0)] string Name,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Description,
    [property: Id(3)] IReadOnlyList<LevelDefinition> LevelScale,
    [property: Id(4)] IReadOnlyList<CompetencyView> Competencies,
    [property: Id(5)] int FrameworkVersion,
    [property: Id(6)] int LatestPublishedVersion,
    [property: Id(7)] bool HasUnpublishedChanges,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTimeOffset CreateTime,
    [property: Id(10)] DateTimeOffset UpdateTime);
