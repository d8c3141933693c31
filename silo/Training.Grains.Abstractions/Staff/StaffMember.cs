namespace Training.Grains;

/// <summary>Where a staff member stands.</summary>
public enum StaffStatus
{
    /// <summary>At work.</summary>
    Active = 1,

    /// <summary>On leave (maternity, illness, secondment …); returns later.</summary>
    OnLeave = 2,

    /// <summary>Left the service; the record stays for the archive.</summary>
    Departed = 3,
}

/// <summary>What a staff member is registered with.</summary>
/// <param name="DisplayName">Full name, 1..100 characters.</param>
/// <param name="CenterName">The centre they work at: <c>regions/{r}/counties/{c}/centers/{ctr}</c>.</param>
/// <param name="Post">Their post.</param>
/// <param name="Phone">Optional.</param>
/// <param name="Email">Optional.</param>
/// <param name="CardId">Optional: the id of their staff card, read by training-room kiosks; unique among staff.</param>
[GenerateSerializer, Immutable, Alias("training.StaffSpec")]
public sealed record StaffSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string CenterName,
    [property: Id(2)] Post Post,
    [property: Id(3)] string Phone,
    [property: Id(4)] string Email,
    [property: Id(5)] string CardId = "");

/// <summary>Partial update of a staff member's profile; null fields stay. The centre changes only by transfer.</summary>
[GenerateSerializer, Immutable, Alias("training.StaffPatch")]
public sealed record StaffPatch(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] Post? Post = null,
    [property: Id(2)] string? Phone = null,
    [property: Id(3)] string? Email = null,
    [property: Id(4)] string? CardId = null);

/// <summary>A staff member as read.</summary>
/// <param name="Name"><c>staff/{staff_id}</c>; the staff id is the staff number.</param>
/// <param name="StatusReason">Why they are on leave or departed; empty when active.</param>
/// <param name="Version">Stream version (etag).</param>
[GenerateSerializer, Immutable, Alias("training.StaffView")]
public sealed record StaffView(
    [property: Id(0)] string Name,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string CenterName,
    [property: Id(3)] Post Post,
    [property: Id(4)] StaffStatus Status,
    [property: Id(5)] string StatusReason,
    [property: Id(6)] string Phone,
    [property: Id(7)] string Email,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTimeOffset CreateTime,
    [property: Id(10)] DateTimeOffset UpdateTime,
    [property: Id(11)] string CardId = "");

/// <summary>One row of a bulk registration.</summary>
/// <param name="StaffId">The staff number, e.g. <c>ZP-T-0001</c>.</param>
[GenerateSerializer, Immutable, Alias("training.StaffRegistration")]
public sealed record StaffRegistration([property: Id(0)] string StaffId, [property: Id(1)] StaffSpec Spec);

/// <summary>The outcome of one row of a bulk registration: either <see cref="Staff"/> or an error.</summary>
/// <param name="Index">The row's position in the request, from 0.</param>
[GenerateSerializer, Immutable, Alias("training.StaffRegistrationResult")]
public sealed record StaffRegistrationResult(
    [property: Id(0)] int Index,
    [property: Id(1)] StaffView? Staff,
    [property: Id(2)] ErrorKind? Error,
    [property: Id(3)] string Message);
