using Google.Rpc;

namespace Training.EndToEnd.Tests;

/// <summary>
/// The staff registry at scale: bulk registration with per-row outcomes and idempotent resends, the
/// import stream, paging a centre's staff, search, and a staff member's history paged and streamed.
/// </summary>
public sealed class StaffRegistryTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TrainingHostProcess Host => fixture.Host;

    [Fact]
    public async Task A_batch_of_2000_rows_with_bad_rows_answers_per_row_at_the_right_indexes_and_a_resend_registers_nothing_twice()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);
        var closed = await ArchivedCenter(seed);
        var batch = new BatchCreateStaffMembersRequest { RequestId = Seed.RequestId() };
        batch.Requests.Add(Enumerable.Range(0, 2000).Select(i => Row($"B-{seed.Suffix}-{i:D4}", $"批量{i}", seed.OtherCenter)));
        batch.Requests[7].StaffMemberId = "bad id";                                  // InvalidArgument
        batch.Requests[250].StaffMember.Post = Post.Unspecified;                     // InvalidArgument
        batch.Requests[500].StaffMember.Center = $"{seed.County}/centers/nowhere";    // NotFound
        batch.Requests[1000].StaffMemberId = batch.Requests[3].StaffMemberId;         // duplicate of row 3
        batch.Requests[1200].StaffMemberId = seed.StaffId(1);                         // AlreadyExists (registered before)
        batch.Requests[1500].StaffMember.Center = closed;                             // FailedPrecondition
        batch.Requests[1999].StaffMember.DisplayName = string.Empty;                  // InvalidArgument

        var first = await Host.Staff.BatchCreateStaffMembersAsync(batch);

        Assert.Equal(2000, first.Results.Count);
        Assert.Equal(Enumerable.Range(0, 2000), first.Results.Select(r => r.Index));
        Assert.Equal(7, first.FailedCount);
        Assert.Equal(1993, first.CreatedCount);
        AssertInvalid(first.Results[7], "staff_member_id");
        AssertInvalid(first.Results[250], "staff_member.post");
        AssertInvalid(first.Results[1999], "staff_member.display_name");
        Assert.Equal((int)Code.NotFound, first.Results[500].Status.Code);
        Assert.Equal($"{seed.County}/centers/nowhere", first.Results[500].Status.GetDetail<ResourceInfo>()?.ResourceName);
        Assert.Equal((int)Code.AlreadyExists, first.Results[1200].Status.Code);
        Assert.Equal(seed.StaffName(1), first.Results[1200].Status.GetDetail<ResourceInfo>()?.ResourceName);
        Assert.Equal((int)Code.FailedPrecondition, first.Results[1500].Status.Code);
        Assert.NotEmpty(first.Results[1500].Status.GetDetail<PreconditionFailure>()?.Violations ?? []);

        // Two rows with one staff id: one registers, the other is AlreadyExists.
        Assert.Equal(
            [(int)Code.Ok, (int)Code.AlreadyExists],
            new[] { first.Results[3].Status.Code, first.Results[1000].Status.Code }.Order());

        var failed = new HashSet<int> { 7, 250, 500, 1200, 1500, 1999, first.Results[3].Status.Code == 0 ? 1000 : 3 };
        foreach (var result in first.Results.Where(r => !failed.Contains(r.Index)))
        {
            Assert.Equal((int)Code.Ok, result.Status.Code);
            Assert.Equal($"staff/{batch.Requests[result.Index].StaffMemberId}", result.StaffMember.Name);
            Assert.Equal(seed.OtherCenter, result.StaffMember.Center);
            Assert.Equal(StaffStatus.Active, result.StaffMember.Status);
        }

        Assert.All(failed, i => Assert.Null(first.Results[i].StaffMember));
        var listed = await ListAll(seed.OtherCenter);
        Assert.Equal(1993, listed.Count);
        var seedStaff = await ListAll(seed.Center);

        // The same batch with the same request_id: the same answer, nothing registered twice.
        var second = await Host.Staff.BatchCreateStaffMembersAsync(batch);
        Assert.Equal(first, second);
        Assert.Equal(listed, await ListAll(seed.OtherCenter));
        Assert.Equal(seedStaff, await ListAll(seed.Center));
        await AllInParallel(listed, async member =>
        {
            var history = await Host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = member.Name });
            var entry = Assert.Single(history.Entries);
            Assert.Equal("staff.registered.v1", entry.EventType);
            Assert.StartsWith(batch.RequestId, entry.RequestId, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_import_stream_of_three_chunks_answers_each_chunk_and_a_resent_stream_registers_nothing_twice()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);
        int[] sizes = [400, 300, 250];
        var chunks = sizes.Select((size, c) =>
        {
            var chunk = new BatchCreateStaffMembersRequest { RequestId = Seed.RequestId() };
            chunk.Requests.Add(Enumerable.Range(0, size).Select(i => Row($"I-{seed.Suffix}-{c}-{i:D3}", $"导入{c}-{i}", seed.OtherCenter)));
            return chunk;
        }).ToArray();
        chunks[1].Requests[5].StaffMember.Phone = "not a phone";

        var answers = await Import(chunks);

        Assert.Equal(3, answers.Count);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(Enumerable.Range(0, chunks[c].Requests.Count), answers[c].Results.Select(r => r.Index));
            Assert.Equal(chunks[c].Requests.Select(r => $"staff/{r.StaffMemberId}").Where((_, i) => c != 1 || i != 5), answers[c].Results.Where(r => r.Status.Code == 0).Select(r => r.StaffMember.Name));
        }

        Assert.Equal([400, 299, 250], answers.Select(a => a.CreatedCount));
        Assert.Equal([0, 1, 0], answers.Select(a => a.FailedCount));
        AssertInvalid(answers[1].Results[5], "staff_member.phone");
        var listed = await ListAll(seed.OtherCenter);
        Assert.Equal(949, listed.Count);

        var again = await Import(chunks);
        Assert.Equal(answers, again);
        Assert.Equal(listed, await ListAll(seed.OtherCenter));
    }

    [Fact]
    public async Task A_centres_staff_listed_in_pages_of_100_are_each_seen_once_in_staff_id_order()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);

        // Ids whose numeric, case-insensitive and ordinal orders differ, registered shuffled.
        var ids = Enumerable.Range(0, 450)
            .Select(i => $"{(i % 3 == 0 ? "p" : "P")}{seed.Suffix}-{i}")
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var batch = new BatchCreateStaffMembersRequest { RequestId = Seed.RequestId() };
        batch.Requests.Add(ids.Select(id => Row(id, "分页", seed.OtherCenter)));
        Assert.Equal(450, (await Host.Staff.BatchCreateStaffMembersAsync(batch)).CreatedCount);

        var seen = new List<string>();
        var pageSizes = new List<int>();
        var token = string.Empty;
        do
        {
            var page = await Host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = seed.OtherCenter, PageSize = 100, PageToken = token });
            pageSizes.Add(page.StaffMembers.Count);
            seen.AddRange(page.StaffMembers.Select(m => m.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal([100, 100, 100, 100, 50], pageSizes);
        Assert.Equal(ids.Select(id => $"staff/{id}").Order(StringComparer.Ordinal), seen);

        // A centre holding an exact multiple of the page size ends without an empty page.
        var exact = new BatchCreateStaffMembersRequest { RequestId = Seed.RequestId() };
        exact.Requests.Add(Enumerable.Range(0, 199).Select(i => Row($"X{seed.Suffix}-{i:D3}", "整页", seed.Center)));
        await Host.Staff.BatchCreateStaffMembersAsync(exact);
        var first = await Host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = seed.Center, PageSize = 100 });
        var last = await Host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = seed.Center, PageSize = 100, PageToken = first.NextPageToken });
        Assert.Equal(100, last.StaffMembers.Count);
        Assert.Empty(last.NextPageToken);
    }

    [Fact]
    public async Task Search_finds_staff_by_a_fragment_of_their_Chinese_name_or_by_staff_number()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);
        var people = new[] { ("王小明", "001"), ("王大力", "002"), ("李明", "003"), ("张三", "004") };
        var batch = new BatchCreateStaffMembersRequest { RequestId = Seed.RequestId() };
        batch.Requests.Add(people.Select(p => Row($"S-{seed.Suffix}-{p.Item2}", p.Item1, seed.OtherCenter)));
        await Host.Staff.BatchCreateStaffMembersAsync(batch);

        async Task<List<string>> Search(string query, int pageSize = 100)
        {
            var names = new List<string>();
            await foreach (var member in World.Pages(
                t => Host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = seed.OtherCenter, Query = query, PageSize = pageSize, PageToken = t }).ResponseAsync,
                r => (r.StaffMembers, r.NextPageToken)))
            {
                names.Add(member.DisplayName);
            }

            return names;
        }

        Assert.Equal(["王小明", "李明"], await Search("明"));
        Assert.Equal(["王小明", "王大力"], await Search("王", pageSize: 1));
        Assert.Equal(["王小明"], await Search("小明"));
        Assert.Equal(["张三"], await Search($"S-{seed.Suffix}-004"));
        Assert.Equal(["张三"], await Search($"s-{seed.Suffix}-004"));
        Assert.Equal(["王小明", "王大力", "李明", "张三"], await Search($"{seed.Suffix}-00"));
        Assert.Empty(await Search("赵"));

        // A search is limited to its centre.
        Assert.Empty((await Host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = seed.Center, Query = "王" })).StaffMembers);
    }

    [Fact]
    public async Task A_staff_members_history_paged_by_two_and_streamed_agree_in_version_order_with_actor_and_request_ids()
    {
        var seed = await Seed.CreateAsync(Host, staffCount: 1);
        var name = $"staff/H-{seed.Suffix}";
        var requestIds = Enumerable.Range(0, 8).Select(_ => Seed.RequestId()).ToArray();
        var staff = Host.Staff;
        await staff.CreateStaffMemberAsync(new CreateStaffMemberRequest { StaffMemberId = name["staff/".Length..], StaffMember = new StaffMember { DisplayName = "赵敏", Center = seed.Center, Post = Post.SocialSecurity }, RequestId = requestIds[0] });
        await staff.UpdateStaffMemberAsync(new UpdateStaffMemberRequest { StaffMember = new StaffMember { Name = name, Phone = "13800000000" }, UpdateMask = new() { Paths = { "phone" } }, RequestId = requestIds[1] });
        await staff.TransferStaffMemberAsync(new TransferStaffMemberRequest { Name = name, ToCenter = seed.OtherCenter, Reason = "支援", RequestId = requestIds[2] });
        await staff.StartStaffLeaveAsync(new StartStaffLeaveRequest { Name = name, Reason = "产假", RequestId = requestIds[3] });
        await staff.EndStaffLeaveAsync(new EndStaffLeaveRequest { Name = name, RequestId = requestIds[4] });
        await staff.TransferStaffMemberAsync(new TransferStaffMemberRequest { Name = name, ToCenter = seed.Center, RequestId = requestIds[5] });
        await staff.UpdateStaffMemberAsync(new UpdateStaffMemberRequest { StaffMember = new StaffMember { Name = name, Post = Post.Hotline12345 }, UpdateMask = new() { Paths = { "post" } }, RequestId = requestIds[6] });
        await staff.DepartStaffMemberAsync(new DepartStaffMemberRequest { Name = name, Reason = "退休", RequestId = requestIds[7] });

        var paged = new List<Contracts.V1.HistoryEntry>();
        var pages = 0;
        var token = string.Empty;
        do
        {
            var page = await staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = name, PageSize = 2, PageToken = token });
            Assert.Equal(2, page.Entries.Count);
            paged.AddRange(page.Entries);
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(4, pages);
        Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), paged.Select(e => e.Version));
        Assert.Equal(requestIds, paged.Select(e => e.RequestId));
        Assert.All(paged, e => Assert.Equal(TrainingHostProcess.OperatorSubject, e.Actor));
        Assert.All(paged, e => Assert.Equal("region-admin", e.Role));
        Assert.All(paged, e => Assert.StartsWith("grpc-dotnet/", e.Client, StringComparison.Ordinal));
        Assert.All(paged, e => Assert.False(string.IsNullOrWhiteSpace(e.Summary)));
        Assert.Equal(
            ["staff.registered.v1", "staff.profile-updated.v1", "staff.transferred.v1", "staff.leave-started.v1", "staff.leave-ended.v1", "staff.transferred.v1", "staff.profile-updated.v1", "staff.departed.v1"],
            paged.Select(e => e.EventType));
        Assert.Equal(paged.Select(e => e.RecordTime.ToDateTimeOffset()).Order(), paged.Select(e => e.RecordTime.ToDateTimeOffset()));

        using var call = staff.StreamStaffMemberHistory(new StreamStaffMemberHistoryRequest { Name = name });
        Assert.Equal(paged, await Expect.ReadAll(call.ResponseStream));

        var member = await staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = name });
        Assert.Equal(StaffStatus.Departed, member.Status);
        Assert.Equal("\"8\"", member.Etag);
    }

    private static CreateStaffMemberRequest Row(string id, string displayName, string center) => new()
    {
        StaffMemberId = id,
        StaffMember = new StaffMember { DisplayName = displayName, Center = center, Post = Post.GeneralServices, Phone = "0543-4260000" },
    };

    private static void AssertInvalid(StaffMemberResult result, string field)
    {
        Assert.Equal((int)Code.InvalidArgument, result.Status.Code);
        var badRequest = result.Status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Contains(field, badRequest.FieldViolations.Select(v => v.Field));
    }

    private async Task<string> ArchivedCenter(Seed seed)
    {
        await Host.Organization.CreateCenterAsync(new CreateCenterRequest { Parent = seed.County, CenterId = "closed", Center = new Center { DisplayName = "已撤并中心" }, RequestId = Seed.RequestId() });
        var archived = await Host.Organization.ArchiveCenterAsync(new ArchiveCenterRequest { Name = $"{seed.County}/centers/closed", RequestId = Seed.RequestId() });
        Assert.True(archived.Archived);
        return archived.Name;
    }

    private async Task<List<StaffMember>> ListAll(string center)
    {
        var members = new List<StaffMember>();
        await foreach (var member in World.Pages(
            t => Host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = center, PageSize = 1000, PageToken = t }).ResponseAsync,
            r => (r.StaffMembers, r.NextPageToken)))
        {
            members.Add(member);
        }

        return members;
    }

    private async Task<List<BatchCreateStaffMembersResponse>> Import(BatchCreateStaffMembersRequest[] chunks)
    {
        // One chunk written, its answer read, then the next: answers come one per chunk, in order.
        using var call = Host.Staff.ImportStaffMembers();
        var answers = new List<BatchCreateStaffMembersResponse>();
        foreach (var chunk in chunks)
        {
            await call.RequestStream.WriteAsync(chunk);
            Assert.True(await call.ResponseStream.MoveNext());
            answers.Add(call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        return answers;
    }

    private static async Task AllInParallel<T>(IReadOnlyList<T> items, Func<T, Task> check)
    {
        foreach (var chunk in items.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(check));
        }
    }
}
