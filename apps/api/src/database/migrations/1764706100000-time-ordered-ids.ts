import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * uuid_v7(): a time-ordered UUID (RFC 9562 version 7: 48-bit Unix milliseconds, then random
 * bits), as a plain SQL expression Postgres can inline. Bulk statements (imports, escalation)
 * write up to millions of rows into tables keyed (tenant_id, id); random v4 ids land on random
 * b-tree pages, so once the indexes outgrow shared_buffers every insert dirties (and after a
 * checkpoint, WAL-logs in full) a different page. Time-ordered ids append at the right edge.
 * Still unguessable: 74 random bits. PostgreSQL 18 has uuidv7() built in; this works on 13+.
 */
export class TimeOrderedIds1764706100000 implements MigrationInterface {
  name = 'TimeOrderedIds1764706100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(
          set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
          'hex')::uuid
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS uuid_v7()`);
  }
}
