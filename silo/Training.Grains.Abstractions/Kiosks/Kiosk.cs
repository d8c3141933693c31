namespace Training.Grains;

/// <summary>Whether a kiosk's credential may be used.</summary>
public enum KioskState
{
    /// <summary>Registered; its current credential works.</summary>
    Active = 1,

    /// <summary>Revoked; no credential of it works any more. The record stays for the history.</summary>
    Revoked = 2,
}

/// <summary>What a kiosk is registered with. Its centre is the parent of its name.</summary>
/// <param name="DisplayName">e.g. "二楼培训室一号机", 1..100 characters.</param>
/// <param name="Room">The room of the centre it stands in, e.g. "二楼培训室" / "training-room-2", 1..100 characters.</param>
[GenerateSerializer, Immutable, Alias("training.KioskSpec")]
public sealed record KioskSpec([property: Id(0)] string DisplayName, [property: Id(1)] string Room);

/// <summary>A partial update of a kiosk: null fields stay as they are (the API builds it from a field mask).</summary>
[GenerateSerializer, Immutable, Alias("training.KioskPatch")]
public sealed record KioskPatch([property: Id(0)] string? DisplayName = null, [property: Id(1)] string? Room = null);

/// <summary>A kiosk as read. It never carries a device token: only the generation of its current credential.</summary>
/// <param name="Name"><c>regions/{r}/counties/{c}/centers/{ctr}/kiosks/{kiosk}</c>.</param>
/// <param name="CenterName">The centre it belongs to.</param>
/// <param name="RevokeReason">Why it was revoked; empty while active.</param>
/// <param name="RevokeTime">When it was revoked; null while active.</param>
/// <param name="CredentialGeneration">The generation of its current credential, from 1; only a token of it works.</param>
/// <param name="Version">Stream version (etag).</param>
[GenerateSerializer, Immutable, Alias("training.KioskView")]
public sealed record KioskView(
    [property: Id(0)] string Name,
    [property: Id(1)] string CenterName,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Room,
    [property: Id(4)] KioskState State,
    [property: Id(5)] string RevokeReason,
    [property: Id(6)] DateTimeOffset? RevokeTime,
    [property: Id(7)] int CredentialGeneration,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTimeOffset CreateTime,
    [property: Id(10)] DateTimeOffset UpdateTime);
