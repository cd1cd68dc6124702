import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Submissions are rate-limited per client address and tenant across replicas (as console logins
 * and SMS codes already are): each attempt is one row under a keyed hash of the address (no IP
 * address in clear), pruned after a day. `scope` names the limit, so another can share the table.
 */
export class RateLimitEvents1765200000000 implements MigrationInterface {
  name = 'RateLimitEvents1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_event (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        scope text NOT NULL,
        key_hash text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX rate_limit_event_key_idx ON rate_limit_event (tenant_id, scope, key_hash, at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rate_limit_event`);
  }
}
