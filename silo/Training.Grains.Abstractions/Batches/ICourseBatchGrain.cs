using Orleans.Concurrency;

namespace Training.Grains;

/// <summary>
/// A course batch: one run of a course for the staff of one or more centres, its sessions in the three stages, its
/// roster and waiting list, attendance per session and the make-ups owed. Key: its resource name,
/// <c>regions/{r}/counties/{c}/centers/{ctr}/batches/{batch}</c> (the centre that runs it). The batch is the authority
/// for enrolment: it records a change, then drives the staff member's record with an idempotent, retried call
/// (<see cref="IStaffMemberGrain.ApplyEnrolmentChange"/>), keeping the step pending in its state until confirmed, and
/// resumes pending steps when activated (and from a reminder), so a crash between the two writes is recovered.
/// Sessions close at their end time from a durable reminder: whoever was not marked becomes absent.
/// </summary>
public interface ICourseBatchGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the batch from a course (stages and competencies copied). NotFound if the course or a centre does not
    /// exist; FailedPrecondition if the course is archived or a centre archived or outside the host's county; AlreadyExists.
    /// </summary>
    Task<BatchView> Create(BatchSpec spec, CommandContext context);

    /// <summary>The batch with its sessions; NotFound if never created.</summary>
    Task<BatchView> Get();

    /// <summary>Changes the batch's settings. FailedPrecondition once completed or cancelled, or capacity below those enrolled; Aborted on a stale version.</summary>
    Task<BatchView> Update(BatchPatch patch, long expectedVersion, CommandContext context);

    /// <summary>Planned → open: enrolment opens. FailedPrecondition from any other state.</summary>
    Task<BatchView> OpenEnrolment(CommandContext context);

    /// <summary>Open → running. FailedPrecondition from any other state, or with nobody enrolled.</summary>
    Task<BatchView> Start(CommandContext context);

    /// <summary>Running → completed, once every session is closed or cancelled. Enrolments become completed.</summary>
    Task<BatchView> Complete(CommandContext context);

    /// <summary>Cancels the batch (not once completed), with a reason; enrolments become cancelled, sessions cancelled.</summary>
    Task<BatchView> Cancel(string reason, CommandContext context);

    /// <summary>Schedules a session. AlreadyExists for a used id; InvalidArgument for a stage, centre or time that does not fit; FailedPrecondition once completed or cancelled.</summary>
    Task<SessionView> AddSession(string sessionId, SessionSpec spec, CommandContext context);

    /// <summary>Moves or changes a session (also while the batch runs). NotFound; FailedPrecondition once closed or cancelled.</summary>
    Task<SessionView> UpdateSession(string sessionId, SessionPatch patch, CommandContext context);

    /// <summary>Cancels a session with a reason. FailedPrecondition once closed.</summary>
    Task<SessionView> CancelSession(string sessionId, string reason, CommandContext context);

    /// <summary>Closes a session now (before its end time): whoever was not marked becomes absent.</summary>
    Task<SessionView> CloseSession(string sessionId, CommandContext context);

    /// <summary>
    /// Enrols staff members; one result per row, in order (rows fail independently). Beyond capacity a row goes on the
    /// waiting list, or is refused (FailedPrecondition) when the list is full or there is none. A staff member
    /// already enrolled or wait-listed: AlreadyExists. Unknown: NotFound. Wrong post or centre, departed: FailedPrecondition.
    /// </summary>
    Task<IReadOnlyList<EnrolmentResult>> Enrol(IReadOnlyList<string> staffNames, CommandContext context);

    /// <summary>Withdraws an enrolled or wait-listed staff member; the first on the waiting list moves up. NotFound if not enrolled.</summary>
    Task<EnrolmentView> Withdraw(string staffName, string reason, CommandContext context);

    /// <summary>The roster and waiting list, ordered by staff name; withdrawn ones too.</summary>
    Task<Page<EnrolmentView>> ListEnrolments(PageRequest page);

    /// <summary>A manager marks or corrects one staff member's attendance (reason required for excused and for corrections). The earlier mark stays in the history.</summary>
    Task<AttendanceRecord> RecordAttendance(string sessionId, string staffName, AttendanceMark mark, string reason, CommandContext context);

    /// <summary>Records that a staff member completed an online session (FailedPrecondition for an offline one).</summary>
    Task<AttendanceRecord> RecordOnlineCompletion(string sessionId, string staffName, DateTimeOffset completedAt, CommandContext context);

    /// <summary>Records kiosk check-ins resolved to this batch, judged at each scan's time; one result per record. Already recorded ones answer Duplicate with the original result.</summary>
    Task<IReadOnlyList<CheckInResult>> CheckIn(IReadOnlyList<BatchCheckIn> records, CommandContext context);

    /// <summary>A session's attendance now.</summary>
    Task<SessionAttendanceView> GetSessionAttendance(string sessionId);

    /// <summary>
    /// Answers a session's attendance once its version exceeds <paramref name="afterVersion"/>, or after
    /// <paramref name="maxWait"/> with the current one (long poll for live views). Interleaves: it only waits.
    /// </summary>
    [AlwaysInterleave]
    Task<SessionAttendanceView> WatchSessionAttendance(string sessionId, long afterVersion, TimeSpan maxWait);

    /// <summary>The batch's attendance: rates per batch, session and staff member, and who owes which session.</summary>
    Task<BatchAttendanceView> GetAttendance();

    /// <summary>One staff member's attendance in this batch (also for a make-up attendee from another batch).</summary>
    Task<StaffAttendanceView> AttendanceOf(string staffName);

    /// <summary>
    /// Every attendance fact of <paramref name="staffName"/> in this batch, oldest first: kiosk check-ins, manager marks
    /// and corrections (with actor and reason), online completions, absent at close, make-ups admitted, booked and
    /// fulfilled. Read from the batch's own events (not its state, which keeps only the latest mark); empty for a staff
    /// member never marked here. NotFound if the batch was never created. Interleaves: it reads only the store, so
    /// check-ins do not wait behind it.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<AttendanceFact>> AttendanceHistoryOf(string staffName);

    /// <summary>
    /// Books the make-up session <paramref name="makeUpSessionName"/> (in this or another batch of the same course, same
    /// stage, not started) for a session the staff member owes here. FailedPrecondition if nothing is owed.
    /// </summary>
    Task<OwedSession> BookMakeUp(string staffName, string owedSessionId, string makeUpSessionName, CommandContext context);

    /// <summary>Admits a staff member of another batch to a make-up session of this batch (idempotent by operation id).</summary>
    Task AdmitToMakeUp(MakeUpAdmission admission);

    /// <summary>Another batch reports that an owed session here was fulfilled by a make-up there (idempotent by operation id).</summary>
    Task FulfilMakeUp(MakeUpFulfilment fulfilment);

    /// <summary>
    /// Sets (or replaces) the quick test that ends <paramref name="stage"/>. Attempts already started keep the blueprint
    /// they were drawn on. NotFound for an unknown bank; FailedPrecondition for a bank with too few active items, a
    /// bank of another framework than the course's, or once the batch completed or was cancelled.
    /// </summary>
    Task<StageAssessment> SetStageAssessment(StageKind stage, QuickTestBlueprint blueprint, CommandContext context);

    /// <summary>The stages' quick tests (stages without one are absent).</summary>
    Task<IReadOnlyList<StageAssessment>> StageAssessments();

    /// <summary>
    /// Starts a quick-test attempt of <paramref name="staffName"/> in <paramref name="stage"/>: the batch checks the
    /// enrolment, that every earlier stage is passed (FailedPrecondition naming the stage) and the maximum number of
    /// attempts (FailedPrecondition), allocates the attempt's number and opens the attempt. A retry with the same
    /// request id answers the same attempt.
    /// </summary>
    Task<AttemptView> StartAttempt(string staffName, StageKind stage, CommandContext context);

    /// <summary>An attempt reports its graded result (idempotent by attempt name). A staff member who then passed every stage and owes no session completes.</summary>
    Task RecordStageResult(StageResult result);

    /// <summary>A staff member's stage results, attempts and completion. NotFound if never enrolled.</summary>
    Task<StaffStageResults> StageResultsOf(string staffName);

    /// <summary>Every enrolled (or completed) staff member's stage results, ordered by staff name.</summary>
    Task<IReadOnlyList<StaffStageResults>> StageResults();

    /// <summary>
    /// What the four-level report reads of the batch: every trainee's centre, enrolment status and stage results, and
    /// the stages that closed a regular session. NotFound if never created.
    /// </summary>
    Task<BatchResultsInput> ResultsInput();

    /// <summary>
    /// Starts the retention re-test <paramref name="followUpName"/> (<c>{batch}/followUps/{staff_id}.{n}</c>) as the batch's
    /// theory quick test, one attempt per follow-up (a second start answers the same attempt). NotFound for an unknown
    /// follow-up; FailedPrecondition before its due time, once taken, or without a theory quick test.
    /// </summary>
    Task<AttemptView> StartFollowUp(string followUpName, CommandContext context);

    /// <summary>The batch's follow-ups, by name.</summary>
    Task<IReadOnlyList<FollowUp>> FollowUps();

    /// <summary>The batch's history, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> History(long fromVersion, int maxCount);

    /// <summary>
    /// Sets (or replaces) the practical assessment of <paramref name="stage"/>: the rubric revision (frozen into the
    /// batch), the stake and the examiners. NotFound for an unknown rubric or revision; FailedPrecondition for a rubric of
    /// another framework than the course's, once the batch completed or was cancelled, or (once a trainee was graded in
    /// the stage) for another rubric or stake — only the examiners may change then; InvalidArgument for a high stake
    /// with fewer than two examiners.
    /// </summary>
    Task<PracticalAssessment> SetPracticalAssessment(StageKind stage, PracticalAssessmentSpec spec, CommandContext context);

    /// <summary>The stages' practical assessments (stages without one are absent).</summary>
    Task<IReadOnlyList<PracticalAssessment>> PracticalAssessments();

    /// <summary>
    /// <paramref name="examiner"/> grades a trainee on the stage's rubric: scored at once; the result reaches the stage
    /// results and, per criterion, evidence reaches the staff record (pending in the batch until confirmed). Refusals,
    /// each writing nothing: PermissionDenied when not an examiner of the stage; InvalidArgument (field violations) for
    /// levels outside the scale or criteria missing, unknown or repeated; FailedPrecondition when the batch is not
    /// running, the stage has no practical assessment, the trainee is not enrolled, an earlier stage is not passed (the
    /// subject names it), the examiner already graded the trainee (high stake), or the result is decided. A retry with
    /// the same request id answers the first grading.
    /// </summary>
    Task<PracticalGrade> GradePractical(string examiner, PracticalGrading grading, CommandContext context);

    /// <summary>The practical gradings, oldest first: one trainee's, or (null) everyone's.</summary>
    Task<IReadOnlyList<PracticalGrade>> PracticalGrades(string? staffName);

    /// <summary>Everyone who examines a practical assessment of the batch (any stage), ordered; empty for a batch never created.</summary>
    Task<IReadOnlyList<string>> Examiners();
}
