namespace Training.Grains.Batches;

/// <summary>A trainee's current mentor in the batch, and the mentor's sign-off.</summary>
[GenerateSerializer, Immutable, Alias("training.Mentorship")]
public sealed record Mentorship(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string MentorName,
    [property: Id(3)] string GroupId,
    [property: Id(4)] DateTimeOffset Since,
    [property: Id(5)] DateTimeOffset? SignOffTime,
    [property: Id(6)] string SignOffNote);

/// <summary>A trainee whose mentoring was released, and who has had no mentor since (an orphan).</summary>
/// <param name="MentorName">The mentor they had.</param>
/// <param name="Reason">Why the mentoring ended.</param>
/// <param name="At">When.</param>
[GenerateSerializer, Immutable, Alias("training.ReleasedMentorship")]
public sealed record ReleasedMentorship(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string MentorName,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset At);

/// <summary>
/// The batch's mentoring, part of its state: each trainee's current mentor (the batch is the authority), the
/// per-trainee change numbers, and the mentee changes the mentors' records have not confirmed yet.
/// </summary>
[GenerateSerializer, Alias("training.BatchMentoring")]
public sealed class BatchMentoring
{
    /// <summary>Current mentorships by staff name (a released trainee is removed).</summary>
    [Id(0)]
    public Dictionary<string, Mentorship> Trainees { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last change number of each trainee's mentoring (kept after a release, so numbers only grow).</summary>
    [Id(1)]
    public Dictionary<string, int> Sequences { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Mentee changes the mentor's record has not confirmed yet, by operation id.</summary>
    [Id(2)]
    public Dictionary<string, MenteeChange> Pending { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many groups were formed (the next group's id is <c>group-{Groups + 1}</c>).</summary>
    [Id(3)]
    public int Groups { get; set; }

    /// <summary>The assignments recorded under a mentor's reservation: reservation id → the operation ids of their "assigned" changes.</summary>
    [Id(4)]
    public Dictionary<string, List<string>> Reservations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Trainees whose mentoring was released (<see cref="MentorReleased"/>) and who have no mentor since: orphans, by staff name.</summary>
    [Id(5)]
    public Dictionary<string, ReleasedMentorship> Released { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The mentee changes pending for <paramref name="mentorName"/>: how many assign, how many release.</summary>
    public (int Assigns, int Releases) PendingFor(string mentorName) =>
        (Pending.Values.Count(c => c.Assigned && c.MentorName == mentorName), Pending.Values.Count(c => !c.Assigned && c.MentorName == mentorName));

    /// <summary>Applies the batch's events that change mentoring (called by the batch state for every event).</summary>
    public void When(CourseBatchState batch, CourseBatchEvent @event)
    {
        switch (@event)
        {
            case MentorAssigned e:
                if (e.GroupId.Length > 0)
                {
                    Groups++;
                }

                var assigned = new List<string>();
                foreach (var trainee in e.Trainees)
                {
                    var sequence = End(batch.Name, trainee.StaffName, e.At);
                    Released.Remove(trainee.StaffName);
                    Trainees[trainee.StaffName] = new Mentorship(trainee.StaffName, trainee.DisplayName, e.MentorName, e.GroupId, e.At, null, string.Empty);
                    var operation = Operation(batch.Name, trainee.StaffName, sequence, e.MentorName);
                    assigned.Add(operation);
                    Notify(new MenteeChange(operation, e.MentorName, batch.Name, trainee.StaffName, trainee.DisplayName, sequence, true, e.GroupId, e.At));
                }

                if (!string.IsNullOrEmpty(e.ReservationId))
                {
                    Reservations[e.ReservationId] = assigned;
                }

                break;
            case MentorReleased e:
                if (Trainees.TryGetValue(e.StaffName, out var ended))
                {
                    Released[e.StaffName] = new ReleasedMentorship(e.StaffName, ended.DisplayName, ended.MentorName, e.Reason, e.At);
                }

                End(batch.Name, e.StaffName, e.At);
                break;
            case StaffWithdrawn e:
                Released.Remove(e.StaffName);
                End(batch.Name, e.StaffName, e.At);
                break;
            case MentorNoticesConfirmed e:
                foreach (var id in e.OperationIds)
                {
                    Pending.Remove(id);
                }

                break;
            case OnTheJobSignedOff e:
                Trainees[e.StaffName] = Trainees[e.StaffName] with { SignOffTime = e.At, SignOffNote = e.Note };
                break;
            case OnTheJobSignOffWithdrawn e:
                Trainees[e.StaffName] = Trainees[e.StaffName] with { SignOffTime = null, SignOffNote = e.Reason };
                break;
        }
    }

    /// <summary>Ends the trainee's current mentorship if any (telling the mentor); answers the change number of this change.</summary>
    private int End(string batchName, string staffName, DateTimeOffset at)
    {
        var sequence = Sequences.GetValueOrDefault(staffName) + 1;
        Sequences[staffName] = sequence;
        if (Trainees.Remove(staffName, out var earlier))
        {
            Notify(new MenteeChange(Operation(batchName, staffName, sequence, earlier.MentorName), earlier.MentorName, batchName, staffName, earlier.DisplayName, sequence, false, earlier.GroupId, at));
        }

        return sequence;
    }

    private void Notify(MenteeChange change) => Pending[change.OperationId] = change;

    private static string Operation(string batchName, string staffName, int sequence, string mentorName) =>
        FormattableString.Invariant($"{batchName}|{staffName}|{sequence}|{mentorName}");
}
