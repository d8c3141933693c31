using Training.Grains.EventSourcing;

namespace Training.Grains.Batches;

/// <summary>
/// A course batch's state, rebuilt from its events: settings, sessions with their attendance, the roster and waiting
/// list, and the steps of two-grain writes not yet confirmed by the other grain (staff records told of an enrolment
/// change, origin batches told of a make-up attended here).
/// </summary>
[GenerateSerializer, Alias("training.CourseBatchState")]
public sealed partial class CourseBatchState : EventSourcedState<CourseBatchEvent>
{
    [Id(0)]
    public bool Created { get; set; }

    /// <summary>The batch's resource name (its stream id).</summary>
    [Id(1)]
    public string Name { get; set; } = string.Empty;

    [Id(2)]
    public BatchSpec Spec { get; set; } = new(string.Empty, string.Empty, [], 0, 0, [], default, default, CheckInPolicy.Default);

    [Id(3)]
    public IReadOnlyList<CourseStage> Stages { get; set; } = [];

    /// <summary>The course's target posts, which may enrol when <see cref="BatchSpec.EligiblePosts"/> is empty.</summary>
    [Id(4)]
    public IReadOnlyList<Post> CoursePosts { get; set; } = [];

    [Id(5)]
    public BatchState Lifecycle { get; set; }

    [Id(6)]
    public string CancelReason { get; set; } = string.Empty;

