namespace Training.Cluster.Postgres;

/// <summary>
/// The tables Orleans' ADO.NET membership and reminder providers work on, and the query texts they run (the rows of
/// <c>OrleansQuery</c>), written for PostgreSQL 15. The providers read <c>SELECT QueryKey, QueryText FROM
/// OrleansQuery</c> at start (unqualified: the connection's <c>search_path</c> is the schema, see
/// <see cref="TrainingClustering.OrleansConnectionString"/>) and run each text with named parameters
/// (<c>@DeploymentId</c> is the ClusterId); they read result columns by name.
/// </summary>
/// <remarks>
/// Timestamps are <c>timestamptz</c>: the providers pass UTC <see cref="DateTime"/> values, which Npgsql sends as
/// <c>timestamptz</c>, and read them back as UTC. Orleans' <c>SiloStatus</c> is stored as its number (3 Active, 6 Dead).
/// </remarks>
internal static class PostgresOrleansSql
{
    /// <summary>Orleans' own name for the table of query texts (folded to lower case, as unquoted in its query).</summary>
    public static string CreateQueryTable(string s) => $"""
        CREATE TABLE IF NOT EXISTS {s}.orleansquery (
            querykey  text PRIMARY KEY,
            querytext text NOT NULL
        );
        """;

    /// <summary>Membership, version 1.</summary>
    public static string CreateMembership(string s) => $"""
        -- One row per cluster: the version of its membership, Orleans' optimistic etag for the whole table. Every
        -- insert or update of a silo's row checks and increments it in the same statement.
        CREATE TABLE {s}.membership_version (
            cluster_id text        COLLATE "C" PRIMARY KEY,
            version    integer     NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        -- One row per silo incarnation: the same address and port start a new generation on every start.
        CREATE TABLE {s}.membership (
            cluster_id      text        COLLATE "C" NOT NULL REFERENCES {s}.membership_version (cluster_id) ON DELETE CASCADE,
            address         text        NOT NULL,
            port            integer     NOT NULL,
            generation      integer     NOT NULL,
            silo_name       text        NOT NULL,
            host_name       text        NOT NULL,
            status          integer     NOT NULL,
            proxy_port      integer     NOT NULL,
            suspect_times   text,
            start_time      timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation)
        );
        """;

    /// <summary>Reminders, version 1.</summary>
    public static string CreateReminders(string s) => $"""
        -- Etags of reminder rows: a new value on every write, so that an etag read before a delete and re-insert
        -- does not match the new row.
        CREATE SEQUENCE {s}.reminder_etag AS integer CYCLE;

        -- grain_hash is GrainId.GetUniformHashCode() as the provider passes it: the unsigned hash reinterpreted as a
        -- signed integer. The provider asks for ranges in that signed order too (ReadRangeRows1Key when the range does
        -- not wrap around in it, ReadRangeRows2Key when it does). period is in milliseconds.
        CREATE TABLE {s}.reminders (
            service_id    text        COLLATE "C" NOT NULL,
            grain_id      text        COLLATE "C" NOT NULL,
            reminder_name text        COLLATE "C" NOT NULL,
            grain_hash    integer     NOT NULL,
            start_time    timestamptz NOT NULL,
            period        bigint      NOT NULL,
            etag          integer     NOT NULL DEFAULT nextval('{s}.reminder_etag'),
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );

        CREATE INDEX reminders_by_hash ON {s}.reminders (service_id, grain_hash);
        """;

