using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime;
using Training.Grains.Directory;
using Training.Grains.EventSourcing;
using Training.Grains.Results;

namespace Training.Grains.Batches;

/// <summary>
/// A course batch: lifecycle, sessions, roster and waiting list, attendance and make-ups (<see cref="ICourseBatchGrain"/>).
/// It is the authority for enrolment: a change is recorded with a per-staff change number and stays unconfirmed in
/// the state until the staff member's own record confirmed it (<see cref="IStaffMemberGrain.ApplyEnrolmentChange"/>,
/// idempotent by that number); unconfirmed changes are resumed on activation and by the "deliver-enrolments" reminder.
/// Make-ups attended here by staff of another batch are reported to it the same way. Sessions close at their end
/// time by the durable "close-sessions" reminder (and a grain timer while active): whoever was not marked is absent.
/// Its directory entries (the batch under its centre, offline sessions under their room, make-up sessions under their
/// course and stage) are written in the same transaction as its events.
/// </summary>
[GrainType("course-batch")]
public sealed partial class CourseBatchGrain(EventSourcingServices services, IOptions<ReminderOptions> reminderOptions, ILogger<CourseBatchGrain> logger)
    : EventSourcedGrain<CourseBatchState, CourseBatchEvent>(services), ICourseBatchGrain, IBatchMentoringGrain, IRemindable
{
    /// <summary>Set to 1 in an end-to-end test: the process dies after an enrolment change is durable, before the staff record is told.</summary>
    public const string CrashAfterEnrolmentRecordedVariable = "TRAINING_FAULT_CRASH_AFTER_ENROLMENT_RECORDED";

    private const string CloseReminder = "close-sessions";
    private const string DeliverReminder = "deliver-enrolments";
    private static readonly TimeSpan MaxWatch = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(1);

    private static readonly TimeSpan CallTimeout = Delivery.CallTimeout;

    private static readonly bool CrashAfterEnrolmentRecorded = Environment.GetEnvironmentVariable(CrashAfterEnrolmentRecordedVariable) == "1";

    private readonly TimeSpan reminderPeriod = reminderOptions.Value.MinimumReminderPeriod;

    /// <summary>Live views waiting for a session's attendance to change: session id → (the version they saw, the signal).</summary>
    private readonly Dictionary<string, (long Version, TaskCompletionSource Signal)> watchers = new(StringComparer.Ordinal);

    private IGrainTimer? closeTimer;
    private IGrainTimer? deliveryTimer;

    /// <summary>The session end the close reminder is registered for (null: none, or not known since activation).</summary>
    private DateTimeOffset? closeReminderDue;
    private bool deliverReminderRegistered;

    private string HostCenter => CourseBatchViews.HostCenterOf(StreamId);

    private static CommandContext System(string client) => new(string.Empty, "system", string.Empty, client);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (!State.Created)
        {
            return;
        }

        await CloseDueSessions();
        await ArmClosing(force: false);
        if (HasPendingDeliveries)
        {
            KickDelivery();
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    public async Task<BatchView> Create(BatchSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, CourseBatchViews.Batch) is { } first)
        {
            return first;
        }

        if (State.Created)
        {
            throw TrainingException.AlreadyExists(StreamId);
        }

        var host = HostCenter;
        if (host.Length == 0)
        {
            throw TrainingException.Invalid("course_batch.name", "must be regions/{r}/counties/{c}/centers/{ctr}/batches/{batch}.");
        }

        CourseBatchRules.ValidateSettings(spec);
        List<string> centers = [host, .. spec.Centers.Where(c => !string.Equals(c, host, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
        var county = DirectoryKinds.ParentOf(host, "centers");
        if (centers.FirstOrDefault(c => !string.Equals(DirectoryKinds.ParentOf(c, "centers"), county, StringComparison.Ordinal)) is { } outside)
        {
            throw TrainingException.Precondition(outside, $"{outside} is not in {county}, the county of the batch's centre.");
        }

        var views = await Task.WhenAll(centers.Select(c => GrainFactory.GetGrain<ICenterGrain>(c).Get()));
        if (views.FirstOrDefault(v => v.Archived) is { } archived)
        {
            throw TrainingException.Precondition(archived.Name, $"{archived.Name} is archived and takes no batches.");
        }

        var course = await GrainFactory.GetGrain<ICourseGrain>(spec.CourseName).Get();
        if (course.Archived)
        {
            throw TrainingException.Precondition(spec.CourseName, $"{spec.CourseName} is archived; no new batch may use it.");
        }

        var normalized = spec with { Centers = centers, EligiblePosts = [.. spec.EligiblePosts.Distinct()] };
        await Commit(Stamp(new BatchCreated(StreamId, normalized, course.Stages, course.TargetPosts), context));
        return View();
    }

    public Task<BatchView> Get()
    {
        EnsureCreated();
        return Task.FromResult(View());
    }

    public async Task<BatchView> Update(BatchPatch patch, long expectedVersion, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (await FirstAnswer(context, CourseBatchViews.Batch) is { } first)
        {
            return first;
        }

        EnsureChangeable();
        if (expectedVersion > 0 && expectedVersion != Version)
        {
            throw TrainingException.Conflict(StreamId);
        }

        var spec = CourseBatchState.Patched(State.Spec, patch);
        CourseBatchRules.ValidateSettings(spec);
        if (spec.Capacity < State.EnrolledCount)
        {
            throw TrainingException.Precondition(StreamId, $"{State.EnrolledCount} are enrolled; capacity may not drop below that.");
        }

        if (spec.WaitingListCapacity < State.WaitingList.Count)
        {
            throw TrainingException.Precondition(StreamId, $"{State.WaitingList.Count} are on the waiting list; its capacity may not drop below that.");
        }

        List<CourseBatchEvent> events = [Stamp(new BatchUpdated(patch), context)];
        var free = spec.Capacity - State.EnrolledCount;
        events.AddRange(State.WaitingList.Take(Math.Max(0, free)).Select(name => Stamp(new StaffMovedUp(name), context)));
        await RecordEnrolmentChanges(events, context);
        return View();
    }

    public Task<BatchView> OpenEnrolment(CommandContext context) =>
        Transition(context, BatchState.Planned, "enrolment opens only for a planned batch", () => new BatchEnrolmentOpened());

    public Task<BatchView> Start(CommandContext context) =>
        Transition(context, BatchState.Open, "only a batch open for enrolment starts", () =>
            State.EnrolledCount > 0 ? new BatchStarted() : throw TrainingException.Precondition(StreamId, $"nobody is enrolled in {StreamId}."));

    public async Task<BatchView> Complete(CommandContext context)
    {
        if (await FirstAnswer(context, CourseBatchViews.Batch) is { } first)
        {
            return first;
        }

        EnsureCreated();
        if (State.Lifecycle != BatchState.Running)
        {
            throw TrainingException.Precondition(StreamId, $"only a running batch completes; {StreamId} is {State.Lifecycle}.");
        }

        var now = Now;
        var open = CourseBatchViews.Sessions(State).FirstOrDefault(s => s.State == SessionState.Scheduled && s.Spec.EndTime > now);
        if (open is not null)
        {
            throw TrainingException.Precondition(State.SessionName(open.Id), $"session {open.Id} has not ended yet; close or cancel it first.");
        }

        List<CourseBatchEvent> events = [.. DueClosings(now, context), Stamp(new BatchCompleted { Unfinished = UnfinishedOnTheJob(State) }, context)];
        await RecordEnrolmentChanges(events, context);
        await ArmClosing(force: false);
        return View();
    }

    public async Task<BatchView> Cancel(string reason, CommandContext context)
    {
        if (await FirstAnswer(context, CourseBatchViews.Batch) is { } first)
        {
            return first;
        }

        EnsureChangeable();
        await RecordEnrolmentChanges([Stamp(new BatchCancelled(reason), context)], context);
        await ArmClosing(force: false);
        return View();
    }

    // ---- sessions -------------------------------------------------------------------------------------------------

    public async Task<SessionView> AddSession(string sessionId, SessionSpec spec, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FirstAnswer(context, SessionViewAt(sessionId)) is { } first)
        {
            return first;
        }

        EnsureChangeable();
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            throw TrainingException.Invalid("session_id", "is required.");
        }

        if (State.Sessions.ContainsKey(sessionId))
        {
            throw TrainingException.AlreadyExists(State.SessionName(sessionId));
        }

        await Commit(Stamp(new SessionScheduled(sessionId, CourseBatchRules.ValidSession(State, spec, Now)), context));
        await ArmClosing(force: false);
        return SessionView(sessionId);
    }

    public async Task<SessionView> UpdateSession(string sessionId, SessionPatch patch, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (await FirstAnswer(context, SessionViewAt(sessionId)) is { } first)
        {
            return first;
        }

        EnsureChangeable();
        var session = ScheduledSession(sessionId);
        var toOnline = patch.Mode == SessionMode.Online;
        var spec = session.Spec with
        {
            DisplayName = patch.DisplayName ?? session.Spec.DisplayName,
            Mode = patch.Mode ?? session.Spec.Mode,
            Center = patch.Center ?? (toOnline ? string.Empty : session.Spec.Center),
            Room = patch.Room ?? (toOnline ? string.Empty : session.Spec.Room),
            StartTime = patch.StartTime ?? session.Spec.StartTime,
            EndTime = patch.EndTime ?? session.Spec.EndTime,
            Instructor = patch.Instructor ?? session.Spec.Instructor,
        };
        spec = CourseBatchRules.ValidSession(State, spec, Now);
        if (spec != session.Spec)
        {
            await Commit(Stamp(new SessionChanged(sessionId, spec), context));
            await ArmClosing(force: false);
        }

        return SessionView(sessionId);
    }

    public async Task<SessionView> CancelSession(string sessionId, string reason, CommandContext context)
    {
        if (await FirstAnswer(context, SessionViewAt(sessionId)) is { } first)
        {
            return first;
        }

        EnsureChangeable();
        ScheduledSession(sessionId);
        await Commit(Stamp(new SessionCancelled(sessionId, reason), context));
        await ArmClosing(force: false);
        return SessionView(sessionId);
    }

    public async Task<SessionView> CloseSession(string sessionId, CommandContext context)
    {
        if (await FirstAnswer(context, SessionViewAt(sessionId)) is { } first)
        {
            return first;
        }

        EnsureCreated();
        var session = SessionOf(sessionId);
        if (session.State == SessionState.Cancelled)
        {
            throw TrainingException.Precondition(State.SessionName(sessionId), $"session {sessionId} was cancelled.");
        }

        if (session.State == SessionState.Scheduled)
        {
            await Commit(Closing(session, context));
            await ArmClosing(force: false);
            await CompleteQualified(context);
        }

        return SessionView(sessionId);
    }

    // ---- enrolment ------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<EnrolmentResult>> Enrol(IReadOnlyList<string> staffNames, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(staffNames);
        ArgumentNullException.ThrowIfNull(context);
        if (await FirstAnswer(context, (s, _) => RetriedEnrolment(s, staffNames, context.RequestId)) is { } first)
        {
            return first;
        }

        EnsureCreated();
        CourseBatchRules.EnsureEnrolmentOpen(State, context, Now);
        var lookups = staffNames.Distinct(StringComparer.Ordinal).Where(n => !CourseBatchRules.IsOnRoster(State, n)).ToList();
        var found = await Task.WhenAll(lookups.Select(FindStaff));
        var staff = new Dictionary<string, StaffView?>(StringComparer.Ordinal);
        for (var i = 0; i < lookups.Count; i++)
        {
            staff[lookups[i]] = found[i];
        }

        var results = new EnrolmentResult?[staffNames.Count];
        var events = new List<CourseBatchEvent>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        int enrolled = State.EnrolledCount, waitListed = State.WaitingList.Count;
        for (var i = 0; i < staffNames.Count; i++)
        {
            var name = staffNames[i];
            var refusal = CourseBatchRules.EnrolmentRefusal(State, name, staff.GetValueOrDefault(name), taken.Contains(name));
            if (refusal is null && enrolled >= State.Spec.Capacity && waitListed >= State.Spec.WaitingListCapacity)
            {
                refusal = CourseBatchRules.Full(State);
            }

            if (refusal is { } r)
            {
                results[i] = new EnrolmentResult(i, name, null, r.Kind, r.Message);
                continue;
            }

            var view = staff[name]!;
            var waits = enrolled >= State.Spec.Capacity;
            if (waits)
            {
                waitListed++;
            }
            else
            {
                enrolled++;
            }

            taken.Add(name);
            events.Add(Stamp(new StaffEnrolled(name, view.DisplayName, view.CenterName, view.Post, waits), context));
        }

        if (events.Count > 0)
        {
            await RecordEnrolmentChanges(events, context);
        }

        var positions = CourseBatchViews.WaitListPositions(State);
        return [.. results.Select((r, i) => r ?? new EnrolmentResult(i, staffNames[i], CourseBatchViews.Enrolment(State, State.Roster[staffNames[i]], positions), null, string.Empty))];
    }

    public async Task<EnrolmentView> Withdraw(string staffName, string reason, CommandContext context)
    {
        if (await FirstAnswer(context, (s, _) => CourseBatchViews.Enrolment(s, s.Roster[staffName])) is { } first)
        {
            return first;
        }

        EnsureChangeable();
        if (!CourseBatchRules.IsOnRoster(State, staffName))
        {
            throw new TrainingException(ErrorKind.NotFound, $"{staffName} is not enrolled in {StreamId}.", staffName);
        }

        List<CourseBatchEvent> events = [Stamp(new StaffWithdrawn(staffName, reason), context)];
        if (State.Roster[staffName].Status == EnrolmentStatus.Enrolled && State.WaitingList.Count > 0 && State.Lifecycle is BatchState.Open or BatchState.Running)
        {
            events.Add(Stamp(new StaffMovedUp(State.WaitingList[0]), context));
        }

        await RecordEnrolmentChanges(events, context);
        return CourseBatchViews.Enrolment(State, State.Roster[staffName]);
    }

    public Task<Page<EnrolmentView>> ListEnrolments(PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        EnsureCreated();
        var size = Math.Clamp(page.PageSize, 1, 1000);
        var search = string.IsNullOrWhiteSpace(page.Search) ? null : page.Search.Trim();
        var matches = State.Roster.Values
            .Where(e => page.AfterKey is null || string.CompareOrdinal(e.StaffName, page.AfterKey) > 0)
            .Where(e => search is null || e.StaffName.Contains(search, StringComparison.OrdinalIgnoreCase) || e.DisplayName.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.StaffName, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var positions = CourseBatchViews.WaitListPositions(State);
        var items = matches.Take(size).Select(e => CourseBatchViews.Enrolment(State, e, positions)).ToList();
        return Task.FromResult(new Page<EnrolmentView>(items, matches.Count > size ? items[^1].StaffName : null));
    }

    // ---- attendance -----------------------------------------------------------------------------------------------

    public async Task<AttendanceRecord> RecordAttendance(string sessionId, string staffName, AttendanceMark mark, string reason, CommandContext context)
    {
        if (await FirstAnswer(context, RecordAt(sessionId, staffName)) is { } first)
        {
            return first;
        }

        var session = MarkableSession(sessionId, staffName);
        if (!Enum.IsDefined(mark))
        {
            throw TrainingException.Invalid("mark", "is not a known attendance mark.");
        }

        if (mark == AttendanceMark.CompletedOnline && session.Spec.Mode != SessionMode.Online)
        {
            throw TrainingException.Precondition(State.SessionName(sessionId), $"session {sessionId} is held offline; only an online session is completed online.");
        }

        var corrects = session.Marks.TryGetValue(staffName, out var earlier);
        if (string.IsNullOrWhiteSpace(reason) && (mark == AttendanceMark.Excused || corrects))
        {
            throw TrainingException.Invalid("reason", corrects
                ? $"correcting {staffName}'s mark ({earlier!.Mark}) needs a reason."
                : "an excused absence needs a reason.");
        }

        await Commit(Stamp(new AttendanceMarked(sessionId, staffName, mark, reason ?? string.Empty), context));
        KickDeliveryIfPending();
        await CompleteQualified(context);
        return CourseBatchViews.Record(State, session, staffName, session.Marks[staffName]);
    }

    public async Task<AttendanceRecord> RecordOnlineCompletion(string sessionId, string staffName, DateTimeOffset completedAt, CommandContext context)
    {
        if (await FirstAnswer(context, RecordAt(sessionId, staffName)) is { } first)
        {
            return first;
        }

        var session = MarkableSession(sessionId, staffName);
        var name = State.SessionName(sessionId);
        if (session.Spec.Mode != SessionMode.Online)
        {
            throw TrainingException.Precondition(name, $"session {sessionId} is held offline; check in at its room's kiosk.");
        }

        var now = Now;
        if (CheckInWindow.IsAhead(State.Spec.CheckIn, completedAt, now))
        {
            throw TrainingException.Invalid("complete_time", "lies in the future.");
        }

        if (session.State == SessionState.Closed || session.Spec.EndTime <= now)
        {
            if (completedAt > session.CloseTime)
            {
                throw TrainingException.Precondition(name, $"session {sessionId} closed at {session.CloseTime:u}, before the completion.");
            }

            if (now > session.CloseTime.AddHours(State.Spec.CheckIn.OfflineGraceHours))
            {
                throw TrainingException.Precondition(name, $"session {sessionId} closed more than {State.Spec.CheckIn.OfflineGraceHours} hours ago; a manager corrects its marks.");
            }
        }

        if (session.Marks.TryGetValue(staffName, out var earlier))
        {
            if (earlier.Source == AttendanceSource.Manager)
            {
                throw TrainingException.Precondition(name, $"a manager marked {staffName} {earlier.Mark}; a manager corrects it.");
            }

            if (earlier.Mark == AttendanceMark.CompletedOnline)
            {
                return CourseBatchViews.Record(State, session, staffName, earlier);
            }
        }

        await Commit(Stamp(new OnlineCompletionRecorded(sessionId, staffName, completedAt), context));
        KickDeliveryIfPending();
        await CompleteQualified(context);
        return CourseBatchViews.Record(State, session, staffName, session.Marks[staffName]);
    }

    public async Task<IReadOnlyList<CheckInResult>> CheckIn(IReadOnlyList<BatchCheckIn> records, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(context);

        // Kiosk records are idempotent by their own keys: their events carry no request id, so that a morning of
        // check-ins does not push managers' recent requests out of the grain's memory.
        var stamp = context with { RequestId = string.Empty };
        var now = Now;
        var judge = new CheckInJudge(State, now);
        var results = new CheckInResult[records.Count];
        var events = new List<CourseBatchEvent>();
        for (var i = 0; i < records.Count; i++)
        {
            var (result, accepted) = judge.Judge(records[i]);
            results[i] = result;
            if (accepted is not null)
            {
                events.Add(Stamp(accepted, stamp) with { At = now });
            }
        }

        if (events.Count > 0)
        {
            await Commit([.. events]);
            KickDeliveryIfPending();
            await CompleteQualified(context);
        }

        return results;
    }

    public Task<SessionAttendanceView> GetSessionAttendance(string sessionId)
    {
        EnsureCreated();
        return Task.FromResult(CourseBatchViews.SessionAttendance(State, SessionOf(sessionId)));
    }

    public async Task<SessionAttendanceView> WatchSessionAttendance(string sessionId, long afterVersion, TimeSpan maxWait)
    {
        EnsureCreated();
        var session = SessionOf(sessionId);
        if (session.AttendanceVersion <= afterVersion && maxWait > TimeSpan.Zero)
        {
            if (!watchers.TryGetValue(sessionId, out var watcher))
            {
                watcher = (session.AttendanceVersion, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                watchers[sessionId] = watcher;
            }

            try
            {
                await watcher.Signal.Task.WaitAsync(maxWait < MaxWatch ? maxWait : MaxWatch);
            }
            catch (TimeoutException)
            {
                // Nothing changed in time: answer the attendance as it is.
            }
        }

        return CourseBatchViews.SessionAttendance(State, SessionOf(sessionId));
    }

    public async Task<BatchAttendanceView> GetAttendance()
    {
        EnsureCreated();
        return CourseBatchViews.BatchAttendance(State, Version, await Offers());
    }

    public async Task<StaffAttendanceView> AttendanceOf(string staffName)
    {
        EnsureCreated();
        if (!State.Roster.ContainsKey(staffName) && !State.Sessions.Values.Any(s => s.Attendees.ContainsKey(staffName)))
        {
            throw new TrainingException(ErrorKind.NotFound, $"{staffName} was never enrolled in {StreamId}.", staffName);
        }

        return CourseBatchViews.StaffAttendance(State, staffName, await Offers());
    }

    // ---- make-ups -------------------------------------------------------------------------------------------------

    public async Task<OwedSession> BookMakeUp(string staffName, string owedSessionId, string makeUpSessionName, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(makeUpSessionName);
        var offers = await Offers();
        if (await FirstAnswer(context, (s, _) => OwedAt(s, owedSessionId, staffName, offers)) is { } first)
        {
            return first;
        }

        EnsureCreated();
        if (State.Lifecycle == BatchState.Cancelled)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} was cancelled; nothing is owed.");
        }

        var owed = SessionOf(owedSessionId);
        var owedName = State.SessionName(owedSessionId);
        if (owed.Spec.MakeUp || !owed.Marks.TryGetValue(staffName, out var entry) || !CourseBatchViews.Owes(State, owed, staffName, entry))
        {
            throw TrainingException.Precondition(owedName, $"{staffName} owes nothing for session {owedSessionId}.");
        }

        var index = makeUpSessionName.LastIndexOf("/sessions/", StringComparison.Ordinal);
        if (index <= 0)
        {
            throw TrainingException.Invalid("make_up_session", "must be {batch}/sessions/{session}.");
        }

        if (string.Equals(owed.Bookings.GetValueOrDefault(staffName), makeUpSessionName, StringComparison.Ordinal))
        {
            return CourseBatchViews.OwedOf(State, owed, staffName, entry, offers);
        }

        var makeUpBatch = makeUpSessionName[..index];
        var operationId = $"{owedName}|{staffName}|{makeUpSessionName}";
        var admission = new MakeUpAdmission(
            operationId, CourseBatchState.SessionIdOf(makeUpSessionName), staffName, State.Roster[staffName].DisplayName, StreamId, owedName, State.Spec.CourseName, owed.Spec.Stage);
        var events = new List<CourseBatchEvent>(2);
        if (string.Equals(makeUpBatch, StreamId, StringComparison.Ordinal))
        {
            if (!CheckAdmission(admission))
            {
                events.Add(Stamp(new MakeUpAdmitted(admission), context));
            }
        }
        else
        {
            await Call(GrainFactory.GetGrain<ICourseBatchGrain>(makeUpBatch).AdmitToMakeUp(admission), makeUpBatch);
        }

        events.Add(Stamp(new MakeUpBooked(owedSessionId, staffName, makeUpSessionName, operationId), context));
        await Commit([.. events]);
        return CourseBatchViews.OwedOf(State, owed, staffName, owed.Marks[staffName], offers);
    }

    public async Task AdmitToMakeUp(MakeUpAdmission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        EnsureCreated();
        if (!CheckAdmission(admission))
        {
            await Commit(Stamp(new MakeUpAdmitted(admission), new CommandContext(admission.OperationId, admission.OriginBatch, string.Empty, admission.OriginBatch)));
        }
    }

    public async Task FulfilMakeUp(MakeUpFulfilment fulfilment)
    {
        ArgumentNullException.ThrowIfNull(fulfilment);

        // Whatever does not apply (any more) is confirmed without a write, so that the make-up batch stops resending it.
        var prefix = StreamId + "/sessions/";
        if (!State.Created || !fulfilment.OwedSession.StartsWith(prefix, StringComparison.Ordinal)
            || !State.Sessions.TryGetValue(fulfilment.OwedSession[prefix.Length..], out var owed)
            || !owed.Marks.TryGetValue(fulfilment.StaffName, out var entry) || !entry.Missed || owed.FulfilledBy.ContainsKey(fulfilment.StaffName))
        {
            return;
        }

        var context = new CommandContext(fulfilment.OperationId, fulfilment.MakeUpSession, string.Empty, fulfilment.MakeUpSession);
        await Commit(Stamp(new MakeUpFulfilled(owed.Id, fulfilment.StaffName, fulfilment.MakeUpSession, fulfilment.Mark, fulfilment.OperationId), context));
        await CompleteQualified(context);
    }

    public Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount) => ReadHistory(fromVersion, maxCount);

    // ---- reminders and timers -------------------------------------------------------------------------------------

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Created)
        {
            await Unregister(reminderName);
            return;
        }

        if (string.Equals(reminderName, FollowUpReminder, StringComparison.Ordinal))
        {
            await CheckFollowUps();
            return;
        }

        await CloseDueSessions();
        if (string.Equals(reminderName, CloseReminder, StringComparison.Ordinal))
        {
            await ArmClosing(force: true);
        }

        await DeliverPending();
        if (string.Equals(reminderName, DeliverReminder, StringComparison.Ordinal) && !HasPendingDeliveries)
        {
            await Unregister(DeliverReminder);
            deliverReminderRegistered = false;
        }
    }

    /// <summary>Closes every scheduled session whose end passed (absent for the unmarked), in one commit.</summary>
    private async Task CloseDueSessions()
    {
        var closings = DueClosings(Now, System(CloseReminder)).ToArray();
        if (closings.Length > 0)
        {
            await Commit(closings);
            await CompleteQualified(System(CloseReminder));
        }
    }

    private IEnumerable<CourseBatchEvent> DueClosings(DateTimeOffset now, CommandContext context) =>
        State.Sessions.Values.Where(s => s.State == SessionState.Scheduled && s.Spec.EndTime <= now).Select(s => Closing(s, context));

    private SessionClosed Closing(BatchSession session, CommandContext context)
    {
        var absent = CourseBatchViews.Expected(State, session).Where(n => !session.Marks.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        return Stamp(new SessionClosed(session.Id, absent), context);
    }

    /// <summary>
    /// Points the close reminder and the grain timer at the next session end (the reminder survives a restart, the
    /// timer closes on time while the batch is active); unregisters the reminder when no session is left to close.
    /// </summary>
    private async Task ArmClosing(bool force)
    {
        var scheduled = State.Sessions.Values.Where(s => s.State == SessionState.Scheduled).ToList();
        if (scheduled.Count == 0)
        {
            closeTimer?.Dispose();
            closeTimer = null;
            if (force || closeReminderDue is not null)
            {
                await Unregister(CloseReminder);
            }

            closeReminderDue = null;
            return;
        }

        var next = scheduled.Min(s => s.Spec.EndTime);
        var due = next - Now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        var timerDue = due < MaxTimerDue ? due : MaxTimerDue;
        if (closeTimer is null)
        {
            closeTimer = this.RegisterGrainTimer(OnCloseTimer, new GrainTimerCreationOptions(timerDue, Timeout.InfiniteTimeSpan));
        }
        else
        {
            closeTimer.Change(timerDue, Timeout.InfiniteTimeSpan);
        }

        if (force || closeReminderDue != next)
        {
            try
            {
                await this.RegisterOrUpdateReminder(CloseReminder, due, reminderPeriod);
                closeReminderDue = next;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The change is recorded; the timer closes on time while the batch is active, and the next change or
                // activation registers the reminder again.
                closeReminderDue = null;
                LogReminderFailed(logger, StreamId, CloseReminder, e.Message);
            }
        }
    }

    private async Task OnCloseTimer(CancellationToken cancellationToken)
    {
        await CloseDueSessions();
        await ArmClosing(force: false);
    }

    /// <summary>Unregisters a reminder no longer needed; if that fails, its next tick finds nothing to do and tries again.</summary>
    private async Task Unregister(string reminderName)
    {
        try
        {
            await this.UnregisterIfRegistered(reminderName);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogReminderFailed(logger, StreamId, reminderName, e.Message);
        }
    }

    // ---- two-grain steps ------------------------------------------------------------------------------------------

    private bool HasPendingDeliveries => State.Unconfirmed.Count > 0 || State.PendingFulfilments.Count > 0 || State.UndeliveredGrades.Count > 0 || State.Mentoring.Pending.Count > 0;

    /// <summary>
    /// Records enrolment changes, then tells the staff records and records their confirmation under the same request
    /// (so a retry answers as confirmed). The delivery reminder is registered before the commit, so a crash after it
    /// (the fault-injection point) is recovered by the reminder even if nobody calls the batch.
    /// </summary>
    private async Task RecordEnrolmentChanges(IReadOnlyList<CourseBatchEvent> events, CommandContext context)
    {
        await EnsureDeliverReminder();
        var followUps = FollowUpsFor(events, context).ToList();
        await Commit([.. events, .. followUps]);
        if (followUps.Count > 0)
        {
            await ArmFollowUps();
        }

        if (CrashAfterEnrolmentRecorded)
        {
            Environment.FailFast($"fault injection ({CrashAfterEnrolmentRecordedVariable}): enrolment change recorded in {StreamId}, staff record not told.");
        }

        await DeliverEnrolments(context);
        await DeliverMenteeChanges(context);
    }

    private async Task EnsureDeliverReminder()
    {
        if (!deliverReminderRegistered)
        {
            await this.RegisterOrUpdateReminder(DeliverReminder, reminderPeriod, reminderPeriod);
            deliverReminderRegistered = true;
        }
    }

    /// <summary>Runs <see cref="DeliverPending"/> soon, as its own turn (not inside the caller's, e.g. a kiosk's check-in).</summary>
    private void KickDelivery()
    {
        deliveryTimer ??= this.RegisterGrainTimer(_ => DeliverPending(), new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        deliveryTimer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void KickDeliveryIfPending()
    {
        if (State.PendingFulfilments.Count > 0)
        {
            KickDelivery();
        }
    }

    private async Task DeliverPending()
    {
        if (!HasPendingDeliveries)
        {
            return;
        }

        await EnsureDeliverReminder();
        var gradingsPending = State.UndeliveredGrades.Count > 0;
        await DeliverEnrolments(System(DeliverReminder));
        await DeliverFulfilments();
        await DeliverPracticalEvidence();
        if (gradingsPending)
        {
            // A grading recorded before a crash may not have been followed by the completion check it triggers.
            await CompleteQualified(System(DeliverReminder));
        }

        await DeliverMenteeChanges(System(DeliverReminder));
    }

    /// <summary>Tells every staff record whose enrolment changed unconfirmed, then records what they confirmed.</summary>
    private async Task DeliverEnrolments(CommandContext context)
    {
        if (State.Unconfirmed.Count == 0)
        {
            return;
        }

        var delivered = await Task.WhenAll(State.Unconfirmed.Select(name => State.Roster[name]).ToList().Select(async e =>
        {
            var change = new EnrolmentChange(StreamId, e.Sequence, e.Status, State.Spec.CourseName, State.Spec.DisplayName, e.UpdateTime, $"{StreamId}|{e.StaffName}|{e.Sequence}");
            return await TryDeliver(e.StaffName, () => GrainFactory.GetGrain<IStaffMemberGrain>(e.StaffName).ApplyEnrolmentChange(change))
                ? new ConfirmedEnrolment(e.StaffName, e.Sequence)
                : null;
        }));
        var confirmed = delivered.OfType<ConfirmedEnrolment>().ToList();
        if (confirmed.Count > 0)
        {
            await Commit(Stamp(new EnrolmentsConfirmed(confirmed), context));
        }
    }

    /// <summary>Tells origin batches of make-ups attended here, then records what they confirmed.</summary>
    private async Task DeliverFulfilments()
    {
        if (State.PendingFulfilments.Count == 0)
        {
            return;
        }

        var pending = State.PendingFulfilments.Values.ToList();
        var delivered = await Task.WhenAll(pending.Select(async f =>
        {
            var origin = f.OwedSession[..f.OwedSession.LastIndexOf("/sessions/", StringComparison.Ordinal)];
            return await TryDeliver(origin, () => GrainFactory.GetGrain<ICourseBatchGrain>(origin).FulfilMakeUp(f)) ? f.OperationId : null;
        }));
        var confirmed = delivered.OfType<string>().ToList();
        if (confirmed.Count > 0)
        {
            await Commit(Stamp(new MakeUpFulfilmentsConfirmed(confirmed), System(DeliverReminder)));
        }
    }

    /// <summary>One idempotent call to another grain; false (left for a retry) when it fails or takes too long.</summary>
    private Task<bool> TryDeliver(string target, Func<Task> call) => Delivery.TryAsync(logger, StreamId, target, call);

    private static async Task Call(Task call, string target)
    {
        try
        {
            await call.WaitAsync(CallTimeout);
        }
        catch (TimeoutException)
        {
            throw TrainingException.Unavailable($"{target} did not answer in time; retry with the same request_id.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Batch} could not register or unregister its {Reminder} reminder (will retry): {Error}")]
    private static partial void LogReminderFailed(ILogger logger, string batch, string reminder, string error);


    // ---- live views -----------------------------------------------------------------------------------------------

    /// <summary>After every confirmed change, wakes the live views of sessions whose attendance moved on.</summary>
    protected override void OnStateChanged()
    {
        if (watchers.Count == 0)
        {
            return;
        }

        foreach (var (sessionId, watcher) in watchers.ToList())
        {
            if (!State.Sessions.TryGetValue(sessionId, out var session) || session.AttendanceVersion != watcher.Version)
            {
                watchers.Remove(sessionId);
                watcher.Signal.TrySetResult();
            }
        }
    }

    // ---- directory ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Kiosk check-ins are the morning rush's hot path and a batch's state is large (its roster and every session's
    /// marks): a commit of check-ins alone snapshots only ten intervals past the last snapshot (serializing the state
    /// every 100 check-ins measured about 6 % of a check-in's CPU); any other commit keeps the usual interval.
    /// Activation then replays at most that many small events after the snapshot.
    /// </summary>
    protected override int SnapshotInterval(IReadOnlyList<CourseBatchEvent> updates) =>
        updates.All(u => u is CheckedIn) ? 10 * base.SnapshotInterval(updates) : base.SnapshotInterval(updates);

    protected override bool MayChangeDirectory(IReadOnlyList<CourseBatchEvent> updates) => updates.Any(u => u.ChangesListing || BatchResultsProjection.Affects(u));

    /// <summary>
    /// The batch under its centre, its offline sessions under their room, its make-ups under their course and stage
    /// (<see cref="CourseBatchDirectory"/>); its results tally under each centre it serves (<see cref="BatchResultsProjection"/>).
    /// </summary>
    protected override IReadOnlyList<DirectoryChange> DirectoryChanges(CourseBatchState stateAfter, long versionAfter) =>
        [.. CourseBatchDirectory.Changes(State, stateAfter, versionAfter, UnconfirmedEvents, Services.Serializer),
         .. BatchResultsProjection.Changes(stateAfter, versionAfter, UnconfirmedEvents, Services.Serializer)];

    /// <summary>The next make-up session (not started) of each stage of the course, across its batches, from the directory.</summary>
    private async Task<IReadOnlyDictionary<StageKind, SessionOffer>> Offers()
    {
        var offers = new Dictionary<StageKind, SessionOffer>();
        if (!State.Created)
        {
            return offers;
        }

        var now = Now;
        foreach (var stage in State.Stages.Select(s => s.Kind).Distinct())
        {
            var query = new DirectoryQuery(DirectoryKinds.MakeUpSession, MakeUpSchedule.Parent(State.Spec.CourseName, stage), MakeUpSchedule.After(State.Spec.CourseName, stage, now), 5);
            foreach (var entry in await Services.Store.QueryDirectoryAsync(query))
            {
                var session = Services.Serializer.Deserialize<RoomSession>(entry.Payload)!;
                if (session.StartTime > now)
                {
                    offers[stage] = new SessionOffer(session.SessionName, session.StartTime);
                    break;
                }
            }
        }

        return offers;
    }

    // ---- rules ----------------------------------------------------------------------------------------------------

    private async Task<BatchView> Transition(CommandContext context, BatchState from, string rule, Func<CourseBatchEvent> next)
    {
        if (await FirstAnswer(context, CourseBatchViews.Batch) is { } first)
        {
            return first;
        }

        EnsureCreated();
        if (State.Lifecycle != from)
        {
            throw TrainingException.Precondition(StreamId, $"{rule}; {StreamId} is {State.Lifecycle}.");
        }

        await Commit(Stamp(next(), context));
        return View();
    }

    private async Task<StaffView?> FindStaff(string staffName)
    {
        try
        {
            return await GrainFactory.GetGrain<IStaffMemberGrain>(staffName).Get();
        }
        catch (TrainingException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>The answer to a retried enrolment: rows it enrolled (as of then), and the others refused then.</summary>
    private static IReadOnlyList<EnrolmentResult> RetriedEnrolment(CourseBatchState s, IReadOnlyList<string> staffNames, string requestId)
    {
        var positions = CourseBatchViews.WaitListPositions(s);
        return [.. staffNames.Select((name, i) => s.Roster.TryGetValue(name, out var e) && string.Equals(e.EnrolRequestId, requestId, StringComparison.Ordinal)
            ? new EnrolmentResult(i, name, CourseBatchViews.Enrolment(s, e, positions), null, string.Empty)
            : new EnrolmentResult(i, name, null, ErrorKind.FailedPrecondition, $"{name} was not enrolled by request {requestId} when it was first sent."))];
    }

    /// <summary>True when the staff member is admitted to the make-up session already; FailedPrecondition when the admission does not fit.</summary>
    private bool CheckAdmission(MakeUpAdmission admission)
    {
        var session = SessionOf(admission.SessionId);
        if (session.Attendees.ContainsKey(admission.StaffName))
        {
            return true;
        }

        return CourseBatchRules.AdmissionRefusal(State, session, admission, Now) is { } refusal
            ? throw TrainingException.Precondition(State.SessionName(admission.SessionId), refusal)
            : false;
    }

    /// <summary>A session a manager or the e-learning platform may mark <paramref name="staffName"/> in.</summary>
    private BatchSession MarkableSession(string sessionId, string staffName)
    {
        EnsureCreated();
        if (State.Lifecycle is BatchState.Planned or BatchState.Cancelled)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} is {State.Lifecycle}; nobody attends its sessions.");
        }

        var session = SessionOf(sessionId);
        if (session.State == SessionState.Cancelled)
        {
            throw TrainingException.Precondition(State.SessionName(sessionId), $"session {sessionId} was cancelled.");
        }

        return CourseBatchViews.IsExpected(State, session, staffName)
            ? session
            : throw new TrainingException(ErrorKind.NotFound, $"{staffName} is not expected at session {sessionId} (not enrolled, or not admitted to the make-up).", staffName);
    }

    private BatchSession SessionOf(string sessionId) =>
        State.Sessions.TryGetValue(sessionId, out var session) ? session : throw TrainingException.NotFound(State.SessionName(sessionId));

    /// <summary>A session that may still change: scheduled and not ended (one that ended is closed, whether or not the reminder got there yet).</summary>
    private BatchSession ScheduledSession(string sessionId)
    {
        var session = SessionOf(sessionId);
        return session.State != SessionState.Scheduled ? throw TrainingException.Precondition(State.SessionName(sessionId), $"session {sessionId} is {session.State}.")
            : session.Spec.EndTime <= Now ? throw TrainingException.Precondition(State.SessionName(sessionId), $"session {sessionId} has ended.")
            : session;
    }

    private void EnsureCreated()
    {
        if (!State.Created)
        {
            throw TrainingException.NotFound(StreamId);
        }
    }

    /// <summary>NotFound if never created; FailedPrecondition once completed or cancelled.</summary>
    private void EnsureChangeable()
    {
        EnsureCreated();
        if (State.Lifecycle is BatchState.Completed or BatchState.Cancelled)
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} is {State.Lifecycle}; it no longer changes.");
        }
    }

    private BatchView View() => CourseBatchViews.Batch(State, Version);

    private SessionView SessionView(string sessionId) => CourseBatchViews.Session(State, State.Sessions[sessionId]);

    private static Func<CourseBatchState, long, SessionView> SessionViewAt(string sessionId) =>
        (s, _) => CourseBatchViews.Session(s, s.Sessions[sessionId]);

    private static Func<CourseBatchState, long, AttendanceRecord> RecordAt(string sessionId, string staffName) =>
        (s, _) => CourseBatchViews.Record(s, s.Sessions[sessionId], staffName, s.Sessions[sessionId].Marks[staffName]);

    private static OwedSession OwedAt(CourseBatchState s, string sessionId, string staffName, IReadOnlyDictionary<StageKind, SessionOffer> offers)
    {
        var session = s.Sessions[sessionId];
        return CourseBatchViews.OwedOf(s, session, staffName, session.Marks[staffName], offers);
    }
}
