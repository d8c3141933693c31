using Training.Api.Mapping;
using Attempt = Training.Contracts.V1.Attempt;
using SurveyResponse = Training.Contracts.V1.SurveyResponse;
using TrainingResults = Training.Contracts.V1.TrainingResults;

namespace Training.Api.Services;

/// <summary>
/// Training results in four levels (training.v1.TrainingResultsService): validates each request's shape, then calls the
/// batch's evaluation grain (survey answers) or the results reader (reports). The figures' rules are the grains'
/// (<c>TrainingResultsRules</c>).
/// </summary>
public sealed class TrainingResultsApi(IGrainFactory grains) : TrainingResultsService.TrainingResultsServiceBase
{
    private const string BatchName = "must be a course batch name: regions/{region}/counties/{county}/centers/{center}/batches/{batch}.";
    private const string StaffName = "must be a staff member name: staff/{staff_id}.";
    private const string CenterName = "must be a centre name: regions/{region}/counties/{county}/centers/{center}.";

    public override async Task<SurveyResponse> AnswerSurvey(AnswerSurveyRequest request, ServerCallContext context)
    {
        var validator = new Validator()
            .RequestId("request_id", request.RequestId)
            .Check(ResourceNames.IsBatch(request.Parent), "parent", BatchName)
            .Check(ResourceNames.IsStaff(request.StaffMember), "staff_member", StaffName);
        var stage = CatalogueMapping.ToGrain(request.Stage, validator, "stage");
        var ratings = TrainingResultsMapping.ToGrain(request.Ratings, validator);
        validator.ThrowIfInvalid();
        var answer = new Training.Grains.SurveyAnswer(stage!.Value, ratings, request.Comment);
        return (await Evaluation(request.Parent).AnswerSurvey(request.StaffMember, answer, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<ListSurveyResponsesResponse> ListSurveyResponses(ListSurveyResponsesRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsBatch(request.Parent), "parent", BatchName).ThrowIfInvalid();
        await grains.GetGrain<ICourseBatchGrain>(request.Parent).Get();
        var responses = await Evaluation(request.Parent).Responses();
        return new ListSurveyResponsesResponse { SurveyResponses = { responses.Select(r => r.ToProto()) } };
    }

    public override async Task<TrainingResults> GetCourseBatchResults(GetCourseBatchResultsRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsBatch(request.CourseBatch), "course_batch", BatchName).ThrowIfInvalid();
        return (await Reports.BatchReport(request.CourseBatch)).ToProto();
    }

    public override async Task<TrainingResults> GetCenterResults(GetCenterResultsRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsCenter(request.Center), "center", CenterName).ThrowIfInvalid();
        return (await Reports.CenterReport(request.Center)).ToProto();
    }

    public override async Task<ListFollowUpsResponse> ListFollowUps(ListFollowUpsRequest request, ServerCallContext context)
    {
        var validator = new Validator().Check(ResourceNames.IsCenter(request.Parent), "parent", CenterName).Check(request.States.Count <= 4, "states", "at most 4.");
        var states = request.States.Take(4).Select((state, i) => TrainingResultsMapping.ToGrain(state, validator, $"states[{i}]")).OfType<Training.Grains.FollowUpState>().ToList();
        validator.ThrowIfInvalid();
        await grains.GetGrain<ICenterGrain>(request.Parent).Get();
        var followUps = await grains.GetGrain<IFollowUpListGrain>(0).OfCenter(request.Parent, states);
        return new ListFollowUpsResponse { FollowUps = { followUps.Select(f => f.ToProto()) } };
    }

    public override async Task<ListFollowUpsResponse> ListStaffMemberFollowUps(ListStaffMemberFollowUpsRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsStaff(request.Parent), "parent", StaffName).ThrowIfInvalid();
        await grains.GetGrain<IStaffMemberGrain>(request.Parent).Get();
        var followUps = await grains.GetGrain<IFollowUpListGrain>(0).OfStaff(request.Parent);
        return new ListFollowUpsResponse { FollowUps = { followUps.Select(f => f.ToProto()) } };
    }

    public override async Task<Attempt> StartFollowUp(StartFollowUpRequest request, ServerCallContext context)
    {
        new Validator()
            .RequestId("request_id", request.RequestId)
            .Check(ResourceNames.TryParseFollowUp(request.Name, out var batch, out _), "name", "must be a follow-up name: {course_batch}/followUps/{staff_id}.{n}.")
            .ThrowIfInvalid();
        return (await grains.GetGrain<ICourseBatchGrain>(batch).StartFollowUp(request.Name, Callers.Command(context, request.RequestId))).ToProto();
    }

    private IBatchEvaluationGrain Evaluation(string batch) => grains.GetGrain<IBatchEvaluationGrain>($"{batch}/evaluation");

    private ITrainingResultsGrain Reports => grains.GetGrain<ITrainingResultsGrain>(0);
}
