namespace Training.Grains.Batches;

/// <summary>The rules a batch checks before it records a change: settings, sessions, who may enrol, make-up admissions.</summary>
internal static class CourseBatchRules
{
    private static readonly TimeSpan MaxSessionLength = TimeSpan.FromHours(12);

    /// <summary>The roles that enrol outside the enrolment window and while the batch runs ("" is an internal caller).</summary>
    private static readonly string[] ManagerRoles = ["", "center-manager", "county-admin", "region-admin"];

    public static void ValidateSettings(BatchSpec spec)
    {
        if (spec.Capacity is < 1 or > 500)
        {
            throw TrainingException.Invalid("course_batch.capacity", "must be 1..500.");
        }

        if (spec.WaitingListCapacity is < 0 or > 500)
        {
            throw TrainingException.Invalid("course_batch.waiting_list_capacity", "must be 0..500.");
        }

        if (spec.EnrolmentCloses <= spec.EnrolmentOpens)
        {
            throw TrainingException.Invalid("course_batch.enrolment_close_time", "must be after enrolment_open_time.");
        }

        CheckInWindow.Validate(spec.CheckIn, "course_batch.check_in_policy");
    }

    /// <summary>The session as it may be scheduled (an offline one's centre filled in with the host's when empty), or InvalidArgument.</summary>
    public static SessionSpec ValidSession(CourseBatchState s, SessionSpec spec, DateTimeOffset now)
    {
        if (!Enum.IsDefined(spec.Stage) || !s.Stages.Any(stage => stage.Kind == spec.Stage))
        {
            throw TrainingException.Invalid("session.stage", "must be one of the course's three stages.");
        }

        if (!Enum.IsDefined(spec.Mode))
        {
            throw TrainingException.Invalid("session.mode", "must be offline or online.");
        }

        Required(spec.DisplayName, "session.display_name");
        Required(spec.Instructor, "session.instructor");
        if (spec.EndTime <= spec.StartTime)
        {
            throw TrainingException.Invalid("session.end_time", "must be after start_time.");
        }

        if (spec.EndTime - spec.StartTime > MaxSessionLength)
        {
            throw TrainingException.Invalid("session.end_time", "a session lasts at most 12 hours.");
        }

        if (spec.EndTime <= now)
        {
            throw TrainingException.Invalid("session.end_time", "lies in the past; a session is scheduled to end in the future.");
        }

        if (spec.Mode == SessionMode.Online)
        {
            if (spec.Room.Length > 0)
            {
                throw TrainingException.Invalid("session.room", "an online session has no room.");
            }

            return spec.Center.Length > 0 ? throw TrainingException.Invalid("session.center", "an online session has no centre.") : spec;
        }

        Required(spec.Room, "session.room");
        var center = spec.Center.Length == 0 ? CourseBatchViews.HostCenterOf(s.Name) : spec.Center;
        return s.Spec.Centers.Contains(center, StringComparer.Ordinal)
            ? spec with { Center = center }
            : throw TrainingException.Invalid("session.center", $"{center} is not one of the batch's centres.");
    }

    /// <summary>
    /// FailedPrecondition unless the batch takes enrolments now: while open within the enrolment window from anyone
    /// allowed to call, outside the window and while running only from a manager (or an administrator).
    /// </summary>
    public static void EnsureEnrolmentOpen(CourseBatchState s, CommandContext context, DateTimeOffset now)
    {
        if (s.Lifecycle is not (BatchState.Open or BatchState.Running))
        {
            throw TrainingException.Precondition(s.Name, $"{s.Name} is {s.Lifecycle}; staff are enrolled while it is open or running.");
        }

        var window = s.Lifecycle == BatchState.Open && now >= s.Spec.EnrolmentOpens && now <= s.Spec.EnrolmentCloses;
        if (!window && !ManagerRoles.Contains(context.Role, StringComparer.Ordinal))
        {
            throw TrainingException.Precondition(s.Name, $"enrolment in {s.Name} is closed ({s.Spec.EnrolmentOpens:u}–{s.Spec.EnrolmentCloses:u}); a manager enrols now.");
        }
    }

    /// <summary>Enrolled or on the waiting list now.</summary>
    public static bool IsOnRoster(CourseBatchState s, string staffName) =>
        s.Roster.TryGetValue(staffName, out var entry) && entry.Status is EnrolmentStatus.Enrolled or EnrolmentStatus.WaitListed;

    /// <summary>Why a staff member cannot be enrolled (already on the roster or named earlier in the request, unknown, departed, wrong centre or post), or null.</summary>
    public static (ErrorKind Kind, string Message)? EnrolmentRefusal(CourseBatchState s, string name, StaffView? staff, bool earlierRow)
    {
        if (earlierRow || IsOnRoster(s, name))
        {
            return (ErrorKind.AlreadyExists, earlierRow ? $"{name} is named twice." : $"{name} is already {s.Roster[name].Status} in {s.Name}.");
        }

        if (staff is null)
        {
            return (ErrorKind.NotFound, $"{name} does not exist.");
        }

        if (staff.Status == StaffStatus.Departed)
        {
            return (ErrorKind.FailedPrecondition, $"{name} has left the service.");
        }

        if (!s.Spec.Centers.Contains(staff.CenterName, StringComparer.Ordinal))
        {
            return (ErrorKind.FailedPrecondition, $"{name} works at {staff.CenterName}, which is not one of the batch's centres.");
        }

        var posts = s.Spec.EligiblePosts.Count > 0 ? s.Spec.EligiblePosts : s.CoursePosts;
        return posts.Contains(staff.Post) ? null : (ErrorKind.FailedPrecondition, $"{name}'s post ({staff.Post}) is not among the batch's eligible posts.");
    }

    /// <summary>The refusal when there is no place left, neither on the roster nor on the waiting list.</summary>
    public static (ErrorKind Kind, string Message) Full(CourseBatchState s) =>
        (ErrorKind.FailedPrecondition, s.Spec.WaitingListCapacity == 0
            ? $"{s.Name} is full ({s.Spec.Capacity}) and has no waiting list."
            : $"{s.Name} is full ({s.Spec.Capacity}) and so is its waiting list ({s.Spec.WaitingListCapacity}).");

    /// <summary>Why a make-up session does not admit the staff member (batch over, not a make-up, started, another course or stage), or null.</summary>
    public static string? AdmissionRefusal(CourseBatchState s, BatchSession session, MakeUpAdmission admission, DateTimeOffset now)
    {
        var name = s.SessionName(session.Id);
        return s.Lifecycle is BatchState.Completed or BatchState.Cancelled ? $"{s.Name} is {s.Lifecycle}."
            : !session.Spec.MakeUp ? $"{name} is not a make-up session."
            : session.State != SessionState.Scheduled || session.Spec.StartTime <= now ? $"{name} has started, closed or was cancelled."
            : !string.Equals(s.Spec.CourseName, admission.CourseName, StringComparison.Ordinal) ? $"{name} belongs to another course ({s.Spec.CourseName})."
            : session.Spec.Stage != admission.Stage ? $"{name} makes up the {session.Spec.Stage} stage, not {admission.Stage}."
            : null;
    }

    private static void Required(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw TrainingException.Invalid(field, "is required.");
        }
    }
}
