namespace Training.EndToEnd.Tests;

/// <summary>
/// Who should be allowed to call what, on whose resources. It is written from issue #3 ("each person and device sees
/// and changes only what belongs to them"), DOMAIN.md ("Who uses the product") and docs/architecture.md (Security),
/// and it is written ON PURPOSE without looking up the product's <c>AuthorizationPolicyTable</c>: the authorization
/// matrix (<see cref="AuthorizationMatrixTests"/>) compares what the running host does with what these rules say,
/// so a row changed by mistake in the product shows up as a failing case instead of being copied into the test.
/// </summary>
/// <remarks>
/// The rules, per family of RPCs and per role (a role that is not listed may not call the RPC at all):
/// <list type="bullet">
/// <item>Org units, read: an administrator (region, county) reads what they administer and the units above it (the
/// units they belong to); a centre manager, mentor or trainee reads their centre and the units above it; a kiosk only
/// its own centre; an integration only what lies inside its scope. Lists need the right to read the parent and show
/// only items the caller may read.</item>
/// <item>Org units, write: only the province-wide operator creates regions; a region admin changes their region and
/// creates and changes its counties; region and county admins create, change and archive the centres below them.</item>
/// <item>Staff: registered (also row by row in batches) by the admins above the centre, the centre's manager and an
/// integration in scope; read (with their archive) by the same, and by the staff member themself (trainee, mentor);
/// listed per centre by the same minus the staff member; changed (profile, transfer — both ends —, leave, departure)
/// by the admins above and the centre manager only.</item>
/// <item>Catalogue (frameworks, courses, question banks): read by every role; written by region and county admins
/// (the training officers who define it); question items carry the answer key and are read by those admins only.</item>
/// <item>Audit records: region and county admins for what they administer and for the catalogue; a centre manager for
/// their centre and its staff.</item>
/// <item>Kiosks: registered, read, listed, changed, given credentials and revoked by the admins above the kiosk's
/// centre and that centre's manager; a kiosk reads only itself.</item>
/// <item>Check-in (issue #4, "a kiosk acts only in its own room"): only a kiosk, and only in its own name — a device's
/// record of who stood in front of it; people mark attendance on the batch instead.</item>
/// <item>Course batches (issue #4: "a manager only their centre's"): a batch belongs to the centre that runs it; it is
/// created, changed, run (open, start, complete, cancel), given sessions, enrolled into, withdrawn from, marked and
/// read (with its enrolments, attendance and history) by the admins above that centre and the centre's manager. Staff
/// enrolled must be theirs too: a row naming someone else's staff member is refused on its own. The room display — a
/// kiosk of that centre — reads a session's attendance, live too; the e-learning platform (an integration in scope)
/// reports online completions. A staff member's own enrolments are read like their record: a trainee reads only
/// their own; nobody else's attendance.</item>
/// </list>
/// </remarks>
internal static class AuthorizationExpectations
{
    public const string RegionAdmin = "region-admin";
    public const string CountyAdmin = "county-admin";
    public const string CenterManager = "center-manager";
    public const string Mentor = "mentor";
    public const string Trainee = "trainee";
    public const string Kiosk = "kiosk";
    public const string Integration = "integration";

    /// <summary>A call without any token.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The seven roles of DOMAIN.md, then the caller without a token.</summary>
    public static IReadOnlyList<string> Callers { get; } = [RegionAdmin, CountyAdmin, CenterManager, Mentor, Trainee, Kiosk, Integration, Anonymous];

    private const string Org = "/training.v1.OrganizationService/";
    private const string Staff = "/training.v1.StaffService/";
    private const string Frameworks = "/training.v1.CompetencyFrameworkService/";
    private const string Courses = "/training.v1.CourseService/";
    private const string Banks = "/training.v1.QuestionBankService/";
    private const string Audit = "/training.v1.AuditService/";
    private const string Kiosks = "/training.v1.KioskService/";
    private const string CheckIns = "/training.v1.CheckInService/";
    private const string Batches = "/training.v1.CourseBatchService/";
    private const string Assessments = "/training.v1.AssessmentService/";
    private const string Capability = "/training.v1.CapabilityService/";
    private const string Results = "/training.v1.TrainingResultsService/";
    private const string Practical = "/training.v1.PracticalAssessmentService/";
    private const string Rubrics = "/training.v1.RubricService/";
    private const string Mentors = "/training.v1.MentorService/";

