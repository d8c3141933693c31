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
                }
                else
                {
                    Mentees.Remove(key);
                }

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
}
