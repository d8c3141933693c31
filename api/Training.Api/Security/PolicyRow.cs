using Google.Protobuf;
using Google.Protobuf.Collections;

namespace Training.Api.Security;

/// <summary>Finds the resources a request is about (every one must be allowed). Org units are placed from their names; staff through the locator.</summary>
public delegate ValueTask<IReadOnlyList<Target>> TargetResolver(IMessage request, IResourceLocator locator);

/// <summary>
/// Removes from a List response the items the caller may not read. <see cref="ReadMethod"/> names the row whose
/// rules decide (the Get of the listed resource), so a list never shows what a Get would refuse.
/// </summary>
/// <param name="ReadMethod">The full name of the Get RPC of the listed resource.</param>
/// <param name="Apply">Removes the items whose name the predicate refuses.</param>
public sealed record ListFilter(string ReadMethod, Action<IMessage, Func<string, bool>> Apply)
{
    /// <summary>A filter over the repeated field <paramref name="items"/> of <typeparamref name="TResponse"/>, by item name.</summary>
    public static ListFilter Items<TResponse, TItem>(string readMethod, Func<TResponse, RepeatedField<TItem>> items, Func<TItem, string> name)
        where TResponse : IMessage => new(readMethod, (response, visible) =>
        {
            var list = items((TResponse)response);
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (!visible(name(list[i])))
                {
                    list.RemoveAt(i);
                }
            }
        });
}

/// <summary>
/// One row of the <see cref="AuthorizationPolicyTable"/>: an RPC, what it does, and per role the
/// <see cref="ScopeRule"/> the caller's scope must satisfy for every <see cref="Targets">target</see> of the call.
/// A role not listed may not call the RPC at all.
/// </summary>
/// <param name="Method">The full method name, e.g. <c>/training.v1.StaffService/GetStaffMember</c>.</param>
/// <param name="Kind">What the RPC does.</param>
/// <param name="Rules">Role → rule.</param>
public sealed record PolicyRow(string Method, OperationKind Kind, IReadOnlyDictionary<string, ScopeRule> Rules)
{
    /// <summary>The resources the call is about; null for collection-level calls (only rules needing no target can allow them).</summary>
    public TargetResolver? Targets { get; init; }

    /// <summary>For List calls: which items of the answer the caller may see.</summary>
    public ListFilter? Filter { get; init; }

    /// <summary>
    /// For <see cref="OperationKind.Batch"/>: the centre each row is about. The call is admitted when the caller holds a
    /// listed role (and, when the row has <see cref="Targets"/>, is allowed them: the course batch staff are enrolled
    /// in); each row is then allowed or refused (PERMISSION_DENIED in its result) by <see cref="AllowingRole"/> on
    /// <c>Target.Unit(centre)</c>, through <see cref="BatchRowAuthorization"/>.
    /// </summary>
    public bool RowsScoped { get; init; }

    /// <summary>
    /// Device tokens: the call asks the kiosk whether the token's credential still works in the same grain call as its
    /// work (the live check-in, <see cref="IKioskGrain.CheckIn"/>) instead of the interceptor asking first. The
    /// interceptor checks the token's form and leaves a <see cref="DeviceCheckByCall"/> on the call, which the handler
    /// must honour; when the policy refuses the call, the interceptor asks the kiosk first all the same, so a revoked
    /// kiosk is told Unauthenticated as on any other call.
    /// </summary>
    public bool DeviceCheckedByCall { get; init; }

    /// <summary>Health checks only: answered without a token.</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>True when the caller holds at least one role the row lists.</summary>
    public bool Admits(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Roles.Any(Rules.ContainsKey);
    }

    /// <summary>The first of the caller's roles whose rule allows <paramref name="target"/>, or null when none does.</summary>
    public string? AllowingRole(Caller caller, Target target)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(target);
        foreach (var role in caller.Roles)
        {
            if (Rules.TryGetValue(role, out var rule) && Allows(rule, caller, role, target))
            {
                return role;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="rule"/>, for <paramref name="role"/> of <paramref name="caller"/>, allows <paramref name="target"/>.</summary>
    public static bool Allows(ScopeRule rule, Caller caller, string role, Target target)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(target);
        if (rule.HasFlag(ScopeRule.Anywhere) || (rule.HasFlag(ScopeRule.Catalogue) && target.IsCatalogue))
        {
            return true;
        }

        if (rule.HasFlag(ScopeRule.Self) && target.Staff is not null && string.Equals(caller.Staff, target.Staff, StringComparison.Ordinal))
        {
            return true;
        }

        if (rule.HasFlag(ScopeRule.OwnMentor) && target.Mentor is not null && string.Equals(caller.Mentor, target.Mentor, StringComparison.Ordinal))
        {
            return true;
        }

        if (rule.HasFlag(ScopeRule.OwnKiosk) && target.Kiosk is not null && string.Equals(caller.Kiosk, target.Kiosk, StringComparison.Ordinal))
        {
            return true;
        }

        if (rule.HasFlag(ScopeRule.Examiner) && caller.Mentor is { } mentor && target.Examiners is { } examiners && examiners.Contains(mentor, StringComparer.Ordinal))
        {
            return true;
        }

        foreach (var scope in caller.ScopesOf(role))
        {
            var allowed = (rule.HasFlag(ScopeRule.ProvinceWide) && scope == TrainingClaims.AllRegions)
                || (rule.HasFlag(ScopeRule.Within) && ResourceScope.Contains(scope, target.Place))
                || (rule.HasFlag(ScopeRule.Lineage) && target.Place is not null && ResourceScope.Contains(target.Place, scope))
                || (rule.HasFlag(ScopeRule.Exact) && string.Equals(scope, target.Place, StringComparison.Ordinal))
                || (rule.HasFlag(ScopeRule.MenteeCenter) && target.MenteeCenter is not null && string.Equals(scope, target.MenteeCenter, StringComparison.Ordinal));
            if (allowed)
            {
                return true;
            }
        }

        return false;
    }
}