    private static readonly Dictionary<string, May> ReadUnit = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow | May.AtOrAbove,
        [CountyAdmin] = May.AtOrBelow | May.AtOrAbove,
        [CenterManager] = May.AtOrAbove,
        [Mentor] = May.AtOrAbove,
        [Trainee] = May.AtOrAbove,
        [Kiosk] = May.Exactly,
        [Integration] = May.AtOrBelow,
    };

    private static readonly Dictionary<string, May> EveryRole = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.Always,
        [CountyAdmin] = May.Always,
        [CenterManager] = May.Always,
        [Mentor] = May.Always,
        [Trainee] = May.Always,
        [Kiosk] = May.Always,
        [Integration] = May.Always,
    };

    private static readonly Dictionary<string, May> ProvinceOperator = new(StringComparer.Ordinal) { [RegionAdmin] = May.ProvinceWide };

    private static readonly Dictionary<string, May> RegionAdmins = new(StringComparer.Ordinal) { [RegionAdmin] = May.AtOrBelow };

    private static readonly Dictionary<string, May> Admins = new(StringComparer.Ordinal) { [RegionAdmin] = May.AtOrBelow, [CountyAdmin] = May.AtOrBelow };

    private static readonly Dictionary<string, May> RegisterStaff = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow,
        [CountyAdmin] = May.AtOrBelow,
        [CenterManager] = May.Exactly,
        [Integration] = May.AtOrBelow,
    };

    private static readonly Dictionary<string, May> ReadStaff = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow,
        [CountyAdmin] = May.AtOrBelow,
        [CenterManager] = May.Exactly,
        [Integration] = May.AtOrBelow,
        [Mentor] = May.OwnRecord,
        [Trainee] = May.OwnRecord,
    };

    private static readonly Dictionary<string, May> ChangeStaff = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow,
        [CountyAdmin] = May.AtOrBelow,
        [CenterManager] = May.Exactly,
    };

    private static readonly Dictionary<string, May> CatalogueAdmins = new(StringComparer.Ordinal) { [RegionAdmin] = May.Always, [CountyAdmin] = May.Always };

    private static readonly Dictionary<string, May> AuditTrail = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow | May.CatalogueItem,
        [CountyAdmin] = May.AtOrBelow | May.CatalogueItem,
        [CenterManager] = May.Exactly,
    };

    private static readonly Dictionary<string, May> ManageKiosk = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow,
        [CountyAdmin] = May.AtOrBelow,
        [CenterManager] = May.Exactly,
    };

    private static readonly Dictionary<string, May> ReadKiosk = new(ManageKiosk, StringComparer.Ordinal) { [Kiosk] = May.ItselfOnly };

    private static readonly Dictionary<string, May> KioskItself = new(StringComparer.Ordinal) { [Kiosk] = May.ItselfOnly };

    private static readonly Dictionary<string, May> ManageBatch = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow,
        [CountyAdmin] = May.AtOrBelow,
        [CenterManager] = May.Exactly,
    };

    /// <summary>Starting and submitting a quick test: the trainee themself only.</summary>
    private static readonly Dictionary<string, May> TakeQuickTest = new(StringComparer.Ordinal) { [Trainee] = May.OwnRecord };

    /// <summary>Reading attempts: the batch's managers and the trainee whose they are.</summary>
    private static readonly Dictionary<string, May> ReadAttempts = new(ManageBatch, StringComparer.Ordinal) { [Trainee] = May.OwnRecord };

    private static readonly Dictionary<string, May> RoomDisplay = new(ManageBatch, StringComparer.Ordinal) { [Kiosk] = May.Exactly };

    private static readonly Dictionary<string, May> ELearningPlatform = new(ManageBatch, StringComparer.Ordinal) { [Integration] = May.AtOrBelow };

    private static readonly Dictionary<string, May> HotlineSystem = new(StringComparer.Ordinal) { [Integration] = May.AtOrBelow };

    private static readonly Dictionary<string, May> CenterResults = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow,
        [CountyAdmin] = May.AtOrBelow,
        [CenterManager] = May.Exactly,
        [Integration] = May.AtOrBelow,
    };

    /// <summary>Grading a practical assessment (issue #5: "grading by someone who is not an examiner of that batch" is refused): an examiner the batch names, nobody else — not even its manager.</summary>
    private static readonly Dictionary<string, May> ExamineBatch = new(StringComparer.Ordinal) { [Mentor] = May.Examiner };

    /// <summary>Practical results: the batch's managers and examiners, and the trainee whose they are.</summary>
    private static readonly Dictionary<string, May> ReadPracticalResults = new(ManageBatch, StringComparer.Ordinal) { [Mentor] = May.Examiner, [Trainee] = May.OwnRecord };

    /// <summary>Mentors (issue 6: "a manager only their centre's", county admins their county's experts): the admins above the mentor's home and a centre's manager for its staff mentors.</summary>
    private static readonly Dictionary<string, May> ManageMentor = new(StringComparer.Ordinal)
    {
        [RegionAdmin] = May.AtOrBelow,
        [CountyAdmin] = May.AtOrBelow,
        [CenterManager] = May.Exactly,
    };

    /// <summary>A mentor reads (and corrects) only their own record and log.</summary>
    private static readonly Dictionary<string, May> ReadMentor = new(ManageMentor, StringComparer.Ordinal) { [Mentor] = May.OwnMentor };

    /// <summary>Coaching, evaluating and signing off are the mentor's own acts.</summary>
    private static readonly Dictionary<string, May> MentorItself = new(StringComparer.Ordinal) { [Mentor] = May.OwnMentor };

    /// <summary>The coaching log is visible to the mentee (naming themself) and to whoever reads the mentor.</summary>
    private static readonly Dictionary<string, May> CoachingLog = new(ReadMentor, StringComparer.Ordinal) { [Trainee] = May.OwnRecord };

    /// <summary>Every expectation, by full method name.</summary>
    public static IReadOnlyDictionary<string, Expectation> Rows { get; } = new Expectation[]
    {
        new(Org + "CreateRegion", Operation.Create, ProvinceOperator),
        new(Org + "GetRegion", Operation.Read, ReadUnit),
        new(Org + "ListRegions", Operation.List, EveryRole) { ItemsReadBy = Org + "GetRegion" },
        new(Org + "UpdateRegion", Operation.Change, RegionAdmins),
        new(Org + "CreateCounty", Operation.Create, RegionAdmins),
        new(Org + "GetCounty", Operation.Read, ReadUnit),
        new(Org + "ListCounties", Operation.List, ReadUnit) { ItemsReadBy = Org + "GetCounty" },
        new(Org + "UpdateCounty", Operation.Change, RegionAdmins),
        new(Org + "CreateCenter", Operation.Create, Admins),
        new(Org + "GetCenter", Operation.Read, ReadUnit),
        new(Org + "ListCenters", Operation.List, ReadUnit) { ItemsReadBy = Org + "GetCenter" },
        new(Org + "UpdateCenter", Operation.Change, Admins),
        new(Org + "ArchiveCenter", Operation.Change, Admins),

        new(Staff + "CreateStaffMember", Operation.Create, RegisterStaff),
        new(Staff + "BatchCreateStaffMembers", Operation.CreateRowByRow, RegisterStaff),
        new(Staff + "ImportStaffMembers", Operation.CreateRowByRow, RegisterStaff),
        new(Staff + "GetStaffMember", Operation.Read, ReadStaff),
        new(Staff + "ListStaffMembers", Operation.List, new Dictionary<string, May>(RegisterStaff, StringComparer.Ordinal)),
        new(Staff + "UpdateStaffMember", Operation.Change, ChangeStaff),
        new(Staff + "TransferStaffMember", Operation.Change, ChangeStaff),
        new(Staff + "StartStaffLeave", Operation.Change, ChangeStaff),
        new(Staff + "EndStaffLeave", Operation.Change, ChangeStaff),
        new(Staff + "DepartStaffMember", Operation.Change, ChangeStaff),
        new(Staff + "ListStaffMemberHistory", Operation.Read, ReadStaff),
        new(Staff + "StreamStaffMemberHistory", Operation.Read, ReadStaff),

        new(Frameworks + "CreateFramework", Operation.Create, CatalogueAdmins),
        new(Frameworks + "GetFramework", Operation.Read, EveryRole),
        new(Frameworks + "ListFrameworks", Operation.List, EveryRole),
        new(Frameworks + "UpdateFramework", Operation.Change, CatalogueAdmins),
        new(Frameworks + "CreateCompetency", Operation.Create, CatalogueAdmins),
        new(Frameworks + "UpdateCompetency", Operation.Change, CatalogueAdmins),
        new(Frameworks + "RetireCompetency", Operation.Change, CatalogueAdmins),
        new(Frameworks + "PublishFramework", Operation.Change, CatalogueAdmins),

        new(Courses + "CreateCourse", Operation.Create, CatalogueAdmins),
        new(Courses + "GetCourse", Operation.Read, EveryRole),
        new(Courses + "ListCourses", Operation.List, EveryRole),
        new(Courses + "UpdateCourse", Operation.Change, CatalogueAdmins),
        new(Courses + "ArchiveCourse", Operation.Change, CatalogueAdmins),

        new(Banks + "CreateQuestionBank", Operation.Create, CatalogueAdmins),
        new(Banks + "GetQuestionBank", Operation.Read, EveryRole),
        new(Banks + "ListQuestionBanks", Operation.List, EveryRole),
        new(Banks + "UpdateQuestionBank", Operation.Change, CatalogueAdmins),
        new(Banks + "CreateQuestionItem", Operation.Create, CatalogueAdmins),
        new(Banks + "ReviseQuestionItem", Operation.Change, CatalogueAdmins),
        new(Banks + "RetireQuestionItem", Operation.Change, CatalogueAdmins),
        new(Banks + "GetQuestionItem", Operation.Read, CatalogueAdmins),
        new(Banks + "ListQuestionItems", Operation.List, CatalogueAdmins),

        new(Audit + "ListAuditRecords", Operation.Read, AuditTrail),

        // Kiosks (issue #3, requirement 2), by the method names KioskService was specified with.
        new(Kiosks + "RegisterKiosk", Operation.Create, ManageKiosk),
        new(Kiosks + "GetKiosk", Operation.Read, ReadKiosk),
        new(Kiosks + "ListKiosks", Operation.List, ManageKiosk) { ItemsReadBy = Kiosks + "GetKiosk" },
        new(Kiosks + "UpdateKiosk", Operation.Change, ManageKiosk),
        new(Kiosks + "IssueKioskCredential", Operation.Change, ManageKiosk),
        new(Kiosks + "RevokeKiosk", Operation.Change, ManageKiosk),

        // Check-in (issue #4, requirement 5): the request names the kiosk; only that kiosk sends it.
        new(CheckIns + "CheckIn", Operation.Change, KioskItself),
        new(CheckIns + "ReplayCheckIns", Operation.Change, KioskItself),

        // Course batches (issue #4).
        new(Batches + "CreateCourseBatch", Operation.Create, ManageBatch),
        new(Batches + "GetCourseBatch", Operation.Read, ManageBatch),
        new(Batches + "ListCourseBatches", Operation.List, ManageBatch),
        new(Batches + "UpdateCourseBatch", Operation.Change, ManageBatch),
        new(Batches + "OpenCourseBatchEnrolment", Operation.Change, ManageBatch),
        new(Batches + "StartCourseBatch", Operation.Change, ManageBatch),
        new(Batches + "CompleteCourseBatch", Operation.Change, ManageBatch),
        new(Batches + "CancelCourseBatch", Operation.Change, ManageBatch),
        new(Batches + "CreateSession", Operation.Create, ManageBatch),
        new(Batches + "UpdateSession", Operation.Change, ManageBatch),
        new(Batches + "CancelSession", Operation.Change, ManageBatch),
        new(Batches + "CloseSession", Operation.Change, ManageBatch),
        new(Batches + "EnrolStaffMembers", Operation.ChangeRowByRow, ManageBatch),
        new(Batches + "WithdrawStaffMember", Operation.Change, ManageBatch),
        new(Batches + "ListEnrolments", Operation.Read, ManageBatch),
        new(Batches + "ListStaffMemberEnrolments", Operation.Read, ReadStaff),
        new(Batches + "RecordAttendance", Operation.Change, ManageBatch),
        new(Batches + "RecordOnlineCompletion", Operation.Change, ELearningPlatform),
        new(Batches + "GetSessionAttendance", Operation.Read, RoomDisplay),
        new(Batches + "StreamSessionAttendance", Operation.Read, RoomDisplay),
        new(Batches + "GetCourseBatchAttendance", Operation.Read, ManageBatch),
        new(Batches + "BookMakeUpSession", Operation.Change, ManageBatch),
        new(Batches + "ListCourseBatchHistory", Operation.Read, ManageBatch),
        new(Assessments + "SetStageAssessment", Operation.Change, ManageBatch),
        new(Assessments + "StartAttempt", Operation.Change, TakeQuickTest),
        new(Assessments + "GetAttempt", Operation.Read, ReadAttempts),
        new(Assessments + "SubmitAttempt", Operation.Change, TakeQuickTest),
        new(Assessments + "ListAttempts", Operation.Read, ReadAttempts),
        new(Assessments + "GetStageResults", Operation.Read, ManageBatch),

        // Capability profiles, satisfaction, outcomes, archive (issue #5: "a trainee reads only their own records, a
        // manager only their centre's"; satisfaction results "recorded ... by a third-party system").
        new(Capability + "GetCapabilityProfile", Operation.Read, ReadStaff),
        new(Capability + "GetCapabilityTrajectory", Operation.Read, ReadStaff),
        new(Capability + "StreamCapabilityProfile", Operation.Read, ReadStaff),
        new(Capability + "ExportStaffArchive", Operation.Read, ReadStaff),
        new(Capability + "RecordSatisfactionResult", Operation.Change, HotlineSystem),
        new(Capability + "GetPostProfile", Operation.Read, EveryRole),
        new(Capability + "ListPostProfiles", Operation.List, EveryRole),
        new(Capability + "UpdatePostProfile", Operation.Change, CatalogueAdmins),
        new(Capability + "DeletePostProfile", Operation.Change, CatalogueAdmins),
        new(Capability + "RecordOutcomeIndicator", Operation.Change, CenterResults),
        new(Capability + "ListOutcomeIndicators", Operation.Read, CenterResults),

        // Training results (issue #5, requirement 7): the trainee answers their own stage survey, nobody for them; a
        // batch's answers and figures are read by whoever manages it; a centre's figures by its manager and the admins
        // above ("centre managers their centre's reports, county/region admins their scope").
        new(Results + "AnswerSurvey", Operation.Change, TakeQuickTest),
        new(Results + "ListSurveyResponses", Operation.Read, ManageBatch),
        new(Results + "GetCourseBatchResults", Operation.Read, ManageBatch),
        new(Results + "GetCenterResults", Operation.Read, ManageBatch),
        // Follow-ups (requirement 8): "due and overdue follow-ups are listed per centre" for its manager and the admins
        // above; a staff member's own are read like their record; the re-test is taken by the trainee themself only.
        new(Results + "ListFollowUps", Operation.Read, ManageBatch),
        new(Results + "ListStaffMemberFollowUps", Operation.Read, ReadStaff),
        new(Results + "StartFollowUp", Operation.Change, TakeQuickTest),
        // Practical assessments (issue #5, requirement 2): set like the batch is managed; graded only by an examiner of
        // that batch; results read by its managers and examiners and by the trainee (own only). Rubrics are catalogue.
        new(Practical + "SetPracticalAssessment", Operation.Change, ManageBatch),
        new(Practical + "GradePracticalAssessment", Operation.Change, ExamineBatch),
        new(Practical + "ListPracticalGrades", Operation.Read, ReadPracticalResults),
        new(Rubrics + "CreateRubric", Operation.Create, CatalogueAdmins),
        new(Rubrics + "GetRubric", Operation.Read, EveryRole),
        new(Rubrics + "ListRubrics", Operation.List, EveryRole),
        new(Rubrics + "UpdateRubric", Operation.Change, CatalogueAdmins),
        // Mentors (issue 6): "a mentor reads and writes only for their own mentees, a manager only their centre's".
        new(Mentors + "CreateMentor", Operation.Create, ManageMentor),
        new(Mentors + "GetMentor", Operation.Read, ReadMentor),
        new(Mentors + "ListMentors", Operation.List, ManageMentor),
        new(Mentors + "UpdateMentor", Operation.Change, ManageMentor),
        new(Mentors + "DeactivateMentor", Operation.Change, ManageMentor),
        new(Mentors + "GetMentorWorkload", Operation.Read, ReadMentor),
        new(Mentors + "ListMentees", Operation.Read, ReadMentor),
        new(Mentors + "AssignMentor", Operation.Change, ManageBatch),
        new(Mentors + "ReleaseMentor", Operation.Change, ManageBatch),
        new(Mentors + "ListMentorships", Operation.Read, ManageBatch),
        new(Mentors + "SuggestMentors", Operation.Read, ManageBatch),
        new(Mentors + "LogCoachingSession", Operation.Create, MentorItself),
        new(Mentors + "CorrectCoachingSession", Operation.Change, ReadMentor),
        new(Mentors + "ListCoachingSessions", Operation.Read, CoachingLog),
        new(Mentors + "RecordMentorEvaluation", Operation.Create, MentorItself),
        new(Mentors + "SignOffOnTheJob", Operation.Change, MentorItself),
        new(Mentors + "WithdrawOnTheJobSignOff", Operation.Change, MentorItself),
        new(Mentors + "GetCenterMentoringWorkload", Operation.Read, ManageMentor),
        new(Mentors + "ReactivateMentor", Operation.Change, ManageMentor),
        new(Mentors + "ListMentorEvaluations", Operation.Read, CoachingLog),
    }.ToDictionary(e => e.Method, StringComparer.Ordinal);

    /// <summary>The expectation of <paramref name="method"/>, or null when none was written (the matrix fails for it).</summary>
    public static Expectation? Find(string method) => Rows.GetValueOrDefault(method);

    /// <summary>
    /// What should happen when <paramref name="role"/>, scoped around <paramref name="anchor"/>, calls
    /// <paramref name="method"/> about <paramref name="targets"/> (every one must be allowed).
    /// </summary>
    public static Verdict Decide(string method, string role, Anchor anchor, IReadOnlyList<Resource> targets)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(targets);
        if (role == Anonymous)
        {
            return Verdict.Unauthenticated;
        }

        var row = Find(method) ?? throw new InvalidOperationException($"{method} has no expectation in {nameof(AuthorizationExpectations)}.");
        if (!row.Rules.TryGetValue(role, out var may))
        {
            return Verdict.RoleNotPermitted;
        }

        var scope = anchor.ScopeOf(role);
        var allowed = targets.All(t => Allows(may, scope, t));
        return (allowed, row.Operation) switch
        {
            (true, _) => Verdict.Allowed,
            (false, Operation.CreateRowByRow) => Verdict.RowDenied,
            (false, Operation.ChangeRowByRow) when targets.Count > 0 && Allows(may, scope, targets[0]) => Verdict.RowDenied,
            _ => Verdict.OutOfScope,
        };
    }

    /// <summary>Whether <paramref name="role"/> around <paramref name="anchor"/> may read <paramref name="item"/> with <paramref name="readMethod"/> (what a list may show).</summary>
    public static bool MayRead(string readMethod, string role, Anchor anchor, Resource item) =>
        Decide(readMethod, role, anchor, [item]) == Verdict.Allowed;

    /// <summary>True when <paramref name="name"/> is <paramref name="scope"/> or lies below it (whole segments).</summary>
    public static bool IsAtOrBelow(string name, string scope) =>
        scope == "*" || name == scope || (name.Length > scope.Length && name.StartsWith(scope, StringComparison.Ordinal) && name[scope.Length] == '/');

    private static bool Allows(May may, Scope scope, Resource target)
    {
        if (may.HasFlag(May.Always) || (may.HasFlag(May.ProvinceWide) && scope.Unit == "*"))
        {
            return true;
        }

        if ((may.HasFlag(May.CatalogueItem) && target.Kind == ResourceKind.Catalogue)
            || (may.HasFlag(May.OwnRecord) && target.Kind == ResourceKind.StaffMember && target.Name == scope.Staff)
            || (may.HasFlag(May.OwnRecord) && target.Staff is not null && target.Staff == scope.Staff)
            || (may.HasFlag(May.ItselfOnly) && target.Kind == ResourceKind.Kiosk && target.Name == scope.Kiosk)
            || (may.HasFlag(May.Examiner) && scope.Mentor is not null && target.Examiners is not null && target.Examiners.Contains(scope.Mentor))
            || (may.HasFlag(May.OwnMentor) && target.Mentor is not null && target.Mentor == scope.Mentor))
        {
            return true;
        }

        if (target.Place is not { } place || scope.Unit is not { } unit)
        {
            return false;
        }

        return (may.HasFlag(May.AtOrBelow) && IsAtOrBelow(place, unit))
            || (may.HasFlag(May.AtOrAbove) && IsAtOrBelow(unit, place))
            || (may.HasFlag(May.Exactly) && place == unit);
    }
}

