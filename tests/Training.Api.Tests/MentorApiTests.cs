namespace Training.Api.Tests;

/// <summary>MentorService's validation: bad input is refused before any grain is asked for.</summary>
public class MentorApiTests
{
    [Fact]
    public async Task A_release_with_malformed_names_a_blank_reason_and_no_request_id_names_every_field_and_calls_no_grain()
    {
        var (factory, fakes) = FakeGrains.Create();
        var request = new ReleaseMentorRequest { CourseBatch = "batches/b1", StaffMember = "SD-0001", Reason = "   " };

        var e = await Assert.ThrowsAsync<RpcException>(() => new MentorApi(factory).ReleaseMentor(request, TestCallContext.Create()));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["course_batch", "reason", "request_id", "staff_member"], Samples.Fields(e));
        Assert.Empty(fakes.Requested);
    }

    [Fact]
    public async Task A_release_with_a_reason_beyond_500_characters_is_refused_before_the_batch_is_asked()
    {
        var (factory, fakes) = FakeGrains.Create();
        var request = new ReleaseMentorRequest
        {
            CourseBatch = "regions/sd/counties/zouping/centers/t-town/batches/b1", StaffMember = "staff/SD-0001", Reason = new string('因', 501), RequestId = "r1",
        };

        var e = await Assert.ThrowsAsync<RpcException>(() => new MentorApi(factory).ReleaseMentor(request, TestCallContext.Create()));

        Assert.Equal(["reason"], Samples.Fields(e));
        Assert.Empty(fakes.Requested);
    }
}
