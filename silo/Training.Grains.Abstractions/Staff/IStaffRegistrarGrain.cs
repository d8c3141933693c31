namespace Training.Grains;

/// <summary>
/// Registers many staff members at once, next to the grains it fans out to. A stateless worker:
/// it holds nothing; each row is registered by its own <see cref="IStaffMemberGrain"/>.
/// </summary>
public interface IStaffRegistrarGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Registers each row; one result per row, in order. Row i is retried idempotently under
    /// request id <c>{context.RequestId}/{i}</c>, so resending the same batch registers nothing twice.
    /// </summary>
    Task<IReadOnlyList<StaffRegistrationResult>> RegisterMany(IReadOnlyList<StaffRegistration> rows, CommandContext context);
}