    /// <summary>The membership provider's queries (<c>Microsoft.Orleans.Clustering.AdoNet</c>), by key.</summary>
    public static IReadOnlyDictionary<string, string> MembershipQueries(string s)
    {
        const string SiloKey = "address = @Address AND port = @Port AND generation = @Generation";
        const string MemberKey = "m.address = @Address AND m.port = @Port AND m.generation = @Generation";
        var memberColumns = $"""
            m.address AS "Address", m.port AS "Port", m.generation AS "Generation", m.silo_name AS "SiloName",
                m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
                m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
            """;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Creates the cluster's version row (at version 0) unless it exists; true when it did.
            ["InsertMembershipVersionKey"] = $"""
                WITH inserted AS (
                    INSERT INTO {s}.membership_version (cluster_id) VALUES (@DeploymentId)
                    ON CONFLICT (cluster_id) DO NOTHING
                    RETURNING cluster_id
                )
                SELECT count(*) > 0 FROM inserted
                """,

            // The version row with every silo's row (none: one row of nulls but the version).
            ["MembershipReadAllKey"] = $"""
                SELECT v.version AS "Version", {memberColumns}
                FROM {s}.membership_version v
                LEFT JOIN {s}.membership m ON m.cluster_id = v.cluster_id
                WHERE v.cluster_id = @DeploymentId
                """,

            // The version row with one silo's row.
            ["MembershipReadRowKey"] = $"""
                SELECT v.version AS "Version", {memberColumns}
                FROM {s}.membership_version v
                LEFT JOIN {s}.membership m ON m.cluster_id = v.cluster_id AND {MemberKey}
                WHERE v.cluster_id = @DeploymentId
                """,

            // Inserts a silo's row if the table is still at the version the caller read (@Version) and the row is new;
            // the version moves on with it. Both or neither: the version row's lock orders concurrent writers.
            ["InsertMembershipKey"] = $"""
                WITH claimed AS (
                    UPDATE {s}.membership_version
                    SET version = version + 1, updated_at = now()
                    WHERE cluster_id = @DeploymentId AND version = @Version
                        AND NOT EXISTS (SELECT FROM {s}.membership WHERE cluster_id = @DeploymentId AND {SiloKey})
                    RETURNING cluster_id
                ), inserted AS (
                    INSERT INTO {s}.membership (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                    SELECT claimed.cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
                    FROM claimed
                    RETURNING 1
                )
                SELECT count(*) > 0 FROM inserted
                """,

            // Updates a silo's status, suspicions and heartbeat under the same version check.
            ["UpdateMembershipKey"] = $"""
                WITH claimed AS (
                    UPDATE {s}.membership_version
                    SET version = version + 1, updated_at = now()
                    WHERE cluster_id = @DeploymentId AND version = @Version
                        AND EXISTS (SELECT FROM {s}.membership WHERE cluster_id = @DeploymentId AND {SiloKey})
                    RETURNING cluster_id
                ), updated AS (
                    UPDATE {s}.membership m
                    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                    FROM claimed
                    WHERE m.cluster_id = claimed.cluster_id AND {MemberKey}
                    RETURNING 1
                )
                SELECT count(*) > 0 FROM updated
                """,

            // The heartbeat: no version change (Orleans does not treat it as a membership change).
            ["UpdateIAmAlivetimeKey"] = $"""
                UPDATE {s}.membership SET i_am_alive_time = @IAmAliveTime
                WHERE cluster_id = @DeploymentId AND {SiloKey}
                """,

            // Silos that clients may connect to: active ones with a gateway port.
            ["GatewaysQueryKey"] = $"""
                SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
                FROM {s}.membership
                WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
                """,

            // The whole cluster: its version row and, by the foreign key, its silos' rows.
            ["DeleteMembershipTableEntriesKey"] = $"""
                DELETE FROM {s}.membership_version WHERE cluster_id = @DeploymentId
                """,

            // Dead silos (status 6) last heard of before @IAmAliveTime (the fallback when the next key is missing).
            ["CleanupDefunctSiloEntriesKey"] = $"""
                DELETE FROM {s}.membership
                WHERE cluster_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
                """,

            // One dead silo's row, only if it is still exactly as the provider read and judged it defunct.
            ["CleanupDefunctSiloEntryKey"] = $"""
                DELETE FROM {s}.membership
                WHERE cluster_id = @DeploymentId AND {SiloKey} AND status = 6
                    AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
                    AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
                """,
        };
    }

    /// <summary>The reminder provider's queries (<c>Microsoft.Orleans.Reminders.AdoNet</c>), by key.</summary>
    public static IReadOnlyDictionary<string, string> ReminderQueries(string s)
    {
        var select = $"""
            SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", etag AS "Version"
            FROM {s}.reminders
            """;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Inserts or replaces a reminder; answers its new etag. excluded.etag is the fresh value drawn for the
            // proposed row.
            ["UpsertReminderRowKey"] = $"""
                INSERT INTO {s}.reminders AS r (service_id, grain_id, reminder_name, grain_hash, start_time, period)
                VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                SET grain_hash = excluded.grain_hash, start_time = excluded.start_time, period = excluded.period, etag = excluded.etag
                RETURNING r.etag AS "Version"
                """,
            ["ReadReminderRowsKey"] = $"""
                {select}
                WHERE service_id = @ServiceId AND grain_id = @GrainId
                """,
            ["ReadReminderRowKey"] = $"""
                {select}
                WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
                """,
            ["ReadRangeRows1Key"] = $"""
                {select}
                WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
                """,
            ["ReadRangeRows2Key"] = $"""
                {select}
                WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
                """,

            // Deletes a reminder only at the etag the caller holds; true when it did.
            ["DeleteReminderRowKey"] = $"""
                WITH deleted AS (
                    DELETE FROM {s}.reminders
                    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND etag = @Version
                    RETURNING 1
                )
                SELECT count(*) > 0 FROM deleted
                """,
            ["DeleteReminderRowsKey"] = $"""
                DELETE FROM {s}.reminders WHERE service_id = @ServiceId
                """,
        };
    }
}
