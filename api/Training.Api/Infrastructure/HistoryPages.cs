using System.Globalization;
using DomainHistoryEntry = Training.Grains.HistoryEntry;

namespace Training.Api.Infrastructure;

/// <summary>Pages of a resource's history, oldest first, read from the grain that owns it. A page token is the last version shown.</summary>
public static class HistoryPages
{
    /// <summary>The last version a page token names; 0 without a token. Records a violation for a token that names none.</summary>
    public static long AfterVersion(Validator validator, string? afterKey)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (afterKey is null)
        {
            return 0;
        }

        var valid = long.TryParse(afterKey, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0;
        validator.Check(valid, "page_token", "is not a token returned by this list; start again without one.");
        return valid ? version : 0;
    }

    /// <summary>
    /// The page after <paramref name="afterVersion"/> and the token of the next one (empty on the last page). An empty
    /// first page calls <paramref name="exists"/>: a resource that exists has at least one entry, so this answers
    /// NotFound. One entry more than the page is read; when exactly a page came back the grain may have capped the count
    /// (grains read at most 1,000 entries per call), so one more entry is probed.
    /// </summary>
    public static async Task<(IReadOnlyList<DomainHistoryEntry> Entries, string NextPageToken)> ReadAsync(
        string collection, PageRequest page, long afterVersion, Func<long, int, Task<IReadOnlyList<DomainHistoryEntry>>> history, Func<Task> exists)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(exists);
        var entries = await history(afterVersion + 1, page.PageSize + 1);
        if (afterVersion == 0 && entries.Count == 0)
        {
            await exists();
        }

        var shown = entries.Take(page.PageSize).ToList();
        var more = entries.Count > page.PageSize
            || (entries.Count == page.PageSize && (await history(entries[^1].Version + 1, 1)).Count > 0);
        return (shown, more ? Paging.Encode(collection, shown[^1].Version.ToString(CultureInfo.InvariantCulture)) : string.Empty);
    }
}
