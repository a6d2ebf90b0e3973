using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// The ordered schema migrations. Migration <c>n</c> (1-based) moves the schema from version
/// <c>n - 1</c> to <c>n</c>; the version lives in <c>PRAGMA user_version</c>. Never edit a shipped
/// migration: append a new one.
/// </summary>
/// <remarks>
/// Conventions: times are ISO-8601 UTC text with seven fractional digits (<see cref="SqliteValues"/>),
/// so text order equals time order; lists are JSON arrays of strings; hashes and ciphertexts are BLOBs;
/// enums are their declared integer values; tables are STRICT so SQLite enforces the column types.
/// </remarks>
internal static class SqliteMigrations
{
    private static readonly string[] Migrations =
    [
        // v1: agents, signing keys, replay entries, server secrets.
        """
        CREATE TABLE agents (
            id                  TEXT    NOT NULL PRIMARY KEY,
            client_id           TEXT    NOT NULL,
            name                TEXT    NOT NULL,
            owner               TEXT    NULL,
            allowed_scopes      TEXT    NOT NULL,
            default_scopes      TEXT    NOT NULL,
            allowed_audiences   TEXT    NOT NULL,
            allowed_grant_types TEXT    NOT NULL,
            token_lifetime_ticks INTEGER NOT NULL,
            status              INTEGER NOT NULL,
            expires_at          TEXT    NULL,
            created_at          TEXT    NOT NULL,
            last_used_at        TEXT    NULL,
            secret_hash         BLOB    NULL,
            jwks                TEXT    NULL,
            version             INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX ix_agents_created_at ON agents (created_at);
        CREATE TABLE signing_keys (
            key_id                TEXT    NOT NULL PRIMARY KEY,
            algorithm             TEXT    NOT NULL,
            state                 INTEGER NOT NULL,
            public_jwk            TEXT    NOT NULL,
            encrypted_private_key BLOB    NOT NULL,
            created_at            TEXT    NOT NULL,
            activated_at          TEXT    NULL,
            retired_at            TEXT    NULL
        ) STRICT;
        CREATE TABLE replay_entries (
            issuer     TEXT NOT NULL,
            jti        TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            PRIMARY KEY (issuer, jti)
        ) STRICT;
        CREATE INDEX ix_replay_entries_expires_at ON replay_entries (expires_at);
        CREATE TABLE server_secrets (
            name  TEXT NOT NULL PRIMARY KEY,
            value BLOB NOT NULL
        ) STRICT;
        """,

        // v2: the append-only revocation log. AUTOINCREMENT so a sequence (the feed cursor) is never
        // reused after expired rows are purged; sqlite_sequence then holds the head.
        """
        CREATE TABLE revocation_events (
            sequence   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            kind       INTEGER NOT NULL,
            subject    TEXT    NOT NULL,
            at         TEXT    NOT NULL,
            expires_at TEXT    NOT NULL
        ) STRICT;
        CREATE INDEX ix_revocation_events_expires_at ON revocation_events (expires_at);
        """,

        // v3: the audit log. Append-only; id is the commit order. Filters: agent (agent_id or
        // client_id), time (retention deletes by it), type.
        """
        CREATE TABLE audit_records (
            id               INTEGER NOT NULL PRIMARY KEY,
            timestamp        TEXT    NOT NULL,
            type             TEXT    NOT NULL,
            agent_id         TEXT    NULL,
            client_id        TEXT    NULL,
            grant_type       TEXT    NULL,
            error            TEXT    NULL,
            reason           TEXT    NULL,
            jti              TEXT    NULL,
            kid              TEXT    NULL,
            scopes           TEXT    NULL,
            audience         TEXT    NULL,
            lifetime_seconds INTEGER NULL,
            client_address   TEXT    NULL,
            user_agent       TEXT    NULL,
            trace_id         TEXT    NULL,
            span_id          TEXT    NULL,
            details          TEXT    NULL
        ) STRICT;
        CREATE INDEX ix_audit_records_timestamp ON audit_records (timestamp);
        CREATE INDEX ix_audit_records_agent_id ON audit_records (agent_id, id) WHERE agent_id IS NOT NULL;
        CREATE INDEX ix_audit_records_client_id ON audit_records (client_id, id) WHERE client_id IS NOT NULL;
        CREATE INDEX ix_audit_records_jti ON audit_records (jti) WHERE jti IS NOT NULL;
        """,

        // No audit query filters by jti, and random jti values made every
        // appended record dirty its own index page: one more page in the WAL per record per commit.
        """
        DROP INDEX IF EXISTS ix_audit_records_jti;
        """,

        // v5: the parent links of token exchange (revoking a token revokes everything
        // derived from it, also after a restart). Purged with the revocation log once the child expired.
        """
        CREATE TABLE delegation_links (
            parent_jti TEXT NOT NULL,
            child_jti  TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            PRIMARY KEY (parent_jti, child_jti)
        ) STRICT;
        CREATE INDEX ix_delegation_links_expires_at ON delegation_links (expires_at);
        """,

        // v6: refresh-token families (RFC 6749 §6, rotation and reuse detection per RFC 9700
        // §4.14.2). token_hash is the keyed hash of the value; the value itself is never stored.
        """
        CREATE TABLE refresh_tokens (
            token_hash         TEXT    NOT NULL PRIMARY KEY,
            family_id          TEXT    NOT NULL,
            client_id          TEXT    NOT NULL,
            subject            TEXT    NOT NULL,
            actors             TEXT    NOT NULL,
            scopes             TEXT    NOT NULL,
            audience           TEXT    NOT NULL,
            parent_jti         TEXT    NULL,
            access_jti         TEXT    NULL,
            access_expires_at  TEXT    NULL,
            state              INTEGER NOT NULL,
            issued_at          TEXT    NOT NULL,
            expires_at         TEXT    NOT NULL,
            family_expires_at  TEXT    NOT NULL,
            authorization_details TEXT NULL
        ) STRICT;
        CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);
        CREATE INDEX ix_refresh_tokens_client_id ON refresh_tokens (client_id);
        CREATE INDEX ix_refresh_tokens_subject ON refresh_tokens (subject);
        CREATE INDEX ix_refresh_tokens_parent_jti ON refresh_tokens (parent_jti) WHERE parent_jti IS NOT NULL;
        CREATE INDEX ix_refresh_tokens_family_expires_at ON refresh_tokens (family_expires_at);
        """,

        // v7: RFC 9396 authorization details types per agent, apart from the agents table.
        // fields: JSON array of member names; allowed_values: JSON object {field: [values]}.
        """
        CREATE TABLE authorization_detail_types (
            agent_id       TEXT NOT NULL,
            type           TEXT NOT NULL,
            fields         TEXT NOT NULL,
            allowed_values TEXT NOT NULL,
            PRIMARY KEY (agent_id, type)
        ) STRICT;
        """,

        // v8: per-agent monitoring policy and the networks each agent was seen on.
        """
        CREATE TABLE agent_monitoring (
            agent_id            TEXT    NOT NULL PRIMARY KEY,
            allowed_hours_start INTEGER NULL,
            allowed_hours_end   INTEGER NULL,
            time_zone           TEXT    NULL,
            allowed_cidrs       TEXT    NOT NULL,
            auto_suspend        INTEGER NOT NULL,
            updated_at          TEXT    NOT NULL
        ) STRICT;
        CREATE TABLE agent_networks (
            agent_id   TEXT NOT NULL,
            network    TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (agent_id, network)
        ) STRICT, WITHOUT ROWID;
        """,

        // v9: trusted external issuers for the jwt-bearer grant, workload identity and
        // token exchange. Lists are JSON arrays; lifetimes are ticks.
        """
        CREATE TABLE trusted_issuers (
            name                         TEXT    NOT NULL PRIMARY KEY,
            issuer                       TEXT    NOT NULL,
            jwks_uri                     TEXT    NULL,
            jwks                         TEXT    NULL,
            audiences                    TEXT    NOT NULL,
            subject_claim                TEXT    NOT NULL,
            maps_to_agent_id             TEXT    NULL,
            allowed_subjects             TEXT    NOT NULL,
            grantable_scopes             TEXT    NOT NULL,
            max_token_lifetime_ticks     INTEGER NOT NULL,
            max_assertion_lifetime_ticks INTEGER NOT NULL,
            created_at                   TEXT    NOT NULL
        ) STRICT;
        CREATE INDEX ix_trusted_issuers_issuer ON trusted_issuers (issuer);
        """,

        // v10 (durable audit cost): an agent's client id is its agent id, so on every issuance record
        // client_id repeats agent_id, and ix_audit_records_client_id duplicated ix_audit_records_agent_id entry
        // for entry: one more B-tree insert and one more WAL page per group commit. The client_id index now
        // holds only the records the agent_id index cannot find: an unknown or unauthenticated client id, and
        // an admin acting on another agent. SqliteAuditStore's agent filter names this index's condition, so
        // "--agent X" still finds every record whose agent_id or client_id is X.
        """
        DROP INDEX IF EXISTS ix_audit_records_client_id;
        CREATE INDEX ix_audit_records_client_id_other ON audit_records (client_id, id) WHERE client_id IS NOT agent_id;
        """,

        // v11: whether the allowed-hours and allowed-networks rules of an agent's policy are enforced at the token
        // endpoint (0, PolicyRuleMode.Enforce) or only alerted on (1); a policy written before this version is
        // enforced. The agent's token request limits (null: none). Fixed-window counters shared by every server
        // on this file (IRateLimitStore), deleted once their window has ended.
        """
        ALTER TABLE agent_monitoring ADD COLUMN hours_mode INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE agent_monitoring ADD COLUMN networks_mode INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE agent_monitoring ADD COLUMN tokens_per_minute INTEGER NULL;
        ALTER TABLE agent_monitoring ADD COLUMN tokens_per_day INTEGER NULL;
        CREATE TABLE rate_counters (
            key          TEXT    NOT NULL,
            window_start TEXT    NOT NULL,
            count        INTEGER NOT NULL,
            window_end   TEXT    NOT NULL,
            PRIMARY KEY (key, window_start)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ix_rate_counters_window_end ON rate_counters (window_end);
        """,

        // v12: whether the agent must use DPoP (RFC 9449): NULL follows the server default, 0 allowed, 1 required.
        """
        ALTER TABLE agents ADD COLUMN dpop INTEGER NULL;
        """,

        // v13: the agent change feed (IAgentChangeFeed) and keyset paging of agents (ListPageAsync, by owner or all). Every create, update or monitoring-policy change sets
        // change_seq to the table's largest plus one inside the write, so values grow in commit order and a
        // server polls "change_seq > cursor" through this index to drop only the agents another server changed.
        """
        ALTER TABLE agents ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_agents_change_seq ON agents (change_seq);
        CREATE INDEX ix_agents_created_at_id ON agents (created_at, id);
        CREATE INDEX ix_agents_owner_created_at_id ON agents (owner, created_at, id);
        """,

        // v14: the per-issuer jti policy (TrustedIssuer.RequireJwtId); existing records keep requiring jti.
        """
        ALTER TABLE trusted_issuers ADD COLUMN require_jti INTEGER NOT NULL DEFAULT 1;
        """,

        // v15: Token Status List indexes (draft-ietf-oauth-status-list) and the access tokens holding them. A row is
        // overwritten when its index is reused after the holder expired, so the table never outgrows the lists.
        """
        CREATE TABLE status_list_entries (
            list_id    INTEGER NOT NULL,
            idx        INTEGER NOT NULL,
            jti        TEXT    NOT NULL,
            subject    TEXT    NOT NULL,
            client_id  TEXT    NOT NULL,
            kid        TEXT    NOT NULL,
            issued_at  TEXT    NOT NULL,
            expires_at TEXT    NOT NULL,
            revoked    INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (list_id, idx)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ix_status_list_entries_jti ON status_list_entries (jti);
        CREATE INDEX ix_status_list_entries_subject ON status_list_entries (subject, issued_at);
        CREATE INDEX ix_status_list_entries_client_id_other ON status_list_entries (client_id, issued_at) WHERE client_id IS NOT subject;
        CREATE INDEX ix_status_list_entries_kid ON status_list_entries (kid);
        CREATE INDEX ix_status_list_entries_revoked ON status_list_entries (list_id, idx) WHERE revoked = 1;
        """,

        // v16: a one-row heartbeat that /readyz writes (IStoreHealth.ProbeWriteAsync), so a store that can be read but
        // not written (disk full, read-only file, lock held past the busy timeout) is reported not ready.
        """
        CREATE TABLE write_probe (
            id     INTEGER PRIMARY KEY CHECK (id = 1),
            probes INTEGER NOT NULL
        ) STRICT;
        INSERT INTO write_probe (id, probes) VALUES (1, 0);
        """,

        // v17: dynamic client registration (RFC 7591, RFC 7592): the operator's initial access tokens (keyed hashes,
        // policy caps, use count) and the registration access token hash of each registered client.
        """
        CREATE TABLE initial_access_tokens (
            id          TEXT    NOT NULL PRIMARY KEY,
            secret_hash BLOB    NOT NULL,
            scopes      TEXT    NOT NULL,
            audiences   TEXT    NOT NULL,
            grant_types TEXT    NOT NULL,
            owner       TEXT    NULL,
            expires_at  TEXT    NOT NULL,
            max_uses    INTEGER NULL,
            uses        INTEGER NOT NULL DEFAULT 0,
            created_at  TEXT    NOT NULL,
            created_by  TEXT    NULL,
            revoked_at  TEXT    NULL
        ) STRICT;
        CREATE TABLE client_registrations (
            client_id                TEXT NOT NULL PRIMARY KEY,
            access_token_hash        BLOB NOT NULL,
            metadata                 TEXT NOT NULL,
            initial_access_token_id  TEXT NULL,
            created_at               TEXT NOT NULL,
            updated_at               TEXT NOT NULL
        ) STRICT;
        """,

        // v18: Shared Signals streams (OpenID SSF 1.0) and the Security Event Tokens queued on them for push or poll.
        """
        CREATE TABLE ssf_streams (
            stream_id     TEXT NOT NULL PRIMARY KEY,
            client_id     TEXT NOT NULL,
            status        TEXT NOT NULL,
            status_reason TEXT,
            configuration TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ix_ssf_streams_client_id ON ssf_streams (client_id, created_at);
        CREATE TABLE ssf_events (
            stream_id       TEXT    NOT NULL REFERENCES ssf_streams (stream_id) ON DELETE CASCADE,
            event_id        TEXT    NOT NULL,
            token           TEXT    NOT NULL,
            created_at      TEXT    NOT NULL,
            expires_at      TEXT    NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            PRIMARY KEY (stream_id, event_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ix_ssf_events_due ON ssf_events (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
        CREATE INDEX ix_ssf_events_stream ON ssf_events (stream_id, created_at);
        CREATE INDEX ix_ssf_events_expires_at ON ssf_events (expires_at);
        """,

        // v19: the agent's limit on live refresh-token families (null: none). Families are counted by the existing
        // index on refresh_tokens (client_id).
        """
        ALTER TABLE agent_monitoring ADD COLUMN max_token_families INTEGER NULL;
        """,

        // v20: Token Status List index blocks leased to nodes: a block (a run of consecutive indexes of one list) is
        // leased until reusable_at, when its lease has ended and every token given one of its indexes has expired.
        """
        CREATE TABLE status_list_blocks (
            list_id     INTEGER NOT NULL,
            block       INTEGER NOT NULL,
            reusable_at TEXT    NOT NULL,
            PRIMARY KEY (list_id, block)
        ) STRICT, WITHOUT ROWID;
        """,

        // v21: the agent-keyed lookups of the audit log and of the status-list entries move from per-row indexes, which
        // every token request wrote at a page of its own agent (one random B-tree page per index and token once many
        // agents are active), to tables that SqliteAgentIndex fills in bulk, sorted by agent, off the request path.
        // agent_index_state holds how far each table has been indexed: audit records with id <= audit_upto, status
        // entries with seq <= status_upto; rows past those are found by a range scan of id or seq. seq numbers the
        // status entries in commit order (each allocation transaction continues from the largest, under the write
        // lock), so the watermark never depends on a clock.
        """
        CREATE TABLE agent_index_state (
            id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            audit_upto  INTEGER NOT NULL,
            status_upto INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE audit_agent_ids (
            agent TEXT    NOT NULL,
            id    INTEGER NOT NULL,
            PRIMARY KEY (agent, id)
        ) STRICT, WITHOUT ROWID;
        INSERT OR IGNORE INTO audit_agent_ids (agent, id) SELECT agent_id, id FROM audit_records WHERE agent_id IS NOT NULL;
        INSERT OR IGNORE INTO audit_agent_ids (agent, id) SELECT client_id, id FROM audit_records WHERE client_id IS NOT NULL;
        CREATE TABLE status_agent_ids (
            agent      TEXT    NOT NULL,
            issued_at  TEXT    NOT NULL,
            list_id    INTEGER NOT NULL,
            idx        INTEGER NOT NULL,
            expires_at TEXT    NOT NULL,
            PRIMARY KEY (agent, issued_at, list_id, idx)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ix_status_agent_ids_expires_at ON status_agent_ids (expires_at);
        INSERT OR IGNORE INTO status_agent_ids (agent, issued_at, list_id, idx, expires_at)
            SELECT subject, issued_at, list_id, idx, expires_at FROM status_list_entries;
        INSERT OR IGNORE INTO status_agent_ids (agent, issued_at, list_id, idx, expires_at)
            SELECT client_id, issued_at, list_id, idx, expires_at FROM status_list_entries;
        INSERT INTO agent_index_state (id, audit_upto, status_upto) VALUES (1, coalesce((SELECT max(id) FROM audit_records), 0), 0);
        DROP INDEX ix_audit_records_agent_id;
        DROP INDEX ix_audit_records_client_id_other;
        DROP INDEX ix_status_list_entries_subject;
        DROP INDEX ix_status_list_entries_client_id_other;
        ALTER TABLE status_list_entries ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_status_list_entries_seq ON status_list_entries (seq);
        """,
    ];

