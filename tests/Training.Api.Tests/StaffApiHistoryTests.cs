namespace Training.Api.Tests;

public class StaffApiHistoryTests
{
    private const string Name = "staff/ZP-0001";

    [Theory]
    [InlineData(2500, 1000)]
    [InlineData(2000, 1000)]
    [InlineData(7, 3)]
    [InlineData(100, 0)]
    public async Task Pages_cover_the_whole_history_once_and_the_last_page_has_no_token(int length, int pageSize)
    {
        var api = Api(length, out _);
        var versions = new List<long>();
        var token = string.Empty;
        do
        {
            var page = await api.ListStaffMemberHistory(new ListStaffMemberHistoryRequest { Name = Name, PageSize = pageSize, PageToken = token }, TestCallContext.Create());
            Assert.True(page.Entries.Count <= (pageSize == 0 ? 100 : pageSize));
            versions.AddRange(page.Entries.Select(e => e.Version));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(Enumerable.Range(1, length).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task The_history_of_an_unknown_staff_member_is_not_found()
    {
        var api = Api(0, out _);

        var e = await Assert.ThrowsAsync<TrainingException>(() => api.ListStaffMemberHistory(new ListStaffMemberHistoryRequest { Name = Name }, TestCallContext.Create()));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task A_forged_history_token_is_refused()
    {
        var token = Paging.Encode($"history:{Name}", "not-a-version");

        var e = await Assert.ThrowsAsync<RpcException>(() => Api(5, out _).ListStaffMemberHistory(new ListStaffMemberHistoryRequest { Name = Name, PageToken = token }, TestCallContext.Create()));

        Assert.Equal(["page_token"], Samples.Fields(e));
    }

    [Fact]
    public async Task The_stream_sends_the_whole_history_in_steps_of_500()
    {
        var api = Api(1200, out var staff);
        var writer = new ListWriter<Training.Contracts.V1.HistoryEntry>();

        await api.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = Name }, writer, TestCallContext.Create());

        Assert.Equal(Enumerable.Range(1, 1200).Select(v => (long)v), writer.Written.Select(e => e.Version));
        Assert.Equal(3, staff.HistoryCalls);
    }

    [Fact]
    public async Task The_stream_stops_when_the_call_is_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var writer = new ListWriter<Training.Contracts.V1.HistoryEntry>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Api(1200, out _).StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = Name }, writer, TestCallContext.Create(cancellationToken: cancellation.Token)));

        Assert.Empty(writer.Written);
    }

    private static StaffApi Api(int historyLength, out FakeStaffMember staff)
    {
        var (factory, fakes) = FakeGrains.Create();
        staff = new FakeStaffMember(Name, historyLength);
        fakes.Add<IStaffMemberGrain>(Name, staff);
        return new StaffApi(factory);
    }
}
