using Orleans.Concurrency;

namespace Training.Grains;

/// <summary>
/// A training-room kiosk: a device registered to a room of a centre, with its own credential. Key: its resource name,
/// <c>regions/{r}/counties/{c}/centers/{ctr}/kiosks/{kiosk}</c>. The grain keeps the generation of the kiosk's current
/// credential, never the credential itself: the API issues a device token naming the generation, and every call made
/// with that token asks <see cref="IsCredentialValid"/> first (a live check-in asks in the same call,
/// <see cref="CheckIn"/>), so a new credential or a revocation takes effect on the very next call. Kiosks are listed per centre through <see cref="IDirectoryGrain.ListKiosks"/>.
/// </summary>
public interface IKioskGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the kiosk at its centre (the parent of its name) and issues credential generation 1. NotFound if the
    /// centre does not exist; FailedPrecondition if it is archived; AlreadyExists if the kiosk was registered before
    /// (also once revoked: a kiosk id is never reused).
    /// </summary>
    Task<KioskView> Register(KioskSpec spec, CommandContext context);

    /// <summary>The kiosk; NotFound if never registered.</summary>
    Task<KioskView> Get();

    /// <summary>
    /// Renames the kiosk and/or moves it to another room of its centre (non-null fields of <paramref name="patch"/>).
    /// FailedPrecondition once revoked; Aborted on a stale <paramref name="expectedVersion"/> (when &gt; 0). A patch
    /// that changes nothing writes nothing.
    /// </summary>
    Task<KioskView> Update(KioskPatch patch, long expectedVersion, CommandContext context);

    /// <summary>Issues the next credential generation; the previous one stops working at once. FailedPrecondition once revoked.</summary>
    Task<KioskView> IssueCredential(CommandContext context);

    /// <summary>Revokes the kiosk: no credential of it works any more. Revoking a revoked kiosk changes nothing.</summary>
    Task<KioskView> Revoke(string reason, CommandContext context);

    /// <summary>
    /// True only when the kiosk is registered, active, and <paramref name="generation"/> is its current credential
    /// generation. Answered from memory: the check every call made with a device token pays.
    /// </summary>
    Task<bool> IsCredentialValid(int generation);

    /// <summary>
    /// One live scan at this kiosk, sent with a device token of credential <paramref name="generation"/>: the token's
    /// credential check and the check-in in one call. Null, with nothing judged or written, unless
    /// <see cref="IsCredentialValid"/> holds for the generation (the caller then asks why and refuses the token). Otherwise
    /// the scan is identified, placed in the room's session and judged by its batch as by
    /// <see cref="ICheckInDeskGrain.CheckIn"/>; a refusal by a rule is a <see cref="CheckInOutcome.Rejected"/> result, not an
    /// exception. Interleaves with the kiosk's other calls: it only reads the kiosk, so a kiosk's scans do not queue behind
    /// each other's batch commits.
    /// </summary>
    [AlwaysInterleave]
    Task<CheckInResult?> CheckIn(int generation, KioskScan scan, CommandContext context);

    /// <summary>The kiosk's history, oldest first, from <paramref name="fromVersion"/>.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);
}
