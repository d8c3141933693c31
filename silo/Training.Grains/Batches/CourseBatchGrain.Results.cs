namespace Training.Grains.Batches;

/// <summary>The batch's part in the four-level evaluation: what its report reads (also what it keeps in the directory, <see cref="Results.BatchResultsProjection"/>).</summary>
public sealed partial class CourseBatchGrain
{
    public Task<BatchResultsInput> ResultsInput()
    {
        EnsureCreated();
        return Task.FromResult(ResultsInputOf(State, Version));
    }

    /// <summary>
    /// Every trainee's centre, status and stage results (read the way the batch gates and completes them, so a stage's
    /// result counts here as it does there), and the stages with a regular session closed.
    /// </summary>
    internal static BatchResultsInput ResultsInputOf(CourseBatchState s, long version)
    {
        var underway = s.Sessions.Values
            .Where(x => !x.Spec.MakeUp && x.State == SessionState.Closed)
            .Select(x => x.Spec.Stage)
            .Distinct()
            .Order()
            .ToList();
        var trainees = s.Roster.Values
            .OrderBy(e => e.StaffName, StringComparer.Ordinal)
            .Select(e => new TraineeStanding(
                e.StaffName,
                e.CenterName,
                e.Status,
                e.Active ? [.. s.Stages.Select(st => StageResultOf(s, e.StaffName, st.Kind))] : [],
                e.Status == EnrolmentStatus.Completed || s.Assessed.GetValueOrDefault(e.StaffName)?.Completion is not null))
            .ToList();
        return new BatchResultsInput(s.Name, s.Spec.Centers, s.Lifecycle, version, trainees, underway);
    }
}
