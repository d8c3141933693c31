using Training.Grains.EventSourcing;

namespace Training.Grains.Results;

/// <summary>Reads every directory entry of one kind under one parent, page after page, as its payload type.</summary>
internal static class DirectoryEntries
{
    private const int PageSize = 1000;

    public static async Task<List<T>> AllAsync<T>(EventSourcingServices services, string kind, string parent)
    {
        var items = new List<T>();
        string? after = null;
        while (true)
        {
            var page = await services.Store.QueryDirectoryAsync(new DirectoryQuery(kind, parent, after, PageSize));
            items.AddRange(page.Select(e => services.Serializer.Deserialize<T>(e.Payload)!));
            if (page.Count < PageSize)
            {
                return items;
            }

            after = page[^1].Key;
        }
    }
}
