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
        var tallies = await DirectoryEntries.AllAsync<BatchCenterTally>(services, BatchResultsProjection.TallyKind, centerName);
        var reactions = await DirectoryEntries.AllAsync<ReactionTally>(services, BatchResultsProjection.ReactionKind, centerName);
        return TrainingResultsRules.Report(centerName, tallies, reactions, await Indicators(centerName));
    }

    private async Task<IEnumerable<IndicatorChange>> Indicators(string center) =>
        (await GrainFactory.GetGrain<ICenterOutcomesGrain>(center + CenterOutcomesGrain.Suffix).List()).Select(i => TrainingResultsRules.Change(center, i));
}
