using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Organization;

/// <summary>A region (a province): the top of the hierarchy.</summary>
[GrainType("region")]
public sealed class RegionGrain(EventSourcingServices services) : OrgUnitGrain(services), IRegionGrain
{
    protected override string Kind => DirectoryKinds.Region;

    protected override string ParentName => DirectoryKinds.TopLevel;

    protected override IOrgUnitGrain? Parent() => null;
}
