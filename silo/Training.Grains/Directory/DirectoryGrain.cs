using Orleans.Concurrency;
using Training.Grains.EventSourcing;

namespace Training.Grains.Directory;

/// <summary>
/// Lists resources from the store's directory projection, which grains write in the same
/// transaction as their events: no fan-out to thousands of grains to list a centre's staff.
/// </summary>
[StatelessWorker]
[GrainType("directory")]
public sealed class DirectoryGrain(EventSourcingServices services) : Grain, IDirectoryGrain
{
    public Task<Page<OrgUnitView>> ListRegions(PageRequest page) => List<OrgUnitView>(DirectoryKinds.Region, DirectoryKinds.TopLevel, page);

    public Task<Page<OrgUnitView>> ListCounties(string regionName, PageRequest page) => List<OrgUnitView>(DirectoryKinds.County, regionName, page);

    public Task<Page<OrgUnitView>> ListCenters(string countyName, PageRequest page) => List<OrgUnitView>(DirectoryKinds.Center, countyName, page);

    public Task<Page<StaffView>> ListStaff(string centerName, PageRequest page) => List<StaffView>(DirectoryKinds.Staff, centerName, page);

    public Task<Page<KioskView>> ListKiosks(string centerName, PageRequest page) => List<KioskView>(DirectoryKinds.Kiosk, centerName, page);

    public async Task<string?> CenterOfStaff(string staffName) =>
        (await services.Store.GetDirectoryEntryAsync(DirectoryKinds.Staff, staffName))?.Parent;

    public async Task<string?> StaffOfCard(string cardId) =>
        (await services.Store.GetDirectoryEntryAsync(DirectoryKinds.StaffCard, cardId))?.Parent;

    public Task<Page<MentorView>> ListMentors(string homeUnit, PageRequest page) => List<MentorView>(DirectoryKinds.Mentor, homeUnit, page);

    public async Task<string?> HomeOfMentor(string mentorName) =>
        (await services.Store.GetDirectoryEntryAsync(DirectoryKinds.Mentor, mentorName))?.Parent;

    public Task<Page<BatchView>> ListBatches(string centerName, PageRequest page) => List<BatchView>(DirectoryKinds.Batch, centerName, page);

    public Task<Page<FrameworkView>> ListFrameworks(PageRequest page) => List<FrameworkView>(DirectoryKinds.Framework, DirectoryKinds.TopLevel, page);

    public Task<Page<CourseView>> ListCourses(PageRequest page) => List<CourseView>(DirectoryKinds.Course, DirectoryKinds.TopLevel, page);

    public Task<Page<QuestionBankView>> ListQuestionBanks(PageRequest page) => List<QuestionBankView>(DirectoryKinds.QuestionBank, DirectoryKinds.TopLevel, page);

    public Task<Page<RubricView>> ListRubrics(PageRequest page) => List<RubricView>(DirectoryKinds.Rubric, DirectoryKinds.TopLevel, page);

    private async Task<Page<T>> List<T>(string kind, string parent, PageRequest page)
    {
        var size = Math.Clamp(page.PageSize, 1, 1000);
        var search = string.IsNullOrWhiteSpace(page.Search) ? null : page.Search.Trim().ToLowerInvariant();
        var entries = await services.Store.QueryDirectoryAsync(new DirectoryQuery(kind, parent, page.AfterKey, size + 1, search));
        var count = Math.Min(size, entries.Count);
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(services.Serializer.Deserialize<T>(entries[i].Payload)!);
        }

        return new Page<T>(items, entries.Count > size ? entries[size - 1].Key : null);
    }
}