/// <summary>How a role's scope must relate to a call's target; flags combine with "or".</summary>
[Flags]
internal enum May
{
    /// <summary>Not even with a scope.</summary>
    Never = 0,

    /// <summary>Whatever the target.</summary>
    Always = 1,

    /// <summary>Only with the province-wide scope <c>*</c>.</summary>
    ProvinceWide = 2,

    /// <summary>The target's place is the role's scope or lies below it: the caller administers it.</summary>
    AtOrBelow = 4,

    /// <summary>The target's place is the role's scope or one of its ancestors: where the caller belongs.</summary>
    AtOrAbove = 8,

    /// <summary>The target's place is exactly the role's scope.</summary>
    Exactly = 16,

    /// <summary>The target is the caller's own staff record.</summary>
    OwnRecord = 32,

    /// <summary>The target is the calling kiosk itself.</summary>
    ItselfOnly = 64,

    /// <summary>The target is a catalogue resource.</summary>
    CatalogueItem = 128,

    /// <summary>The target is a course batch (or a trainee in it) whose examiners include the caller's mentor name.</summary>
    Examiner = 256,

    /// <summary>The target is the caller's own mentor record or something of it (log, evaluations, sign-offs).</summary>
    OwnMentor = 512,
}

/// <summary>What an RPC does, as far as the matrix cares.</summary>
internal enum Operation
{
    Read,
    List,
    Create,
    Change,

