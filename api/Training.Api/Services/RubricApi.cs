using Training.Api.Mapping;
using Rubric = Training.Contracts.V1.Rubric;

namespace Training.Api.Services;

/// <summary>
/// training.v1.RubricService: validates requests, maps them to the rubric grain (keyed by the rubric's resource name; it
/// keeps every revision) and lists rubrics from the directory. No domain rules here: the rubric's ranges and its
/// competencies are the grain's.
/// </summary>
public sealed class RubricApi(IGrainFactory grains) : RubricService.RubricServiceBase
{
    private const string Collection = "rubrics";
    private const int MaxQuery = 100;
    private const string RubricName = "must be a rubric name: rubrics/{rubric}.";

    public override async Task<Rubric> CreateRubric(CreateRubricRequest request, ServerCallContext context)
    {
        var validator = new Validator().ResourceId("rubric_id", request.RubricId).RequestId("request_id", request.RequestId);
        validator.Check(request.Rubric is not null, "rubric", "is required.");
        var spec = request.Rubric is null ? null : PracticalMapping.ToGrain(request.Rubric, validator, "rubric");
        validator.ThrowIfInvalid();
        return (await Grain(ResourceNames.Rubric(request.RubricId)).Create(spec!, Callers.Command(context, request.RequestId))).ToProto();
    }

    public override async Task<Rubric> GetRubric(GetRubricRequest request, ServerCallContext context)
    {
        new Validator()
            .Check(ResourceNames.IsRubric(request.Name), "name", RubricName)
            .Check(request.Revision >= 0, "revision", "0 (the latest) or a revision number.")
            .ThrowIfInvalid();
        return (await Grain(request.Name).Get(request.Revision)).ToProto();
    }

    public override async Task<ListRubricsResponse> ListRubrics(ListRubricsRequest request, ServerCallContext context)
    {
        var validator = new Validator().OptionalText("query", request.Query, MaxQuery);
        var page = Paging.Request(validator, Collection, request.PageSize, request.PageToken, request.Query);
        validator.ThrowIfInvalid();
        var result = await grains.GetGrain<IDirectoryGrain>(0).ListRubrics(page);
        return new ListRubricsResponse { Rubrics = { result.Items.Select(r => r.ToProto()) }, NextPageToken = Paging.NextToken(Collection, result) };
    }

    public override async Task<Rubric> UpdateRubric(UpdateRubricRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        validator.Check(request.Rubric is not null, "rubric", "is required.");
        var rubric = request.Rubric ?? new Rubric();
        validator.Check(ResourceNames.IsRubric(rubric.Name), "rubric.name", RubricName);
        var expectedVersion = Etags.ToExpectedVersion(validator, "rubric.etag", rubric.Etag);
        var spec = PracticalMapping.ToGrain(rubric, validator, "rubric");
        validator.ThrowIfInvalid();
        return (await Grain(rubric.Name).Update(spec, expectedVersion, Callers.Command(context, request.RequestId))).ToProto();
    }

    private IRubricGrain Grain(string name) => grains.GetGrain<IRubricGrain>(name);
}
