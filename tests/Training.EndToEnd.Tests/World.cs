using Google.Protobuf;

namespace Training.EndToEnd.Tests;

/// <summary>
/// Everything a refused request around a <see cref="Seed"/> could have written, read back over gRPC:
/// every list (regions, the seed's counties, centres and their staff, frameworks, courses, banks, the
/// bank's items with their revisions), every resource of the seed, every published version of its
/// framework, every staff member's whole history and own enrolments, and every course batch of its
/// centres with its enrolments, attendance (the batch's and each session's) and history. One line per resource, as protobuf JSON, so a
/// difference shows where it is.
/// </summary>
internal sealed class World
{
    private World(List<string> lines) => Lines = lines;

    public IReadOnlyList<string> Lines { get; }

    /// <summary>Asserts that nothing changed since <paramref name="before"/>.</summary>
    public static async Task AssertUnchangedAsync(TrainingHostProcess host, Seed seed, World before)
    {
        var after = await TakeAsync(host, seed);
        Assert.Equal(before.Lines, after.Lines);
    }

    public static async Task<World> TakeAsync(TrainingHostProcess host, Seed seed)
    {
        var lines = new List<string>();
        void Add(string label, IMessage message) => lines.Add($"{label}: {JsonFormatter.Default.Format(message)}");

        var org = host.Organization;
        await foreach (var region in Pages(t => org.ListRegionsAsync(new ListRegionsRequest { PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Regions, r.NextPageToken)))
        {
            Add("region", region);
        }

        await foreach (var county in Pages(t => org.ListCountiesAsync(new ListCountiesRequest { Parent = seed.Region, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Counties, r.NextPageToken)))
        {
            Add("county", county);
        }

        var centers = new List<Center>();
        await foreach (var center in Pages(t => org.ListCentersAsync(new ListCentersRequest { Parent = seed.County, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Centers, r.NextPageToken)))
        {
            Add("center", center);
            centers.Add(center);
        }

        Add("get region", await org.GetRegionAsync(new GetRegionRequest { Name = seed.Region }));
        Add("get county", await org.GetCountyAsync(new GetCountyRequest { Name = seed.County }));
        foreach (var center in centers)
        {
            Add("get center", await org.GetCenterAsync(new GetCenterRequest { Name = center.Name }));
            await foreach (var member in Pages(t => host.Staff.ListStaffMembersAsync(new ListStaffMembersRequest { Parent = center.Name, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.StaffMembers, r.NextPageToken)))
            {
                Add("staff", member);
                Add("get staff", await host.Staff.GetStaffMemberAsync(new GetStaffMemberRequest { Name = member.Name }));
                await foreach (var entry in Pages(t => host.Staff.ListStaffMemberHistoryAsync(new ListStaffMemberHistoryRequest { Name = member.Name, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Entries, r.NextPageToken)))
                {
                    Add("history", entry);
                }

                Add("own enrolments", await host.CourseBatches.ListStaffMemberEnrolmentsAsync(new ListStaffMemberEnrolmentsRequest { Parent = member.Name }));
            }

            await AddBatchesAsync(host, center.Name, Add);
        }

        await foreach (var framework in Pages(t => host.Frameworks.ListFrameworksAsync(new ListFrameworksRequest { PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Frameworks, r.NextPageToken)))
        {
            Add("framework", framework);
        }

        var draft = await host.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = seed.Framework });
        Add("draft", draft);
        for (var v = 1; v <= draft.LatestPublishedVersion; v++)
        {
            Add($"framework v{v}", await host.Frameworks.GetFrameworkAsync(new GetFrameworkRequest { Name = seed.Framework, FrameworkVersion = v }));
        }

        await foreach (var course in Pages(t => host.Courses.ListCoursesAsync(new ListCoursesRequest { PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Courses, r.NextPageToken)))
        {
            Add("course", course);
        }

        Add("get course", await host.Courses.GetCourseAsync(new GetCourseRequest { Name = seed.Course }));

        var banks = host.QuestionBanks;
        await foreach (var bank in Pages(t => banks.ListQuestionBanksAsync(new ListQuestionBanksRequest { PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.QuestionBanks, r.NextPageToken)))
        {
            Add("bank", bank);
        }

        Add("get bank", await banks.GetQuestionBankAsync(new GetQuestionBankRequest { Name = seed.Bank }));
        await foreach (var item in Pages(t => banks.ListQuestionItemsAsync(new ListQuestionItemsRequest { Parent = seed.Bank, ShowRetired = true, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Items, r.NextPageToken)))
        {
            Add("item", item);
            for (var r = 1; r <= item.Revision; r++)
            {
                Add($"item r{r}", await banks.GetQuestionItemAsync(new GetQuestionItemRequest { Name = item.Name, Revision = r }));
            }
        }

        return new World(lines);
    }

    /// <summary>The course batches a centre runs: each with its enrolments, attendance, every session's attendance and its history.</summary>
    private static async Task AddBatchesAsync(TrainingHostProcess host, string center, Action<string, IMessage> add)
    {
        var batches = host.CourseBatches;
        await foreach (var batch in Pages(t => batches.ListCourseBatchesAsync(new ListCourseBatchesRequest { Parent = center, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.CourseBatches, r.NextPageToken)))
        {
            add("batch", batch);
            add("get batch", await batches.GetCourseBatchAsync(new GetCourseBatchRequest { Name = batch.Name }));
            await foreach (var enrolment in Pages(t => batches.ListEnrolmentsAsync(new ListEnrolmentsRequest { Parent = batch.Name, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Enrolments, r.NextPageToken)))
            {
                add("enrolment", enrolment);
            }

            add("batch attendance", await batches.GetCourseBatchAttendanceAsync(new GetCourseBatchAttendanceRequest { Name = batch.Name }));
            foreach (var session in batch.Sessions)
            {
                add("session attendance", await batches.GetSessionAttendanceAsync(new GetSessionAttendanceRequest { Name = session.Name }));
            }

            await foreach (var entry in Pages(t => batches.ListCourseBatchHistoryAsync(new ListCourseBatchHistoryRequest { Name = batch.Name, PageSize = 1000, PageToken = t }).ResponseAsync, r => (r.Entries, r.NextPageToken)))
            {
                add("batch history", entry);
            }
        }
    }

    /// <summary>Every item of a paged list, following next_page_token to the end.</summary>
    public static async IAsyncEnumerable<T> Pages<TResponse, T>(Func<string, Task<TResponse>> list, Func<TResponse, (IEnumerable<T> Items, string Next)> read)
    {
        var token = string.Empty;
        do
        {
            var (items, next) = read(await list(token));
            foreach (var item in items)
            {
                yield return item;
            }

            token = next;
        }
        while (token.Length > 0);
    }
}
