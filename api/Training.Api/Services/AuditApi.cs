using Training.Api.Mapping;
using DomainHistoryEntry = Training.Grains.HistoryEntry;

namespace Training.Api.Services;

/// <summary>
/// The audit trail (training.v1.AuditService): a resource's history, read from the grain that owns it (its
/// <c>History</c> method), with who (subject, role, client), when, what and under which request id. Who may read
/// which resource's trail is the authorization policy's business (<see cref="Security.AuthorizationPolicyTable"/>).
/// </summary>
public sealed class AuditApi(IGrainFactory grains) : AuditService.AuditServiceBase
{
    private const string Resource =
        "must name a region, county, centre, kiosk (…/centers/{center}/kiosks/{kiosk}), staff member (staff/{id}), framework (frameworks/{id}), course (courses/{id}) or question bank (questionBanks/{id}).";

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        // The token is the last version shown.
        var collection = $"audit:{request.Resource}";
        var source = Source(request.Resource);
        var validator = new Validator().Check(source is not null, "resource", Resource);
        var pageRequest = Paging.Request(validator, collection, request.PageSize, request.PageToken);
        var afterVersion = HistoryPages.AfterVersion(validator, pageRequest.AfterKey);
        validator.ThrowIfInvalid();
        var (history, exists) = source!.Value;
        var (entries, next) = await HistoryPages.ReadAsync(collection, pageRequest, afterVersion, history, exists);
        return new ListAuditRecordsResponse { Records = { entries.Select(StaffMapping.ToProto) }, NextPageToken = next };
    }

    /// <summary>The grain owning <paramref name="name"/>: its history, and a read that answers NotFound when it does not exist.</summary>
    private (Func<long, int, Task<IReadOnlyList<DomainHistoryEntry>>> History, Func<Task> Exists)? Source(string name)
    {
        if (ResourceNames.IsRegion(name))
        {
            var grain = grains.GetGrain<IRegionGrain>(name);
            return (grain.History, grain.Get);
        }

        if (ResourceNames.IsCounty(name))
        {
            var grain = grains.GetGrain<ICountyGrain>(name);
            return (grain.History, grain.Get);
        }

        if (ResourceNames.IsCenter(name))
        {
            var grain = grains.GetGrain<ICenterGrain>(name);
            return (grain.History, grain.Get);
        }

        if (ResourceNames.IsKiosk(name))
        {
            var grain = grains.GetGrain<IKioskGrain>(name);
            return (grain.History, grain.Get);
        }

        if (ResourceNames.IsStaff(name))
        {
            var grain = grains.GetGrain<IStaffMemberGrain>(name);
            return (grain.History, grain.Get);
        }

        if (ResourceNames.IsFramework(name))
        {
            var grain = grains.GetGrain<ICompetencyFrameworkGrain>(name);
            return (grain.History, () => grain.Get(0));
        }

        if (ResourceNames.IsCourse(name))
        {
            var grain = grains.GetGrain<ICourseGrain>(name);
            return (grain.History, grain.Get);
        }

        if (ResourceNames.IsQuestionBank(name))
        {
            var grain = grains.GetGrain<IQuestionBankGrain>(name);
            return (grain.History, grain.Get);
        }

        if (ResourceNames.IsRubric(name))
        {
            var grain = grains.GetGrain<IRubricGrain>(name);
            return (grain.History, () => grain.Get(0));
        }

        return null;
    }
}
