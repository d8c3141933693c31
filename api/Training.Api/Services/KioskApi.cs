using Training.Api.Mapping;
using Training.Api.Security;
using ProtoKiosk = Training.Contracts.V1.Kiosk;

namespace Training.Api.Services;

/// <summary>
/// Training-room kiosks (training.v1.KioskService): validates each request fully, then calls the kiosk's grain (keyed
/// by its resource name) or the directory. RegisterKiosk and IssueKioskCredential answer the device token of the
/// generation the grain reports (<see cref="KioskDeviceTokens"/>); the token is signed here and stored nowhere.
/// </summary>
public sealed class KioskApi(IGrainFactory grains, KioskDeviceTokens deviceTokens) : KioskService.KioskServiceBase
{
    private const int MaxDisplayName = 100;
    private const int MaxRoom = 100;
    private const int MaxReason = 500;

    private const string CenterName = "must be a centre name: regions/{region}/counties/{county}/centers/{center}.";
    private const string KioskName = "must be a kiosk name: regions/{region}/counties/{county}/centers/{center}/kiosks/{kiosk}.";

    private static readonly string[] KioskPaths = ["display_name", "room"];

    public override async Task<ProtoKiosk> RegisterKiosk(RegisterKioskRequest request, ServerCallContext context)
    {
        var kiosk = request.Kiosk ?? new ProtoKiosk();
        var validator = Mutation(request.RequestId)
            .Check(ResourceNames.IsCenter(request.Parent), "parent", CenterName)
            .ResourceId("kiosk_id", request.KioskId);
        Check(validator, new KioskPatch(kiosk.DisplayName, kiosk.Room)).ThrowIfInvalid();
        var registered = await KioskGrain(ResourceNames.Kiosk(request.Parent, request.KioskId)).Register(kiosk.ToSpec(), Callers.Command(context, request.RequestId));
        return WithDeviceToken(registered);
    }

    public override async Task<ProtoKiosk> GetKiosk(GetKioskRequest request, ServerCallContext context)
    {
        new Validator().Check(ResourceNames.IsKiosk(request.Name), "name", KioskName).ThrowIfInvalid();
        return (await KioskGrain(request.Name).Get()).ToKiosk();
    }

    public override async Task<ListKiosksResponse> ListKiosks(ListKiosksRequest request, ServerCallContext context)
    {
        var collection = $"kiosks:{request.Parent}";
        var validator = new Validator().Check(ResourceNames.IsCenter(request.Parent), "parent", CenterName);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var page = await Directory.ListKiosks(request.Parent, pageRequest);
        return new ListKiosksResponse { Kiosks = { page.Items.Select(KioskMapping.ToKiosk) }, NextPageToken = Paging.NextToken(collection, page) };
    }

    public override async Task<ProtoKiosk> UpdateKiosk(UpdateKioskRequest request, ServerCallContext context)
    {
        var kiosk = request.Kiosk ?? new ProtoKiosk();
        var validator = Mutation(request.RequestId).Check(ResourceNames.IsKiosk(kiosk.Name), "kiosk.name", KioskName);
        var patch = kiosk.ToPatch(FieldMasks.Paths(validator, request.UpdateMask, KioskPaths));
        var expectedVersion = Etags.ToExpectedVersion(validator, "kiosk.etag", kiosk.Etag);
        Check(validator, patch).ThrowIfInvalid();
        var updated = await KioskGrain(kiosk.Name).Update(patch, expectedVersion, Callers.Command(context, request.RequestId));
        return updated.ToKiosk();
    }

    public override async Task<ProtoKiosk> IssueKioskCredential(IssueKioskCredentialRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId).Check(ResourceNames.IsKiosk(request.Name), "name", KioskName).ThrowIfInvalid();
        return WithDeviceToken(await KioskGrain(request.Name).IssueCredential(Callers.Command(context, request.RequestId)));
    }

    public override async Task<ProtoKiosk> RevokeKiosk(RevokeKioskRequest request, ServerCallContext context)
    {
        Mutation(request.RequestId)
            .Check(ResourceNames.IsKiosk(request.Name), "name", KioskName)
            .RequiredText("reason", request.Reason, MaxReason)
            .ThrowIfInvalid();
        return (await KioskGrain(request.Name).Revoke(request.Reason, Callers.Command(context, request.RequestId))).ToKiosk();
    }

    private IKioskGrain KioskGrain(string name) => grains.GetGrain<IKioskGrain>(name);

    private IDirectoryGrain Directory => grains.GetGrain<IDirectoryGrain>(0);

    /// <summary>The kiosk with the device token of the generation <paramref name="view"/> stands at (a retry answers the same generation).</summary>
    private ProtoKiosk WithDeviceToken(KioskView view)
    {
        var kiosk = view.ToKiosk();
        kiosk.DeviceToken = deviceTokens.Issue(view);
        return kiosk;
    }

    private static Validator Mutation(string requestId) => new Validator().RequestId("request_id", requestId);

    /// <summary>The fields a registration or update sets; null fields are not changed and not checked.</summary>
    private static Validator Check(Validator validator, KioskPatch fields)
    {
        if (fields.DisplayName is { } displayName)
        {
            validator.RequiredText("kiosk.display_name", displayName, MaxDisplayName);
        }

        if (fields.Room is { } room)
        {
            validator.RequiredText("kiosk.room", room, MaxRoom);
        }

        return validator;
    }
}
