using Google.Protobuf.Collections;
using DomainAttendanceMark = Training.Grains.AttendanceMark;
using DomainAttendanceRecord = Training.Grains.AttendanceRecord;
using DomainAttendanceSource = Training.Grains.AttendanceSource;
using DomainAttendanceSummary = Training.Grains.AttendanceSummary;
using DomainBatchState = Training.Grains.BatchState;
using DomainCheckInPolicy = Training.Grains.CheckInPolicy;
using DomainEnrolmentStatus = Training.Grains.EnrolmentStatus;
using DomainOwedSession = Training.Grains.OwedSession;
using DomainPost = Training.Grains.Post;
using DomainSessionMode = Training.Grains.SessionMode;
using DomainSessionState = Training.Grains.SessionState;
using ProtoAttendanceMark = Training.Contracts.V1.AttendanceMark;
using ProtoAttendanceRecord = Training.Contracts.V1.AttendanceRecord;
using ProtoAttendanceSource = Training.Contracts.V1.AttendanceSource;
using ProtoAttendanceSummary = Training.Contracts.V1.AttendanceSummary;
using ProtoCheckInPolicy = Training.Contracts.V1.CheckInPolicy;
using ProtoEnrolmentStatus = Training.Contracts.V1.EnrolmentStatus;
using ProtoOwedSession = Training.Contracts.V1.OwedSession;
using ProtoPost = Training.Contracts.V1.Post;
using ProtoSessionMode = Training.Contracts.V1.SessionMode;
using ProtoSessionState = Training.Contracts.V1.SessionState;

namespace Training.Api.Mapping;

/// <summary>
/// Course batches, their sessions, enrolments and attendance between the grains and the contract. Converting a request
/// message validates it on the way (shape and limits only; the domain rules are the batch grain's), recording every
/// violation under the proto field path it came from; services call <see cref="Validator.ThrowIfInvalid"/> before any
/// grain is called, so a refused request never reaches one. Enums convert explicitly both ways.
/// </summary>
public static class CourseBatchMapping
{
    /// <summary>Longest display name of a batch or a session.</summary>
    public const int MaxDisplayName = 200;

    /// <summary>Longest room and instructor.</summary>
    public const int MaxRoom = 100;

    /// <summary>Most enrolled at once, and the longest waiting list.</summary>
    public const int MaxCapacity = 500;

    /// <summary>Most centres of one batch.</summary>
    public const int MaxCenters = 100;

    /// <summary>Longest session.</summary>
    public static readonly TimeSpan MaxSessionLength = TimeSpan.FromHours(12);

    private const string CenterName = "must be a centre name: regions/{region}/counties/{county}/centers/{center}.";

    // ---- Grain views → contract ----

    public static CourseBatch ToProto(this BatchView view) => new()
    {
        Name = view.Name,
        DisplayName = view.Spec.DisplayName,
        Course = view.Spec.CourseName,
        Centers = { view.Spec.Centers },
        Capacity = view.Spec.Capacity,
        WaitingListCapacity = view.Spec.WaitingListCapacity,
        EligiblePosts = { view.Spec.EligiblePosts.Select(StaffMapping.ToProto) },
        EnrolmentOpenTime = view.Spec.EnrolmentOpens.ToTimestamp(),
        EnrolmentCloseTime = view.Spec.EnrolmentCloses.ToTimestamp(),
        CheckInPolicy = view.Spec.CheckIn.ToProto(),
        Stages = { view.Stages.Select(CatalogueMapping.ToProto) },
        State = view.State.ToProto(),
        CancelReason = view.CancelReason,
        EnrolledCount = view.EnrolledCount,
        WaitListedCount = view.WaitListedCount,
        Sessions = { view.Sessions.Select(ToProto) },
        Attendance = view.Attendance.ToProto(),
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
    };

