using Orleans.Concurrency;
using Training.Grains.EventSourcing;

namespace Training.Grains.Kiosks;

/// <summary>
/// Records a kiosk's scans by its name: asks the kiosk's grain for its centre and room (refusing a revoked kiosk), then
/// has <see cref="CheckInDesk"/> identify the staff, find the sessions and hand the records to their batches. The path of
/// replays of offline records; a live scan made with a device token goes through the kiosk's own grain instead
/// (<see cref="IKioskGrain.CheckIn"/>), which checks the token's credential in the same call. Reentrant: it keeps nothing
/// but the call's own locals, and a worker that waits on a batch's commit can take the next kiosk's call meanwhile;
/// measured with 590 parallel check-ins over 10 rooms in the test cluster on the 2-core machine, 470–880/s without,
/// 2,700–4,100/s with (a stateless worker alone is limited to one call in flight per core).
/// </summary>
[StatelessWorker]
[Reentrant]
[GrainType("check-in-desk")]
public sealed class CheckInDeskGrain(EventSourcingServices services) : Grain, ICheckInDeskGrain
{
    private CheckInDesk? desk;

    private CheckInDesk Desk => desk ??= new CheckInDesk(services, GrainFactory);

    public async Task<CheckInResult> CheckIn(string kioskName, KioskScan scan, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return (await Replay(kioskName, [scan], context))[0];
    }

    public async Task<IReadOnlyList<CheckInResult>> Replay(string kioskName, IReadOnlyList<KioskScan> scans, CommandContext context)
    {
        ArgumentException.ThrowIfNullOrEmpty(kioskName);
        ArgumentNullException.ThrowIfNull(scans);
        ArgumentNullException.ThrowIfNull(context);
        if (scans.Count is 0 or > CheckInRules.MaxReplay)
        {
            throw TrainingException.Invalid("scans", $"must hold 1..{CheckInRules.MaxReplay} records.");
        }

        return await Desk.Judge(Active(await GrainFactory.GetGrain<IKioskGrain>(kioskName).Get()), scans, context);
    }

    private static KioskView Active(KioskView kiosk) => kiosk.State == KioskState.Active
        ? kiosk
        : throw TrainingException.Precondition(kiosk.Name, $"{kiosk.Name} was revoked; its records are not accepted.");
}
