using Training.Api.Mapping;

namespace Training.Api.Services;

/// <summary>
/// The region → county → centre hierarchy (training.v1.OrganizationService): validates each request
/// fully, then makes one call to the unit's grain (keyed by its resource name) or to the directory.
/// </summary>
public sealed class OrganizationApi(IGrainFactory grains) : OrganizationService.OrganizationServiceBase
{
    private const int MaxDisplayName = 200;
    private const int MaxDescription = 2000;
    private const int MaxAddress = 500;
    private const int MaxPhone = 40;

    private const string RegionName = "must be a region name: regions/{region}.";
    private const string CountyName = "must be a county name: regions/{region}/counties/{county}.";
    private const string CenterName = "must be a centre name: regions/{region}/counties/{county}/centers/{center}.";

    private static readonly string[] RegionPaths = ["display_name", "description"];
    private static readonly string[] CountyPaths = ["display_name", "description"];
    private static readonly string[] CenterPaths = ["display_name", "description", "address", "phone"];

    public override async Task<Region> CreateRegion(CreateRegionRequest request, ServerCallContext context)
    {
        var spec = (request.Region ?? new Region()).ToSpec();
        var validator = Mutation(request.RequestId).ResourceId("region_id", request.RegionId);
        Check(validator, "region", spec).ThrowIfInvalid();
        var created = await RegionGrain(ResourceNames.Region(request.RegionId)).Create(spec, Callers.Command(context, request.RequestId));
        return created.ToRegion();
    }

    public override async Task<Region> GetRegion(GetRegionRequest request, ServerCallContext context)
    {
        Require(ResourceNames.IsRegion(request.Name), "name", RegionName);
        return (await RegionGrain(request.Name).Get()).ToRegion();
    }

    public override async Task<ListRegionsResponse> ListRegions(ListRegionsRequest request, ServerCallContext context)
    {
        const string collection = "regions";
        var validator = new Validator();
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var page = await Directory.ListRegions(pageRequest);
        return new ListRegionsResponse { Regions = { page.Items.Select(OrganizationMapping.ToRegion) }, NextPageToken = Paging.NextToken(collection, page) };
    }

    public override async Task<Region> UpdateRegion(UpdateRegionRequest request, ServerCallContext context)
    {
        var region = request.Region ?? new Region();
        var validator = Mutation(request.RequestId).Check(ResourceNames.IsRegion(region.Name), "region.name", RegionName);
        var patch = region.ToPatch(FieldMasks.Paths(validator, request.UpdateMask, RegionPaths));
        var expectedVersion = Etags.ToExpectedVersion(validator, "region.etag", region.Etag);
        Check(validator, "region", patch).ThrowIfInvalid();
        var updated = await RegionGrain(region.Name).Update(patch, expectedVersion, Callers.Command(context, request.RequestId));
        return updated.ToRegion();
    }

