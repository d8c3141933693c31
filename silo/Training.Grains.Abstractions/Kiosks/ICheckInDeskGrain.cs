namespace Training.Grains;

/// <summary>
/// Turns a kiosk's scans into attendance: identifies the staff member (card, QR code or staff number), finds the
/// session of the kiosk's room whose check-in window holds the scan time (from the room schedule in the directory),
/// and has that session's batch record it. A stateless worker: it holds nothing; the batch is the record.
/// </summary>
public interface ICheckInDeskGrain : IGrainWithIntegerKey
{
    /// <summary>One live scan. The result is never an exception for a rule: a refusal is <see cref="CheckInOutcome.Rejected"/>.</summary>
    Task<CheckInResult> CheckIn(string kioskName, KioskScan scan, CommandContext context);

    /// <summary>
    /// Records a kiosk buffered while offline (up to 500), judged at each scan's time; one result per record, in order.
    /// Records of the same batch are written together.
    /// </summary>
    Task<IReadOnlyList<CheckInResult>> Replay(string kioskName, IReadOnlyList<KioskScan> scans, CommandContext context);
}
