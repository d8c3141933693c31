using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Training.Grains.EventSourcing;

namespace Training.Grains.Mentoring;

/// <summary>
/// Capacity across batches: before a batch records an assignment it reserves the places here, where mentees and live
/// reservations of every batch are counted one call at a time. A reservation becomes mentees when the batch's pending
/// delivery arrives (<see cref="ApplyMenteeChange"/>), is released by the batch when its write failed, and otherwise
/// (a batch that died between reserving and recording) is checked after <see cref="ReservationLifetime"/> by the
/// "check-reservations" reminder: the batch is asked whether it recorded that assignment, and the places are freed
/// unless its delivery is still pending.
/// </summary>
public sealed partial class MentorGrain
{
    /// <summary>How long a reservation waits for its assignment before the batch is asked about it.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    private const string CheckReservationsReminder = "check-reservations";

    private bool reservationReminderRegistered;

    public async Task ReservePlaces(string reservationId, string batchName, IReadOnlyList<string> staffNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(reservationId);
        ArgumentNullException.ThrowIfNull(batchName);
        ArgumentNullException.ThrowIfNull(staffNames);
        EnsureRegistered();
        if (State.Reservations.ContainsKey(reservationId))
        {
            return;
        }

        if (!State.Active)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} is inactive ({State.InactiveReason}); assign an active mentor.");
        }

        var load = State.Mentees.Count + State.ReservedPlaces;
        if (load + staffNames.Count > State.Spec.Capacity)
        {
            var reserved = State.ReservedPlaces > 0 ? $" (with {State.ReservedPlaces} place(s) reserved by assignments under way)" : string.Empty;
            throw TrainingException.Precondition(StreamId, $"{StreamId} mentors {load} of {State.Spec.Capacity}{reserved}; {staffNames.Count} more would exceed the capacity.");
        }

        await EnsureReservationReminder();
        await Commit(Stamp(new MentorPlacesReserved(reservationId, batchName, [.. staffNames]), new CommandContext(reservationId, "system", string.Empty, batchName)));
    }

    public async Task ReleaseReservation(string reservationId, string reason)
    {
        EnsureRegistered();
        if (State.Reservations.TryGetValue(reservationId, out var reservation))
        {
            await Commit(Stamp(new MentorReservationReleased(reservationId, reason), new CommandContext(string.Empty, "system", string.Empty, reservation.BatchName)));
        }
    }

    public async Task StaffMemberDeparted(string staffName)
    {
        EnsureRegistered();
        if (!State.StaffDeparted)
        {
            await Commit(Stamp(new MentorStaffDeparted(staffName), new CommandContext($"{staffName}|departed|{StreamId}", "system", string.Empty, staffName)));
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (string.Equals(reminderName, CheckReservationsReminder, StringComparison.Ordinal))
        {
            await CheckReservations();
            if (State.Reservations.Count == 0)
            {
                await this.UnregisterIfRegistered(CheckReservationsReminder);
                reservationReminderRegistered = false;
            }

            return;
        }

        await DeliverEvaluations();
        if (State.Undelivered.Count == 0)
        {
            await this.UnregisterIfRegistered(DeliverReminder);
            deliverReminderRegistered = false;
        }
    }

    /// <summary>Asks the batch of each reservation older than <see cref="ReservationLifetime"/> what became of it; frees the places it is not delivering.</summary>
    private async Task CheckReservations()
    {
        var now = Now;
        var due = State.Reservations.Where(r => now - r.Value.At >= ReservationLifetime).ToList();
        var released = new List<MentorEvent>();
        foreach (var (id, reservation) in due)
        {
            ReservationStanding standing;
            try
            {
                standing = await GrainFactory.GetGrain<IBatchMentoringGrain>(reservation.BatchName).ReservationStanding(id).WaitAsync(Delivery.CallTimeout);
            }
            catch (Exception e) when (e is TrainingException or TimeoutException or OrleansException)
            {
                LogReservationUnanswered(logger, StreamId, reservation.BatchName, e.Message);
                continue;
            }

            if (standing != ReservationStanding.Pending)
            {
                var reason = standing == ReservationStanding.NotRecorded ? $"{reservation.BatchName} did not record the assignment" : $"{reservation.BatchName} has delivered the assignment";
                released.Add(Stamp(new MentorReservationReleased(id, reason), new CommandContext(string.Empty, "system", string.Empty, CheckReservationsReminder)));
            }
        }

        if (released.Count > 0)
        {
            await Commit([.. released]);
        }
    }

    private async Task EnsureReservationReminder()
    {
        if (!reservationReminderRegistered)
        {
            var period = reminderOptions.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(CheckReservationsReminder, period, period);
            reservationReminderRegistered = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Mentor} could not ask {Batch} about a reservation yet (will retry): {Error}")]
    private static partial void LogReservationUnanswered(ILogger logger, string mentor, string batch, string error);
}