    public static Session ToProto(this SessionView view) => new()
    {
        Name = view.Name,
        Stage = CatalogueMapping.ToProto(view.Spec.Stage),
        DisplayName = view.Spec.DisplayName,
        Mode = view.Spec.Mode.ToProto(),
        Center = view.Spec.Center,
        Room = view.Spec.Room,
        StartTime = view.Spec.StartTime.ToTimestamp(),
        EndTime = view.Spec.EndTime.ToTimestamp(),
        Instructor = view.Spec.Instructor,
        MakeUp = view.Spec.MakeUp,
        State = view.State.ToProto(),
        CancelReason = view.CancelReason,
        Attendance = view.Summary.ToProto(),
    };

    /// <summary>The policy with every field set (the defaults the batch runs with are shown, not left implicit).</summary>
    public static ProtoCheckInPolicy ToProto(this DomainCheckInPolicy policy) => new()
    {
        EarlyMinutes = policy.EarlyMinutes,
        OnTimeMinutes = policy.OnTimeMinutes,
        LateMinutes = policy.LateMinutes,
        ClockSkewSeconds = policy.ClockSkewSeconds,
        OfflineGraceHours = policy.OfflineGraceHours,
    };

    public static ProtoAttendanceSummary ToProto(this DomainAttendanceSummary summary) => new()
    {
        Expected = summary.Expected,
        Present = summary.Present,
        Late = summary.Late,
        Absent = summary.Absent,
        Excused = summary.Excused,
        CompletedOnline = summary.CompletedOnline,
        NotYetMarked = summary.NotYetMarked,
        Attended = summary.Attended,
        Rate = summary.Rate,
    };

    public static Enrolment ToProto(this EnrolmentView view) => new()
    {
        CourseBatch = view.BatchName,
        StaffMember = view.StaffName,
        StaffDisplayName = view.StaffDisplayName,
        Center = view.CenterName,
        Post = view.Post.ToProto(),
        Status = view.Status.ToProto(),
        WaitListPosition = view.WaitListPosition,
        Reason = view.Reason,
        EnrolTime = view.EnrolTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
        Confirmed = view.Confirmed,
    };

    public static ProtoAttendanceRecord ToProto(this DomainAttendanceRecord record) => new()
    {
        Session = record.SessionName,
        StaffMember = record.StaffName,
        Mark = record.Mark.ToProto(),
        Source = record.Source.ToProto(),
        ScanTime = record.ScanTime?.ToTimestamp(),
        RecordTime = record.RecordTime.ToTimestamp(),
        Kiosk = record.Kiosk,
        Reason = record.Reason,
        Actor = record.Actor,
        Corrections = record.Corrections,
        FulfilledBy = record.FulfilledBy,
        OriginBatch = record.OriginBatch,
    };

    public static SessionAttendance ToProto(this SessionAttendanceView view) => new()
    {
        Session = view.Session.ToProto(),
        Records = { view.Records.Select(ToProto) },
        NotYetMarked = { view.NotYetMarked },
        Version = view.Version,
    };

    public static ProtoOwedSession ToProto(this DomainOwedSession owed) => new()
    {
        StaffMember = owed.StaffName,
        MissedSession = owed.Missed,
        Stage = CatalogueMapping.ToProto(owed.Stage),
        Mark = owed.Mark.ToProto(),
        OfferedMakeUp = owed.OfferedMakeUp,
        OfferedStartTime = owed.OfferedStartTime?.ToTimestamp(),
        BookedMakeUp = owed.BookedMakeUp,
    };

    public static StaffAttendance ToProto(this StaffAttendanceView view) => new()
    {
        CourseBatch = view.BatchName,
        StaffMember = view.StaffName,
        Records = { view.Records.Select(ToProto) },
        Owed = { view.Owed.Select(ToProto) },
        Summary = view.Summary.ToProto(),
    };

