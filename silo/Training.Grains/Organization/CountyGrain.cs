using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Organization;

/// <summary>A county: created under an existing region.</summary>
[GrainType("county")]
public sealed class CountyGrain(EventSourcingServices services) : OrgUnitGrain(services), ICountyGrain
{
    protected override string Kind => DirectoryKinds.County;

    protected override string ParentName => DirectoryKinds.ParentOf(StreamId, "counties");

    protected override IOrgUnitGrain? Parent() => GrainFactory.GetGrain<IRegionGrain>(ParentName);
}
