namespace Training.Api.Security;

/// <summary>
/// How a role's scopes must relate to the resource a call is about (its <see cref="Target"/>) for the call to be
/// allowed. Flags combine with "or": <c>Within | Lineage</c> allows the caller's own subtree and their ancestors.
/// </summary>
[Flags]
public enum ScopeRule
{
    /// <summary>Never allowed.</summary>
    None = 0,

    /// <summary>The role suffices, whatever the resource (the shared catalogue; tools).</summary>
    Anywhere = 1,

    /// <summary>The role's scope is <c>*</c> (the province-wide operator, e.g. to create a region).</summary>
    ProvinceWide = 2,

    /// <summary>The target lies at or below one of the role's scopes: the caller administers it. <c>*</c> covers even targets not (yet) placed.</summary>
    Within = 4,

    /// <summary>The target is one of the role's scopes or an ancestor of one: the caller's own unit and the units above it.</summary>
    Lineage = 8,

    /// <summary>The target's place is exactly one of the role's scopes (a centre manager's centre; a kiosk's centre).</summary>
    Exact = 16,

    /// <summary>The target is the caller's own staff record (the <c>staff</c> claim).</summary>
    Self = 32,

    /// <summary>The target is a catalogue resource (framework, course, question bank), shared by every region.</summary>
    Catalogue = 64,

    /// <summary>The target is the caller's own kiosk (the device token's <c>kiosk</c> claim).</summary>
    OwnKiosk = 128,

    /// <summary>The target is a course batch the caller examines: the token's <c>mentor</c> claim is one of the batch's examiners.</summary>
    Examiner = 256,

    /// <summary>The target is the caller's own mentor record (the <c>mentor</c> claim), or something of it (its coaching log, evaluations, sign-offs).</summary>
    OwnMentor = 512,

    /// <summary>
    /// The call names one mentee (a staff member) whose centre is exactly one of the role's scopes: a trainee's centre
    /// manager reading that trainee's coaching log and evaluations, whoever the mentor is (a county expert too).
    /// </summary>
    MenteeCenter = 1024,
}

/// <summary>What an RPC does, as the policy table and the audit see it.</summary>
public enum OperationKind
{
    /// <summary>Reads one resource (or its history).</summary>
    Read,

    /// <summary>Lists a collection; the answer is filtered to what the caller may read.</summary>
    List,

    /// <summary>Creates a resource.</summary>
    Create,

    /// <summary>Changes a resource (update, or a custom method such as transfer, archive or publish).</summary>
    Update,

    /// <summary>Creates many resources; each row is authorized on its own and refused rows answer PERMISSION_DENIED.</summary>
    Batch,

    /// <summary>Reads a resource's audit trail.</summary>
    Audit,

    /// <summary>A developer tool (server reflection).</summary>
    Tool,

    /// <summary>Health checks: open to anyone, as load balancers need.</summary>
    Health,
}

/// <summary>Operation kinds that write.</summary>
public static class OperationKinds
{
    /// <summary>True for kinds that change state (and are recorded with actor, role and client).</summary>
    public static bool IsMutating(this OperationKind kind) => kind is OperationKind.Create or OperationKind.Update or OperationKind.Batch;
}
