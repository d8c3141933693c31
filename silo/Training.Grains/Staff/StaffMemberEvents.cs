using Training.Grains.EventSourcing;

namespace Training.Grains.Staff;

/// <summary>An event in a staff member's history (their training archive).</summary>
[GenerateSerializer, Alias("training.StaffEvent")]
public abstract record StaffEvent : DomainEvent;

[GenerateSerializer, Alias("staff.registered.v1")]
public sealed record StaffRegistered([property: Id(0)] StaffSpec Spec) : StaffEvent
{
    public override string Describe() => $"Registered as {Spec.DisplayName}, {Spec.Post} at {Spec.CenterName}.";
}

[GenerateSerializer, Alias("staff.profile-updated.v1")]
public sealed record StaffProfileUpdated([property: Id(0)] StaffPatch Patch) : StaffEvent
{
    public override string Describe() =>
        Patch.Post is { } post ? $"Profile updated; post now {post}." : "Profile updated.";
}

[GenerateSerializer, Alias("staff.transferred.v1")]
public sealed record StaffTransferred([property: Id(0)] string FromCenter, [property: Id(1)] string ToCenter, [property: Id(2)] string Reason) : StaffEvent
{
    public override string Describe() => $"Transferred from {FromCenter} to {ToCenter}" + (Reason.Length > 0 ? $" ({Reason})." : ".");
}

[GenerateSerializer, Alias("staff.leave-started.v1")]
public sealed record StaffLeaveStarted([property: Id(0)] string Reason) : StaffEvent
{
    public override string Describe() => $"On leave: {Reason}.";
}

[GenerateSerializer, Alias("staff.leave-ended.v1")]
public sealed record StaffLeaveEnded : StaffEvent
{
    public override string Describe() => "Returned from leave.";
}

/// <summary>The staff member left the service. <see cref="Mentors"/>: the staff mentors standing for this record, to be deactivated (null in events recorded before).</summary>
[GenerateSerializer, Alias("staff.departed.v1")]
public sealed record StaffDeparted([property: Id(0)] string Reason, [property: Id(1)] IReadOnlyList<string>? Mentors = null) : StaffEvent
{
    public override string Describe() => $"Left the service: {Reason}." + (Mentors is { Count: > 0 } ? $" Mentor record(s) to deactivate: {string.Join(", ", Mentors)}." : string.Empty);
}

/// <summary>The mentors named at departure confirmed that they are deactivated.</summary>
[GenerateSerializer, Alias("staff.mentors-told-of-departure.v1")]
public sealed record StaffMentorsToldOfDeparture([property: Id(0)] IReadOnlyList<string> Mentors) : StaffEvent
{
    public override string Describe() => $"Mentor record(s) deactivated: {string.Join(", ", Mentors)}.";
}

/// <summary>A course batch (the authority) recorded a change of the staff member's enrolment; applied only if newer than the one held.</summary>
[GenerateSerializer, Alias("staff.enrolment-changed.v1")]
public sealed record StaffEnrolmentChanged([property: Id(0)] EnrolmentChange Change) : StaffEvent
{
    public override string Describe() => $"Enrolment in {Change.BatchDisplayName} ({Change.BatchName}): {Change.Status}.";
}

/// <summary>Evidence of a competency was recorded (a test, a practical grade, a mentor evaluation, a satisfaction result).</summary>
[GenerateSerializer, Alias("staff.evidence-recorded.v1")]
public sealed record StaffEvidenceRecorded([property: Id(0)] CompetencyEvidence Evidence) : StaffEvent
{
    public override string Describe() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Evidence.Kind} evidence for {Evidence.CompetencyId}: {Evidence.Score:0.###}{(Evidence.Detail.Length > 0 ? $" ({Evidence.Detail})." : ".")}");
}

/// <summary>A staff member's state, rebuilt from their events.</summary>
[GenerateSerializer, Alias("training.StaffMemberState")]
public sealed class StaffMemberState : EventSourcedState<StaffEvent>
{
    [Id(0)]
    public bool Registered { get; set; }

    [Id(1)]
    public StaffSpec Spec { get; set; } = new(string.Empty, string.Empty, default, string.Empty, string.Empty);

    [Id(2)]
    public StaffStatus Status { get; set; }

    [Id(3)]
    public string StatusReason { get; set; } = string.Empty;

    /// <summary>Enrolments by batch name, as the batches last reported them.</summary>
    [Id(4)]
    public Dictionary<string, StaffEnrolment> Enrolments { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every piece of evidence, in the order recorded.</summary>
    [Id(5)]
    public List<CompetencyEvidence> Evidence { get; set; } = [];

    /// <summary>The ids of <see cref="Evidence"/>, for recording each once.</summary>
    [Id(6)]
    public HashSet<string> EvidenceIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Staff mentors standing for this record that have not yet confirmed their deactivation after the departure.</summary>
    [Id(7)]
    public HashSet<string> MentorsToTell { get; set; } = new(StringComparer.Ordinal);

    protected override void When(StaffEvent @event)
    {
        switch (@event)
        {
            case StaffRegistered e:
                Registered = true;
                Spec = e.Spec;
                Status = StaffStatus.Active;
                break;
            case StaffProfileUpdated { Patch: var p }:
                Spec = Spec with
                {
                    DisplayName = p.DisplayName ?? Spec.DisplayName,
                    Post = p.Post ?? Spec.Post,
                    Phone = p.Phone ?? Spec.Phone,
                    Email = p.Email ?? Spec.Email,
                    CardId = p.CardId ?? Spec.CardId,
                };
                break;
            case StaffTransferred e:
                Spec = Spec with { CenterName = e.ToCenter };
                break;
            case StaffLeaveStarted e:
                Status = StaffStatus.OnLeave;
                StatusReason = e.Reason;
                break;
            case StaffLeaveEnded:
                Status = StaffStatus.Active;
                StatusReason = string.Empty;
                break;
            case StaffDeparted e:
                Status = StaffStatus.Departed;
                StatusReason = e.Reason;
                MentorsToTell.UnionWith(e.Mentors ?? []);
                break;
            case StaffMentorsToldOfDeparture e:
                MentorsToTell.ExceptWith(e.Mentors);
                break;
            case StaffEvidenceRecorded { Evidence: var evidence }:
                if (EvidenceIds.Add(evidence.EvidenceId))
                {
                    Evidence.Add(evidence);
                }

                break;
            case StaffEnrolmentChanged { Change: var c }:
                Enrolments[c.BatchName] = new StaffEnrolment(c.BatchName, c.CourseName, c.BatchDisplayName, c.Status, c.Sequence, c.At);
                break;
        }
    }
}
