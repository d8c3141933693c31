using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Organization;

/// <summary>A town-level public service centre: created under an existing county; archived only once no active staff remain.</summary>
[GrainType("center")]
public sealed class CenterGrain(EventSourcingServices services) : OrgUnitGrain(services), ICenterGrain
{
    protected override string Kind => DirectoryKinds.Center;

    protected override string ParentName => DirectoryKinds.ParentOf(StreamId, "centers");

    protected override IOrgUnitGrain? Parent() => GrainFactory.GetGrain<ICountyGrain>(ParentName);

    protected override async Task EnsureCanArchive()
    {
        var directory = GrainFactory.GetGrain<IDirectoryGrain>(0);
        string? after = null;
        do
        {
            var page = await directory.ListStaff(StreamId, new PageRequest(500, after));
            if (page.Items.Any(s => s.Status != StaffStatus.Departed))
            {
                throw TrainingException.Precondition(StreamId, $"{StreamId} still has staff who have not departed; transfer them first.");
            }

            after = page.NextAfterKey;
        }
        while (after is not null);
    }
}
