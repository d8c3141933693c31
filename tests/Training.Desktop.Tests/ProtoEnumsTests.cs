namespace Training.Desktop.Tests;

public class ProtoEnumsTests
{
    [Theory]
    [InlineData("HOTLINE_12345", Post.Hotline12345)]
    [InlineData("hotline_12345", Post.Hotline12345)]
    [InlineData("POST_HOTLINE_12345", Post.Hotline12345)]
    [InlineData(" Social_Security ", Post.SocialSecurity)]
    [InlineData("veterans-services", Post.VeteransServices)]
    [InlineData("center_management", Post.CenterManagement)]
    public void Parses_posts_by_their_proto_name_with_or_without_prefix_in_any_case(string text, Post expected)
    {
        Assert.True(ProtoEnums.TryParse<Post>(text, out var post));
        Assert.Equal(expected, post);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("UNSPECIFIED")]
    [InlineData("POST_UNSPECIFIED")]
    [InlineData("CLERK")]
    [InlineData("4")]
    [InlineData("Hotline12345")]
    public void Refuses_unknown_posts_and_the_unspecified_value(string? text)
    {
        Assert.False(ProtoEnums.TryParse<Post>(text, out _));
    }

    [Fact]
    public void Names_values_without_their_prefix()
    {
        Assert.Equal("HOTLINE_12345", ProtoEnums.ShortName(Post.Hotline12345));
        Assert.Equal("ON_LEAVE", ProtoEnums.ShortName(StaffStatus.OnLeave));
        Assert.Equal("PRACTICAL_DRILL", ProtoEnums.ShortName(StageKind.PracticalDrill));
        Assert.Equal("POLICY_SAVVY", ProtoEnums.ShortName(Dimension.PolicySavvy));
    }

    [Fact]
    public void Lists_the_choices_without_the_unspecified_value()
    {
        Assert.Equal("SOCIAL_SECURITY, VETERANS_SERVICES, VILLAGE_CONSTRUCTION, HOTLINE_12345, GENERAL_SERVICES, CENTER_MANAGEMENT", ProtoEnums.Choices<Post>());
    }

    [Theory]
    [InlineData("DeadlineExceeded", "DEADLINE_EXCEEDED")]
    [InlineData("InvalidArgument", "INVALID_ARGUMENT")]
    [InlineData("OK", "OK")]
    [InlineData("StaffStatus", "STAFF_STATUS")]
    public void Writes_pascal_case_as_upper_snake_case(string pascal, string expected)
    {
        Assert.Equal(expected, ProtoEnums.UpperSnake(pascal));
    }
}
