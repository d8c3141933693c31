using Training.Api.Mapping;
using DomainCoachingMode = Training.Grains.CoachingMode;
using ProtoCoachingMode = Training.Contracts.V1.CoachingMode;
using ProtoMentor = Training.Contracts.V1.Mentor;
using ProtoMentorKind = Training.Contracts.V1.MentorKind;

namespace Training.Api.Services;

/// <summary>
/// Mentors and the on-the-job stage (training.v1.MentorService): validates each request fully, then calls the mentor's
/// grain, the batch's mentoring (the batch grain under <see cref="IBatchMentoringGrain"/>) or the directory.
/// </summary>
public sealed class MentorApi(IGrainFactory grains) : MentorService.MentorServiceBase
{
    private const int MaxText = 100;
    private const int MaxReason = 500;
    private const int MaxNotes = 2000;
    private const int MaxList = 50;

    private const string MentorName = "must be a mentor name: mentors/{mentor}.";
    private const string BatchName = "must be a course batch name: regions/{region}/counties/{county}/centers/{center}/batches/{batch}.";
    private const string StaffName = "must be a staff member name: staff/{id}.";

    private static readonly string[] MentorPaths = ["display_name", "affiliation", "specialities", "capacity"];

    public override async Task<ProtoMentor> CreateMentor(CreateMentorRequest request, ServerCallContext context)
    {
        var mentor = request.Mentor ?? new ProtoMentor();
        var validator = Mutation(request.RequestId)
            .ResourceId("mentor_id", request.MentorId)
            .Defined("mentor.kind", mentor.Kind)
            .Check(ResourceNames.IsFramework(mentor.Framework), "mentor.framework", "must be a framework name: frameworks/{framework}.");
        if (mentor.Kind == ProtoMentorKind.Staff)
        {
            validator.Check(ResourceNames.IsCenter(mentor.HomeUnit), "mentor.home_unit", "a staff mentor's home is their centre: regions/{r}/counties/{c}/centers/{ctr}.")
                .Check(ResourceNames.IsStaff(mentor.StaffMember), "mentor.staff_member", StaffName);
        }
        else
        {
            validator.Check(ResourceNames.IsCounty(mentor.HomeUnit), "mentor.home_unit", "an external expert's home is a county: regions/{r}/counties/{c}.")
                .Check(mentor.StaffMember.Length == 0, "mentor.staff_member", "an external expert has no staff record.");
        }

        Check(validator, mentor.ToPatch(new HashSet<string>(MentorPaths, StringComparer.Ordinal))).ThrowIfInvalid();
        var created = await Mentor($"mentors/{request.MentorId}").Register(mentor.ToSpec(), Callers.Command(context, request.RequestId));
        return created.ToMentor();
    }

