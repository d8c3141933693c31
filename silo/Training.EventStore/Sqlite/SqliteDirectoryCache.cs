using System.Collections.Concurrent;

namespace Training.EventStore.Sqlite;

/// <summary>
/// Directory reads answered from memory. The SQLite store is the only writer of its file (one process, one writer
/// thread), so it knows every directory change the moment it is committed: the writer forgets the changed entries
/// (and every cached query of their kinds) after the transaction commits and before any of its callers is
/// acknowledged, so a read after an acknowledged write never sees what it replaced. A read that raced a write is not
/// remembered: every write moves <see cref="Generation"/> on, and a read keeps its answer only when the generation it
/// started under is still current (checked under the same lock the writer forgets under). Bounded: at most
/// <see cref="EntryCapacity"/> entries and <see cref="QueryEntryCapacity"/> entries in query answers; when full it starts again empty.
/// </summary>
/// <remarks>
/// The kiosk check-in reads two directory entries per scan (the card's holder and the room's schedule); in WAL mode a
/// reader's page cache is emptied whenever the writer has committed since its last read, so under the morning rush
/// each of those reads fetched its pages from the file again.
/// </remarks>
internal sealed class SqliteDirectoryCache
{
    /// <summary>Most entries kept (a region's staff and cards fit).</summary>
    public const int EntryCapacity = 200_000;

    /// <summary>Most entries kept in query answers, all kinds together (a page of a listing can hold hundreds).</summary>
    public const int QueryEntryCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(string Kind, string Key), DirectoryEntry?> _entries = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<QueryKey, DirectoryEntry[]>> _queries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>
    /// How many entries <see cref="_entries"/> holds, counted here under the gate: the dictionary's own Count takes every
    /// one of its locks (up to 1,024 once it has grown), which on each remembered miss cost more than the read itself.
    /// </summary>
    private int _entryCount;
    private int _queryEntries;

    /// <summary>Moves on with every write that may change the directory; a read remembers its answer only under the generation it started in.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public bool TryGet(string kind, string key, out DirectoryEntry? entry) => _entries.TryGetValue((kind, key), out entry);

    public bool TryGet(DirectoryQuery query, string? search, out DirectoryEntry[]? entries)
    {
        entries = null;
        return _queries.TryGetValue(query.Kind, out var ofKind) && ofKind.TryGetValue(QueryKey.Of(query, search), out entries);
    }

    /// <summary>Keeps what a read found (null: no such entry) unless a write came in since <paramref name="generation"/>.</summary>
    public void Remember(long generation, string kind, string key, DirectoryEntry? entry)
    {
        lock (_gate)
        {
            if (_generation != generation)
            {
                return;
            }

            if (_entryCount >= EntryCapacity)
            {
                _entries.Clear();
                _entryCount = 0;
            }

            if (_entries.TryAdd((kind, key), entry))
            {
                _entryCount++;
            }
            else
            {
                _entries[(kind, key)] = entry;
            }
        }
    }

    /// <summary>Keeps a query's answer unless a write came in since <paramref name="generation"/>.</summary>
    public void Remember(long generation, DirectoryQuery query, string? search, DirectoryEntry[] entries)
    {
        lock (_gate)
        {
            if (_generation != generation)
            {
                return;
            }

            if (_queryEntries + entries.Length > QueryEntryCapacity)
            {
                _queries.Clear();
                _queryEntries = 0;
            }

            var ofKind = _queries.GetOrAdd(query.Kind, static _ => new ConcurrentDictionary<QueryKey, DirectoryEntry[]>());
            if (ofKind.TryAdd(QueryKey.Of(query, search), entries))
            {
                _queryEntries += entries.Length;
            }
        }
    }

    /// <summary>Forgets the entries the commits of a written batch changed, and every query of their kinds (called whether the batch committed or failed).</summary>
    public void Forget(IReadOnlyList<PendingAppend> batch)
    {
        if (!batch.Any(p => p.Commit.Directory is { Count: > 0 }))
        {
            return; // check-ins and most commits change no directory entry: nothing to forget, no read to refuse
        }

        lock (_gate)
        {
            _generation++;
            foreach (var pending in batch)
            {
                if (pending.Commit.Directory is not { } changes)
                {
                    continue;
                }

                foreach (var change in changes)
                {
                    if (_entries.TryRemove((change.Kind, change.Key), out _))
                    {
                        _entryCount--;
                    }
                    if (_queries.TryRemove(change.Kind, out var ofKind))
                    {
                        _queryEntries -= ofKind.Values.Sum(e => e.Length);
                    }
                }
            }
        }
    }

    private readonly record struct QueryKey(string Parent, string After, string? Search, int Limit)
    {
        public static QueryKey Of(DirectoryQuery query, string? search) => new(query.Parent, query.AfterKey ?? string.Empty, search, query.Limit);
    }
}
