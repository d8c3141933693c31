using System.Globalization;
using Training.Grains.EventSourcing;

namespace Training.Grains.Mentoring;

/// <summary>An event in a mentor's history.</summary>
[GenerateSerializer, Alias("training.MentorEvent")]
public abstract record MentorEvent : DomainEvent;

[GenerateSerializer, Alias("mentor.registered.v1")]
public sealed record MentorRegistered([property: Id(0)] MentorSpec Spec) : MentorEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Registered \"{Spec.DisplayName}\" ({Spec.Kind}) at {Spec.HomeUnit}, capacity {Spec.Capacity}, specialities {string.Join(", ", Spec.Specialities.Select(s => $"{s.CompetencyId}@{s.Level}"))}.");
}

[GenerateSerializer, Alias("mentor.updated.v1")]
public sealed record MentorUpdated([property: Id(0)] MentorPatch Patch) : MentorEvent
{
    public override string Describe() => Patch.Capacity is { } capacity
        ? string.Create(CultureInfo.InvariantCulture, $"Changed; capacity now {capacity}.")
        : "Changed.";
}

[GenerateSerializer, Alias("mentor.deactivated.v1")]
public sealed record MentorDeactivated([property: Id(0)] string Reason) : MentorEvent
{
    public override string Describe() => $"Deactivated: {Reason}.";
}

[GenerateSerializer, Alias("mentor.reactivated.v1")]
public sealed record MentorReactivated : MentorEvent
{
    public override string Describe() => "Reactivated.";
}

/// <summary>A batch's change of a trainee's mentor, applied to the mentee list (the second step of the batch's two-grain write).</summary>
[GenerateSerializer, Alias("mentor.mentee-changed.v1")]
public sealed record MenteeChanged([property: Id(0)] MenteeChange Change) : MentorEvent
{
    public override string Describe() => Change.Assigned
        ? $"Now mentoring {Change.DisplayName} ({Change.StaffName}) in {Change.BatchName}" + (Change.GroupId.Length > 0 ? $", group {Change.GroupId}." : ".")
        : $"No longer mentoring {Change.StaffName} in {Change.BatchName}.";
}

/// <summary>
/// Places reserved for a batch's assignment of <see cref="StaffNames"/>, before the batch records it (capacity is counted
/// here, across batches: mentees plus live reservations).
/// </summary>
[GenerateSerializer, Alias("mentor.places-reserved.v1")]
public sealed record MentorPlacesReserved([property: Id(0)] string ReservationId, [property: Id(1)] string BatchName, [property: Id(2)] IReadOnlyList<string> StaffNames) : MentorEvent
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{StaffNames.Count} place(s) reserved for {BatchName}: {string.Join(", ", StaffNames)}.");
}

/// <summary>A reservation ended without (all of) its assignment reaching the mentee list: the batch did not record it, or has nothing left to deliver.</summary>
[GenerateSerializer, Alias("mentor.reservation-released.v1")]
public sealed record MentorReservationReleased([property: Id(0)] string ReservationId, [property: Id(1)] string Reason) : MentorEvent
{
    public override string Describe() => $"Reservation {ReservationId} released: {Reason}.";
}

/// <summary>The staff mentor's staff record departed: the mentor is inactive for good.</summary>
[GenerateSerializer, Alias("mentor.staff-departed.v1")]
public sealed record MentorStaffDeparted([property: Id(0)] string StaffName) : MentorEvent
{
    public const string Reason = "staff member departed";

    public override string Describe() => $"Deactivated: {StaffName} departed.";
}

/// <summary>Places held for a batch's trainees until their assignment reaches the mentee list.</summary>
/// <param name="StaffNames">The trainees whose assignment has not arrived yet.</param>
[GenerateSerializer, Immutable, Alias("training.PlaceReservation")]
public sealed record PlaceReservation([property: Id(0)] string BatchName, [property: Id(1)] IReadOnlyList<string> StaffNames, [property: Id(2)] DateTimeOffset At);

/// <summary>A mentor's state, rebuilt from its events.</summary>
[GenerateSerializer, Alias("training.MentorGrainState")]
public sealed class MentorGrainState : EventSourcedState<MentorEvent>
{
    [Id(0)]
    public bool Registered { get; set; }

    [Id(1)]
    public MentorSpec Spec { get; set; } = new(string.Empty, string.Empty, MentorKind.External, string.Empty, string.Empty, string.Empty, [], 0);

    [Id(2)]
    public bool Active { get; set; }

    [Id(3)]
    public string InactiveReason { get; set; } = string.Empty;

