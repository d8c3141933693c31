namespace Training.Api.Security;

/// <summary>
/// The resource a call is about, placed in the region → county → centre hierarchy.
/// </summary>
/// <param name="Name">The resource name as the request gave it (for messages and ErrorInfo).</param>
/// <param name="Place">Where it sits in the hierarchy: an org unit's own name, a staff member's centre; null when
/// unknown (a malformed name, a staff member never registered) or outside the hierarchy (the catalogue).</param>
/// <param name="Staff">For a staff member, their name (matched by <see cref="ScopeRule.Self"/>).</param>
/// <param name="IsCatalogue">True for frameworks, courses and question banks.</param>
/// <param name="Kiosk">For a kiosk, its name (matched by <see cref="ScopeRule.OwnKiosk"/>).</param>
/// <param name="Examiners">For a course batch whose examiners matter to the call, its examiners (matched by <see cref="ScopeRule.Examiner"/>).</param>
/// <param name="Mentor">For a mentor or something of it, the mentor's name (matched by <see cref="ScopeRule.OwnMentor"/>).</param>
/// <param name="MenteeCenter">For a call about one mentee of a mentor, the mentee's centre (matched by <see cref="ScopeRule.MenteeCenter"/>).</param>
public sealed record Target(string Name, string? Place, string? Staff = null, bool IsCatalogue = false, string? Kiosk = null, IReadOnlyList<string>? Examiners = null, string? Mentor = null, string? MenteeCenter = null)
{
    /// <summary>A mentor (or its log, evaluations, sign-offs), placed at its home unit (null when unknown); <paramref name="staff"/> when the call is about one mentee.</summary>
    public static Target MentorItem(string name, string? homeUnit, string? staff = null) =>
        new(name, homeUnit, staff, Mentor: ResourceNames.IsMentor(name) ? name : null);

    /// <summary>No particular resource (collection-level calls such as ListRegions or CreateRegion).</summary>
    public static Target None { get; } = new(string.Empty, null);

    /// <summary>A region, county or centre (malformed names are placed nowhere).</summary>
    public static Target Unit(string name) => new(name, ResourceScope.IsOrgUnit(name) ? name : null);

    /// <summary>A staff member at <paramref name="center"/> (null when unknown).</summary>
    public static Target StaffMember(string name, string? center) => new(name, center, name);

    /// <summary>A kiosk, placed at its centre (the parent of its name; a malformed name is placed nowhere).</summary>
    public static Target KioskItem(string name) =>
        ResourceNames.TryParseKiosk(name, out var center, out _) ? new(name, center, Kiosk: name) : new(name, null);

    /// <summary>A course batch or one of its sessions, placed at the batch's host centre (the parent of the batch's name; a malformed name is placed nowhere).</summary>
    public static Target BatchItem(string name) => new(name, ResourceNames.HostCenterOf(name));

    /// <summary>A trainee's resource in a batch (a quick-test attempt): placed at the batch's host centre, owned by the trainee (a malformed staff name owns nothing).</summary>
    public static Target TraineeInBatch(string batchName, string staffName) =>
        new(batchName, ResourceNames.HostCenterOf(batchName), ResourceNames.IsStaff(staffName) ? staffName : null);

    /// <summary>A catalogue resource.</summary>
    public static Target CatalogueItem(string name) => new(name, null, IsCatalogue: true);
}

/// <summary>
/// Places resources the request names only by id: the API never touches storage, so a staff member's centre comes
/// from the directory grain (<see cref="IDirectoryGrain.CenterOfStaff"/>).
/// </summary>
public interface IResourceLocator
{
    /// <summary>The centre of <paramref name="staffName"/>, or null when no such staff member exists.</summary>
    Task<string?> CenterOfStaff(string staffName);

    /// <summary>The examiners (<c>mentors/{id}</c>) of the course batch <paramref name="batchName"/>'s practical assessments; empty when none or no such batch.</summary>
    Task<IReadOnlyList<string>> ExaminersOf(string batchName);

    /// <summary>The home unit (centre or county) of <paramref name="mentorName"/>, or null when no such mentor exists.</summary>
    Task<string?> HomeOfMentor(string mentorName) => Task.FromResult<string?>(null);
}

/// <summary>The locator over the cluster's directory grain.</summary>
public sealed class DirectoryResourceLocator(IGrainFactory grains) : IResourceLocator
{
    public Task<string?> CenterOfStaff(string staffName) => grains.GetGrain<IDirectoryGrain>(0).CenterOfStaff(staffName);

    public Task<IReadOnlyList<string>> ExaminersOf(string batchName) =>
        ResourceNames.IsBatch(batchName) ? grains.GetGrain<ICourseBatchGrain>(batchName).Examiners() : Task.FromResult<IReadOnlyList<string>>([]);

    public Task<string?> HomeOfMentor(string mentorName) => grains.GetGrain<IDirectoryGrain>(0).HomeOfMentor(mentorName);
}
