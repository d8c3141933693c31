namespace Training.Api.Security;

/// <summary>
/// The claims of a training-platform access token (a JWT). Issued by the host's <c>token</c> command for local
/// use, or by the organisation's identity provider in production, which must issue the same claim names.
/// Claims may repeat (a JSON array) where a caller holds several roles or scopes.
/// </summary>
public static class TrainingClaims
{
    /// <summary>The subject: who the caller is (a person's account or a system's id). Recorded as the actor of every change.</summary>
    public const string Subject = "sub";

    /// <summary>One or more of <see cref="Roles"/>.</summary>
    public const string Role = "role";

    /// <summary>A region the caller administers (<c>regions/{r}</c>), or <see cref="AllRegions"/> for the province-wide operator. Scopes <see cref="Roles.RegionAdmin"/> and <see cref="Roles.Integration"/>.</summary>
    public const string Region = "region";

    /// <summary>A county (<c>regions/{r}/counties/{c}</c>). Scopes <see cref="Roles.CountyAdmin"/> and <see cref="Roles.Integration"/>.</summary>
    public const string County = "county";

    /// <summary>A centre (<c>regions/{r}/counties/{c}/centers/{x}</c>). Scopes the centre-level roles (manager, mentor, trainee, kiosk) and <see cref="Roles.Integration"/>.</summary>
    public const string Center = "center";

    /// <summary>The caller's own staff record (<c>staff/{id}</c>), for trainees and mentors.</summary>
    public const string Staff = "staff";

    /// <summary>
    /// The caller's mentor record (<c>mentors/{id}</c>), for <see cref="Roles.Mentor"/>: every mentor — experienced
    /// staff of a centre and experts from county departments or universities alike — is registered as one, and
    /// examines and coaches under that name. A staff mentor also carries <see cref="Staff"/>.
    /// </summary>
    public const string Mentor = "mentor";

    /// <summary>The kiosk's resource name, for <see cref="Roles.Kiosk"/> device tokens.</summary>
    public const string Kiosk = "kiosk";

    /// <summary>
    /// The generation of the kiosk credential a device token carries (an integer from 1). Only the kiosk's current
    /// generation works: every call made with a device token is checked against the kiosk grain.
    /// </summary>
    public const string KioskGeneration = "kiosk_gen";

    /// <summary>The room a kiosk stood in when its device token was issued (informative: the kiosk's record is authoritative).</summary>
    public const string Room = "room";

    /// <summary>The client id of a third-party system (<see cref="Roles.Integration"/>).</summary>
    public const string ClientId = "client_id";

    /// <summary>The <see cref="Region"/> value of the province-wide operator: every region, and the right to create regions.</summary>
    public const string AllRegions = "*";
}

/// <summary>The roles of the platform (DOMAIN.md, "Who uses the product"), as the <c>role</c> claim spells them.</summary>
public static class Roles
{
    /// <summary>Regional training officer: administers a region (or, with <c>region=*</c>, every region) and the catalogue.</summary>
    public const string RegionAdmin = "region-admin";

    /// <summary>County training officer: administers a county's centres and staff, and the catalogue.</summary>
    public const string CountyAdmin = "county-admin";

    /// <summary>Centre manager: the staff of their centre.</summary>
    public const string CenterManager = "center-manager";

    /// <summary>Mentor: their own record (and, once mentoring exists, their mentees').</summary>
    public const string Mentor = "mentor";

    /// <summary>Staff member in training: their own record and archive.</summary>
    public const string Trainee = "trainee";

    /// <summary>Training-room kiosk: a device bound to its centre (and room).</summary>
    public const string Kiosk = "kiosk";

    /// <summary>Third-party system (HR, appraisal, hotline, e-learning) with a narrow scope.</summary>
    public const string Integration = "integration";

    /// <summary>Every role, most powerful first.</summary>
    public static IReadOnlyList<string> All { get; } = [RegionAdmin, CountyAdmin, CenterManager, Mentor, Trainee, Kiosk, Integration];

    /// <summary>The claim types whose values scope <paramref name="role"/> (see <see cref="Caller.ScopesOf"/>).</summary>
    public static IReadOnlyList<string> ScopeClaimsOf(string role) => role switch
    {
        RegionAdmin => [TrainingClaims.Region],
        CountyAdmin => [TrainingClaims.County],
        CenterManager or Mentor or Trainee or Kiosk => [TrainingClaims.Center],
        Integration => [TrainingClaims.Region, TrainingClaims.County, TrainingClaims.Center],
        _ => [],
    };
}