    /// <summary>Current mentees by <c>{batch}|{staff}</c>.</summary>
    [Id(4)]
    public Dictionary<string, Mentee> Mentees { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last change number applied per <c>{batch}|{staff}</c> (kept after a release).</summary>
    [Id(5)]
    public Dictionary<string, int> Sequences { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Logged coaching sessions by id.</summary>
    [Id(6)]
    public Dictionary<string, CoachingSessionEntry> CoachingSessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Evaluations by id.</summary>
    [Id(7)]
    public Dictionary<string, MentorEvaluationEntry> Evaluations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Evaluations whose evidence the mentee's record has not confirmed yet.</summary>
    [Id(8)]
    public HashSet<string> Undelivered { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Live reservations by id (<see cref="MentorPlacesReserved"/>).</summary>
    [Id(9)]
    public Dictionary<string, PlaceReservation> Reservations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True once the staff mentor's staff record departed (the mentor cannot be reactivated).</summary>
    [Id(10)]
    public bool StaffDeparted { get; set; }

    /// <summary>Places reserved and not yet turned into mentees.</summary>
    public int ReservedPlaces => Reservations.Values.Sum(r => r.StaffNames.Count);

    public static string MenteeKey(string batchName, string staffName) => $"{batchName}|{staffName}";

    protected override void When(MentorEvent @event)
    {
        switch (@event)
        {
            case MentorRegistered e:
                Registered = true;
                Spec = e.Spec;
                Active = true;
                break;
            case MentorUpdated { Patch: var p }:
                Spec = Spec with
                {
                    DisplayName = p.DisplayName ?? Spec.DisplayName,
                    Affiliation = p.Affiliation ?? Spec.Affiliation,
                    Specialities = p.Specialities ?? Spec.Specialities,
                    Capacity = p.Capacity ?? Spec.Capacity,
                };
                break;
            case MentorDeactivated e:
                Active = false;
                InactiveReason = e.Reason;
                break;
            case MentorReactivated:
                Active = true;
                InactiveReason = string.Empty;
                break;
            case MenteeChanged { Change: var c }:
                var key = MenteeKey(c.BatchName, c.StaffName);
                Sequences[key] = c.Sequence;
                if (c.Assigned)
                {
                    Mentees[key] = new Mentee(c.BatchName, c.StaffName, c.DisplayName, c.GroupId, c.At);
                    TakeReservedPlace(c.BatchName, c.StaffName);
                }
                else
                {
                    Mentees.Remove(key);
                }

                break;
            case MentorPlacesReserved e:
                Reservations[e.ReservationId] = new PlaceReservation(e.BatchName, [.. e.StaffNames], e.At);
                break;
            case MentorReservationReleased e:
                Reservations.Remove(e.ReservationId);
                break;
            case MentorStaffDeparted:
                Active = false;
                InactiveReason = MentorStaffDeparted.Reason;
                StaffDeparted = true;
                break;
            case CoachingSessionLogged e:
                CoachingSessions[e.SessionId] = new CoachingSessionEntry(e.Spec, e.Actor, e.At, 0, string.Empty, string.Empty);
                break;
            case CoachingSessionCorrected e:
                var logged = CoachingSessions[e.SessionId];
                CoachingSessions[e.SessionId] = logged with { Spec = e.Spec, Corrections = logged.Corrections + 1, CorrectedBy = e.Actor, CorrectionReason = e.Reason };
                break;
            case MentorEvaluationRecorded e:
                Evaluations[e.EvaluationId] = new MentorEvaluationEntry(e.StaffName, e.Evidence, false);
                Undelivered.Add(e.EvaluationId);
                break;
            case MentorEvaluationsDelivered e:
                foreach (var id in e.EvaluationIds)
                {
                    Evaluations[id] = Evaluations[id] with { Delivered = true };
                    Undelivered.Remove(id);
                }

                break;
        }
    }

    /// <summary>An assignment arrived: the oldest reservation of that batch holding the trainee gives up its place.</summary>
    private void TakeReservedPlace(string batchName, string staffName)
    {
        var held = Reservations
            .Where(r => string.Equals(r.Value.BatchName, batchName, StringComparison.Ordinal) && r.Value.StaffNames.Contains(staffName, StringComparer.Ordinal))
            .OrderBy(r => r.Value.At)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Key)
            .FirstOrDefault();
        if (held is null)
        {
            return;
        }

        var left = Reservations[held].StaffNames.Where(n => !string.Equals(n, staffName, StringComparison.Ordinal)).ToList();
        if (left.Count == 0)
        {
            Reservations.Remove(held);
        }
        else
        {
            Reservations[held] = Reservations[held] with { StaffNames = left };
        }
    }
}
