using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// The ordered schema migrations. Migration <c>n</c> (1-based) moves the schema from version <c>n - 1</c> to
/// <c>n</c>; the version lives in the one-row table <c>mandate_schema_version</c> of the connection's schema
/// (the first schema of its <c>search_path</c>). Never edit a shipped migration: append a new one.
/// </summary>
/// <remarks>
/// Conventions: instants are <c>bigint</c> UTC ticks (see <see cref="PostgreSqlValues"/>); lists are <c>text[]</c>;
/// hashes and ciphertexts are <c>bytea</c>; enums are their declared integer values. Tables listed in insertion
/// order have a <c>seq</c> identity column that breaks ties between equal creation times.
/// </remarks>
internal static class PostgreSqlMigrations
{
    // Two-key advisory lock: this constant ("MAND") and hashtext(current_schema()), so nodes sharing one schema
    // migrate one at a time while tests in other schemas of the same database do not wait on each other.
    internal const int AdvisoryLockKey = 0x4D414E44;

    private static readonly string[] Migrations =
    [
        // v1: every table of the store contracts.
        """
        CREATE FUNCTION mandate_time(ticks bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE
            RETURN timestamptz '0001-01-01 00:00:00+00' + make_interval(secs => ticks / 10000000.0);
        CREATE TABLE agents (
            seq                  bigint  GENERATED ALWAYS AS IDENTITY,
            id                   text    NOT NULL PRIMARY KEY,
            client_id            text    NOT NULL,
            name                 text    NOT NULL,
            owner                text    NULL,
            allowed_scopes       text[]  NOT NULL,
            default_scopes       text[]  NOT NULL,
            allowed_audiences    text[]  NOT NULL,
            allowed_grant_types  text[]  NOT NULL,
            token_lifetime_ticks bigint  NOT NULL,
            status               integer NOT NULL,
            expires_at           bigint  NULL,
            created_at           bigint  NOT NULL,
            last_used_at         bigint  NULL,
            secret_hash          bytea   NULL,
            jwks                 text    NULL,
            version              bigint  NOT NULL
        );
        CREATE INDEX ix_agents_created_at ON agents (created_at, seq);
        CREATE TABLE signing_keys (
            seq                   bigint  GENERATED ALWAYS AS IDENTITY,
            key_id                text    NOT NULL PRIMARY KEY,
            algorithm             text    NOT NULL,
            state                 integer NOT NULL,
            public_jwk            text    NOT NULL,
            encrypted_private_key bytea   NOT NULL,
            created_at            bigint  NOT NULL,
            activated_at          bigint  NULL,
            retired_at            bigint  NULL
        );
        CREATE TABLE replay_entries (
            issuer     text   NOT NULL,
            jti        text   NOT NULL,
            expires_at bigint NOT NULL,
            PRIMARY KEY (issuer, jti)
        );
        CREATE INDEX ix_replay_entries_expires_at ON replay_entries (expires_at);
        CREATE TABLE server_secrets (
            name  text  NOT NULL PRIMARY KEY,
            value bytea NOT NULL
        );
        CREATE TABLE revocation_head (
            singleton boolean NOT NULL PRIMARY KEY DEFAULT true CHECK (singleton),
            head      bigint  NOT NULL
        );
        INSERT INTO revocation_head (head) VALUES (0);
        CREATE TABLE revocation_events (
            sequence   bigint  NOT NULL PRIMARY KEY,
            kind       integer NOT NULL,
            subject    text    NOT NULL,
            at         bigint  NOT NULL,
            expires_at bigint  NOT NULL
        );
        CREATE INDEX ix_revocation_events_expires_at ON revocation_events (expires_at);
        CREATE TABLE audit_records (
            id               bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            timestamp        bigint  NOT NULL,
            type             text    NOT NULL,
            agent_id         text    NULL,
            client_id        text    NULL,
            grant_type       text    NULL,
            error            text    NULL,
            reason           text    NULL,
            jti              text    NULL,
            kid              text    NULL,
            scopes           text    NULL,
            audience         text    NULL,
            lifetime_seconds bigint  NULL,
            client_address   text    NULL,
            user_agent       text    NULL,
            trace_id         text    NULL,
            span_id          text    NULL,
            details          text    NULL
        );
        CREATE INDEX ix_audit_records_timestamp ON audit_records (timestamp);
        CREATE INDEX ix_audit_records_agent_id ON audit_records (agent_id, id) WHERE agent_id IS NOT NULL;
        CREATE INDEX ix_audit_records_client_id_other ON audit_records (client_id, id)
            WHERE client_id IS DISTINCT FROM agent_id;
        CREATE TABLE delegation_links (
            parent_jti text   NOT NULL,
            child_jti  text   NOT NULL,
            expires_at bigint NOT NULL,
            PRIMARY KEY (parent_jti, child_jti)
        );
        CREATE INDEX ix_delegation_links_expires_at ON delegation_links (expires_at);
        CREATE TABLE refresh_tokens (
            token_hash            text    NOT NULL PRIMARY KEY,
            family_id             text    NOT NULL,
            client_id             text    NOT NULL,
            subject               text    NOT NULL,
            actors                text[]  NOT NULL,
            scopes                text[]  NOT NULL,
            audience              text    NOT NULL,
            parent_jti            text    NULL,
            access_jti            text    NULL,
            access_expires_at     bigint  NULL,
            state                 integer NOT NULL,
            issued_at             bigint  NOT NULL,
            expires_at            bigint  NOT NULL,
            family_expires_at     bigint  NOT NULL,
            authorization_details text    NULL
        );
        CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);
        CREATE INDEX ix_refresh_tokens_client_id ON refresh_tokens (client_id);
        CREATE INDEX ix_refresh_tokens_subject ON refresh_tokens (subject);
        CREATE INDEX ix_refresh_tokens_parent_jti ON refresh_tokens (parent_jti) WHERE parent_jti IS NOT NULL;
        CREATE INDEX ix_refresh_tokens_family_expires_at ON refresh_tokens (family_expires_at);
        CREATE TABLE authorization_detail_types (
            agent_id       text   NOT NULL,
            type           text   NOT NULL,
            fields         text[] NOT NULL,
            allowed_values json   NOT NULL,
            PRIMARY KEY (agent_id, type)
        );
        CREATE TABLE agent_monitoring (
            agent_id            text    NOT NULL PRIMARY KEY,
            allowed_hours_start integer NULL,
            allowed_hours_end   integer NULL,
            time_zone           text    NULL,
            allowed_cidrs       text[]  NOT NULL,
            auto_suspend        boolean NOT NULL,
            updated_at          bigint  NOT NULL
        );
        CREATE TABLE agent_networks (
            agent_id   text   NOT NULL,
            network    text   NOT NULL,
            first_seen bigint NOT NULL,
            PRIMARY KEY (agent_id, network)
        );
        CREATE TABLE trusted_issuers (
            name                         text   NOT NULL PRIMARY KEY,
            issuer                       text   NOT NULL,
            jwks_uri                     text   NULL,
            jwks                         text   NULL,
            audiences                    text[] NOT NULL,
            subject_claim                text   NOT NULL,
            maps_to_agent_id             text   NULL,
            allowed_subjects             text[] NOT NULL,
            grantable_scopes             text[] NOT NULL,
            max_token_lifetime_ticks     bigint NOT NULL,
            max_assertion_lifetime_ticks bigint NOT NULL,
            created_at                   bigint NOT NULL
        );
        CREATE INDEX ix_trusted_issuers_issuer ON trusted_issuers (issuer);
        """,

        // v2: the features merged after v1 (SQLite v11-v15 in one step).
        // agent_monitoring: whether the hours and networks rules are enforced (0, PolicyRuleMode.Enforce) or only
        // alerted on (1), and the token request limits (NULL: none). rate_counters: fixed-window counters shared by
        // every node (IRateLimitStore), deleted once their window has ended. agents.dpop: NULL follows the server
        // default, 0 allowed, 1 required. agents.change_seq: the agent change feed (IAgentChangeFeed); values come
        // from the one-row agent_change_counter, incremented by UPDATE ... RETURNING inside the writing transaction,
        // so the row lock serialises writers and values grow in commit order (a sequence would not). Keyset paging
        // indexes on (created_at, id). trusted_issuers.require_jti: existing records keep requiring jti.
        // status_list_entries: Token Status List indexes and the access tokens holding them.
        """
        ALTER TABLE agent_monitoring ADD COLUMN hours_mode integer NOT NULL DEFAULT 0;
        ALTER TABLE agent_monitoring ADD COLUMN networks_mode integer NOT NULL DEFAULT 0;
        ALTER TABLE agent_monitoring ADD COLUMN tokens_per_minute integer NULL;
        ALTER TABLE agent_monitoring ADD COLUMN tokens_per_day integer NULL;
        CREATE TABLE rate_counters (
            key          text   NOT NULL,
            window_start bigint NOT NULL,
            count        bigint NOT NULL,
            window_end   bigint NOT NULL,
            PRIMARY KEY (key, window_start)
        );
        CREATE INDEX ix_rate_counters_window_end ON rate_counters (window_end);
        ALTER TABLE agents ADD COLUMN dpop integer NULL;
        ALTER TABLE agents ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
        CREATE TABLE agent_change_counter (
            id    integer NOT NULL PRIMARY KEY CHECK (id = 1),
            value bigint  NOT NULL
        );
        INSERT INTO agent_change_counter (id, value) VALUES (1, 0);
        CREATE INDEX ix_agents_change_seq ON agents (change_seq);
        CREATE INDEX ix_agents_created_at_id ON agents (created_at, id COLLATE "C");
        CREATE INDEX ix_agents_owner_created_at_id ON agents (owner, created_at, id COLLATE "C");
        ALTER TABLE trusted_issuers ADD COLUMN require_jti boolean NOT NULL DEFAULT true;
        CREATE TABLE status_list_entries (
            list_id    integer NOT NULL,
            idx        integer NOT NULL,
            jti        text    NOT NULL,
            subject    text    NOT NULL,
            client_id  text    NOT NULL,
            kid        text    NOT NULL,
            issued_at  bigint  NOT NULL,
            expires_at bigint  NOT NULL,
            revoked    boolean NOT NULL DEFAULT false,
            PRIMARY KEY (list_id, idx)
        );
        CREATE INDEX ix_status_list_entries_jti ON status_list_entries (jti);
        CREATE INDEX ix_status_list_entries_subject ON status_list_entries (subject, issued_at);
        CREATE INDEX ix_status_list_entries_client_id_other ON status_list_entries (client_id, issued_at) WHERE client_id <> subject;
        CREATE INDEX ix_status_list_entries_kid ON status_list_entries (kid);
        CREATE INDEX ix_status_list_entries_revoked ON status_list_entries (list_id, idx) WHERE revoked;
        """,

        // v3: a one-row heartbeat that /readyz writes (IStoreHealth.ProbeWriteAsync), so a database that answers reads
        // but refuses writes (disk full, read-only replica, transaction_read_only) is reported not ready.
        """
        CREATE TABLE write_probe (
            id     integer PRIMARY KEY CHECK (id = 1),
            probes bigint  NOT NULL
        );
        INSERT INTO write_probe (id, probes) VALUES (1, 0);
        """,

        // v4: dynamic client registration (RFC 7591, RFC 7592): the operator's initial access tokens (keyed hashes,
        // policy caps, use count) and the registration access token hash of each registered client.
        """
        CREATE TABLE initial_access_tokens (
            id          text    NOT NULL PRIMARY KEY,
            secret_hash bytea   NOT NULL,
            scopes      text[]  NOT NULL,
            audiences   text[]  NOT NULL,
            grant_types text[]  NOT NULL,
            owner       text    NULL,
            expires_at  bigint  NOT NULL,
            max_uses    integer NULL,
            uses        integer NOT NULL DEFAULT 0,
            created_at  bigint  NOT NULL,
            created_by  text    NULL,
            revoked_at  bigint  NULL
        );
        CREATE TABLE client_registrations (
            client_id               text   NOT NULL PRIMARY KEY,
            access_token_hash       bytea  NOT NULL,
            metadata                text   NOT NULL,
            initial_access_token_id text   NULL,
            created_at              bigint NOT NULL,
            updated_at              bigint NOT NULL
        );
        """,

        // v5: Shared Signals streams (OpenID SSF 1.0) and the Security Event Tokens queued on them for push or poll.
        """
        CREATE TABLE ssf_streams (
            stream_id     text   NOT NULL PRIMARY KEY,
            client_id     text   NOT NULL,
            status        text   NOT NULL,
            status_reason text,
            configuration text   NOT NULL,
            created_at    bigint NOT NULL,
            updated_at    bigint NOT NULL
        );
        CREATE INDEX ix_ssf_streams_client_id ON ssf_streams (client_id, created_at);
        CREATE TABLE ssf_events (
            stream_id       text    NOT NULL REFERENCES ssf_streams (stream_id) ON DELETE CASCADE,
            event_id        text    NOT NULL,
            token           text    NOT NULL,
            created_at      bigint  NOT NULL,
            expires_at      bigint  NOT NULL,
            attempts        integer NOT NULL DEFAULT 0,
            next_attempt_at bigint,
            PRIMARY KEY (stream_id, event_id)
        );
        CREATE INDEX ix_ssf_events_due ON ssf_events (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
        CREATE INDEX ix_ssf_events_stream ON ssf_events (stream_id, created_at);
        CREATE INDEX ix_ssf_events_expires_at ON ssf_events (expires_at);
        """,
        // v6: change notifications (PostgreSqlChangeListener). Statement triggers send pg_notify('mandate_changes',
        // '<schema> <kind>') when the revocation log, the agents (create, update, monitoring policy: every write that
        // sets change_seq; last_used_at does not), the signing keys or the trusted issuers change. PostgreSQL delivers
        // them at commit, once per distinct payload per transaction, and not at all on rollback.
        """
        CREATE FUNCTION mandate_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('mandate_changes', TG_TABLE_SCHEMA || ' ' || TG_ARGV[0]);
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER tr_revocation_events_notify AFTER INSERT ON revocation_events
            FOR EACH STATEMENT EXECUTE FUNCTION mandate_notify_change('revocations');
        CREATE TRIGGER tr_agents_notify AFTER INSERT OR DELETE OR UPDATE OF change_seq ON agents
            FOR EACH STATEMENT EXECUTE FUNCTION mandate_notify_change('agents');
        CREATE TRIGGER tr_signing_keys_notify AFTER INSERT OR UPDATE OR DELETE ON signing_keys
            FOR EACH STATEMENT EXECUTE FUNCTION mandate_notify_change('keys');
        CREATE TRIGGER tr_trusted_issuers_notify AFTER INSERT OR UPDATE OR DELETE ON trusted_issuers
            FOR EACH STATEMENT EXECUTE FUNCTION mandate_notify_change('trusted_issuers');
        """,
        // v7: audit_records partitioned by month of timestamp (declarative range partitioning), so retention drops
        // whole months (DROP TABLE) instead of deleting rows. Partitions are named audit_records_pYYYYMM and hold
        // [first tick of the month, first tick of the next); audit_records_default takes whatever no month partition
        // covers yet. mandate_create_audit_partition(ticks) creates the month holding ticks (idempotent; rows of that
        // month already in the default partition are moved in), under the audit append lock so appenders on other
        // nodes do not race it. Ids keep growing from the old table's; the primary key includes the partition key.
        // The rows of the unpartitioned table are copied into month partitions, every one of them.
        """
        ALTER TABLE audit_records RENAME TO audit_records_unpartitioned;
        CREATE SEQUENCE audit_record_ids AS bigint;
        CREATE TABLE audit_records (
            id               bigint  NOT NULL DEFAULT nextval('audit_record_ids'),
            timestamp        bigint  NOT NULL,
            type             text    NOT NULL,
            agent_id         text    NULL,
            client_id        text    NULL,
            grant_type       text    NULL,
            error            text    NULL,
            reason           text    NULL,
            jti              text    NULL,
            kid              text    NULL,
            scopes           text    NULL,
            audience         text    NULL,
            lifetime_seconds bigint  NULL,
            client_address   text    NULL,
            user_agent       text    NULL,
            trace_id         text    NULL,
            span_id          text    NULL,
            details          text    NULL,
            PRIMARY KEY (id, timestamp)
        ) PARTITION BY RANGE (timestamp);
        ALTER SEQUENCE audit_record_ids OWNED BY audit_records.id;
        CREATE TABLE audit_records_default PARTITION OF audit_records DEFAULT;
        CREATE FUNCTION mandate_create_audit_partition(at_ticks bigint) RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
            month_start timestamp := date_trunc('month', timestamp '0001-01-01' + make_interval(secs => at_ticks / 10000000.0));
            lo bigint := ((extract(epoch FROM month_start) + 62135596800) * 10000000)::bigint;
            hi bigint := ((extract(epoch FROM month_start + interval '1 month') + 62135596800) * 10000000)::bigint;
            part text := 'audit_records_p' || to_char(month_start, 'YYYYMM');
        BEGIN
            IF to_regclass(quote_ident(part)) IS NULL THEN
                PERFORM pg_advisory_xact_lock(1296125508, 1096107092);
                IF to_regclass(quote_ident(part)) IS NULL THEN
                    EXECUTE format('CREATE TABLE %I (LIKE audit_records INCLUDING DEFAULTS)', part);
                    EXECUTE format('WITH moved AS (DELETE FROM audit_records_default WHERE timestamp >= %s AND timestamp < %s RETURNING *) '
                        'INSERT INTO %I SELECT * FROM moved', lo, hi, part);
                    EXECUTE format('ALTER TABLE audit_records ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', part, lo, hi);
                END IF;
            END IF;
            RETURN hi;
        END
        $$;
        CREATE FUNCTION mandate_create_audit_partitions(from_ticks bigint, to_ticks bigint) RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
            month_end bigint := mandate_create_audit_partition(from_ticks);
        BEGIN
            WHILE month_end <= to_ticks LOOP
                month_end := mandate_create_audit_partition(month_end);
            END LOOP;
            PERFORM mandate_create_audit_partition(month_end);
            RETURN month_end;
        END
        $$;
        CREATE FUNCTION mandate_drop_audit_partitions(cutoff bigint) RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
            part record;
            dropped bigint := 0;
            counted bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock(1296125508, 1096107092);
            FOR part IN SELECT c.relname FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'audit_records'::regclass AND c.relname ~ '^audit_records_p[0-9]{6}$' LOOP
                IF ((extract(epoch FROM to_date(substr(part.relname, 16), 'YYYYMM')::timestamp + interval '1 month') + 62135596800)
                        * 10000000)::bigint <= cutoff THEN
                    EXECUTE format('SELECT count(*) FROM %I', part.relname) INTO counted;
                    EXECUTE format('DROP TABLE %I', part.relname);
                    dropped := dropped + counted;
                END IF;
            END LOOP;
            RETURN dropped;
        END
        $$;
        SELECT mandate_create_audit_partitions(min(timestamp), max(timestamp)) FROM audit_records_unpartitioned HAVING count(*) > 0;
        INSERT INTO audit_records SELECT * FROM audit_records_unpartitioned;
        SELECT setval('audit_record_ids', COALESCE((SELECT max(id) FROM audit_records), 0) + 1, false);
        DROP TABLE audit_records_unpartitioned;
        CREATE INDEX ix_audit_records_timestamp ON audit_records (timestamp);
        CREATE INDEX ix_audit_records_agent_id ON audit_records (agent_id, id) WHERE agent_id IS NOT NULL;
        CREATE INDEX ix_audit_records_client_id_other ON audit_records (client_id, id)
            WHERE client_id IS DISTINCT FROM agent_id;
        """,

        // v8: the agent's limit on live refresh-token families (null: none). Families are counted by the existing
        // index on refresh_tokens (client_id).
        """
        ALTER TABLE agent_monitoring ADD COLUMN max_token_families integer NULL;
        """,

        // v9: Token Status List index blocks leased to nodes (see the SQLite migration of the same table).
        """
        CREATE TABLE status_list_blocks (
            list_id     integer NOT NULL,
            block       integer NOT NULL,
            reusable_at bigint  NOT NULL,
            PRIMARY KEY (list_id, block)
        );
        """,
    ];

