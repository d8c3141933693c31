using System.Collections.Frozen;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Training.Api.Security;

/// <summary>
/// Policy rows for gRPC services a particular host composition maps besides the public contract — the benchmark
/// host's empty probe service is the one user; the product's hosts register none (<see cref="None"/>). They are
/// consulted only for a method the <see cref="AuthorizationPolicyTable"/> has no row for, and may not name a method of
/// the public contract (<c>/training.v1.*</c>, <c>/grpc.*</c>): they add rows for the host's own services, they cannot
/// loosen or replace a contract row. A method in neither is refused, as before (fail closed).
/// </summary>
public sealed class HostPolicyRows
{
    private readonly FrozenDictionary<string, PolicyRow> rows;

    /// <exception cref="ArgumentException">A row names a method of the public contract or of the policy table, or two rows name one method.</exception>
    public HostPolicyRows(IEnumerable<PolicyRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        foreach (var row in list)
        {
            if (row.Method.StartsWith("/training.v1.", StringComparison.Ordinal) || row.Method.StartsWith("/grpc.", StringComparison.Ordinal)
                || AuthorizationPolicyTable.Find(row.Method) is not null)
            {
                throw new ArgumentException($"{row.Method} belongs to the public contract; its row is the policy table's, not the host's.", nameof(rows));
            }
        }

        if (list.GroupBy(r => r.Method, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"{twice.Key} has {twice.Count()} host rows.", nameof(rows));
        }

        this.rows = list.ToFrozenDictionary(r => r.Method, StringComparer.Ordinal);
    }

    /// <summary>No host rows: every method outside the policy table is refused.</summary>
    public static HostPolicyRows None { get; } = new([]);

    /// <summary>The host's row of <paramref name="method"/>, or null.</summary>
    public PolicyRow? Find(string method) => rows.GetValueOrDefault(method);
}

/// <summary>Registration of <see cref="HostPolicyRows"/>.</summary>
public static class HostPolicyRowsRegistration
{
    /// <summary>
    /// Sets the rows of the host's own (non-contract) gRPC services, replacing the empty set <c>AddTrainingApi</c>
    /// registers. For a host that maps such a service (a benchmark's probe); the product's hosts do not call it.
    /// </summary>
    public static IServiceCollection AddHostPolicyRows(this IServiceCollection services, params PolicyRow[] rows)
    {
        services.RemoveAll<HostPolicyRows>();
        services.AddSingleton(new HostPolicyRows(rows));
        return services;
    }
}
