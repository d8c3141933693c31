using static Training.Api.Mapping.CatalogueMapping;

namespace Training.Api.Services;

/// <summary>
/// training.v1.CompetencyFrameworkService: validates requests, maps them to the framework grain
/// (keyed by the framework's resource name) and maps its views back. No domain rules here.
/// </summary>
public sealed class CompetencyFrameworkApi(IGrainFactory grains) : CompetencyFrameworkService.CompetencyFrameworkServiceBase
{
    private const string Collection = "frameworks";

    public override async Task<CompetencyFramework> CreateFramework(CreateFrameworkRequest request, ServerCallContext context)
    {
        var validator = new Validator().ResourceId("framework_id", request.FrameworkId).RequestId("request_id", request.RequestId);
        var spec = ToFrameworkSpec(Required(validator, "framework", request.Framework), validator, "framework");
        validator.ThrowIfInvalid();
        var view = await FrameworkGrain(ResourceNames.Framework(request.FrameworkId)).Create(spec, Callers.Command(context, request.RequestId));
        return ToProto(view);
    }

    public override async Task<CompetencyFramework> GetFramework(GetFrameworkRequest request, ServerCallContext context)
    {
        var validator = FrameworkName(new Validator(), "name", request.Name)
            .Check(request.FrameworkVersion >= 0, "framework_version", "must be 0 (the working draft) or a published version number.");
        validator.ThrowIfInvalid();
        return ToProto(await FrameworkGrain(request.Name).Get(request.FrameworkVersion));
    }

    public override async Task<ListFrameworksResponse> ListFrameworks(ListFrameworksRequest request, ServerCallContext context)
    {
        var validator = new Validator();
        var page = Paging.Request(validator, Collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var result = await grains.GetGrain<IDirectoryGrain>(0).ListFrameworks(page);
        return new ListFrameworksResponse
        {
            Frameworks = { result.Items.Select(ToProto) },
            NextPageToken = Paging.NextToken(Collection, result),
        };
    }

    public override async Task<CompetencyFramework> UpdateFramework(UpdateFrameworkRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        var paths = FieldMasks.Paths(validator, request.UpdateMask, "display_name", "description", "level_scale");
        var framework = Required(validator, "framework", request.Framework);
        FrameworkName(validator, "framework.name", framework.Name);
        var expectedVersion = Etags.ToExpectedVersion(validator, "framework.etag", framework.Etag);
        var patch = ToFrameworkPatch(framework, paths, validator, "framework");
        validator.ThrowIfInvalid();
        var view = await FrameworkGrain(framework.Name).Update(patch, expectedVersion, Callers.Command(context, request.RequestId));
        return ToProto(view);
    }

    public override async Task<Competency> CreateCompetency(CreateCompetencyRequest request, ServerCallContext context)
    {
        var validator = FrameworkName(new Validator(), "parent", request.Parent)
            .ResourceId("competency_id", request.CompetencyId)
            .RequestId("request_id", request.RequestId);
        var spec = ToCompetencySpec(request.CompetencyId, Required(validator, "competency", request.Competency), validator, "competency");
        validator.ThrowIfInvalid();
        var view = await FrameworkGrain(request.Parent).AddCompetency(spec, Callers.Command(context, request.RequestId));
        return ToCompetency(view, request.CompetencyId);
    }

    public override async Task<Competency> UpdateCompetency(UpdateCompetencyRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        var paths = FieldMasks.Paths(validator, request.UpdateMask, "display_name", "description", "dimension");
        var competency = Required(validator, "competency", request.Competency);
        var (frameworkName, competencyId) = CompetencyName(validator, "competency.name", competency.Name);
        var patch = ToCompetencyPatch(competency, paths, validator, "competency");
        validator.ThrowIfInvalid();
        var view = await FrameworkGrain(frameworkName).UpdateCompetency(competencyId, patch, Callers.Command(context, request.RequestId));
        return ToCompetency(view, competencyId);
    }

    public override async Task<Competency> RetireCompetency(RetireCompetencyRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        var (frameworkName, competencyId) = CompetencyName(validator, "name", request.Name);
        validator.ThrowIfInvalid();
        var view = await FrameworkGrain(frameworkName).RetireCompetency(competencyId, Callers.Command(context, request.RequestId));
        return ToCompetency(view, competencyId);
    }

    public override async Task<CompetencyFramework> PublishFramework(PublishFrameworkRequest request, ServerCallContext context)
    {
        FrameworkName(new Validator(), "name", request.Name).RequestId("request_id", request.RequestId).ThrowIfInvalid();
        return ToProto(await FrameworkGrain(request.Name).Publish(Callers.Command(context, request.RequestId)));
    }

    private ICompetencyFrameworkGrain FrameworkGrain(string name) => grains.GetGrain<ICompetencyFrameworkGrain>(name);
}
