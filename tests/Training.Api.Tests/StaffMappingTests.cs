using Training.Api.Mapping;
using DomainPost = Training.Grains.Post;
using DomainStaffStatus = Training.Grains.StaffStatus;
using ProtoPost = Training.Contracts.V1.Post;
using ProtoStaffStatus = Training.Contracts.V1.StaffStatus;

namespace Training.Api.Tests;

public class StaffMappingTests
{
    [Fact]
    public void Every_post_of_the_contract_maps_to_the_domain_and_back()
    {
        foreach (var post in System.Enum.GetValues<ProtoPost>().Where(p => p != ProtoPost.Unspecified))
        {
            Assert.Equal((int)post, (int)post.ToDomain());
            Assert.Equal(post, post.ToDomain().ToProto());
        }

        Assert.Equal(System.Enum.GetValues<DomainPost>().Length, System.Enum.GetValues<ProtoPost>().Length - 1);
    }

    [Fact]
    public void Unspecified_and_unknown_posts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProtoPost.Unspecified.ToDomain());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ProtoPost)99).ToDomain());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((DomainPost)0).ToProto());
    }

    [Fact]
    public void Every_staff_status_maps_both_ways()
    {
        foreach (var status in System.Enum.GetValues<DomainStaffStatus>())
        {
            Assert.Equal(status, status.ToProto().ToDomain());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ProtoStaffStatus.Unspecified.ToDomain());
    }

    [Fact]
    public void A_staff_view_becomes_a_staff_member_with_its_version_as_etag()
    {
        var view = new StaffView("staff/ZP-0001", "Li Na", Samples.Center, DomainPost.VeteransServices, DomainStaffStatus.OnLeave, "maternity", "123", "li@zp.cn", 7, Samples.Time, Samples.Time.AddDays(1));

        var member = view.ToStaffMember();

        Assert.Equal("staff/ZP-0001", member.Name);
        Assert.Equal(Samples.Center, member.Center);
        Assert.Equal(ProtoPost.VeteransServices, member.Post);
        Assert.Equal(ProtoStaffStatus.OnLeave, member.Status);
        Assert.Equal("maternity", member.StatusReason);
        Assert.Equal("\"7\"", member.Etag);
        Assert.Equal(Samples.Time.AddDays(1), member.UpdateTime.ToDateTimeOffset());
    }

    [Fact]
    public void A_patch_carries_only_the_masked_fields()
    {
        var member = Samples.Row("ZP-1").StaffMember;

        var patch = member.ToPatch(new HashSet<string>(["post", "email"]));

        Assert.Equal(new StaffPatch(Post: DomainPost.Hotline12345, Email: "a@b.cn"), patch);
    }
}
