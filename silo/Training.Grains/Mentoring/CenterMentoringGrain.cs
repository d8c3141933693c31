using Orleans.Concurrency;
using Training.Grains.Directory;

namespace Training.Grains.Mentoring;

/// <summary>
/// A centre's mentoring workload: its batches from the directory, each batch's on-the-job trainees and their mentors
/// (one call per batch, from the batch's own state), and the mentors' specialities from the directory's mentor entries
/// of the centre and its county. No staff grain is activated; the trainees' needs are the on-the-job stage's
/// competencies (reading every trainee's capability gaps would fan out over staff).
/// </summary>
[StatelessWorker]
[GrainType("center-mentoring")]
public sealed class CenterMentoringGrain : Grain, ICenterMentoringGrain
{
    private const int PageSize = 1000;

    public async Task<CenterMentoringWorkload> Workload(string centerName)
    {
        var directory = GrainFactory.GetGrain<IDirectoryGrain>(0);
        var batches = await AllPages(after => directory.ListBatches(centerName, new PageRequest(PageSize, after)));
        var trainees = (await Task.WhenAll(batches.Select(b => GrainFactory.GetGrain<IBatchMentoringGrain>(b.Name).OnTheJobTrainees()))).SelectMany(t => t).ToList();

        var county = DirectoryKinds.ParentOf(centerName, "centers");
        var mentors = new Dictionary<string, MentorView>(StringComparer.Ordinal);
        foreach (var unit in new[] { centerName, county })
        {
            foreach (var mentor in await AllPages(after => directory.ListMentors(unit, new PageRequest(PageSize, after))))
            {
                mentors[mentor.Name] = mentor;
            }
        }

        foreach (var name in trainees.Select(t => t.MentorName).Where(n => n.Length > 0 && !mentors.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList())
        {
            try
            {
                mentors[name] = await GrainFactory.GetGrain<IMentorGrain>(name).Get();
            }
            catch (TrainingException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Not registered: counted as no mentor (the batch lists the trainee as an orphan).
            }
        }

        return CenterMentoringFigures.Of(centerName, trainees, mentors);
    }

    private static async Task<List<T>> AllPages<T>(Func<string?, Task<Page<T>>> read)
    {
        var items = new List<T>();
        string? after = null;
        do
        {
            var page = await read(after);
            items.AddRange(page.Items);
            after = page.NextAfterKey;
        }
        while (after is not null);
        return items;
    }
}
