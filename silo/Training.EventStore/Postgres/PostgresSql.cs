using System.Globalization;

namespace Training.EventStore.Postgres;

/// <summary>The store's SQL texts, with its schema name filled in once.</summary>
internal sealed class PostgresSql
{
    public PostgresSql(string schema)
    {
        var s = PostgresSchemaVersions.QuoteSchema(schema);
        Schema = schema;
        QuotedSchema = s;

        const string Judge = """
            WITH c AS (
                SELECT c.stream_id,
                    CASE WHEN c.known THEN true
                    ELSE c.expected = coalesce((SELECT max(e.version) FROM {0}.events e WHERE e.stream_id = c.stream_id), 0) END AS ok
                FROM unnest($1::text[], $2::bigint[], $3::boolean[]) AS c(stream_id, expected, known)
            ), ok AS (
                SELECT c.stream_id FROM c WHERE c.ok
            ), appended AS (
                INSERT INTO {0}.events (stream_id, version, type, payload, recorded_at, recorded_at_ticks)
                SELECT r.stream_id, r.version, r.type, r.payload, r.recorded_at, r.ticks
                FROM unnest($4::text[], $5::bigint[], $6::text[], $7::bytea[], $8::timestamptz[], $9::smallint[])
                    WITH ORDINALITY AS r(stream_id, version, type, payload, recorded_at, ticks, n)
                WHERE r.stream_id IN (SELECT ok.stream_id FROM ok)
                ORDER BY r.n
            )
            """;
        const string DirectoryAndSnapshots = """
            , changes AS (
                SELECT DISTINCT ON (d.kind, d.key) d.kind, d.key, d.parent, d.search_text, d.payload, d.remove
                FROM unnest($10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bytea[], $16::boolean[])
                    WITH ORDINALITY AS d(stream_id, kind, key, parent, search_text, payload, remove, n)
                WHERE d.stream_id IN (SELECT ok.stream_id FROM ok)
                ORDER BY d.kind, d.key, d.n DESC
            ), upserted AS (
                INSERT INTO {0}.directory AS t (kind, key, parent, search_text, payload)
                SELECT changes.kind, changes.key, changes.parent, changes.search_text, changes.payload FROM changes WHERE NOT changes.remove
                ON CONFLICT (kind, key) DO UPDATE SET parent = excluded.parent, search_text = excluded.search_text, payload = excluded.payload
            ), removed AS (
                DELETE FROM {0}.directory t USING changes
                WHERE changes.remove AND t.kind = changes.kind AND t.key = changes.key
            ), snapshotted AS (
                INSERT INTO {0}.snapshots AS t (stream_id, version, payload)
                SELECT x.stream_id, x.version, x.payload
                FROM unnest($17::text[], $18::bigint[], $19::bytea[]) AS x(stream_id, version, payload)
                WHERE x.stream_id IN (SELECT ok.stream_id FROM ok)
                ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, payload = excluded.payload
                WHERE excluded.version > t.version
            )
            """;
        const string Conflicts = "SELECT c.stream_id FROM c WHERE NOT c.ok";
        AppendEvents = string.Format(CultureInfo.InvariantCulture, Judge, s) + Conflicts;
        InsertEvents = $"""
            INSERT INTO {s}.events (stream_id, version, type, payload, recorded_at, recorded_at_ticks)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bytea[], $5::timestamptz[], $6::smallint[])
            """;
        Append = string.Format(CultureInfo.InvariantCulture, Judge + DirectoryAndSnapshots, s) + Conflicts;

        ReadStream = $"""
            SELECT version, type, payload, recorded_at, recorded_at_ticks, position FROM {s}.events
            WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3
            """;
        ReadStreamVersion = $"SELECT coalesce(max(version), 0) FROM {s}.events WHERE stream_id = $1";
        ReadSnapshot = $"SELECT version, payload FROM {s}.snapshots WHERE stream_id = $1";
        QueryDirectory = $"""
            SELECT key, parent, search_text, payload FROM {s}.directory
            WHERE kind = $1 AND parent = $2 AND key > $3 ORDER BY key LIMIT $4
            """;
        SearchDirectory = $"""
            SELECT key, parent, search_text, payload FROM {s}.directory
            WHERE kind = $1 AND parent = $2 AND key > $3 AND position($5 in search_text) > 0 ORDER BY key LIMIT $4
            """;
        GetDirectoryEntry = $"SELECT parent, search_text, payload FROM {s}.directory WHERE kind = $1 AND key = $2";
    }

    /// <summary>The schema name, unquoted.</summary>
    public string Schema { get; }

    /// <summary>The schema name, quoted for SQL.</summary>
    public string QuotedSchema { get; }

    /// <summary>
    /// Appends a whole group of commits in one statement, at most one commit per stream: judges each commit's
    /// expected version against its stream's head (as committed when the statement starts), inserts the events
    /// of the commits that match, applies their directory changes (the last change of a key wins) and their
    /// snapshots (only newer ones replace), and returns the streams whose commits conflicted (usually none).
    /// A commit flagged <c>known</c> ($3) skips the head lookup: the writer knows its expected version exists
    /// (it wrote it), and should that no longer be the head, inserting the next version violates the unique
    /// (stream_id, version) index. Such a violation, or another transaction inserting one of the versions
    /// concurrently, makes the statement fail as a whole: nothing of it is then written.
    /// </summary>
    public string Append { get; }

    /// <summary>
    /// <see cref="Append"/> for a group without directory changes and snapshots: parameters $1 to $9 only, and
    /// less for the server to plan and run.
    /// </summary>
    public string AppendEvents { get; }

    /// <summary>
    /// Inserts events as they are, in the order of the arrays ($1 stream, $2 version, $3 type, $4 payload, $5 recorded
    /// at, $6 ticks below the microsecond): no judging. For commits whose expected version the writer knows to exist
    /// (it wrote it) and that carry neither directory changes nor a snapshot: the unique (stream_id, version) index
    /// alone refuses such a commit if another writer got there first, and fails the statement as a whole.
    /// </summary>
    public string InsertEvents { get; }

    /// <summary>$1 stream, $2 from version, $3 limit.</summary>
    public string ReadStream { get; }

    /// <summary>$1 stream.</summary>
    public string ReadStreamVersion { get; }

    /// <summary>$1 stream.</summary>
    public string ReadSnapshot { get; }

    /// <summary>$1 kind, $2 parent, $3 after key ('' for the first page), $4 limit.</summary>
    public string QueryDirectory { get; }

    /// <summary>As <see cref="QueryDirectory"/>, and $5 the lower-case text the search text must contain.</summary>
    public string SearchDirectory { get; }

    /// <summary>$1 kind, $2 key.</summary>
    public string GetDirectoryEntry { get; }
}
