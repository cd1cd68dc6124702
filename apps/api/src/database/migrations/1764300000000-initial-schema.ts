import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registration lifecycle. Every table of tenant data carries tenant_id and leads its keys
 * and foreign keys with it, so the schema can be distributed by tenant (Citus) unchanged.
 * Personal fields are bytea ciphertext (AES-256-GCM under a per-tenant key); ID numbers are
 * also stored as a keyed hash (HMAC-SHA256) for lookup and quota counting.
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE carrier AS ENUM ('mobile', 'unicom', 'telecom')`);
    await q.query(
      `CREATE TYPE service_state AS ENUM ('active', 'single_stop', 'double_stop', 'cancelled', 'lift_pending')`,
    );
    await q.query(`CREATE TYPE line_type AS ENUM ('mobile', 'fixed')`);
    await q.query(
      `CREATE TYPE unregistered_kind AS ENUM ('temporary_account', 'incomplete_data', 'owner_differs', 'group_card')`,
    );
    await q.query(
      `CREATE TYPE case_state AS ENUM ('draft', 'submitted', 'in_review', 'needs_resubmission', 'approved', 'rejected', 'withdrawn')`,
    );
    await q.query(`CREATE TYPE applicant_type AS ENUM ('self', 'proxy', 'enterprise')`);
    await q.query(
      `CREATE TYPE agent_role AS ENUM ('agent', 'supervisor', 'carrier_admin', 'platform_admin')`,
    );
    await q.query(`CREATE TYPE outbox_status AS ENUM ('pending', 'in_flight', 'done', 'dead')`);

    await q.query(`
      CREATE TABLE tenant (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
        carrier carrier NOT NULL,
        region text NOT NULL,
        region_code text NOT NULL,
        display_name text NOT NULL,
        official_account_name text NOT NULL,
        hotline text NOT NULL,
        logo_url text,
        primary_color text NOT NULL DEFAULT '#1677ff',
        accent_color text NOT NULL DEFAULT '#ff7a00',
        policy jsonb NOT NULL,
        consent_version text NOT NULL,
        consent_text text NOT NULL,
        provisioning_url text,
        provisioning_secret_enc bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE agent (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        id uuid NOT NULL,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role agent_role NOT NULL,
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        token_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);

    await q.query(`
      CREATE TABLE phone_number (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        id uuid NOT NULL,
        phone text NOT NULL,
        line_type line_type NOT NULL,
        state service_state NOT NULL,
        state_before_lift service_state,
        unregistered_kind unregistered_kind,
        registered boolean NOT NULL DEFAULT false,
        region_code text,
        owner_name_on_file_enc bytea,
        single_stopped_on date,
        double_stopped_on date,
        cancelled_on date,
        version integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, phone)
      )`);
    await q.query(`CREATE INDEX phone_number_state_idx ON phone_number (tenant_id, state)`);

    await q.query(`
      CREATE TABLE number_history (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        number_id uuid NOT NULL,
        from_state service_state,
        to_state service_state NOT NULL,
        cause text NOT NULL,
        actor text NOT NULL,
        case_id uuid,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, number_id) REFERENCES phone_number(tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX number_history_number_idx ON number_history (tenant_id, number_id, at)`,
    );

    await q.query(`
      CREATE TABLE wechat_identity (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        openid text NOT NULL,
        unionid text,
        phone text,
        subscribed_templates text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, openid)
      )`);
    await q.query(`CREATE INDEX wechat_identity_phone_idx ON wechat_identity (tenant_id, phone)`);

    await q.query(`
      CREATE TABLE otp_code (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        id uuid NOT NULL,
        phone text NOT NULL,
        code_hash bytea NOT NULL,
        client_key text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX otp_code_phone_idx ON otp_code (tenant_id, phone, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX otp_code_client_idx ON otp_code (tenant_id, client_key, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE registration_case (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        id uuid NOT NULL,
        number_id uuid NOT NULL,
        openid text,
        applicant_type applicant_type NOT NULL,
        state case_state NOT NULL DEFAULT 'draft',
        version integer NOT NULL DEFAULT 0,
        name_enc bytea,
        id_number_enc bytea,
        id_hash bytea,
        proxy_name_enc bytea,
        proxy_id_number_enc bytea,
        proxy_id_hash bytea,
        enterprise_name text,
        organization_code text,
        consent_version text,
        consented_at timestamptz,
        resubmission_count integer NOT NULL DEFAULT 0,
        resubmission jsonb,
        rejection jsonb,
        lease_agent_id uuid,
        lease_expires_at timestamptz,
        submitted_at timestamptz,
        queued_at timestamptz,
        decided_at timestamptz,
        decided_by uuid,
        source text NOT NULL DEFAULT 'miniprogram',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, number_id) REFERENCES phone_number(tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX case_queue_idx ON registration_case (tenant_id, queued_at) WHERE state IN ('submitted', 'in_review')`,
    );
    await q.query(
      `CREATE INDEX case_number_idx ON registration_case (tenant_id, number_id, created_at DESC)`,
    );
    await q.query(`CREATE INDEX case_id_hash_idx ON registration_case (tenant_id, id_hash)`);
    // At most one open case per number.
    await q.query(
      `CREATE UNIQUE INDEX case_one_open_per_number ON registration_case (tenant_id, number_id) WHERE state IN ('draft', 'submitted', 'in_review', 'needs_resubmission')`,
    );

    await q.query(`
      CREATE TABLE document (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL,
        storage_key text NOT NULL,
        bytes integer NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        sha256 bytea NOT NULL,
        quality jsonb,
        flags text[] NOT NULL DEFAULT '{}',
        superseded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES registration_case(tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX document_case_idx ON document (tenant_id, case_id) WHERE superseded_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE idempotency_key (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, scope, key)
      )`);

    await q.query(`
      CREATE TABLE outbox (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        id uuid NOT NULL,
        topic text NOT NULL,
        idempotency_key text NOT NULL,
        payload jsonb NOT NULL,
        status outbox_status NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, idempotency_key)
      )`);
    await q.query(
      `CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status IN ('pending', 'in_flight')`,
    );

    // Append-only, hash-chained per tenant (tenant_id NULL = platform events use the zero uuid).
    await q.query(`
      CREATE TABLE audit_log (
        tenant_id uuid NOT NULL,
        seq bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL,
        actor_id text NOT NULL,
        action text NOT NULL,
        target_type text,
        target_id text,
        detail jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      )`);
    await q.query(`CREATE INDEX audit_target_idx ON audit_log (tenant_id, target_type, target_id)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('shiming.allow_audit_rewrite', true) = 'on' THEN
          RETURN COALESCE(NEW, OLD);
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );

    // Demo/test doubles of external systems keep what they received here.
    await q.query(`
      CREATE TABLE demo_inbox (
        id bigserial PRIMARY KEY,
        channel text NOT NULL,
        tenant_code text,
        recipient text,
        body jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX demo_inbox_channel_idx ON demo_inbox (channel, recipient, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'demo_inbox',
      'audit_log',
      'outbox',
      'idempotency_key',
      'document',
      'registration_case',
      'otp_code',
      'wechat_identity',
      'number_history',
      'phone_number',
      'agent',
      'tenant',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS audit_log_append_only()`);
    for (const t of [
      'outbox_status',
      'agent_role',
      'applicant_type',
      'case_state',
      'unregistered_kind',
      'line_type',
      'service_state',
      'carrier',
    ]) {
      await q.query(`DROP TYPE IF EXISTS ${t}`);
    }
  }
}
