using Training.Api.Mapping;
using Attempt = Training.Contracts.V1.Attempt;
using StageAssessment = Training.Contracts.V1.StageAssessment;
using StageResults = Training.Contracts.V1.StageResults;

namespace Training.Api.Services;

/// <summary>
/// Stage assessments and quick-test attempts (training.v1.AssessmentService): validates each request fully, then calls
/// the batch's grain (blueprints, starting an attempt — the batch allocates it —, results) or the attempt's grain (read,
/// submit). No domain rules here: grading, gating and counting are the grains'.
/// </summary>
public sealed class AssessmentApi(IGrainFactory grains) : AssessmentService.AssessmentServiceBase
{
    /// <summary>Most answers one submission carries (the most items a blueprint draws).</summary>
    public const int MaxAnswers = 100;

    private const string BatchName = "must be a course batch name: regions/{region}/counties/{county}/centers/{center}/batches/{batch}.";
    private const string AttemptName = "must be an attempt name: {course_batch}/attempts/{staff_id}.{number}.";
    private const string StaffName = "must be a staff member name: staff/{staff_id}.";

    public override async Task<StageAssessment> SetStageAssessment(SetStageAssessmentRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId).Check(ResourceNames.IsBatch(request.CourseBatch), "course_batch", BatchName);
        var stage = CatalogueMapping.ToGrain(request.Stage, validator, "stage");
        var blueprint = request.Blueprint is null ? null : AssessmentMapping.ToGrain(request.Blueprint, validator, "blueprint");
        validator.Check(request.Blueprint is not null, "blueprint", "is required.").ThrowIfInvalid();
        var set = await Batch(request.CourseBatch).SetStageAssessment(stage!.Value, blueprint!, Callers.Command(context, request.RequestId));
        return set.ToProto();
    }

    public override async Task<Attempt> StartAttempt(StartAttemptRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsBatch(request.Parent), "parent", BatchName)
            .Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName);
        var stage = CatalogueMapping.ToGrain(request.Stage, validator, "stage");
        validator.ThrowIfInvalid();
        return (await Batch(request.Parent).StartAttempt(request.StaffMember, stage!.Value, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<Attempt> GetAttempt(GetAttemptRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.TryParseAttempt(request.Name, out _, out _), "name", AttemptName).ThrowIfInvalid();
        return (await Attempt(request.Name).Get()).ToProto();
    }

    public override async Task<Attempt> SubmitAttempt(SubmitAttemptRequest request, ServerCallContext context)
    {
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.TryParseAttempt(request.Name, out _, out _), "name", AttemptName)
            .Check(request.Answers.Count <= MaxAnswers, "answers", $"at most {MaxAnswers}.");
        for (var i = 0; i < request.Answers.Count && i < MaxAnswers; i++)
        {
            validator.Check(ResourceNames.TryParseQuestionItem(request.Answers[i].Item, out _, out _), $"answers[{i}].item", "must be a question item name: questionBanks/{bank}/items/{item}.");
        }

        validator.ThrowIfInvalid();
        var answers = request.Answers.Select(a => new Training.Grains.AttemptAnswer(a.Item, [.. a.Chosen])).ToList();
        return (await Attempt(request.Name).Submit(answers, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<ListAttemptsResponse> ListAttempts(ListAttemptsRequest request, ServerCallContext context)
    {
        new Validator()
            .Check(ResourceNames.IsBatch(request.Parent), "parent", BatchName)
            .Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName)
            .ThrowIfInvalid();
        var results = await Batch(request.Parent).StageResultsOf(request.StaffMember);
        var attempts = await Task.WhenAll(results.Attempts.Select(name => Attempt(name).Get()));
        return new ListAttemptsResponse { Attempts = { attempts.Select(a => a.ToProto()) } };
    }

    public override async Task<StageResults> GetStageResults(GetStageResultsRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsBatch(request.CourseBatch), "course_batch", BatchName).ThrowIfInvalid();
        var batch = Batch(request.CourseBatch);
        var assessments = await batch.StageAssessments();
        var results = await batch.StageResults();
        var practicals = await batch.PracticalAssessments();
        return new StageResults
        {
            CourseBatch = request.CourseBatch,
            Assessments = { assessments.Select(a => a.ToProto()) },
            Trainees = { results.Select(r => r.ToProto()) },
            PracticalAssessments = { practicals.Select(p => p.ToProto()) },
        };
    }

    private static Validator Mutation(string requestId) => new Validator().RequestId("request_id", requestId);

    private ICourseBatchGrain Batch(string name) => grains.GetGrain<ICourseBatchGrain>(name);

    private IAssessmentAttemptGrain Attempt(string name) => grains.GetGrain<IAssessmentAttemptGrain>(name);
}
