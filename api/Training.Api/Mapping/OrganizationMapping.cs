namespace Training.Api.Mapping;

/// <summary>Regions, counties and centres between the grains' <see cref="OrgUnitView"/> and the contract.</summary>
public static class OrganizationMapping
{
    public static Region ToRegion(this OrgUnitView view) => new()
    {
        Name = view.Name,
        DisplayName = view.DisplayName,
        Description = view.Description,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static County ToCounty(this OrgUnitView view) => new()
    {
        Name = view.Name,
        DisplayName = view.DisplayName,
        Description = view.Description,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static Center ToCenter(this OrgUnitView view) => new()
    {
        Name = view.Name,
        DisplayName = view.DisplayName,
        Description = view.Description,
        Address = view.Address,
        Phone = view.Phone,
        Archived = view.Archived,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static OrgUnitSpec ToSpec(this Region region) => new(region.DisplayName, region.Description, string.Empty, string.Empty);

    public static OrgUnitSpec ToSpec(this County county) => new(county.DisplayName, county.Description, string.Empty, string.Empty);

    public static OrgUnitSpec ToSpec(this Center center) => new(center.DisplayName, center.Description, center.Address, center.Phone);

    /// <summary>The fields of <paramref name="region"/> named by <paramref name="paths"/> (from an update mask); the others stay null.</summary>
    public static OrgUnitPatch ToPatch(this Region region, IReadOnlySet<string> paths) => new(
        DisplayName: paths.Contains("display_name") ? region.DisplayName : null,
        Description: paths.Contains("description") ? region.Description : null);

    /// <summary>The fields of <paramref name="county"/> named by <paramref name="paths"/>; the others stay null.</summary>
    public static OrgUnitPatch ToPatch(this County county, IReadOnlySet<string> paths) => new(
        DisplayName: paths.Contains("display_name") ? county.DisplayName : null,
        Description: paths.Contains("description") ? county.Description : null);

    /// <summary>The fields of <paramref name="center"/> named by <paramref name="paths"/>; the others stay null.</summary>
    public static OrgUnitPatch ToPatch(this Center center, IReadOnlySet<string> paths) => new(
        DisplayName: paths.Contains("display_name") ? center.DisplayName : null,
        Description: paths.Contains("description") ? center.Description : null,
        Address: paths.Contains("address") ? center.Address : null,
        Phone: paths.Contains("phone") ? center.Phone : null);
}
