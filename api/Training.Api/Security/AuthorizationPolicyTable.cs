using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using static Training.Api.Security.Roles;
using static Training.Api.Security.ScopeRule;

namespace Training.Api.Security;

/// <summary>
/// Who may call what, on whose resources: one row per RPC (role × operation × scope), enforced for gRPC, gRPC-Web and
/// HTTP/JSON alike by <see cref="AuthorizationInterceptor"/> before the service method runs. An RPC without a row is
/// refused (fail closed); a unit test checks that every RPC of every training.v1 service has one. A new RPC gets its
/// row here, in the same change.
/// </summary>
/// <remarks>
/// Scopes are resource names and "in scope" is a prefix test (<see cref="ResourceScope"/>). Rules per role:
/// <list type="bullet">
/// <item>Organisation: CreateRegion needs region-admin with <c>*</c>; a region is changed by its region-admin, a county
/// by the region-admin above it, a centre by the region- or county-admin above it. Any staff role may read the units
/// its scope lies in (its own and its ancestors); admins also read everything below them; a kiosk reads its own centre,
/// an integration its scope. Lists need read access to the parent and show only what the caller may read.</item>
/// <item>Staff: registered by admins above the centre, its centre manager, or an integration in scope (batch rows are
/// checked one by one); read by the same plus the staff member themself (trainee, mentor); changed by admins above and
/// the centre manager (a transfer needs scope over the destination too).</item>
/// <item>Catalogue: read by every role; written by region- and county-admins; question items (which carry the answer
/// key) read by admins only.</item>
/// <item>Kiosks: registered, listed, read, changed, re-credentialed and revoked by admins above the centre and its
/// centre manager; a kiosk reads only itself. A kiosk's device token otherwise reads its own centre and the catalogue,
/// nothing else, and only while it is the kiosk's current credential (checked before the policy).</item>
/// <item>Check-in: only a kiosk, with its own device token and its own name in the request (<c>OwnKiosk</c>): a check-in
/// is a device's record of who stood in front of it, so nobody else sends one — not a centre manager, not an admin (a
/// manager marks attendance on the batch instead). Which session and room the record goes to is the check-in desk's
/// and the batch's business (a kiosk of another room gets WRONG_ROOM or NO_SESSION_IN_ROOM, not a write).</item>
/// <item>Course batches: created, changed, opened, started, completed and cancelled, their sessions scheduled, moved,
/// cancelled and closed, staff enrolled and withdrawn, attendance recorded and make-ups booked by the admins above the
/// batch's host centre and that centre's manager (a batch or session is placed at its host centre, the parent of its
/// name); enrolment rows are also checked one by one against the centre each staff member is registered at. The
/// batch, its enrolments, attendance and history are read by the same; a session's attendance (get and stream) also by
/// a kiosk of the host centre (the room display); an online completion also by an integration in scope (the e-learning
/// platform). A staff member's own enrolments are read like the staff member (the trainee themself included).</item>
/// <item>Assessments: a stage's quick test is set, and a batch's stage results read, like the batch is managed. A quick
/// test is started and submitted by the trainee themself only; attempts are read by the trainee and by whoever manages
/// the batch (an attempt's batch and trainee are read from its name). Kiosks take no quick tests yet.</item>
/// <item>Practical assessments (issue 5): a stage's practical assessment is set like the batch is managed; a trainee
/// is graded only by an examiner of the batch — a mentor token whose mentor claim is one of the examiners the batch
/// names (<c>Examiner</c>; the batch also refuses an examiner of another stage); gradings and results are read by
/// whoever manages the batch, its examiners, and the trainee (their own only). Rubrics are catalogue.</item>
/// <item>Capability (issue 5): a staff member's capability profile (now, as of a date, trajectory, live) and their
/// archive export are read like the staff member (the trainee themself included: Self); residents' satisfaction results
/// are recorded by the third-party system, an integration within its scope, against staff it may reach; post profiles
/// are catalogue (read by every role, written by region- and county-admins); a centre's outcome indicators are recorded
/// and read by the admins above it, its manager, and an integration in scope. The plain HTTP archive downloads
/// (/v1/staff/{id}/archive.csv|json) are decided by ExportStaffArchive's row (<see cref="AuthorizationInterceptor.AuthorizeHttpAsync"/>).</item>
/// <item>Training results (issue 5, requirements 7 and 8): a stage's feedback survey is answered by the trainee themself
/// only (like a quick test); a batch's answers and four-level results are read like the batch is managed; a centre's
/// four-level results and its due and overdue follow-ups by the admins above it and its manager; a staff member's
/// follow-ups like the staff member (the trainee themself included); a follow-up's re-test is started by the trainee
/// themself only (its batch and trainee are read from its name).</item>
/// <item>Mentors (issue 6): registered, listed, changed and deactivated by the admins above the mentor's home unit (a
/// staff mentor's centre, an external expert's county) and a centre's manager for its staff mentors; read (with their
/// mentees and workload) by the same and the mentor themself (<c>OwnMentor</c>, the <c>mentor</c> claim). Assignments,
/// suggestions and a batch's mentorships (orphans included) are managed like the batch. Coaching sessions are logged, evaluations recorded
/// and on-the-job practice signed off (and withdrawn) by the mentor themself only — whether the trainee is their mentee
/// is the batch's and the mentor grain's rule (FAILED_PRECONDITION otherwise); a coaching log is corrected by the
/// mentor or whoever manages them, and read by them and by a trainee who names themself as the mentee.</item>
/// <item>Audit: region- and county-admins for what lies in their scope and for the catalogue; a centre manager for
/// their centre, its staff and its kiosks.</item>
/// </list>
/// </remarks>
public static class AuthorizationPolicyTable
{
    /// <summary>Reading a region, county or centre: your own unit and its ancestors; admins also below them.</summary>
    private static readonly Dictionary<string, ScopeRule> ReadUnit = new()
    {
        [RegionAdmin] = Within | Lineage,
        [CountyAdmin] = Within | Lineage,
        [CenterManager] = Lineage,
        [Roles.Mentor] = Lineage,
        [Trainee] = Lineage,
        [Roles.Kiosk] = Exact,
        [Integration] = Within,
    };