    public static CourseBatchAttendance ToProto(this BatchAttendanceView view) => new()
    {
        CourseBatch = view.BatchName,
        Summary = view.Batch.ToProto(),
        Sessions = { view.Sessions.Select(ToProto) },
        Staff = { view.Staff.Select(ToProto) },
        Owed = { view.Owed.Select(ToProto) },
    };

    /// <summary>An enrolment as the staff member's own record holds it, with their attendance in that batch.</summary>
    public static StaffMemberEnrolment ToProto(this StaffEnrolment enrolment, StaffAttendanceView attendance) => new()
    {
        CourseBatch = enrolment.BatchName,
        Course = enrolment.CourseName,
        CourseBatchDisplayName = enrolment.BatchDisplayName,
        Status = enrolment.Status.ToProto(),
        UpdateTime = enrolment.UpdateTime.ToTimestamp(),
        Attendance = attendance.ToProto(),
    };

    // ---- Contract → grain records (validating) ----

    /// <summary>What a batch hosted by <paramref name="hostCenter"/> is created with; the host centre is added to the centres when missing.</summary>
    public static BatchSpec ToSpec(CourseBatch batch, string hostCenter, Validator validator, string path)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(validator);
        validator.RequiredText($"{path}.display_name", batch.DisplayName, MaxDisplayName);
        CatalogueMapping.CourseName(validator, $"{path}.course", batch.Course);
        var centers = ToCenters(batch.Centers, hostCenter, validator, $"{path}.centers");
        CheckCapacity(validator, $"{path}.capacity", batch.Capacity);
        CheckWaitingList(validator, $"{path}.waiting_list_capacity", batch.WaitingListCapacity);
        var posts = ToPosts(batch.EligiblePosts, validator, $"{path}.eligible_posts");
        var opens = validator.RequiredTime($"{path}.enrolment_open_time", batch.EnrolmentOpenTime);
        var closes = validator.RequiredTime($"{path}.enrolment_close_time", batch.EnrolmentCloseTime);
        CheckWindow(validator, path, opens, closes);
        var policy = ToPolicy(batch.CheckInPolicy, validator, $"{path}.check_in_policy");
        return new BatchSpec(batch.DisplayName, batch.Course, centers, batch.Capacity, batch.WaitingListCapacity, posts, opens ?? default, closes ?? default, policy);
    }

    /// <summary>
    /// The fields of <paramref name="batch"/> named by <paramref name="paths"/> (display_name, capacity,
    /// waiting_list_capacity, eligible_posts, enrolment_open_time, enrolment_close_time, check_in_policy); the others stay null.
    /// </summary>
    public static BatchPatch ToPatch(CourseBatch batch, IReadOnlySet<string> paths, Validator validator, string path)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(validator);
        if (paths.Contains("display_name"))
        {
            validator.RequiredText($"{path}.display_name", batch.DisplayName, MaxDisplayName);
        }

        if (paths.Contains("capacity"))
        {
            CheckCapacity(validator, $"{path}.capacity", batch.Capacity);
        }

        if (paths.Contains("waiting_list_capacity"))
        {
            CheckWaitingList(validator, $"{path}.waiting_list_capacity", batch.WaitingListCapacity);
        }

        var opens = paths.Contains("enrolment_open_time") ? validator.RequiredTime($"{path}.enrolment_open_time", batch.EnrolmentOpenTime) : null;
        var closes = paths.Contains("enrolment_close_time") ? validator.RequiredTime($"{path}.enrolment_close_time", batch.EnrolmentCloseTime) : null;
        CheckWindow(validator, path, opens, closes);
        return new BatchPatch(
            DisplayName: paths.Contains("display_name") ? batch.DisplayName : null,
            Capacity: paths.Contains("capacity") ? batch.Capacity : null,
            WaitingListCapacity: paths.Contains("waiting_list_capacity") ? batch.WaitingListCapacity : null,
            EligiblePosts: paths.Contains("eligible_posts") ? ToPosts(batch.EligiblePosts, validator, $"{path}.eligible_posts") : null,
            EnrolmentOpens: opens,
            EnrolmentCloses: closes,
            CheckIn: paths.Contains("check_in_policy") ? ToPolicy(batch.CheckInPolicy, validator, $"{path}.check_in_policy") : null);
    }

    /// <summary>The check-in policy; unset fields (and an absent policy) take <see cref="DomainCheckInPolicy.Default"/>'s values.</summary>
    public static DomainCheckInPolicy ToPolicy(ProtoCheckInPolicy? policy, Validator validator, string path)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var defaults = DomainCheckInPolicy.Default;
        if (policy is null)
        {
            return defaults;
        }

        var result = new DomainCheckInPolicy(
            policy.HasEarlyMinutes ? policy.EarlyMinutes : defaults.EarlyMinutes,
            policy.HasOnTimeMinutes ? policy.OnTimeMinutes : defaults.OnTimeMinutes,
            policy.HasLateMinutes ? policy.LateMinutes : defaults.LateMinutes,
            policy.HasClockSkewSeconds ? policy.ClockSkewSeconds : defaults.ClockSkewSeconds,
            policy.HasOfflineGraceHours ? policy.OfflineGraceHours : defaults.OfflineGraceHours);
        validator
            .Check(result.EarlyMinutes is >= 0 and <= 240, $"{path}.early_minutes", "must be between 0 and 240.")
            .Check(result.LateMinutes is >= 0 and <= 240, $"{path}.late_minutes", "must be between 0 and 240.")
            .Check(result.OnTimeMinutes >= 0 && result.OnTimeMinutes <= result.LateMinutes, $"{path}.on_time_minutes", $"must be between 0 and late_minutes ({result.LateMinutes}).")
            .Check(result.ClockSkewSeconds is >= 0 and <= 900, $"{path}.clock_skew_seconds", "must be between 0 and 900.")
            .Check(result.OfflineGraceHours is >= 0 and <= 168, $"{path}.offline_grace_hours", "must be between 0 and 168.");
        return result;
    }

    /// <summary>A session of a batch hosted by <paramref name="hostCenter"/>; an offline session without a centre is held there.</summary>
    public static SessionSpec ToSpec(Session session, string hostCenter, Validator validator, string path)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(validator);
        var stage = CatalogueMapping.ToGrain(session.Stage, validator, $"{path}.stage");
        validator.RequiredText($"{path}.display_name", session.DisplayName, MaxDisplayName);
        var mode = ToDomain(session.Mode, validator, $"{path}.mode");
        var center = ToCenter(session.Center, mode, hostCenter, validator, $"{path}.center");
        CheckRoom(validator, $"{path}.room", session.Room, mode);
        var start = validator.RequiredTime($"{path}.start_time", session.StartTime);
        var end = validator.RequiredTime($"{path}.end_time", session.EndTime);
        CheckSpan(validator, path, start, end);
        validator.RequiredText($"{path}.instructor", session.Instructor, MaxRoom);
        return new SessionSpec(
            stage.GetValueOrDefault(), session.DisplayName, mode.GetValueOrDefault(), center, session.Room, start ?? default, end ?? default, session.Instructor, session.MakeUp);
    }

    /// <summary>
    /// The fields of <paramref name="session"/> named by <paramref name="paths"/> (display_name, mode, center, room,
    /// start_time, end_time, instructor); the others stay null. An empty centre of an offline session is the host centre.
    /// </summary>
    public static SessionPatch ToPatch(Session session, IReadOnlySet<string> paths, string hostCenter, Validator validator, string path)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(validator);
        if (paths.Contains("display_name"))
        {
            validator.RequiredText($"{path}.display_name", session.DisplayName, MaxDisplayName);
        }

        DomainSessionMode? mode = paths.Contains("mode") ? ToDomain(session.Mode, validator, $"{path}.mode") : null;

        // Without the mode in the mask the session keeps its own: an empty centre then stays empty (the grain reads it
        // as the host centre), and a room is only ever given to an offline session.
        var center = paths.Contains("center")
            ? ToCenter(session.Center, mode, mode == DomainSessionMode.Offline ? hostCenter : string.Empty, validator, $"{path}.center")
            : null;
        if (paths.Contains("room"))
        {
            CheckRoom(validator, $"{path}.room", session.Room, mode);
        }

        var start = paths.Contains("start_time") ? validator.RequiredTime($"{path}.start_time", session.StartTime) : null;
        var end = paths.Contains("end_time") ? validator.RequiredTime($"{path}.end_time", session.EndTime) : null;
        CheckSpan(validator, path, start, end);
        if (paths.Contains("instructor"))
        {
            validator.RequiredText($"{path}.instructor", session.Instructor, MaxRoom);
        }

        return new SessionPatch(
            DisplayName: paths.Contains("display_name") ? session.DisplayName : null,
            Mode: mode,
            Center: center,
            Room: paths.Contains("room") ? session.Room : null,
            StartTime: start,
            EndTime: end,
            Instructor: paths.Contains("instructor") ? session.Instructor : null);
    }

    private static List<string> ToCenters(RepeatedField<string> centers, string hostCenter, Validator validator, string field)
    {
        validator.Check(centers.Count <= MaxCenters, field, $"must name at most {MaxCenters} centres.");
        var result = new List<string>(centers.Count + 1) { hostCenter };
        for (var i = 0; i < Math.Min(centers.Count, MaxCenters); i++)
        {
            var center = centers[i];
            if (!ResourceNames.IsCenter(center))
            {
                validator.Fail($"{field}[{i}]", CenterName);
            }
            else if (result.IndexOf(center) is var at && at > 0)
            {
                validator.Fail($"{field}[{i}]", "is listed twice.");
            }
            else if (at < 0)
            {
                result.Add(center);
            }
        }

        return result;
    }

    private static List<DomainPost> ToPosts(RepeatedField<ProtoPost> posts, Validator validator, string field)
    {
        var known = System.Enum.GetValues<DomainPost>().Length;
        validator.Check(posts.Count <= known, field, $"must name at most {known} posts.");
        var result = new List<DomainPost>(posts.Count);
        for (var i = 0; i < Math.Min(posts.Count, known); i++)
        {
            if (CatalogueMapping.ToGrain(posts[i], validator, $"{field}[{i}]") is { } post)
            {
                validator.Check(!result.Contains(post), $"{field}[{i}]", "is listed twice.");
                result.Add(post);
            }
        }

        return result;
    }

    private static void CheckCapacity(Validator validator, string field, int capacity) =>
        validator.Check(capacity is >= 1 and <= MaxCapacity, field, $"must be between 1 and {MaxCapacity}.");

    private static void CheckWaitingList(Validator validator, string field, int capacity) =>
        validator.Check(capacity is >= 0 and <= MaxCapacity, field, $"must be between 0 and {MaxCapacity} (0: no waiting list).");

    private static void CheckWindow(Validator validator, string path, DateTimeOffset? opens, DateTimeOffset? closes)
    {
        if (opens is { } open && closes is { } close)
        {
            validator.Check(close > open, $"{path}.enrolment_close_time", "must be after enrolment_open_time.");
        }
    }

    private static void CheckSpan(Validator validator, string path, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is { } from && end is { } to)
        {
            validator
                .Check(to > from, $"{path}.end_time", "must be after start_time.")
                .Check(to - from <= MaxSessionLength, $"{path}.end_time", $"must be at most {MaxSessionLength.TotalHours:0} hours after start_time.");
        }
    }

    /// <summary>An offline session's centre (empty: <paramref name="emptyMeans"/>, the host centre); an online session has none.</summary>
    private static string ToCenter(string center, DomainSessionMode? mode, string emptyMeans, Validator validator, string field)
    {
        if (mode == DomainSessionMode.Online)
        {
            validator.Check(center.Length == 0, field, "must be empty for an online session.");
            return string.Empty;
        }

        if (center.Length == 0)
        {
            return emptyMeans;
        }

        validator.Check(ResourceNames.IsCenter(center), field, CenterName);
        return center;
    }

    /// <summary>An offline session's room (1..100 characters); an online session has none.</summary>
    private static void CheckRoom(Validator validator, string field, string room, DomainSessionMode? mode)
    {
        if (mode == DomainSessionMode.Online)
        {
            validator.Check(room.Length == 0, field, "must be empty for an online session.");
        }
        else
        {
            validator.RequiredText(field, room, MaxRoom);
        }
    }

    // ---- Enums, both ways ----

    private static T? Rejected<T>(Validator validator, string field, int value)
        where T : struct, System.Enum
    {
        validator.Fail(field, value == 0 ? "is required (the _UNSPECIFIED value is not accepted)." : "is not a known value.");
        return null;
    }

    private static ArgumentOutOfRangeException Unmapped<T>(T value)
        where T : struct, System.Enum =>
        new(nameof(value), value, $"{typeof(T).FullName}.{value} has no counterpart.");

    public static DomainSessionMode? ToDomain(ProtoSessionMode value, Validator validator, string field)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return value switch
        {
            ProtoSessionMode.Offline => DomainSessionMode.Offline,
            ProtoSessionMode.Online => DomainSessionMode.Online,
            _ => Rejected<DomainSessionMode>(validator, field, (int)value),
        };
    }

    public static ProtoSessionMode ToProto(this DomainSessionMode value) => value switch
    {
        DomainSessionMode.Offline => ProtoSessionMode.Offline,
        DomainSessionMode.Online => ProtoSessionMode.Online,
        _ => throw Unmapped(value),
    };

    public static DomainAttendanceMark? ToDomain(ProtoAttendanceMark value, Validator validator, string field)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return value switch
        {
            ProtoAttendanceMark.Present => DomainAttendanceMark.Present,
            ProtoAttendanceMark.Late => DomainAttendanceMark.Late,
            ProtoAttendanceMark.Absent => DomainAttendanceMark.Absent,
            ProtoAttendanceMark.Excused => DomainAttendanceMark.Excused,
            ProtoAttendanceMark.CompletedOnline => DomainAttendanceMark.CompletedOnline,
            _ => Rejected<DomainAttendanceMark>(validator, field, (int)value),
        };
    }

    public static ProtoAttendanceMark ToProto(this DomainAttendanceMark value) => value switch
    {
        DomainAttendanceMark.Present => ProtoAttendanceMark.Present,
        DomainAttendanceMark.Late => ProtoAttendanceMark.Late,
        DomainAttendanceMark.Absent => ProtoAttendanceMark.Absent,
        DomainAttendanceMark.Excused => ProtoAttendanceMark.Excused,
        DomainAttendanceMark.CompletedOnline => ProtoAttendanceMark.CompletedOnline,
        _ => throw Unmapped(value),
    };

    public static CourseBatchState ToProto(this DomainBatchState value) => value switch
    {
        DomainBatchState.Planned => CourseBatchState.Planned,
        DomainBatchState.Open => CourseBatchState.Open,
        DomainBatchState.Running => CourseBatchState.Running,
        DomainBatchState.Completed => CourseBatchState.Completed,
        DomainBatchState.Cancelled => CourseBatchState.Cancelled,
        _ => throw Unmapped(value),
    };

    /// <summary>The domain state; throws for UNSPECIFIED or an unknown number.</summary>
    public static DomainBatchState ToDomain(this CourseBatchState value) => value switch
    {
        CourseBatchState.Planned => DomainBatchState.Planned,
        CourseBatchState.Open => DomainBatchState.Open,
        CourseBatchState.Running => DomainBatchState.Running,
        CourseBatchState.Completed => DomainBatchState.Completed,
        CourseBatchState.Cancelled => DomainBatchState.Cancelled,
        _ => throw Unmapped(value),
    };

    public static ProtoSessionState ToProto(this DomainSessionState value) => value switch
    {
        DomainSessionState.Scheduled => ProtoSessionState.Scheduled,
        DomainSessionState.Closed => ProtoSessionState.Closed,
        DomainSessionState.Cancelled => ProtoSessionState.Cancelled,
        _ => throw Unmapped(value),
    };

    /// <summary>The domain state; throws for UNSPECIFIED or an unknown number.</summary>
    public static DomainSessionState ToDomain(this ProtoSessionState value) => value switch
    {
        ProtoSessionState.Scheduled => DomainSessionState.Scheduled,
        ProtoSessionState.Closed => DomainSessionState.Closed,
        ProtoSessionState.Cancelled => DomainSessionState.Cancelled,
        _ => throw Unmapped(value),
    };

    public static ProtoAttendanceSource ToProto(this DomainAttendanceSource value) => value switch
    {
        DomainAttendanceSource.Kiosk => ProtoAttendanceSource.Kiosk,
        DomainAttendanceSource.Manager => ProtoAttendanceSource.Manager,
        DomainAttendanceSource.OnlinePlatform => ProtoAttendanceSource.OnlinePlatform,
        DomainAttendanceSource.SessionClosed => ProtoAttendanceSource.SessionClosed,
        _ => throw Unmapped(value),
    };

    /// <summary>The domain source; throws for UNSPECIFIED or an unknown number.</summary>
    public static DomainAttendanceSource ToDomain(this ProtoAttendanceSource value) => value switch
    {
        ProtoAttendanceSource.Kiosk => DomainAttendanceSource.Kiosk,
        ProtoAttendanceSource.Manager => DomainAttendanceSource.Manager,
        ProtoAttendanceSource.OnlinePlatform => DomainAttendanceSource.OnlinePlatform,
        ProtoAttendanceSource.SessionClosed => DomainAttendanceSource.SessionClosed,
        _ => throw Unmapped(value),
    };

    public static ProtoEnrolmentStatus ToProto(this DomainEnrolmentStatus value) => value switch
    {
        DomainEnrolmentStatus.Enrolled => ProtoEnrolmentStatus.Enrolled,
        DomainEnrolmentStatus.WaitListed => ProtoEnrolmentStatus.WaitListed,
        DomainEnrolmentStatus.Withdrawn => ProtoEnrolmentStatus.Withdrawn,
        DomainEnrolmentStatus.Cancelled => ProtoEnrolmentStatus.Cancelled,
        DomainEnrolmentStatus.Completed => ProtoEnrolmentStatus.Completed,
        DomainEnrolmentStatus.Incomplete => ProtoEnrolmentStatus.Incomplete,
        _ => throw Unmapped(value),
    };

    /// <summary>The domain status; throws for UNSPECIFIED or an unknown number.</summary>
    public static DomainEnrolmentStatus ToDomain(this ProtoEnrolmentStatus value) => value switch
    {
        ProtoEnrolmentStatus.Enrolled => DomainEnrolmentStatus.Enrolled,
        ProtoEnrolmentStatus.WaitListed => DomainEnrolmentStatus.WaitListed,
        ProtoEnrolmentStatus.Withdrawn => DomainEnrolmentStatus.Withdrawn,
        ProtoEnrolmentStatus.Cancelled => DomainEnrolmentStatus.Cancelled,
        ProtoEnrolmentStatus.Completed => DomainEnrolmentStatus.Completed,
        ProtoEnrolmentStatus.Incomplete => DomainEnrolmentStatus.Incomplete,
        _ => throw Unmapped(value),
    };
}