    /// <summary>A batch (or import stream) of creates: admitted by role, then each row allowed or refused on its own.</summary>
    CreateRowByRow,

    /// <summary>
    /// A change of one resource (the call's first target; refused whole when out of scope) by rows about others (the
    /// remaining targets), each allowed or refused on its own: staff enrolled in a course batch.
    /// </summary>
    ChangeRowByRow,
}

/// <summary>What the matrix expects of a call.</summary>
internal enum Verdict
{
    /// <summary>Answered (OK for the valid requests the matrix sends).</summary>
    Allowed,

    /// <summary>No token: Unauthenticated (TOKEN_MISSING).</summary>
    Unauthenticated,

    /// <summary>The role may not call the RPC at all: PermissionDenied (ROLE_NOT_PERMITTED).</summary>
    RoleNotPermitted,

    /// <summary>The role may call the RPC, but not about this target: PermissionDenied (OUT_OF_SCOPE).</summary>
    OutOfScope,

    /// <summary>A batch is answered, but its row about this target is PERMISSION_DENIED and nothing is registered.</summary>
    RowDenied,
}

/// <summary>One expectation row.</summary>
/// <param name="Method">The full method name.</param>
/// <param name="Operation">What the RPC does.</param>
/// <param name="Rules">Role → what the role's scope must be to the target.</param>
internal sealed record Expectation(string Method, Operation Operation, IReadOnlyDictionary<string, May> Rules)
{
    /// <summary>For lists of scoped resources: the Get whose rules decide which items the caller may see.</summary>
    public string? ItemsReadBy { get; init; }
}

