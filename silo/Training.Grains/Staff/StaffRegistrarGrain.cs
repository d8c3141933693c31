using Orleans.Concurrency;

namespace Training.Grains.Staff;

/// <summary>
/// Bulk registration next to the staff grains: fans the rows out with bounded concurrency so
/// their appends meet in the store's group commit, and collects one result per row.
/// </summary>
[StatelessWorker]
[GrainType("staff-registrar")]
public sealed class StaffRegistrarGrain : Grain, IStaffRegistrarGrain
{
    /// <summary>Rows registered at once by one call.</summary>
    private const int Parallelism = 256;

    public async Task<IReadOnlyList<StaffRegistrationResult>> RegisterMany(IReadOnlyList<StaffRegistration> rows, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(context);
        var results = new StaffRegistrationResult[rows.Count];
        using var gate = new SemaphoreSlim(Parallelism);
        var tasks = new Task[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            await gate.WaitAsync();
            tasks[i] = RegisterOne(i, rows[i], context, results, gate);
        }

        await Task.WhenAll(tasks);
        return results;
    }

    private async Task RegisterOne(int index, StaffRegistration row, CommandContext context, StaffRegistrationResult[] results, SemaphoreSlim gate)
    {
        try
        {
            var rowContext = context with { RequestId = $"{context.RequestId}/{index}" };
            var staff = await GrainFactory.GetGrain<IStaffMemberGrain>($"staff/{row.StaffId}").RegisterInBulk(row.Spec, rowContext);
            results[index] = new StaffRegistrationResult(index, staff, null, string.Empty);
        }
        catch (TrainingException e)
        {
            results[index] = new StaffRegistrationResult(index, null, e.Kind, e.Message);
        }
        catch (Exception e) when (e is TimeoutException or EventStoreUnavailableException or Orleans.Runtime.SiloUnavailableException)
        {
            results[index] = new StaffRegistrationResult(index, null, ErrorKind.Unavailable, "Storage or the cluster was unavailable for this row; resend the batch with the same request_id.");
        }
        finally
        {
            gate.Release();
        }
    }
}
