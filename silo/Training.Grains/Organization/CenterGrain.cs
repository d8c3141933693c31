using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Organization;

/// <summary>A town-level public service centre: created under an existing county; archived only once no active staff or kiosks remain.</summary>
[GrainType("center")]
public sealed class CenterGrain(EventSourcingServices services) : OrgUnitGrain(services), ICenterGrain
{
    protected override string Kind => DirectoryKinds.Center;

    protected override string ParentName => DirectoryKinds.ParentOf(StreamId, "centers");

    protected override IOrgUnitGrain? Parent() => GrainFactory.GetGrain<ICountyGrain>(ParentName);

    protected override async Task EnsureCanArchive()
    {
        var directory = GrainFactory.GetGrain<IDirectoryGrain>(0);
        if (await AnyListed(after => directory.ListStaff(StreamId, new PageRequest(500, after)), s => s.Status != StaffStatus.Departed))
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} still has staff who have not departed; transfer them first.");
        }

        if (await AnyListed(after => directory.ListKiosks(StreamId, new PageRequest(500, after)), k => k.State == KioskState.Active))
        {
            throw TrainingException.Precondition(StreamId, $"{StreamId} still has active kiosks; revoke them first.");
        }
    }

    private static async Task<bool> AnyListed<T>(Func<string?, Task<Page<T>>> list, Func<T, bool> match)
    {
        string? after = null;
        do
        {
            var page = await list(after);
            if (page.Items.Any(match))
            {
                return true;
            }

            after = page.NextAfterKey;
        }
        while (after is not null);
        return false;
    }

}
