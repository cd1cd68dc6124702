import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * uuid_v7_at(seed, n): the n-th id of one bulk statement, from one uuid_v7() drawn for the whole
 * statement (`(SELECT uuid_v7())`, an InitPlan evaluated once) and the row's counter. RFC 9562
 * version 7 with a fixed-length counter (section 6.2, method 1): the seed's 48-bit milliseconds,
 * version, 12 random bits of rand_a and the variant plus 30 random bits of rand_b are kept, the
 * last 32 bits hold n. Ids of one statement are unique (distinct n) and ascending; two statements
 * collide only if they start in the same millisecond and draw the same 42 random bits.
 *
 * Why: uuid_v7() per row costs a gen_random_uuid() (the OpenSSL generator) and a clock read;
 * the escalation and import statements write a history row per number, up to millions at once,
 * and spent ≈3 µs a row there. This is a plain byte overlay (≈1 µs), inlined by Postgres.
 * n must be below 2^31 (an error, never a wrap-around, beyond).
 */
export class UuidV7Series1765450000000 implements MigrationInterface {
  name = 'UuidV7Series1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION uuid_v7_at(seed uuid, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT encode(overlay(uuid_send(seed) PLACING int4send(n::int4) FROM 13 FOR 4), 'hex')::uuid
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS uuid_v7_at(uuid, bigint)`);
  }
}
