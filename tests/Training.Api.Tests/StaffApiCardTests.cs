using Google.Protobuf.WellKnownTypes;
using Training.Api.Mapping;

namespace Training.Api.Tests;

public class StaffApiCardTests
{
    [Fact]
    public void The_card_id_maps_both_ways_and_into_a_patch_only_when_masked()
    {
        var member = Samples.Row("ZP-1").StaffMember;
        member.CardId = "CARD-0042";

        Assert.Equal("CARD-0042", member.ToSpec().CardId);
        Assert.Equal("CARD-0042", FakeStaffMember.View("staff/ZP-1", member.ToSpec()).ToStaffMember().CardId);
        Assert.Equal(new StaffPatch(CardId: "CARD-0042"), member.ToPatch(new HashSet<string>(["card_id"])));
        Assert.Null(member.ToPatch(new HashSet<string>(["phone"])).CardId);
    }

    [Fact]
    public async Task An_update_changes_the_card_only_when_the_mask_names_it_and_an_empty_card_id_takes_it_away()
    {
        var (api, staff) = Api();
        var member = new StaffMember { Name = "staff/ZP-1", DisplayName = "Li Na", Post = Training.Contracts.V1.Post.Hotline12345, CardId = string.Empty };

        await api.UpdateStaffMember(new UpdateStaffMemberRequest { StaffMember = member, RequestId = "r-1" }, TestCallContext.Create());
        await api.UpdateStaffMember(new UpdateStaffMemberRequest { StaffMember = member, UpdateMask = new FieldMask { Paths = { "card_id" } }, RequestId = "r-2" }, TestCallContext.Create());
        member.CardId = "CARD-7";
        await api.UpdateStaffMember(new UpdateStaffMemberRequest { StaffMember = member, UpdateMask = new FieldMask { Paths = { "cardId" } }, RequestId = "r-3" }, TestCallContext.Create());

        Assert.Equal([null, string.Empty, "CARD-7"], staff.Updates.Select(p => p.CardId));
    }

    [Theory]
    [InlineData("CARD 7")]
    [InlineData("卡-7")]
    [InlineData("C/7")]
    public async Task A_card_id_outside_A_Z_a_z_0_9_and_dash_or_longer_than_64_is_InvalidArgument_on_create_and_update(string cardId)
    {
        var (api, staff) = Api();
        var row = Samples.Row("ZP-1");
        row.StaffMember.CardId = cardId;
        row.RequestId = "r-1";
        var tooLong = new StaffMember { Name = "staff/ZP-1", CardId = new string('7', 65) };

        var created = await Assert.ThrowsAsync<RpcException>(() => api.CreateStaffMember(row, TestCallContext.Create()));
        var updated = await Assert.ThrowsAsync<RpcException>(() => api.UpdateStaffMember(new UpdateStaffMemberRequest { StaffMember = tooLong, UpdateMask = new FieldMask { Paths = { "card_id" } }, RequestId = "r-2" }, TestCallContext.Create()));

        Assert.Equal(["staff_member.card_id"], Samples.Fields(created));
        Assert.Equal(["staff_member.card_id"], Samples.Fields(updated));
        Assert.Empty(staff.Updates);
    }

    private static (StaffApi Api, FakeStaffMember Staff) Api()
    {
        var (factory, fakes) = FakeGrains.Create();
        var staff = new FakeStaffMember("staff/ZP-1", 1);
        fakes.Add<IStaffMemberGrain>("staff/ZP-1", staff);
        return (new StaffApi(factory), staff);
    }
}