    public override async Task<ProtoMentor> GetMentor(GetMentorRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsMentor(request.Name), "name", MentorName).ThrowIfInvalid();
        return (await Mentor(request.Name).Get()).ToMentor();
    }

    public override async Task<ListMentorsResponse> ListMentors(ListMentorsRequest request, ServerCallContext context)
    {
        var collection = $"mentors:{request.Parent}";
        var validator = new Validator().Check(ResourceNames.IsCenter(request.Parent) || ResourceNames.IsCounty(request.Parent), "parent", "must be a centre or a county name.");
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var page = await grains.GetGrain<IDirectoryGrain>(0).ListMentors(request.Parent, pageRequest);
        return new ListMentorsResponse { Mentors = { page.Items.Select(MentorMapping.ToMentor) }, NextPageToken = Paging.NextToken(collection, page) };
    }

    public override async Task<ProtoMentor> UpdateMentor(UpdateMentorRequest request, ServerCallContext context)
    {
        var mentor = request.Mentor ?? new ProtoMentor();
        var validator = Mutation(request.RequestId).Check(ResourceNames.IsMentor(mentor.Name), "mentor.name", MentorName);
        var patch = mentor.ToPatch(FieldMasks.Paths(validator, request.UpdateMask, MentorPaths));
        var expectedVersion = Etags.ToExpectedVersion(validator, "mentor.etag", mentor.Etag);
        Check(validator, patch).ThrowIfInvalid();
        return (await Mentor(mentor.Name).Update(patch, expectedVersion, Callers.Command(context, request.RequestId))).ToMentor();
    }

    public override async Task<ProtoMentor> DeactivateMentor(DeactivateMentorRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId).Check(ResourceNames.IsMentor(request.Name), "name", MentorName).RequiredText("reason", request.Reason, MaxReason).ThrowIfInvalid();
        return (await Mentor(request.Name).Deactivate(request.Reason, Callers.Command(context, request.RequestId))).ToMentor();
    }

    public override async Task<Contracts.V1.MentorWorkload> GetMentorWorkload(GetMentorWorkloadRequest request, ServerCallContext context)
    {
        var mentor = request.Name.EndsWith("/workload", StringComparison.Ordinal) ? request.Name[..^"/workload".Length] : string.Empty;
        new Validator().Check(ResourceNames.IsMentor(mentor), "name", "must be mentors/{mentor}/workload.").ThrowIfInvalid();
        var load = await Mentor(mentor).Workload();
        return new Contracts.V1.MentorWorkload
        {
            Name = request.Name, CurrentMentees = load.Mentees, Capacity = load.Capacity, SessionsThisMonth = load.SessionsThisMonth, PendingSignOffs = load.PendingSignOffs,
        };
    }

    public override async Task<Contracts.V1.CenterMentoringWorkload> GetCenterMentoringWorkload(GetCenterMentoringWorkloadRequest request, ServerCallContext context)
    {
        var center = CenterOfWorkload(request.Name);
        new Validator().Check(ResourceNames.IsCenter(center), "name", "must be regions/{r}/counties/{c}/centers/{ctr}/mentoringWorkload.").ThrowIfInvalid();
        var load = await grains.GetGrain<ICenterMentoringGrain>(0).Workload(center);
        return new Contracts.V1.CenterMentoringWorkload
        {
            Name = request.Name, TraineesOnTheJob = load.TraineesOnTheJob, ActiveMentors = load.ActiveMentors, TraineesPerMentor = load.TraineesPerMentor,
            TraineesWithoutMentor = load.TraineesWithoutMentor,
            UnmetDemand = { load.UnmetDemand.Select(u => new Contracts.V1.UnmetMentoringDemand { CompetencyId = u.CompetencyId, Trainees = u.Trainees }) },
        };
    }

    /// <summary>The centre of <c>{center}/mentoringWorkload</c>, or empty.</summary>
    internal static string CenterOfWorkload(string name) =>
        name.EndsWith("/mentoringWorkload", StringComparison.Ordinal) ? name[..^"/mentoringWorkload".Length] : string.Empty;

    public override async Task<ListMenteesResponse> ListMentees(ListMenteesRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsMentor(request.Parent), "parent", MentorName).ThrowIfInvalid();
        return new ListMenteesResponse { Mentees = { (await Mentor(request.Parent).Mentees()).Select(MentorMapping.ToMentee) } };
    }

    public override async Task<AssignMentorResponse> AssignMentor(AssignMentorRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsBatch(request.CourseBatch), "course_batch", BatchName)
            .Check(ResourceNames.IsMentor(request.Mentor), "mentor", MentorName)
            .Check(request.StaffMembers.Count is > 0 and <= MaxList, "staff_members", $"must name 1..{MaxList} trainees.")
            .Check(request.StaffMembers.Distinct(StringComparer.Ordinal).Count() == request.StaffMembers.Count, "staff_members", "must not name anyone twice.");
        for (var i = 0; i < request.StaffMembers.Count; i++)
        {
            validator.Check(ResourceNames.IsStaff(request.StaffMembers[i]), $"staff_members[{i}]", StaffName);
        }

        validator.ThrowIfInvalid();
        var assigned = await Batch(request.CourseBatch).AssignMentor(request.Mentor, [.. request.StaffMembers], Callers.Command(context, request.RequestId));
        return new AssignMentorResponse { Mentorships = { assigned.Select(MentorMapping.ToMentorship) } };
    }

    public override async Task<ListMentorshipsResponse> ListMentorships(ListMentorshipsRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsBatch(request.Parent), "parent", BatchName).ThrowIfInvalid();
        var batch = Batch(request.Parent);
        var listed = request.OrphansOnly ? await batch.Orphans() : await batch.Mentoring();
        return new ListMentorshipsResponse { Mentorships = { listed.Select(MentorMapping.ToMentorship) } };
    }

    public override async Task<SuggestMentorsResponse> SuggestMentors(SuggestMentorsRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsBatch(request.Parent), "parent", BatchName).ThrowIfInvalid();
        var suggestions = await Batch(request.Parent).SuggestMentors();
        return new SuggestMentorsResponse
        {
            Suggestions = { suggestions.Select(s => new Contracts.V1.MentorSuggestion { StaffMember = s.StaffName, Mentor = s.MentorName, Score = s.Score, Reason = s.Reason }) },
        };
    }

    public override async Task<CoachingSession> LogCoachingSession(LogCoachingSessionRequest request, ServerCallContext context)
    {
        var session = request.CoachingSession ?? new CoachingSession();
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsMentor(request.Parent), "parent", MentorName)
            .ResourceId("coaching_session_id", request.CoachingSessionId);
        var spec = SessionSpec(validator, session);
        validator.ThrowIfInvalid();
        return (await Mentor(request.Parent).LogCoachingSession(request.CoachingSessionId, spec!, Callers.Command(context, request.RequestId))).ToCoachingSession();
    }

    public override async Task<CoachingSession> CorrectCoachingSession(CorrectCoachingSessionRequest request, ServerCallContext context)
    {
        var session = request.CoachingSession ?? new CoachingSession();
        var marker = session.Name.IndexOf("/coachingSessions/", StringComparison.Ordinal);
        var (mentor, sessionId) = marker > 0 ? (session.Name[..marker], session.Name[(marker + "/coachingSessions/".Length)..]) : (string.Empty, string.Empty);
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsMentor(mentor) && ResourceNames.IsValidId(sessionId), "coaching_session.name", "must be mentors/{mentor}/coachingSessions/{session}.")
            .RequiredText("reason", request.Reason, MaxReason);
        var spec = SessionSpec(validator, session);
        validator.ThrowIfInvalid();
        return (await Mentor(mentor).CorrectCoachingSession(sessionId, spec!, request.Reason, Callers.Command(context, request.RequestId))).ToCoachingSession();
    }

    public override async Task<ListCoachingSessionsResponse> ListCoachingSessions(ListCoachingSessionsRequest request, ServerCallContext context)
    {
        // The filter validates the parent first: a grain is never asked for under a malformed name.
        var mentee = MenteeFilter(request.Parent, request.Mentee);
        var sessions = await Mentor(request.Parent).CoachingSessions(mentee);
        return new ListCoachingSessionsResponse { CoachingSessions = { sessions.Select(MentorMapping.ToCoachingSession) } };
    }

    public override async Task<ProtoMentor> ReactivateMentor(ReactivateMentorRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId).Check(ResourceNames.IsMentor(request.Name), "name", MentorName).ThrowIfInvalid();
        return (await Mentor(request.Name).Reactivate(Callers.Command(context, request.RequestId))).ToMentor();
    }

    public override async Task<ListMentorEvaluationsResponse> ListMentorEvaluations(ListMentorEvaluationsRequest request, ServerCallContext context)
    {
        var mentee = MenteeFilter(request.Parent, request.Mentee);
        var evaluations = await Mentor(request.Parent).Evaluations(mentee);
        return new ListMentorEvaluationsResponse { Evaluations = { evaluations.Select(e => e.ToEvaluation()) } };
    }

    public override async Task<MentorEvaluation> RecordMentorEvaluation(RecordMentorEvaluationRequest request, ServerCallContext context)
    {
        var evaluation = request.Evaluation ?? new MentorEvaluation();
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsMentor(request.Parent), "parent", MentorName)
            .ResourceId("evaluation_id", request.EvaluationId)
            .Check(ResourceNames.IsStaff(evaluation.StaffMember), "evaluation.staff_member", StaffName)
            .RequiredText("evaluation.competency", evaluation.Competency, MaxText)
            .Check(double.IsFinite(evaluation.Score) && evaluation.Score is >= 0 and <= 1, "evaluation.score", "must lie in 0..1.")
            .OptionalText("evaluation.note", evaluation.Note, MaxReason);
        var observed = validator.RequiredTime("evaluation.observe_time", evaluation.ObserveTime);
        validator.ThrowIfInvalid();
        var recorded = await Mentor(request.Parent).Evaluate(
            request.EvaluationId, evaluation.StaffMember, evaluation.Competency, evaluation.Score, observed!.Value, evaluation.Note, Callers.Command(context, request.RequestId));
        return recorded.ToEvaluation();
    }

    public override async Task<Mentorship> SignOffOnTheJob(SignOffOnTheJobRequest request, ServerCallContext context)
    {
        SignOffRequest(request.RequestId, request.CourseBatch, request.StaffMember, request.Mentor).OptionalText("note", request.Note, MaxReason).ThrowIfInvalid();
        return (await Batch(request.CourseBatch).SignOff(request.StaffMember, request.Mentor, request.Note, Callers.Command(context, request.RequestId))).ToMentorship();
    }

    public override async Task<Mentorship> WithdrawOnTheJobSignOff(WithdrawOnTheJobSignOffRequest request, ServerCallContext context)
    {
        SignOffRequest(request.RequestId, request.CourseBatch, request.StaffMember, request.Mentor).RequiredText("reason", request.Reason, MaxReason).ThrowIfInvalid();
        return (await Batch(request.CourseBatch).WithdrawSignOff(request.StaffMember, request.Mentor, request.Reason, Callers.Command(context, request.RequestId))).ToMentorship();
    }

    public override async Task<Mentorship> ReleaseMentor(ReleaseMentorRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId)
            .Check(ResourceNames.IsBatch(request.CourseBatch), "course_batch", BatchName)
            .Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName)
            .RequiredText("reason", request.Reason, MaxReason)
            .ThrowIfInvalid();
        return (await Batch(request.CourseBatch).ReleaseMentor(request.StaffMember, request.Reason, Callers.Command(context, request.RequestId))).ToMentorship();
    }

    /// <summary>Checks a listing's mentor and optional mentee filter; the mentee, or null for all.</summary>
    private static string? MenteeFilter(string parent, string mentee)
    {
        new Validator()
            .Check(ResourceNames.IsMentor(parent), "parent", MentorName)
            .Check(mentee.Length == 0 || ResourceNames.IsStaff(mentee), "mentee", StaffName)
            .ThrowIfInvalid();
        return mentee.Length > 0 ? mentee : null;
    }

    private IMentorGrain Mentor(string name) => grains.GetGrain<IMentorGrain>(name);

    private IBatchMentoringGrain Batch(string name) => grains.GetGrain<IBatchMentoringGrain>(name);

    private static Validator Mutation(string requestId) => new Validator().RequestId("request_id", requestId);

    private static Validator SignOffRequest(string requestId, string batch, string staff, string mentor) => Mutation(requestId)
        .Check(ResourceNames.IsBatch(batch), "course_batch", BatchName)
        .Check(ResourceNames.IsStaff(staff), "staff_member", StaffName)
        .Check(ResourceNames.IsMentor(mentor), "mentor", MentorName);

    /// <summary>The session as the grain takes it; null (with violations recorded) when it does not fit.</summary>
    private static CoachingSessionSpec? SessionSpec(Validator validator, CoachingSession session)
    {
        var start = validator.RequiredTime("coaching_session.start_time", session.StartTime);
        validator.Defined("coaching_session.mode", session.Mode)
            .Check(session.Duration is { } d && d.Nanos is >= 0 and <= 999_999_999 && d.Seconds is >= 60 and <= 12 * 3600, "coaching_session.duration", "must be 1 minute .. 12 hours.")
            .Check(session.Mentees.Count is > 0 and <= MaxList && session.Mentees.All(ResourceNames.IsStaff), "coaching_session.mentees", $"must name 1..{MaxList} mentees (staff/{{id}}).")
            .Check(session.Competencies.Count <= 20 && session.Competencies.All(c => c.Length is > 0 and <= MaxText), "coaching_session.competencies", "at most 20 competency ids.")
            .OptionalText("coaching_session.notes", session.Notes, MaxNotes);
        if (start is null || !validator.IsValid)
        {
            return null;
        }

        var mode = session.Mode == ProtoCoachingMode.OneToOne ? DomainCoachingMode.OneToOne : DomainCoachingMode.Group;
        return new CoachingSessionSpec(start.Value, session.Duration!.ToTimeSpan(), mode, [.. session.Mentees], [.. session.Competencies], session.Notes);
    }

    /// <summary>The fields a registration or update sets; null fields are not changed and not checked.</summary>
    private static Validator Check(Validator validator, MentorPatch fields)
    {
        if (fields.DisplayName is { } displayName)
        {
            validator.RequiredText("mentor.display_name", displayName, MaxText);
        }

        if (fields.Affiliation is { } affiliation)
        {
            validator.OptionalText("mentor.affiliation", affiliation, MaxText);
        }

        if (fields.Specialities is { } specialities)
        {
            validator.Check(
                specialities.Count is > 0 and <= MaxList && specialities.All(s => s.Level >= 1 && s.CompetencyId.Length is > 0 and <= MaxText)
                    && specialities.Select(s => s.CompetencyId).Distinct(StringComparer.Ordinal).Count() == specialities.Count,
                "mentor.specialities",
                $"must name 1..{MaxList} distinct competencies, each with a level of at least 1.");
        }

        if (fields.Capacity is { } capacity)
        {
            validator.Check(capacity is >= 1 and <= MaxList, "mentor.capacity", $"must be 1..{MaxList}.");
        }

        return validator;
    }
}