internal enum ResourceKind
{
    /// <summary>No particular resource (ListRegions, CreateRegion, catalogue lists and creates).</summary>
    Collection,
    Unit,
    StaffMember,
    Catalogue,
    Kiosk,

    /// <summary>A course batch or one of its sessions, placed at the centre that runs the batch.</summary>
    Batch,

    /// <summary>A mentor (or its log, mentees, evaluations), placed at its home centre or county.</summary>
    Mentor,
}

/// <summary>A resource a call is about, placed in the region → county → centre hierarchy.</summary>
/// <param name="Place">An org unit's own name, a staff member's or kiosk's centre; null outside the hierarchy.</param>
/// <param name="Staff">For a trainee's resource in a batch (a quick-test attempt), the trainee (their own record for <see cref="May.OwnRecord"/>).</param>
/// <param name="Examiners">For a batch whose examiners matter (practical gradings), the examiners it names (<see cref="May.Examiner"/>).</param>
internal sealed record Resource(ResourceKind Kind, string Name, string? Place, string? Staff = null, IReadOnlyList<string>? Examiners = null)
{
    /// <summary>For a mentor's resource, the mentor (their own for <see cref="May.OwnMentor"/>).</summary>
    public string? Mentor { get; init; }

    /// <summary>A mentor at its home unit; with <paramref name="mentee"/> when the call is about that mentee.</summary>
    public static Resource MentorItem(string name, string home, string? mentee = null) => new(ResourceKind.Mentor, name, home, mentee) { Mentor = name };

