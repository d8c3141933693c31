using Orleans.Concurrency;
using Training.Grains.EventSourcing;
using Training.Grains.Outcomes;

namespace Training.Grains.Results;

/// <summary>
/// Reads the four-level reports (<see cref="ITrainingResultsGrain"/>). A batch's: its own input, its evaluation's
/// reaction tallies and its centres' indicators. A centre's: the tallies every batch serving it keeps in the
/// directory under it (<see cref="BatchResultsProjection"/>), and its own indicators — one store query per kind, no
/// batch grain activated.
/// </summary>
[StatelessWorker]
[GrainType("training-results")]
public sealed class TrainingResultsGrain(EventSourcingServices services) : Grain, ITrainingResultsGrain
{
    private const int PageSize = 1000;

    public async Task<FourLevelReport> BatchReport(string batchName)
    {
        var input = await GrainFactory.GetGrain<ICourseBatchGrain>(batchName).ResultsInput();
        var reactions = await GrainFactory.GetGrain<IBatchEvaluationGrain>(batchName + BatchEvaluationGrain.Suffix).ReactionTallies();
        var tallies = TrainingResultsRules.Tally(batchName, input.Version, input.Centers, input.Trainees);
        var results = new List<IndicatorChange>();
        foreach (var center in input.Centers)
        {
            results.AddRange(await Indicators(center));
        }

        return TrainingResultsRules.Report(batchName, tallies, reactions, results);
    }

    public async Task<FourLevelReport> CenterReport(string centerName)
    {
        await GrainFactory.GetGrain<ICenterGrain>(centerName).Get();
        var tallies = await Entries<BatchCenterTally>(BatchResultsProjection.TallyKind, centerName);
        var reactions = await Entries<ReactionTally>(BatchResultsProjection.ReactionKind, centerName);
        return TrainingResultsRules.Report(centerName, tallies, reactions, await Indicators(centerName));
    }

    private async Task<IEnumerable<IndicatorChange>> Indicators(string center) =>
        (await GrainFactory.GetGrain<ICenterOutcomesGrain>(center + CenterOutcomesGrain.Suffix).List()).Select(i => TrainingResultsRules.Change(center, i));

    private async Task<List<T>> Entries<T>(string kind, string parent)
    {
        var items = new List<T>();
        string? after = null;
        while (true)
        {
            var page = await services.Store.QueryDirectoryAsync(new DirectoryQuery(kind, parent, after, PageSize));
            items.AddRange(page.Select(e => services.Serializer.Deserialize<T>(e.Payload)!));
            if (page.Count < PageSize)
            {
                return items;
            }

            after = page[^1].Key;
        }
    }
}
