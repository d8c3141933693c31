using Orleans.Concurrency;
using Training.Grains.EventSourcing;

namespace Training.Grains.Results;

/// <summary>
/// Lists follow-ups (<see cref="IFollowUpListGrain"/>) from the entries the batches keep in the directory in the same
/// transaction as their follow-up events (<see cref="BatchResultsProjection"/>): no batch grain is activated. The state
/// (due, overdue) is read against the host's clock, so a listing is right even between two ticks of a batch's reminder.
/// </summary>
[StatelessWorker]
[GrainType("follow-up-list")]
public sealed class FollowUpListGrain(EventSourcingServices services) : Grain, IFollowUpListGrain
{
    public async Task<IReadOnlyList<FollowUpView>> OfCenter(string centerName, IReadOnlyList<FollowUpState> states)
    {
        var now = services.Clock.GetUtcNow();
        return [.. (await DirectoryEntries.AllAsync<FollowUp>(services, BatchResultsProjection.CenterFollowUpKind, centerName))
            .Select(f => new FollowUpView(f, f.StateAt(now)))
            .Where(v => states.Count == 0 ? v.State is FollowUpState.Due or FollowUpState.Overdue : states.Contains(v.State))
            .OrderBy(v => v.FollowUp.DueTime)
            .ThenBy(v => v.FollowUp.Name, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<FollowUpView>> OfStaff(string staffName)
    {
        var now = services.Clock.GetUtcNow();
        return [.. (await DirectoryEntries.AllAsync<FollowUp>(services, BatchResultsProjection.StaffFollowUpKind, staffName))
            .Select(f => new FollowUpView(f, f.StateAt(now)))
            .OrderBy(v => v.FollowUp.DueTime)
            .ThenBy(v => v.FollowUp.Name, StringComparer.Ordinal)];
    }
}