    [Id(7)]
    public Dictionary<string, BatchSession> Sessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Everyone ever enrolled or wait-listed, by staff name (withdrawn ones stay).</summary>
    [Id(8)]
    public Dictionary<string, RosterEntry> Roster { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The waiting list in order: the first moves up when a place becomes free.</summary>
    [Id(9)]
    public List<string> WaitingList { get; set; } = [];

    /// <summary>Staff whose own record has not yet confirmed the batch's latest change of their enrolment.</summary>
    [Id(10)]
    public HashSet<string> Unconfirmed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Make-ups attended here by staff of other batches, not yet confirmed by their batch, by operation id.</summary>
    [Id(11)]
    public Dictionary<string, MakeUpFulfilment> PendingFulfilments { get; set; } = new(StringComparer.Ordinal);

    [Id(12)]
    public int EnrolledCount { get; set; }

    /// <summary>The stages' quick tests.</summary>
    [Id(13)]
    public Dictionary<StageKind, QuickTestBlueprint> Assessments { get; set; } = [];

    /// <summary>Per staff member: attempts allocated, results reported, completion.</summary>
    [Id(14)]
    public Dictionary<string, TraineeAssessments> Assessed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The stages' practical assessments.</summary>
    [Id(15)]
    public Dictionary<StageKind, PracticalAssessment> Practicals { get; set; } = [];

    /// <summary>Practical gradings whose evidence the staff record has not yet confirmed, by grade name.</summary>
    [Id(16)]
    public HashSet<string> UndeliveredGrades { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Each trainee's mentor in the on-the-job stage, and mentee changes not yet confirmed by the mentors (<see cref="BatchMentoring"/>).</summary>
    [Id(41)]
    public BatchMentoring Mentoring { get; set; } = new();

    /// <summary>The session's resource name.</summary>
    public string SessionName(string sessionId) => $"{Name}/sessions/{sessionId}";

    protected override void When(CourseBatchEvent @event)
    {
        Mentoring.When(this, @event);
        switch (@event)
        {
            case BatchCreated e:
                Created = true;
                Name = e.Name;
                Spec = e.Spec;
                Stages = e.Stages;
                CoursePosts = e.CoursePosts;
                Lifecycle = BatchState.Planned;
                break;
            case BatchUpdated e:
                Spec = Patched(Spec, e.Patch);
                break;
            case BatchEnrolmentOpened:
                Lifecycle = BatchState.Open;
                break;
            case BatchStarted:
                Lifecycle = BatchState.Running;
                break;
            case BatchCompleted e:
                Lifecycle = BatchState.Completed;
                foreach (var (staffName, reason) in e.Unfinished ?? new Dictionary<string, string>())
                {
                    if (Roster.GetValueOrDefault(staffName)?.Status == EnrolmentStatus.Enrolled)
                    {
                        SetStatus(staffName, EnrolmentStatus.Incomplete, reason, e.At);
                    }
                }

                EndEnrolments(e, EnrolmentStatus.Completed, EnrolmentStatus.Withdrawn, "the batch completed before a place became free");
                break;
            case BatchCancelled e:
                Lifecycle = BatchState.Cancelled;
                CancelReason = e.Reason;
                foreach (var session in Sessions.Values.Where(s => s.State == SessionState.Scheduled))
                {
                    session.State = SessionState.Cancelled;
                    session.CancelReason = $"the batch was cancelled: {e.Reason}";
                    session.AttendanceVersion++;
                }

                EndEnrolments(e, EnrolmentStatus.Cancelled, EnrolmentStatus.Cancelled, e.Reason);
                break;
            case SessionScheduled e:
                Sessions[e.SessionId] = new BatchSession { Id = e.SessionId, Spec = e.Spec, State = SessionState.Scheduled, AttendanceVersion = 1 };
                break;
            case SessionChanged e:
                Sessions[e.SessionId].Spec = e.Spec;
                Sessions[e.SessionId].AttendanceVersion++;
                break;
            case SessionCancelled e:
                Sessions[e.SessionId].State = SessionState.Cancelled;
                Sessions[e.SessionId].CancelReason = e.Reason;
                Sessions[e.SessionId].AttendanceVersion++;
                break;
            case SessionClosed e:
                Close(Sessions[e.SessionId], e);
                break;
            case StaffEnrolled e:
                Enrolled(e);
                break;
            case StaffWithdrawn e:
                Withdrawn(e);
                break;
            case StaffMovedUp e:
                WaitingList.Remove(e.StaffName);
                EnrolledCount++;
                SetStatus(e.StaffName, EnrolmentStatus.Enrolled, string.Empty, e.At);
                break;
            case EnrolmentsConfirmed e:
                Confirm(e);
                break;
            case CheckedIn e:
                CheckIn(Sessions[e.SessionId], e);
                break;
            case AttendanceMarked e:
                Mark(Sessions[e.SessionId], e.StaffName, new AttendanceEntry(e.Mark, AttendanceSource.Manager, null, e.At, string.Empty, e.Reason, e.Actor, 0));
                break;
            case OnlineCompletionRecorded e:
                Mark(Sessions[e.SessionId], e.StaffName, new AttendanceEntry(AttendanceMark.CompletedOnline, AttendanceSource.OnlinePlatform, e.CompletedAt, e.At, string.Empty, string.Empty, e.Actor, 0));
                break;
            case MakeUpAdmitted { Admission: var a }:
                Sessions[a.SessionId].Attendees[a.StaffName] = a;
                Sessions[a.SessionId].AttendanceVersion++;
                break;
            case MakeUpBooked e:
                Sessions[e.SessionId].Bookings[e.StaffName] = e.MakeUpSession;
                break;
            case MakeUpFulfilled e:
                Sessions[e.SessionId].FulfilledBy[e.StaffName] = e.MakeUpSession;
                Sessions[e.SessionId].AttendanceVersion++;
                break;
            case StageAssessmentSet e:
                Assessments[e.Stage] = e.Blueprint;
                break;
            case AttemptAllocated e:
                AssessedOf(e.Allocation.StaffName).Attempts.Add(new AllocatedAttempt(e.Allocation.AttemptName, e.Allocation.Stage, e.Allocation.StageAttempt, e.RequestId));
                break;
            case StageResultRecorded e:
                AssessedOf(e.Result.StaffName).Results[e.Result.AttemptName] = e.Result;
                break;
            case TraineeCompleted e:
                AssessedOf(e.Completion.StaffName).Completion = e.Completion;
                SetStatus(e.Completion.StaffName, EnrolmentStatus.Completed, string.Empty, e.At);
                break;
            case PracticalAssessmentSet e:
                Practicals[e.Assessment.Stage] = e.Assessment;
                break;
            case PracticalGraded e:
                AssessedOf(e.Grade.StaffName).Gradings.Add(e.Grade);
                UndeliveredGrades.Add(e.Grade.Name);
                break;
            case PracticalEvidenceDelivered e:
                UndeliveredGrades.ExceptWith(e.GradeNames);
                break;
            case MakeUpFulfilmentsConfirmed e:
                foreach (var id in e.OperationIds)
                {
                    PendingFulfilments.Remove(id);
                }

                break;
            default:
                WhenFollowUp(@event);
                break;
        }
    }

    private TraineeAssessments AssessedOf(string staffName)
    {
        if (!Assessed.TryGetValue(staffName, out var assessed))
        {
            assessed = new TraineeAssessments();
            Assessed[staffName] = assessed;
        }

        return assessed;
    }

    private void Enrolled(StaffEnrolled e)
    {
        var sequence = Roster.TryGetValue(e.StaffName, out var earlier) ? earlier.Sequence + 1 : 1;
        var status = e.WaitListed ? EnrolmentStatus.WaitListed : EnrolmentStatus.Enrolled;
        Roster[e.StaffName] = new RosterEntry(e.StaffName, e.DisplayName, e.CenterName, e.Post, status, string.Empty, e.At, e.At, sequence, earlier?.ConfirmedSequence ?? 0, e.RequestId);
        Unconfirmed.Add(e.StaffName);
        if (e.WaitListed)
        {
            WaitingList.Add(e.StaffName);
        }
        else
        {
            EnrolledCount++;
        }
    }

    private void Withdrawn(StaffWithdrawn e)
    {
        var entry = Roster[e.StaffName];
        if (entry.Status == EnrolmentStatus.Enrolled)
        {
            EnrolledCount--;
        }
        else
        {
            WaitingList.Remove(e.StaffName);
        }

        SetStatus(e.StaffName, EnrolmentStatus.Withdrawn, e.Reason, e.At);
    }

    /// <summary>At the batch's end: the enrolled become <paramref name="enrolled"/>, the wait-listed <paramref name="waitListed"/>.</summary>
    private void EndEnrolments(CourseBatchEvent e, EnrolmentStatus enrolled, EnrolmentStatus waitListed, string reason)
    {
        foreach (var entry in Roster.Values.ToList())
        {
            if (entry.Status == EnrolmentStatus.Enrolled)
            {
                SetStatus(entry.StaffName, enrolled, enrolled == EnrolmentStatus.Cancelled ? reason : string.Empty, e.At);
            }
            else if (entry.Status == EnrolmentStatus.WaitListed)
            {
                SetStatus(entry.StaffName, waitListed, reason, e.At);
            }
        }

        WaitingList.Clear();
        EnrolledCount = 0;
    }

    /// <summary>A new status of a staff member's enrolment: a new change number their own record has yet to confirm.</summary>
    private void SetStatus(string staffName, EnrolmentStatus status, string reason, DateTimeOffset at)
    {
        var entry = Roster[staffName];
        Roster[staffName] = entry with { Status = status, Reason = reason, UpdateTime = at, Sequence = entry.Sequence + 1 };
        Unconfirmed.Add(staffName);
    }

    private void Confirm(EnrolmentsConfirmed e)
    {
        foreach (var confirmed in e.Confirmed)
        {
            var entry = Roster[confirmed.StaffName];
            if (confirmed.Sequence > entry.ConfirmedSequence)
            {
                entry = entry with { ConfirmedSequence = confirmed.Sequence };
                Roster[confirmed.StaffName] = entry;
            }

            if (entry.ConfirmedSequence >= entry.Sequence)
            {
                Unconfirmed.Remove(confirmed.StaffName);
            }
        }
    }

    private static void Close(BatchSession session, SessionClosed e)
    {
        session.State = SessionState.Closed;
        session.ClosedAt = e.At;
        foreach (var staffName in e.Absent)
        {
            session.Marks[staffName] = new AttendanceEntry(AttendanceMark.Absent, AttendanceSource.SessionClosed, null, e.At, string.Empty, string.Empty, e.Actor, 0);
        }

        session.AttendanceVersion++;
    }

    private void CheckIn(BatchSession session, CheckedIn e)
    {
        session.CheckIns[e.StaffName] = new KioskCheckIn(e.Kiosk, e.IdempotencyKey, e.ScanTime, e.At, e.Mark);
        session.KioskKeys[KioskCheckIn.KeyOf(e.Kiosk, e.IdempotencyKey)] = e.StaffName;
        Mark(session, e.StaffName, new AttendanceEntry(e.Mark, AttendanceSource.Kiosk, e.ScanTime, e.At, e.Kiosk, string.Empty, e.Actor, 0));
    }

    /// <summary>Records a mark (counting the ones it corrects); a make-up attended fulfils the session owed.</summary>
    private void Mark(BatchSession session, string staffName, AttendanceEntry entry)
    {
        if (session.Marks.TryGetValue(staffName, out var earlier))
        {
            entry = entry with { Corrections = earlier.Corrections + 1 };
        }

        session.Marks[staffName] = entry;
        session.AttendanceVersion++;
        if (session.Spec.MakeUp && entry.Attended && session.Attendees.TryGetValue(staffName, out var admission))
        {
            var makeUpSession = SessionName(session.Id);
            if (string.Equals(admission.OriginBatch, Name, StringComparison.Ordinal))
            {
                var owed = Sessions[SessionIdOf(admission.OwedSession)];
                owed.FulfilledBy[staffName] = makeUpSession;
                owed.AttendanceVersion++;
            }
            else
            {
                var operationId = $"{makeUpSession}|{staffName}";
                PendingFulfilments[operationId] = new MakeUpFulfilment(operationId, staffName, admission.OwedSession, makeUpSession, entry.Mark);
            }
        }
    }

    /// <summary>The settings with the patch's non-null fields applied.</summary>
    public static BatchSpec Patched(BatchSpec spec, BatchPatch p) => spec with
    {
        DisplayName = p.DisplayName ?? spec.DisplayName,
        Capacity = p.Capacity ?? spec.Capacity,
        WaitingListCapacity = p.WaitingListCapacity ?? spec.WaitingListCapacity,
        EligiblePosts = p.EligiblePosts ?? spec.EligiblePosts,
        EnrolmentOpens = p.EnrolmentOpens ?? spec.EnrolmentOpens,
        EnrolmentCloses = p.EnrolmentCloses ?? spec.EnrolmentCloses,
        CheckIn = p.CheckIn ?? spec.CheckIn,
    };

    /// <summary>The session id of a session name <c>{batch}/sessions/{id}</c>.</summary>
    public static string SessionIdOf(string sessionName) => sessionName[(sessionName.LastIndexOf('/') + 1)..];
}

/// <summary>A session of the batch with its attendance.</summary>
[GenerateSerializer, Alias("training.BatchSession")]
public sealed class BatchSession
{
    [Id(0)]
    public string Id { get; set; } = string.Empty;

    [Id(1)]
    public SessionSpec Spec { get; set; } = null!;

    [Id(2)]
    public SessionState State { get; set; }

    [Id(3)]
    public string CancelReason { get; set; } = string.Empty;

    /// <summary>When it closed (at its end, or earlier by a manager); null while scheduled.</summary>
    [Id(4)]
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The latest mark of each staff member marked.</summary>
    [Id(5)]
    public Dictionary<string, AttendanceEntry> Marks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Accepted kiosk records by <see cref="KioskCheckIn.KeyOf"/> (kiosk and idempotency key) → staff name.</summary>
    [Id(6)]
    public Dictionary<string, string> KioskKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The accepted kiosk check-in of each staff member (the original result a duplicate answers with).</summary>
    [Id(7)]
    public Dictionary<string, KioskCheckIn> CheckIns { get; set; } = new(StringComparer.Ordinal);

    /// <summary>For a make-up session: who was admitted, by staff name.</summary>
    [Id(8)]
    public Dictionary<string, MakeUpAdmission> Attendees { get; set; } = new(StringComparer.Ordinal);

    /// <summary>For a session owed: the make-up session each staff member booked.</summary>
    [Id(9)]
    public Dictionary<string, string> Bookings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>For a session owed: the make-up session that fulfilled it, by staff name.</summary>
    [Id(10)]
    public Dictionary<string, string> FulfilledBy { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Grows with every change of the session or its attendance (for live views).</summary>
    [Id(11)]
    public long AttendanceVersion { get; set; }

    /// <summary>When it closes: when it closed, else its end time.</summary>
    public DateTimeOffset CloseTime => ClosedAt ?? Spec.EndTime;
}

/// <summary>A staff member's place in the batch, with what the batch keeps of them (captured at enrolment).</summary>
/// <param name="Sequence">The batch's change number for this staff member; their own record holds <see cref="ConfirmedSequence"/>.</param>
/// <param name="EnrolRequestId">The request that enrolled them (to answer a retried enrolment).</param>
[GenerateSerializer, Immutable, Alias("training.RosterEntry")]
public sealed record RosterEntry(
    [property: Id(0)] string StaffName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string CenterName,
    [property: Id(3)] Post Post,
    [property: Id(4)] EnrolmentStatus Status,
    [property: Id(5)] string Reason,
    [property: Id(6)] DateTimeOffset EnrolTime,
    [property: Id(7)] DateTimeOffset UpdateTime,
    [property: Id(8)] long Sequence,
    [property: Id(9)] long ConfirmedSequence,
    [property: Id(10)] string EnrolRequestId)
{
    /// <summary>On the roster now (expected at sessions).</summary>
    public bool Active => Status is EnrolmentStatus.Enrolled or EnrolmentStatus.Completed or EnrolmentStatus.Incomplete;
}

/// <summary>A staff member's latest mark for a session.</summary>
/// <param name="Corrections">How many earlier marks this one replaced.</param>
[GenerateSerializer, Immutable, Alias("training.AttendanceEntry")]
public sealed record AttendanceEntry(
    [property: Id(0)] AttendanceMark Mark,
    [property: Id(1)] AttendanceSource Source,
    [property: Id(2)] DateTimeOffset? ScanTime,
    [property: Id(3)] DateTimeOffset RecordTime,
    [property: Id(4)] string Kiosk,
    [property: Id(5)] string Reason,
    [property: Id(6)] string Actor,
    [property: Id(7)] int Corrections)
{
    /// <summary>Present, late or completed online.</summary>
    public bool Attended => Mark is AttendanceMark.Present or AttendanceMark.Late or AttendanceMark.CompletedOnline;

    /// <summary>Absent or excused: the session is owed.</summary>
    public bool Missed => Mark is AttendanceMark.Absent or AttendanceMark.Excused;
}

/// <summary>An accepted kiosk check-in as first recorded.</summary>
[GenerateSerializer, Immutable, Alias("training.KioskCheckIn")]
public sealed record KioskCheckIn(
    [property: Id(0)] string Kiosk,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] DateTimeOffset ScanTime,
    [property: Id(3)] DateTimeOffset RecordTime,
    [property: Id(4)] AttendanceMark Mark)
{
    /// <summary>One key per kiosk and idempotency key (a kiosk's keys are its own).</summary>
    public static string KeyOf(string kiosk, string idempotencyKey) => $"{kiosk}\n{idempotencyKey}";
}

/// <summary>A staff member's quick tests and practical gradings in the batch.</summary>
[GenerateSerializer, Alias("training.TraineeAssessments")]
public sealed class TraineeAssessments
{
    /// <summary>Every attempt allocated, in order.</summary>
    [Id(0)]
    public List<AllocatedAttempt> Attempts { get; set; } = [];

    /// <summary>Graded results by attempt name.</summary>
    [Id(1)]
    public Dictionary<string, StageResult> Results { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public TraineeCompletion? Completion { get; set; }

    /// <summary>Practical gradings, oldest first (every stage).</summary>
    [Id(3)]
    public List<PracticalGrade> Gradings { get; set; } = [];
}

/// <summary>An attempt the batch allocated, and the request that started it (to answer a retry).</summary>
[GenerateSerializer, Immutable, Alias("training.AllocatedAttempt")]
public sealed record AllocatedAttempt(
    [property: Id(0)] string AttemptName,
    [property: Id(1)] StageKind Stage,
    [property: Id(2)] int StageAttempt,
    [property: Id(3)] string RequestId);