    /// <summary>The schema version after every migration has run.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>The version whose migration partitioned <c>audit_records</c> by month (for upgrade tests).</summary>
    internal static int AuditPartitionMigration => Array.FindIndex(Migrations, static m => m.Contains("PARTITION BY RANGE", StringComparison.Ordinal)) + 1;

    /// <summary>
    /// Brings the connection's schema to <see cref="LatestVersion"/>. Holds a session advisory lock for the whole
    /// run, so of several nodes starting at once exactly one migrates and the others then find the new version;
    /// each migration commits in its own transaction together with its version bump.
    /// </summary>
    /// <exception cref="PostgreSqlSchemaVersionException">The schema has a newer version.</exception>
    /// <param name="connection">An open connection to the database.</param>
    /// <param name="databaseName">The database's description, for the error.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <param name="upTo">Stops at this version instead of the latest (upgrade tests build old schemas with it).</param>
    public static async Task ApplyAsync(NpgsqlConnection connection, string databaseName, CancellationToken cancellationToken, int? upTo = null)
    {
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1, hashtext(current_schema()));", cancellationToken, AdvisoryLockKey).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(
                connection,
                "CREATE TABLE IF NOT EXISTS mandate_schema_version (" +
                "singleton boolean NOT NULL PRIMARY KEY DEFAULT true CHECK (singleton), version integer NOT NULL); " +
                "INSERT INTO mandate_schema_version (version) VALUES (0) ON CONFLICT DO NOTHING;",
                cancellationToken).ConfigureAwait(false);
            var current = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (current > LatestVersion)
            {
                throw new PostgreSqlSchemaVersionException(databaseName, current, LatestVersion);
            }

            for (var version = current + 1; version <= (upTo ?? LatestVersion); version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var migrate = new NpgsqlCommand(Migrations[version - 1], connection, transaction))
                {
                    await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var bump = new NpgsqlCommand("UPDATE mandate_schema_version SET version = $1;", connection, transaction))
                {
                    bump.With(version);
                    await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1, hashtext(current_schema()));", CancellationToken.None, AdvisoryLockKey).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the schema version from <c>mandate_schema_version</c>.</summary>
    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT version FROM mandate_schema_version;", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.With(value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
