namespace Training.Grains;

/// <summary>What a region, county or service centre is described by when it is created.</summary>
/// <param name="DisplayName">e.g. "T镇便民服务中心" / "T town public service centre".</param>
/// <param name="Description">Free text.</param>
/// <param name="Address">Street address (centres); empty otherwise.</param>
/// <param name="Phone">Contact phone (centres); empty otherwise.</param>
[GenerateSerializer, Immutable, Alias("training.OrgUnitSpec")]
public sealed record OrgUnitSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string Description,
    [property: Id(2)] string Address,
    [property: Id(3)] string Phone);

/// <summary>A partial update: null fields stay as they are (the API builds it from a field mask).</summary>
[GenerateSerializer, Immutable, Alias("training.OrgUnitPatch")]
public sealed record OrgUnitPatch(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] string? Description = null,
    [property: Id(2)] string? Address = null,
    [property: Id(3)] string? Phone = null);

/// <summary>A region, county or centre as read.</summary>
/// <param name="Name">Resource name, e.g. <c>regions/shandong/counties/zouping/centers/t-town</c>.</param>
/// <param name="Parent">The parent's resource name; empty for a region.</param>
/// <param name="Version">Stream version; changes with every accepted change (used as the etag).</param>
[GenerateSerializer, Immutable, Alias("training.OrgUnitView")]
public sealed record OrgUnitView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Parent,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Description,
    [property: Id(4)] string Address,
    [property: Id(5)] string Phone,
    [property: Id(6)] bool Archived,
    [property: Id(7)] long Version,
    [property: Id(8)] DateTimeOffset CreateTime,
    [property: Id(9)] DateTimeOffset UpdateTime);