    public static Resource Collection { get; } = new(ResourceKind.Collection, string.Empty, null);

    public static Resource Unit(string name) => new(ResourceKind.Unit, name, name);

    public static Resource StaffMember(string name, string center) => new(ResourceKind.StaffMember, name, center);

    public static Resource Catalogue(string name) => new(ResourceKind.Catalogue, name, null);

    /// <summary>A course batch (<c>…/centers/{center}/batches/{batch}</c>) or one of its sessions, placed at that centre.</summary>
    public static Resource Batch(string name) =>
        new(ResourceKind.Batch, name, name.Contains("/batches/", StringComparison.Ordinal) ? name[..name.IndexOf("/batches/", StringComparison.Ordinal)] : null);

    /// <summary>A trainee's quick-test attempt(s) in a batch: placed like the batch, owned by the trainee.</summary>
    public static Resource Attempt(string batchName, string staffName) => Batch(batchName) with { Staff = staffName };

    public static Resource Kiosk(string name) =>
        new(ResourceKind.Kiosk, name, name.Contains("/kiosks/", StringComparison.Ordinal) ? name[..name.IndexOf("/kiosks/", StringComparison.Ordinal)] : null);
}

/// <summary>
/// Where the caller sits: every role's token is scoped around one centre. A region admin holds the centre's region, a
/// county admin and an integration its county, the centre-level roles the centre (trainee and mentor also a staff
/// record, the kiosk its kiosk name; the mentor also the mentor name they examine under).
/// </summary>
internal sealed record Anchor(string Region, string County, string Center, string Staff, string Kiosk, string? Mentor = null)
{
    /// <summary>The scope of <paramref name="role"/> as its token carries it.</summary>
    public Scope ScopeOf(string role) => role switch
    {
        AuthorizationExpectations.RegionAdmin => new(Region, null, null),
        AuthorizationExpectations.CountyAdmin or AuthorizationExpectations.Integration => new(County, null, null),
        AuthorizationExpectations.Mentor => new(Center, Staff, null, Mentor),
        AuthorizationExpectations.Trainee => new(Center, Staff, null),
        AuthorizationExpectations.Kiosk => new(Center, null, Kiosk),
        _ => new(Center, null, null),
    };
}

/// <summary>A role's scope: the org unit it is about, and for some roles the caller's own staff record, kiosk or mentor name.</summary>
internal sealed record Scope(string? Unit, string? Staff, string? Kiosk, string? Mentor = null);