    public override async Task<County> CreateCounty(CreateCountyRequest request, ServerCallContext context)
    {
        var spec = (request.County ?? new County()).ToSpec();
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsRegion(request.Parent), "parent", RegionName)
            .ResourceId("county_id", request.CountyId);
        Check(validator, "county", spec).ThrowIfInvalid();
        var created = await CountyGrain(ResourceNames.County(request.Parent, request.CountyId)).Create(spec, Callers.Command(context, request.RequestId));
        return created.ToCounty();
    }

    public override async Task<County> GetCounty(GetCountyRequest request, ServerCallContext context)
    {
        Require(ResourceNames.IsCounty(request.Name), "name", CountyName);
        return (await CountyGrain(request.Name).Get()).ToCounty();
    }

    public override async Task<ListCountiesResponse> ListCounties(ListCountiesRequest request, ServerCallContext context)
    {
        var collection = $"counties:{request.Parent}";
        var validator = new Validator().Check(ResourceNames.IsRegion(request.Parent), "parent", RegionName);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var page = await Directory.ListCounties(request.Parent, pageRequest);
        return new ListCountiesResponse { Counties = { page.Items.Select(OrganizationMapping.ToCounty) }, NextPageToken = Paging.NextToken(collection, page) };
    }

    public override async Task<County> UpdateCounty(UpdateCountyRequest request, ServerCallContext context)
    {
        var county = request.County ?? new County();
        var validator = Mutation(request.RequestId).Check(ResourceNames.IsCounty(county.Name), "county.name", CountyName);
        var patch = county.ToPatch(FieldMasks.Paths(validator, request.UpdateMask, CountyPaths));
        var expectedVersion = Etags.ToExpectedVersion(validator, "county.etag", county.Etag);
        Check(validator, "county", patch).ThrowIfInvalid();
        var updated = await CountyGrain(county.Name).Update(patch, expectedVersion, Callers.Command(context, request.RequestId));
        return updated.ToCounty();
    }

    public override async Task<Center> CreateCenter(CreateCenterRequest request, ServerCallContext context)
    {
        var spec = (request.Center ?? new Center()).ToSpec();
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsCounty(request.Parent), "parent", CountyName)
            .ResourceId("center_id", request.CenterId);
        Check(validator, "center", spec).ThrowIfInvalid();
        var created = await CenterGrain(ResourceNames.Center(request.Parent, request.CenterId)).Create(spec, Callers.Command(context, request.RequestId));
        return created.ToCenter();
    }

    public override async Task<Center> GetCenter(GetCenterRequest request, ServerCallContext context)
    {
        Require(ResourceNames.IsCenter(request.Name), "name", CenterName);
        return (await CenterGrain(request.Name).Get()).ToCenter();
    }

    public override async Task<ListCentersResponse> ListCenters(ListCentersRequest request, ServerCallContext context)
    {
        var collection = $"centers:{request.Parent}";
        var validator = new Validator().Check(ResourceNames.IsCounty(request.Parent), "parent", CountyName);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var page = await Directory.ListCenters(request.Parent, pageRequest);
        return new ListCentersResponse { Centers = { page.Items.Select(OrganizationMapping.ToCenter) }, NextPageToken = Paging.NextToken(collection, page) };
    }

    public override async Task<Center> UpdateCenter(UpdateCenterRequest request, ServerCallContext context)
    {
        var center = request.Center ?? new Center();
        var validator = Mutation(request.RequestId).Check(ResourceNames.IsCenter(center.Name), "center.name", CenterName);
        var patch = center.ToPatch(FieldMasks.Paths(validator, request.UpdateMask, CenterPaths));
        var expectedVersion = Etags.ToExpectedVersion(validator, "center.etag", center.Etag);
        Check(validator, "center", patch).ThrowIfInvalid();
        var updated = await CenterGrain(center.Name).Update(patch, expectedVersion, Callers.Command(context, request.RequestId));
        return updated.ToCenter();
    }

    public override async Task<Center> ArchiveCenter(ArchiveCenterRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId).Check(ResourceNames.IsCenter(request.Name), "name", CenterName).ThrowIfInvalid();
        return (await CenterGrain(request.Name).Archive(Callers.Command(context, request.RequestId))).ToCenter();
    }

    private IRegionGrain RegionGrain(string name) => grains.GetGrain<IRegionGrain>(name);

    private ICountyGrain CountyGrain(string name) => grains.GetGrain<ICountyGrain>(name);

    private ICenterGrain CenterGrain(string name) => grains.GetGrain<ICenterGrain>(name);

    private IDirectoryGrain Directory => grains.GetGrain<IDirectoryGrain>(0);

    private static Validator Mutation(string requestId) => new Validator().RequestId("request_id", requestId);

    private static void Require(bool condition, string field, string description) =>
        new Validator().Check(condition, field, description).ThrowIfInvalid();

    /// <summary>Every field of a new unit (regions and counties carry an empty address and phone, which pass).</summary>
    private static Validator Check(Validator validator, string resource, OrgUnitSpec spec) =>
        Check(validator, resource, new OrgUnitPatch(spec.DisplayName, spec.Description, spec.Address, spec.Phone));

    /// <summary>The fields an update changes; null fields are not changed and not checked.</summary>
    private static Validator Check(Validator validator, string resource, OrgUnitPatch fields)
    {
        if (fields.DisplayName is { } displayName)
        {
            validator.RequiredText($"{resource}.display_name", displayName, MaxDisplayName);
        }

        if (fields.Description is { } description)
        {
            validator.OptionalText($"{resource}.description", description, MaxDescription);
        }

        if (fields.Address is { } address)
        {
            validator.OptionalText($"{resource}.address", address, MaxAddress);
        }

        if (fields.Phone is { } phone)
        {
            validator
                .Check(phone.Length <= MaxPhone, $"{resource}.phone", $"must be at most {MaxPhone} characters.")
                .Check(phone.All(IsPhoneCharacter), $"{resource}.phone", "may contain only digits, spaces, + and -.");
        }

        return validator;
    }

    private static bool IsPhoneCharacter(char c) => char.IsAsciiDigit(c) || c is ' ' or '+' or '-';
}