    /// <summary>The schema version after every migration has run.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>
    /// Brings the schema to <see cref="LatestVersion"/> inside one write transaction, so a crash
    /// leaves either the old or the new schema. Concurrent openers serialise on the write lock.
    /// </summary>
    /// <exception cref="SqliteSchemaVersionException">The file has a newer schema version.</exception>
    public static void Apply(SqliteConnection connection, string databasePath)
    {
        // Serializable = BEGIN IMMEDIATE: take the write lock before reading user_version, so two
        // processes opening a fresh file cannot both run migration 1.
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
        var current = ReadUserVersion(connection, transaction);
        if (current > LatestVersion)
        {
            throw new SqliteSchemaVersionException(databasePath, current, LatestVersion);
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[version - 1];
            migrate.ExecuteNonQuery();

            // PRAGMA takes no parameters; the value is a trusted integer from this list.
            using var setVersion = connection.CreateCommand();
            setVersion.Transaction = transaction;
            setVersion.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version};");
            setVersion.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// Runs migrations 1 to <paramref name="version"/> only, as an older Mandate left the file: upgrade tests start from
    /// it, so they need not undo what later migrations add.
    /// </summary>
    internal static void ApplyUpTo(SqliteConnection connection, int version)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, LatestVersion);
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
        for (var step = ReadUserVersion(connection, transaction) + 1; step <= version; step++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[step - 1] + string.Create(CultureInfo.InvariantCulture, $"\nPRAGMA user_version = {step};");
            migrate.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Reads <c>PRAGMA user_version</c>.</summary>
    public static int ReadUserVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