    /// <summary>Registering staff at a centre.</summary>
    private static readonly Dictionary<string, ScopeRule> RegisterStaff = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
        [Integration] = Within,
    };

    /// <summary>Reading a staff member (and their history).</summary>
    private static readonly Dictionary<string, ScopeRule> ReadStaff = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
        [Integration] = Within,
        [Trainee] = Self,
        [Roles.Mentor] = Self,
    };

    /// <summary>Listing a centre's staff.</summary>
    private static readonly Dictionary<string, ScopeRule> ListStaff = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
        [Integration] = Within,
    };

    /// <summary>Changing a staff member.</summary>
    private static readonly Dictionary<string, ScopeRule> ChangeStaff = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
    };

    /// <summary>Registering, listing and managing a centre's kiosks.</summary>
    private static readonly Dictionary<string, ScopeRule> ManageKiosks = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
    };

    /// <summary>Reading a kiosk: whoever manages it, and the kiosk itself.</summary>
    private static readonly Dictionary<string, ScopeRule> ReadKiosk = new(ManageKiosks) { [Roles.Kiosk] = OwnKiosk };

    /// <summary>Checking trainees in: the kiosk itself, nobody else.</summary>
    private static readonly Dictionary<string, ScopeRule> KioskCheckIn = new() { [Roles.Kiosk] = OwnKiosk };
    /// <summary>Managing a course batch (and reading it): the admins above its host centre and that centre's manager.</summary>
    private static readonly Dictionary<string, ScopeRule> ManageBatch = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
    };

    /// <summary>Reading a session's attendance: whoever manages the batch, and a kiosk of its host centre (the room display).</summary>
    private static readonly Dictionary<string, ScopeRule> ReadSessionAttendance = new(ManageBatch) { [Roles.Kiosk] = Exact };

    /// <summary>Recording an online completion: whoever manages the batch, and an integration in scope (the e-learning platform).</summary>
    private static readonly Dictionary<string, ScopeRule> RecordCompletion = new(ManageBatch) { [Integration] = Within };

    /// <summary>Starting and submitting a quick test: the trainee themself, nobody else (a manager does not answer for a trainee).</summary>
    private static readonly Dictionary<string, ScopeRule> TakeQuickTest = new() { [Trainee] = Self };

    /// <summary>Reading quick-test attempts: whoever manages the batch, and the trainee whose attempts they are.</summary>
    private static readonly Dictionary<string, ScopeRule> ReadAttempts = new(ManageBatch) { [Trainee] = Self };

    /// <summary>Grading a practical assessment: an examiner of the batch (a mentor token whose mentor claim the batch names), nobody else.</summary>
    private static readonly Dictionary<string, ScopeRule> GradePractical = new() { [Roles.Mentor] = Examiner };

    /// <summary>Reading practical gradings and results: whoever manages the batch, its examiners, and the trainee whose they are.</summary>
    private static readonly Dictionary<string, ScopeRule> ReadPractical = new(ManageBatch) { [Roles.Mentor] = Examiner, [Trainee] = Self };

    /// <summary>Recording residents' satisfaction results: the third-party system (an integration) within its scope.</summary>
    private static readonly Dictionary<string, ScopeRule> RecordSatisfaction = new() { [Integration] = Within };

    /// <summary>Recording and reading a centre's outcome indicators: the admins above it, its manager, and an integration in scope.</summary>
    private static readonly Dictionary<string, ScopeRule> CenterOutcomes = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
        [Integration] = Within,
    };

    /// <summary>Reading a centre's four-level results: the admins above it and its manager.</summary>
    private static readonly Dictionary<string, ScopeRule> CenterResults = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
    };

    /// <summary>Registering, listing and changing mentors: the admins above the mentor's home unit (centre or county) and a centre's manager for its staff mentors.</summary>
    private static readonly Dictionary<string, ScopeRule> ManageMentors = new()
    {
        [RegionAdmin] = Within,
        [CountyAdmin] = Within,
        [CenterManager] = Exact,
    };

    /// <summary>Reading a mentor and their mentees (and correcting their coaching log): whoever manages them, and the mentor themself.</summary>
    private static readonly Dictionary<string, ScopeRule> ReadMentor = new(ManageMentors) { [Roles.Mentor] = OwnMentor };

    /// <summary>Logging coaching, evaluating, signing off: the mentor themself, nobody else.</summary>
    private static readonly Dictionary<string, ScopeRule> MentorItself = new() { [Roles.Mentor] = OwnMentor };

    /// <summary>
    /// Reading a coaching log: whoever reads the mentor, a trainee for the sessions they were in, and the trainee's centre
    /// manager for that trainee's sessions with any mentor, a county expert too (each of the last two when the request
    /// names the mentee).
    /// </summary>
    private static readonly Dictionary<string, ScopeRule> ReadCoachingLog = new(ReadMentor) { [Trainee] = Self, [CenterManager] = Exact | MenteeCenter };

    /// <summary>Reading the catalogue: every role.</summary>
    private static readonly Dictionary<string, ScopeRule> ReadCatalogue = Roles.All.ToDictionary(r => r, _ => Anywhere);

    /// <summary>Writing the catalogue, and reading question items (they carry the answer key).</summary>
    private static readonly Dictionary<string, ScopeRule> CatalogueAdmins = new() { [RegionAdmin] = Anywhere, [CountyAdmin] = Anywhere };

    /// <summary>Every row, by full method name.</summary>
    public static FrozenDictionary<string, PolicyRow> Rows { get; } = Build().ToFrozenDictionary(r => r.Method, StringComparer.Ordinal);

    /// <summary>The row of <paramref name="method"/> (e.g. <c>/training.v1.StaffService/GetStaffMember</c>), or null: refused.</summary>
    public static PolicyRow? Find(string method) => Rows.GetValueOrDefault(method);

    /// <summary>The full method name of an RPC of <paramref name="service"/>; throws for a name the service lacks.</summary>
    public static string MethodName(ServiceDescriptor service, string rpc)
    {
        ArgumentNullException.ThrowIfNull(service);
        var method = service.FindMethodByName(rpc) ?? throw new InvalidOperationException($"{service.FullName} has no RPC {rpc}.");
        return $"/{service.FullName}/{method.Name}";
    }

    private static IEnumerable<PolicyRow> Build()
    {
        var org = OrganizationService.Descriptor;
        yield return Row(org, "CreateRegion", OperationKind.Create, new() { [RegionAdmin] = ProvinceWide });
        yield return Row(org, "GetRegion", OperationKind.Read, ReadUnit, Unit<GetRegionRequest>(r => r.Name));
        yield return Row(org, "ListRegions", OperationKind.List, ReadUnit.Keys.ToDictionary(r => r, _ => Anywhere)) with
        {
            Filter = ListFilter.Items<ListRegionsResponse, Region>(MethodName(org, "GetRegion"), r => r.Regions, r => r.Name),
        };
        yield return Row(org, "UpdateRegion", OperationKind.Update, new() { [RegionAdmin] = Within }, Unit<UpdateRegionRequest>(r => r.Region?.Name));
        yield return Row(org, "CreateCounty", OperationKind.Create, new() { [RegionAdmin] = Within }, Unit<CreateCountyRequest>(r => r.Parent));
        yield return Row(org, "GetCounty", OperationKind.Read, ReadUnit, Unit<GetCountyRequest>(r => r.Name));
        yield return Row(org, "ListCounties", OperationKind.List, ReadUnit, Unit<ListCountiesRequest>(r => r.Parent)) with
        {
            Filter = ListFilter.Items<ListCountiesResponse, County>(MethodName(org, "GetCounty"), r => r.Counties, c => c.Name),
        };
        yield return Row(org, "UpdateCounty", OperationKind.Update, new() { [RegionAdmin] = Within }, Unit<UpdateCountyRequest>(r => r.County?.Name));
        yield return Row(org, "CreateCenter", OperationKind.Create, new() { [RegionAdmin] = Within, [CountyAdmin] = Within }, Unit<CreateCenterRequest>(r => r.Parent));
        yield return Row(org, "GetCenter", OperationKind.Read, ReadUnit, Unit<GetCenterRequest>(r => r.Name));
        yield return Row(org, "ListCenters", OperationKind.List, ReadUnit, Unit<ListCentersRequest>(r => r.Parent)) with
        {
            Filter = ListFilter.Items<ListCentersResponse, Center>(MethodName(org, "GetCenter"), r => r.Centers, c => c.Name),
        };
        yield return Row(org, "UpdateCenter", OperationKind.Update, new() { [RegionAdmin] = Within, [CountyAdmin] = Within }, Unit<UpdateCenterRequest>(r => r.Center?.Name));
        yield return Row(org, "ArchiveCenter", OperationKind.Update, new() { [RegionAdmin] = Within, [CountyAdmin] = Within }, Unit<ArchiveCenterRequest>(r => r.Name));

        var staff = StaffService.Descriptor;
        yield return Row(staff, "CreateStaffMember", OperationKind.Create, RegisterStaff, Unit<CreateStaffMemberRequest>(r => r.StaffMember?.Center));
        yield return Row(staff, "BatchCreateStaffMembers", OperationKind.Batch, RegisterStaff) with { RowsScoped = true };
        yield return Row(staff, "ImportStaffMembers", OperationKind.Batch, RegisterStaff) with { RowsScoped = true };
        yield return Row(staff, "GetStaffMember", OperationKind.Read, ReadStaff, StaffMember<GetStaffMemberRequest>(r => r.Name));
        yield return Row(staff, "ListStaffMembers", OperationKind.List, ListStaff, Unit<ListStaffMembersRequest>(r => r.Parent));
        yield return Row(staff, "UpdateStaffMember", OperationKind.Update, ChangeStaff, StaffMember<UpdateStaffMemberRequest>(r => r.StaffMember?.Name));
        yield return Row(staff, "TransferStaffMember", OperationKind.Update, ChangeStaff, async (request, locator) =>
        {
            var transfer = (TransferStaffMemberRequest)request;
            return [await LocateStaff(transfer.Name, locator), Target.Unit(transfer.ToCenter)];
        });
        yield return Row(staff, "StartStaffLeave", OperationKind.Update, ChangeStaff, StaffMember<StartStaffLeaveRequest>(r => r.Name));
        yield return Row(staff, "EndStaffLeave", OperationKind.Update, ChangeStaff, StaffMember<EndStaffLeaveRequest>(r => r.Name));
        yield return Row(staff, "DepartStaffMember", OperationKind.Update, ChangeStaff, StaffMember<DepartStaffMemberRequest>(r => r.Name));
        yield return Row(staff, "ListStaffMemberHistory", OperationKind.Read, ReadStaff, StaffMember<ListStaffMemberHistoryRequest>(r => r.Name));
        yield return Row(staff, "StreamStaffMemberHistory", OperationKind.Read, ReadStaff, StaffMember<StreamStaffMemberHistoryRequest>(r => r.Name));

        var kiosks = KioskService.Descriptor;
        yield return Row(kiosks, "RegisterKiosk", OperationKind.Create, ManageKiosks, Unit<RegisterKioskRequest>(r => r.Parent));
        yield return Row(kiosks, "GetKiosk", OperationKind.Read, ReadKiosk, KioskItem<GetKioskRequest>(r => r.Name));
        yield return Row(kiosks, "ListKiosks", OperationKind.List, ManageKiosks, Unit<ListKiosksRequest>(r => r.Parent));
        yield return Row(kiosks, "UpdateKiosk", OperationKind.Update, ManageKiosks, KioskItem<UpdateKioskRequest>(r => r.Kiosk?.Name));
        yield return Row(kiosks, "IssueKioskCredential", OperationKind.Update, ManageKiosks, KioskItem<IssueKioskCredentialRequest>(r => r.Name));
        yield return Row(kiosks, "RevokeKiosk", OperationKind.Update, ManageKiosks, KioskItem<RevokeKioskRequest>(r => r.Name));

        var checkIns = CheckInService.Descriptor;
        yield return Row(checkIns, "CheckIn", OperationKind.Update, KioskCheckIn, KioskItem<CheckInRequest>(r => r.Kiosk)) with { DeviceCheckedByCall = true };
        yield return Row(checkIns, "ReplayCheckIns", OperationKind.Update, KioskCheckIn, KioskItem<ReplayCheckInsRequest>(r => r.Kiosk));
        var batches = CourseBatchService.Descriptor;
        yield return Row(batches, "CreateCourseBatch", OperationKind.Create, ManageBatch, Unit<CreateCourseBatchRequest>(r => r.Parent));
        yield return Row(batches, "GetCourseBatch", OperationKind.Read, ManageBatch, BatchItem<GetCourseBatchRequest>(r => r.Name));
        yield return Row(batches, "ListCourseBatches", OperationKind.List, ManageBatch, Unit<ListCourseBatchesRequest>(r => r.Parent));
        yield return Row(batches, "UpdateCourseBatch", OperationKind.Update, ManageBatch, BatchItem<UpdateCourseBatchRequest>(r => r.CourseBatch?.Name));
        yield return Row(batches, "OpenCourseBatchEnrolment", OperationKind.Update, ManageBatch, BatchItem<OpenCourseBatchEnrolmentRequest>(r => r.Name));
        yield return Row(batches, "StartCourseBatch", OperationKind.Update, ManageBatch, BatchItem<StartCourseBatchRequest>(r => r.Name));
        yield return Row(batches, "CompleteCourseBatch", OperationKind.Update, ManageBatch, BatchItem<CompleteCourseBatchRequest>(r => r.Name));
        yield return Row(batches, "CancelCourseBatch", OperationKind.Update, ManageBatch, BatchItem<CancelCourseBatchRequest>(r => r.Name));
        yield return Row(batches, "CreateSession", OperationKind.Create, ManageBatch, BatchItem<CreateSessionRequest>(r => r.Parent));
        yield return Row(batches, "UpdateSession", OperationKind.Update, ManageBatch, BatchItem<UpdateSessionRequest>(r => r.Session?.Name));
        yield return Row(batches, "CancelSession", OperationKind.Update, ManageBatch, BatchItem<CancelSessionRequest>(r => r.Name));
        yield return Row(batches, "CloseSession", OperationKind.Update, ManageBatch, BatchItem<CloseSessionRequest>(r => r.Name));
        yield return Row(batches, "EnrolStaffMembers", OperationKind.Batch, ManageBatch, BatchItem<EnrolStaffMembersRequest>(r => r.CourseBatch)) with { RowsScoped = true };
        yield return Row(batches, "WithdrawStaffMember", OperationKind.Update, ManageBatch, BatchItem<WithdrawStaffMemberRequest>(r => r.CourseBatch));
        yield return Row(batches, "ListEnrolments", OperationKind.Read, ManageBatch, BatchItem<ListEnrolmentsRequest>(r => r.Parent));
        yield return Row(batches, "ListStaffMemberEnrolments", OperationKind.Read, ReadStaff, StaffMember<ListStaffMemberEnrolmentsRequest>(r => r.Parent));
        yield return Row(batches, "RecordAttendance", OperationKind.Update, ManageBatch, BatchItem<RecordAttendanceRequest>(r => r.Session));
        yield return Row(batches, "RecordOnlineCompletion", OperationKind.Update, RecordCompletion, BatchItem<RecordOnlineCompletionRequest>(r => r.Session));
        yield return Row(batches, "GetSessionAttendance", OperationKind.Read, ReadSessionAttendance, BatchItem<GetSessionAttendanceRequest>(r => r.Name));
        yield return Row(batches, "StreamSessionAttendance", OperationKind.Read, ReadSessionAttendance, BatchItem<StreamSessionAttendanceRequest>(r => r.Name));
        yield return Row(batches, "GetCourseBatchAttendance", OperationKind.Read, ManageBatch, BatchItem<GetCourseBatchAttendanceRequest>(r => r.Name));
        yield return Row(batches, "BookMakeUpSession", OperationKind.Update, ManageBatch, BatchItem<BookMakeUpSessionRequest>(r => r.CourseBatch));
        yield return Row(batches, "ListCourseBatchHistory", OperationKind.Read, ManageBatch, BatchItem<ListCourseBatchHistoryRequest>(r => r.Name));

        var assessments = AssessmentService.Descriptor;
        yield return Row(assessments, "SetStageAssessment", OperationKind.Update, ManageBatch, BatchItem<SetStageAssessmentRequest>(r => r.CourseBatch));
        yield return Row(assessments, "StartAttempt", OperationKind.Create, TakeQuickTest, TraineeInBatch<StartAttemptRequest>(r => r.Parent, r => r.StaffMember));
        yield return Row(assessments, "GetAttempt", OperationKind.Read, ReadAttempts, AttemptItem<GetAttemptRequest>(r => r.Name));
        yield return Row(assessments, "SubmitAttempt", OperationKind.Update, TakeQuickTest, AttemptItem<SubmitAttemptRequest>(r => r.Name));
        yield return Row(assessments, "ListAttempts", OperationKind.Read, ReadAttempts, TraineeInBatch<ListAttemptsRequest>(r => r.Parent, r => r.StaffMember));
        yield return Row(assessments, "GetStageResults", OperationKind.Read, ManageBatch, BatchItem<GetStageResultsRequest>(r => r.CourseBatch));

        var practical = PracticalAssessmentService.Descriptor;
        yield return Row(practical, "SetPracticalAssessment", OperationKind.Update, ManageBatch, BatchItem<SetPracticalAssessmentRequest>(r => r.CourseBatch));
        yield return Row(practical, "GradePracticalAssessment", OperationKind.Create, GradePractical, ExaminedTrainee<GradePracticalAssessmentRequest>(r => r.Parent, r => r.StaffMember));
        yield return Row(practical, "ListPracticalGrades", OperationKind.Read, ReadPractical, ExaminedTrainee<ListPracticalGradesRequest>(r => r.Parent, r => r.StaffMember));

        var capability = CapabilityService.Descriptor;
        yield return Row(capability, "GetCapabilityProfile", OperationKind.Read, ReadStaff, StaffMember<GetCapabilityProfileRequest>(r => StaffOfProfile(r.Name)));
        yield return Row(capability, "GetCapabilityTrajectory", OperationKind.Read, ReadStaff, StaffMember<GetCapabilityTrajectoryRequest>(r => StaffOfProfile(r.Name)));
        yield return Row(capability, "StreamCapabilityProfile", OperationKind.Read, ReadStaff, StaffMember<StreamCapabilityProfileRequest>(r => StaffOfProfile(r.Name)));
        yield return Row(capability, "RecordSatisfactionResult", OperationKind.Update, RecordSatisfaction, StaffMember<RecordSatisfactionResultRequest>(r => r.StaffMember));
        yield return Row(capability, "GetPostProfile", OperationKind.Read, ReadCatalogue);
        yield return Row(capability, "ListPostProfiles", OperationKind.List, ReadCatalogue);
        yield return Row(capability, "UpdatePostProfile", OperationKind.Update, CatalogueAdmins);
        yield return Row(capability, "DeletePostProfile", OperationKind.Update, CatalogueAdmins);
        yield return Row(capability, "RecordOutcomeIndicator", OperationKind.Update, CenterOutcomes, Unit<RecordOutcomeIndicatorRequest>(r => r.Center));
        yield return Row(capability, "ListOutcomeIndicators", OperationKind.Read, CenterOutcomes, Unit<ListOutcomeIndicatorsRequest>(r => r.Parent));
        yield return Row(capability, "ExportStaffArchive", OperationKind.Read, ReadStaff, StaffMember<ExportStaffArchiveRequest>(r => r.Name));

        var results = TrainingResultsService.Descriptor;
        yield return Row(results, "AnswerSurvey", OperationKind.Create, TakeQuickTest, TraineeInBatch<AnswerSurveyRequest>(r => r.Parent, r => r.StaffMember));
        yield return Row(results, "ListSurveyResponses", OperationKind.Read, ManageBatch, BatchItem<ListSurveyResponsesRequest>(r => r.Parent));
        yield return Row(results, "GetCourseBatchResults", OperationKind.Read, ManageBatch, BatchItem<GetCourseBatchResultsRequest>(r => r.CourseBatch));
        yield return Row(results, "GetCenterResults", OperationKind.Read, CenterResults, Unit<GetCenterResultsRequest>(r => r.Center));
        yield return Row(results, "ListFollowUps", OperationKind.Read, CenterResults, Unit<ListFollowUpsRequest>(r => r.Parent));
        yield return Row(results, "ListStaffMemberFollowUps", OperationKind.Read, ReadStaff, StaffMember<ListStaffMemberFollowUpsRequest>(r => r.Parent));
        yield return Row(results, "StartFollowUp", OperationKind.Create, TakeQuickTest, (request, _) =>
        {
            var name = ((StartFollowUpRequest)request).Name;
            return ValueTask.FromResult<IReadOnlyList<Target>>([ResourceNames.TryParseFollowUp(name, out var batch, out var staff)
                ? Target.TraineeInBatch(batch, staff) with { Name = name }
                : new Target(name, null)]);
        });
        var mentors = MentorService.Descriptor;
        yield return Row(mentors, "CreateMentor", OperationKind.Create, ManageMentors, Unit<CreateMentorRequest>(r => r.Mentor?.HomeUnit));
        yield return Row(mentors, "GetMentor", OperationKind.Read, ReadMentor, MentorItem<GetMentorRequest>(r => r.Name));
        yield return Row(mentors, "ListMentors", OperationKind.List, ManageMentors, Unit<ListMentorsRequest>(r => r.Parent));
        yield return Row(mentors, "UpdateMentor", OperationKind.Update, ManageMentors, MentorItem<UpdateMentorRequest>(r => r.Mentor?.Name));
        yield return Row(mentors, "DeactivateMentor", OperationKind.Update, ManageMentors, MentorItem<DeactivateMentorRequest>(r => r.Name));
        yield return Row(mentors, "GetMentorWorkload", OperationKind.Read, ReadMentor, MentorItem<GetMentorWorkloadRequest>(r => r.Name.EndsWith("/workload", StringComparison.Ordinal) ? r.Name[..^"/workload".Length] : string.Empty));
        yield return Row(mentors, "ListMentees", OperationKind.Read, ReadMentor, MentorItem<ListMenteesRequest>(r => r.Parent));
        yield return Row(mentors, "AssignMentor", OperationKind.Update, ManageBatch, BatchItem<AssignMentorRequest>(r => r.CourseBatch));
        yield return Row(mentors, "ReleaseMentor", OperationKind.Update, ManageBatch, BatchItem<ReleaseMentorRequest>(r => r.CourseBatch));
        yield return Row(mentors, "ListMentorships", OperationKind.Read, ManageBatch, BatchItem<ListMentorshipsRequest>(r => r.Parent));
        yield return Row(mentors, "SuggestMentors", OperationKind.Read, ManageBatch, BatchItem<SuggestMentorsRequest>(r => r.Parent));
        yield return Row(mentors, "LogCoachingSession", OperationKind.Create, MentorItself, MentorItem<LogCoachingSessionRequest>(r => r.Parent));
        yield return Row(mentors, "CorrectCoachingSession", OperationKind.Update, ReadMentor, MentorItem<CorrectCoachingSessionRequest>(r => MentorOf(r.CoachingSession?.Name)));
        yield return Row(mentors, "ListCoachingSessions", OperationKind.Read, ReadCoachingLog, MentorItem<ListCoachingSessionsRequest>(r => r.Parent, r => r.Mentee));
        yield return Row(mentors, "RecordMentorEvaluation", OperationKind.Create, MentorItself, MentorItem<RecordMentorEvaluationRequest>(r => r.Parent));
        yield return Row(mentors, "SignOffOnTheJob", OperationKind.Update, MentorItself, MentorItem<SignOffOnTheJobRequest>(r => r.Mentor));
        yield return Row(mentors, "WithdrawOnTheJobSignOff", OperationKind.Update, MentorItself, MentorItem<WithdrawOnTheJobSignOffRequest>(r => r.Mentor));
        yield return Row(mentors, "GetCenterMentoringWorkload", OperationKind.Read, ManageMentors, Unit<GetCenterMentoringWorkloadRequest>(r => Services.MentorApi.CenterOfWorkload(r.Name)));
        yield return Row(mentors, "ReactivateMentor", OperationKind.Update, ManageMentors, MentorItem<ReactivateMentorRequest>(r => r.Name));
        yield return Row(mentors, "ListMentorEvaluations", OperationKind.Read, ReadCoachingLog, MentorItem<ListMentorEvaluationsRequest>(r => r.Parent, r => r.Mentee));

        var frameworks = CompetencyFrameworkService.Descriptor;
        yield return Row(frameworks, "CreateFramework", OperationKind.Create, CatalogueAdmins);
        yield return Row(frameworks, "GetFramework", OperationKind.Read, ReadCatalogue);
        yield return Row(frameworks, "ListFrameworks", OperationKind.List, ReadCatalogue);
        yield return Row(frameworks, "UpdateFramework", OperationKind.Update, CatalogueAdmins);
        yield return Row(frameworks, "CreateCompetency", OperationKind.Create, CatalogueAdmins);
        yield return Row(frameworks, "UpdateCompetency", OperationKind.Update, CatalogueAdmins);
        yield return Row(frameworks, "RetireCompetency", OperationKind.Update, CatalogueAdmins);
        yield return Row(frameworks, "PublishFramework", OperationKind.Update, CatalogueAdmins);

        var courses = CourseService.Descriptor;
        yield return Row(courses, "CreateCourse", OperationKind.Create, CatalogueAdmins);
        yield return Row(courses, "GetCourse", OperationKind.Read, ReadCatalogue);
        yield return Row(courses, "ListCourses", OperationKind.List, ReadCatalogue);
        yield return Row(courses, "UpdateCourse", OperationKind.Update, CatalogueAdmins);
        yield return Row(courses, "ArchiveCourse", OperationKind.Update, CatalogueAdmins);

        var banks = QuestionBankService.Descriptor;
        yield return Row(banks, "CreateQuestionBank", OperationKind.Create, CatalogueAdmins);
        yield return Row(banks, "GetQuestionBank", OperationKind.Read, ReadCatalogue);
        yield return Row(banks, "ListQuestionBanks", OperationKind.List, ReadCatalogue);
        yield return Row(banks, "UpdateQuestionBank", OperationKind.Update, CatalogueAdmins);
        yield return Row(banks, "CreateQuestionItem", OperationKind.Create, CatalogueAdmins);
        yield return Row(banks, "ReviseQuestionItem", OperationKind.Update, CatalogueAdmins);
        yield return Row(banks, "RetireQuestionItem", OperationKind.Update, CatalogueAdmins);
        yield return Row(banks, "GetQuestionItem", OperationKind.Read, CatalogueAdmins);
        yield return Row(banks, "ListQuestionItems", OperationKind.List, CatalogueAdmins);

        var rubrics = RubricService.Descriptor;
        yield return Row(rubrics, "CreateRubric", OperationKind.Create, CatalogueAdmins);
        yield return Row(rubrics, "GetRubric", OperationKind.Read, ReadCatalogue);
        yield return Row(rubrics, "ListRubrics", OperationKind.List, ReadCatalogue);
        yield return Row(rubrics, "UpdateRubric", OperationKind.Update, CatalogueAdmins);

        yield return Row(AuditService.Descriptor, "ListAuditRecords", OperationKind.Audit,
            new() { [RegionAdmin] = Within | Catalogue, [CountyAdmin] = Within | Catalogue, [CenterManager] = Exact },
            async (request, locator) => [await LocateAny(((ListAuditRecordsRequest)request).Resource, locator)]);

        // Tools: server reflection for any authenticated caller (mapped only when Training:ExposeTools is on).
        var anyRole = Roles.All.ToDictionary(r => r, _ => Anywhere);
        yield return new PolicyRow("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", OperationKind.Tool, anyRole);
        yield return new PolicyRow("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", OperationKind.Tool, anyRole);

        // Health stays open: load balancers probe it without credentials.
        foreach (var rpc in new[] { "Check", "Watch", "List" })
        {
            yield return new PolicyRow($"/grpc.health.v1.Health/{rpc}", OperationKind.Health, new Dictionary<string, ScopeRule>()) { AllowAnonymous = true };
        }
    }

    private static PolicyRow Row(ServiceDescriptor service, string rpc, OperationKind kind, Dictionary<string, ScopeRule> rules, TargetResolver? targets = null) =>
        new(MethodName(service, rpc), kind, rules.ToFrozenDictionary(StringComparer.Ordinal)) { Targets = targets };

    /// <summary>The region, county or centre a request names.</summary>
    private static TargetResolver Unit<TRequest>(Func<TRequest, string?> name)
        where TRequest : IMessage => (request, _) => ValueTask.FromResult<IReadOnlyList<Target>>([Target.Unit(name((TRequest)request) ?? string.Empty)]);

    /// <summary>The staff member a request names, placed at their centre.</summary>
    private static TargetResolver StaffMember<TRequest>(Func<TRequest, string?> name)
        where TRequest : IMessage => async (request, locator) => [await LocateStaff(name((TRequest)request) ?? string.Empty, locator)];

    /// <summary>The kiosk a request names, placed at its centre.</summary>
    private static TargetResolver KioskItem<TRequest>(Func<TRequest, string?> name)
        where TRequest : IMessage => (request, _) => ValueTask.FromResult<IReadOnlyList<Target>>([Target.KioskItem(name((TRequest)request) ?? string.Empty)]);

    /// <summary>The course batch or session a request names, placed at the batch's host centre.</summary>
    private static TargetResolver BatchItem<TRequest>(Func<TRequest, string?> name)
        where TRequest : IMessage => (request, _) => ValueTask.FromResult<IReadOnlyList<Target>>([Target.BatchItem(name((TRequest)request) ?? string.Empty)]);

    /// <summary>A trainee in a batch: placed at the batch's host centre (managers), with the trainee as its staff member (Self).</summary>
    private static TargetResolver TraineeInBatch<TRequest>(Func<TRequest, string?> batch, Func<TRequest, string?> staff)
        where TRequest : IMessage => (request, _) =>
            ValueTask.FromResult<IReadOnlyList<Target>>([Target.TraineeInBatch(batch((TRequest)request) ?? string.Empty, staff((TRequest)request) ?? string.Empty)]);

    /// <summary>
    /// A trainee in a batch whose examiners matter (a practical grading, the batch's practical results): placed at the
    /// batch's host centre (managers), owned by the trainee (Self; none when no trainee is named), with the batch's
    /// examiners read through the locator (Examiner).
    /// </summary>
    private static TargetResolver ExaminedTrainee<TRequest>(Func<TRequest, string?> batch, Func<TRequest, string?> staff)
        where TRequest : IMessage => async (request, locator) =>
        {
            var batchName = batch((TRequest)request) ?? string.Empty;
            var examiners = await locator.ExaminersOf(batchName);
            return [Target.TraineeInBatch(batchName, staff((TRequest)request) ?? string.Empty) with { Examiners = examiners }];
        };

    /// <summary>A quick-test attempt: its batch and trainee, both read from its name (<c>{batch}/attempts/{staff_id}.{n}</c>).</summary>
    private static TargetResolver AttemptItem<TRequest>(Func<TRequest, string?> name)
        where TRequest : IMessage => (request, _) =>
        {
            var attempt = name((TRequest)request) ?? string.Empty;
            return ValueTask.FromResult<IReadOnlyList<Target>>([ResourceNames.TryParseAttempt(attempt, out var batch, out var staff)
                ? Target.TraineeInBatch(batch, staff) with { Name = attempt }
                : new Target(attempt, null)]);
        };

    /// <summary>A mentor (or something of it), placed at its home unit; with <paramref name="staff"/>, about that mentee (a trainee's Self).</summary>
    private static TargetResolver MentorItem<TRequest>(Func<TRequest, string?> name, Func<TRequest, string?>? staff = null)
        where TRequest : IMessage => async (request, locator) =>
        {
            var mentor = name((TRequest)request) ?? string.Empty;
            var mentee = staff?.Invoke((TRequest)request) is { } s && ResourceNames.IsStaff(s) ? s : null;
            var target = Target.MentorItem(mentor, ResourceNames.IsMentor(mentor) ? await locator.HomeOfMentor(mentor) : null, mentee);
            return [mentee is null ? target : target with { MenteeCenter = await locator.CenterOfStaff(mentee) }];
        };

    /// <summary>The mentor of <c>mentors/{m}/coachingSessions/{s}</c>; empty for another name (placed nowhere).</summary>
    private static string MentorOf(string? name) =>
        name is not null && name.IndexOf("/coachingSessions/", StringComparison.Ordinal) is > 0 and var i ? name[..i] : string.Empty;

    /// <summary>The staff member of <c>staff/{id}/capabilityProfile</c>; empty for another name (refused as out of scope).</summary>
    private static string StaffOfProfile(string name) =>
        name.EndsWith("/capabilityProfile", StringComparison.Ordinal) ? name[..^"/capabilityProfile".Length] : string.Empty;

    private static async Task<Target> LocateStaff(string name, IResourceLocator locator) =>
        Target.StaffMember(name, ResourceNames.IsStaff(name) ? await locator.CenterOfStaff(name) : null);

    /// <summary>Any auditable resource: an org unit, a staff member, a kiosk, or a catalogue resource.</summary>
    private static async Task<Target> LocateAny(string name, IResourceLocator locator) =>
        ResourceNames.IsStaff(name) ? await LocateStaff(name, locator)
        : ResourceNames.IsKiosk(name) ? Target.KioskItem(name)
        : ResourceNames.IsFramework(name) || ResourceNames.IsCourse(name) || ResourceNames.IsQuestionBank(name) || ResourceNames.IsRubric(name) ? Target.CatalogueItem(name)
        : Target.Unit(name);
}
