using DomainHistoryEntry = Training.Grains.HistoryEntry;
using DomainPost = Training.Grains.Post;
using DomainStaffStatus = Training.Grains.StaffStatus;
using ProtoHistoryEntry = Training.Contracts.V1.HistoryEntry;
using ProtoPost = Training.Contracts.V1.Post;
using ProtoStaffStatus = Training.Contracts.V1.StaffStatus;

namespace Training.Api.Mapping;

/// <summary>Staff members, posts, statuses and history entries between the grains and the contract.</summary>
public static class StaffMapping
{
    public static StaffMember ToStaffMember(this StaffView view) => new()
    {
        Name = view.Name,
        DisplayName = view.DisplayName,
        Center = view.CenterName,
        Post = view.Post.ToProto(),
        Status = view.Status.ToProto(),
        StatusReason = view.StatusReason,
        Phone = view.Phone,
        Email = view.Email,
        Etag = Etags.From(view.Version),
        CreateTime = view.CreateTime.ToTimestamp(),
        UpdateTime = view.UpdateTime.ToTimestamp(),
        CardId = view.CardId,
    };

    /// <summary>What a validated staff member is registered with.</summary>
    public static StaffSpec ToSpec(this StaffMember member) =>
        new(member.DisplayName, member.Center, member.Post.ToDomain(), member.Phone, member.Email, member.CardId);

    /// <summary>The fields of a validated <paramref name="member"/> named by <paramref name="paths"/> (from an update mask); the others stay null.</summary>
    public static StaffPatch ToPatch(this StaffMember member, IReadOnlySet<string> paths) => new(
        DisplayName: paths.Contains("display_name") ? member.DisplayName : null,
        Post: paths.Contains("post") ? member.Post.ToDomain() : null,
        Phone: paths.Contains("phone") ? member.Phone : null,
        Email: paths.Contains("email") ? member.Email : null,
        CardId: paths.Contains("card_id") ? member.CardId : null);

    public static ProtoHistoryEntry ToProto(this DomainHistoryEntry entry) => new()
    {
        Version = entry.Version,
        EventType = entry.EventType,
        RecordTime = entry.RecordedAt.ToTimestamp(),
        Actor = entry.Actor,
        RequestId = entry.RequestId,
        Summary = entry.Summary,
        Role = entry.Role,
        Client = entry.Client,
    };

    /// <summary>The domain post; throws for UNSPECIFIED or an unknown number (validate with <see cref="Validator.Defined"/> first).</summary>
    public static DomainPost ToDomain(this ProtoPost post) => post switch
    {
        ProtoPost.SocialSecurity => DomainPost.SocialSecurity,
        ProtoPost.VeteransServices => DomainPost.VeteransServices,
        ProtoPost.VillageConstruction => DomainPost.VillageConstruction,
        ProtoPost.Hotline12345 => DomainPost.Hotline12345,
        ProtoPost.GeneralServices => DomainPost.GeneralServices,
        ProtoPost.CenterManagement => DomainPost.CenterManagement,
        _ => throw new ArgumentOutOfRangeException(nameof(post), post, "Not a post of the domain."),
    };

    public static ProtoPost ToProto(this DomainPost post) => post switch
    {
        DomainPost.SocialSecurity => ProtoPost.SocialSecurity,
        DomainPost.VeteransServices => ProtoPost.VeteransServices,
        DomainPost.VillageConstruction => ProtoPost.VillageConstruction,
        DomainPost.Hotline12345 => ProtoPost.Hotline12345,
        DomainPost.GeneralServices => ProtoPost.GeneralServices,
        DomainPost.CenterManagement => ProtoPost.CenterManagement,
        _ => throw new ArgumentOutOfRangeException(nameof(post), post, "Not a post of the contract."),
    };

    public static ProtoStaffStatus ToProto(this DomainStaffStatus status) => status switch
    {
        DomainStaffStatus.Active => ProtoStaffStatus.Active,
        DomainStaffStatus.OnLeave => ProtoStaffStatus.OnLeave,
        DomainStaffStatus.Departed => ProtoStaffStatus.Departed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a staff status of the contract."),
    };

    /// <summary>The domain status; throws for UNSPECIFIED or an unknown number.</summary>
    public static DomainStaffStatus ToDomain(this ProtoStaffStatus status) => status switch
    {
        ProtoStaffStatus.Active => DomainStaffStatus.Active,
        ProtoStaffStatus.OnLeave => DomainStaffStatus.OnLeave,
        ProtoStaffStatus.Departed => DomainStaffStatus.Departed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a staff status of the domain."),
    };
}
