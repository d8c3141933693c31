using Training.Grains.EventSourcing;

namespace Training.Grains.Organization;

/// <summary>An event of a region, county or centre.</summary>
[GenerateSerializer, Alias("training.OrgUnitEvent")]
public abstract record OrgUnitEvent : DomainEvent;

[GenerateSerializer, Alias("org.created.v1")]
public sealed record OrgUnitCreated([property: Id(0)] OrgUnitSpec Spec) : OrgUnitEvent
{
    public override string Describe() => $"Created \"{Spec.DisplayName}\".";
}

[GenerateSerializer, Alias("org.updated.v1")]
public sealed record OrgUnitUpdated([property: Id(0)] OrgUnitPatch Patch) : OrgUnitEvent
{
    public override string Describe() => "Updated " + string.Join(", ", Changed()) + ".";

    private IEnumerable<string> Changed()
    {
        if (Patch.DisplayName is not null)
        {
            yield return $"display name to \"{Patch.DisplayName}\"";
        }

        if (Patch.Description is not null)
        {
            yield return "description";
        }

        if (Patch.Address is not null)
        {
            yield return "address";
        }

        if (Patch.Phone is not null)
        {
            yield return "phone";
        }
    }
}

[GenerateSerializer, Alias("org.archived.v1")]
public sealed record OrgUnitArchived : OrgUnitEvent
{
    public override string Describe() => "Archived.";
}

/// <summary>The state of a region, county or centre.</summary>
[GenerateSerializer, Alias("training.OrgUnitState")]
public sealed class OrgUnitState : EventSourcedState<OrgUnitEvent>
{
    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public OrgUnitSpec Spec { get; set; } = new(string.Empty, string.Empty, string.Empty, string.Empty);

    [Id(2)]
    public bool Archived { get; set; }

    protected override void When(OrgUnitEvent @event)
    {
        switch (@event)
        {
            case OrgUnitCreated e:
                Exists = true;
                Spec = e.Spec;
                break;
            case OrgUnitUpdated { Patch: var p }:
                Spec = new OrgUnitSpec(p.DisplayName ?? Spec.DisplayName, p.Description ?? Spec.Description, p.Address ?? Spec.Address, p.Phone ?? Spec.Phone);
                break;
            case OrgUnitArchived:
                Archived = true;
                break;
        }
    }
}
