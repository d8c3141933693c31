namespace Training.Api.Security;

/// <summary>
/// "In scope" on hierarchical resource names is a prefix test on whole segments:
/// <c>regions/r/counties/c/centers/x</c> lies within <c>regions/r/counties/c</c> and within <c>regions/r</c>,
/// not within <c>regions/r2</c>. <see cref="TrainingClaims.AllRegions"/> contains everything.
/// </summary>
public static class ResourceScope
{
    /// <summary>
    /// True when <paramref name="name"/> is <paramref name="scope"/> or lies below it. A null name (a resource not
    /// yet placed in the hierarchy, e.g. an unknown staff member) lies only within <see cref="TrainingClaims.AllRegions"/>.
    /// </summary>
    public static bool Contains(string scope, string? name)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope == TrainingClaims.AllRegions
            || (name is not null && scope.Length > 0
                && (string.Equals(name, scope, StringComparison.Ordinal)
                    || (name.Length > scope.Length && name[scope.Length] == '/' && name.StartsWith(scope, StringComparison.Ordinal))));
    }

    /// <summary>True for a region, county or centre name.</summary>
    public static bool IsOrgUnit(string name) =>
        ResourceNames.IsRegion(name) || ResourceNames.IsCounty(name) || ResourceNames.IsCenter(name);
}
