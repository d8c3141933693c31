using Training.Api.Mapping;
using Training.Api.Security;
using PracticalAssessment = Training.Contracts.V1.PracticalAssessment;
using PracticalGrade = Training.Contracts.V1.PracticalGrade;

namespace Training.Api.Services;

/// <summary>
/// Practical assessments of a batch's stages (training.v1.PracticalAssessmentService): validates each request, then
/// calls the batch's grain. The examiner of a grading is the caller's mentor name (the token's <c>mentor</c> claim; the
/// policy table admitted only an examiner of the batch). No domain rules here: scoring, the stake's rule and gating are
/// the batch's.
/// </summary>
public sealed class PracticalAssessmentApi(IGrainFactory grains) : PracticalAssessmentService.PracticalAssessmentServiceBase
{
    private const string BatchName = "must be a course batch name: regions/{region}/counties/{county}/centers/{center}/batches/{batch}.";
    private const string StaffName = "must be a staff member name: staff/{staff_id}.";

    public override async Task<PracticalAssessment> SetPracticalAssessment(SetPracticalAssessmentRequest request, ServerCallContext context)
    {
        var validator = new Validator()
            .RequestId("request_id", request.RequestId)
            .Check(ResourceNames.IsBatch(request.CourseBatch), "course_batch", BatchName)
            .Check(ResourceNames.IsRubric(request.Rubric), "rubric", "must be a rubric name: rubrics/{rubric}.")
            .Check(request.RubricRevision >= 0, "rubric_revision", "0 (the latest) or a revision number.")
            .Check(request.Examiners.Count is > 0 and <= PracticalMapping.MaxExaminers, "examiners", $"1..{PracticalMapping.MaxExaminers} examiners.");
        for (var i = 0; i < request.Examiners.Count && i < PracticalMapping.MaxExaminers; i++)
        {
            validator.Check(ResourceNames.IsMentor(request.Examiners[i]), $"examiners[{i}]", "must be a mentor name: mentors/{mentor_id}.");
        }

        var stage = CatalogueMapping.ToGrain(request.Stage, validator, "stage");
        var stake = PracticalMapping.ToGrain(request.Stake, validator, "stake");
        validator.ThrowIfInvalid();
        var spec = new PracticalAssessmentSpec(request.Rubric, request.RubricRevision, stake!.Value, [.. request.Examiners]);
        return (await Batch(request.CourseBatch).SetPracticalAssessment(stage!.Value, spec, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<PracticalGrade> GradePracticalAssessment(GradePracticalAssessmentRequest request, ServerCallContext context)
    {
        var validator = new Validator()
            .RequestId("request_id", request.RequestId)
            .Check(ResourceNames.IsBatch(request.Parent), "parent", BatchName)
            .Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName)
            .OptionalText("comment", request.Comment, 2000);
        var stage = CatalogueMapping.ToGrain(request.Stage, validator, "stage");
        var criteria = PracticalMapping.ToGrain(request.Criteria, validator);
        validator.ThrowIfInvalid();
        var examiner = Caller.Of(context.GetHttpContext()).Mentor ?? string.Empty;
        var grading = new PracticalGrading(request.StaffMember, stage!.Value, criteria, request.Comment);
        return (await Batch(request.Parent).GradePractical(examiner, grading, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<ListPracticalGradesResponse> ListPracticalGrades(ListPracticalGradesRequest request, ServerCallContext context)
    {
        var one = request.StaffMember.Length > 0;
        new Validator()
            .Check(ResourceNames.IsBatch(request.Parent), "parent", BatchName)
            .Check(!one || ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName + " Empty for every trainee.")
            .ThrowIfInvalid();
        var batch = Batch(request.Parent);
        var assessments = await batch.PracticalAssessments();
        var grades = await batch.PracticalGrades(one ? request.StaffMember : null);
        IReadOnlyList<StaffStageResults> results = one ? [await batch.StageResultsOf(request.StaffMember)] : await batch.StageResults();
        return new ListPracticalGradesResponse
        {
            Assessments = { assessments.Select(a => a.ToProto()) },
            Grades = { grades.Select(g => g.ToProto()) },
            Results =
            {
                results.SelectMany(r => r.Stages
                    .Where(s => s.Practical is not null)
                    .Select(s => new TraineePracticalResult { StaffMember = r.StaffName, Stage = CatalogueMapping.ToProto(s.Stage), Result = s.Practical!.ToProto() })),
            },
        };
    }

    private ICourseBatchGrain Batch(string name) => grains.GetGrain<ICourseBatchGrain>(name);
}
