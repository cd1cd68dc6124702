import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource, QueryRunner } from 'typeorm';

/** One row of the staging table, as COPY text (see toCopyLine). */
export interface StageRow {
  line: number;
  phone: string;
  lineType: string;
  kind: string | null;
  state: string;
  registered: boolean | null;
  regionCode: string | null;
  stoppedOn: string | null;
  ownerEnc: Buffer | null;
  ownerHash: Buffer | null;
  /** Why the row is refused, in plain words; null when it passed the row checks. */
  reject: string | null;
}

export interface MergeCounts {
  inserted: number;
  updated: number;
  stateChanges: number;
}

const NULL = '\\N';
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\\\t\n\r\u0000]/;

/**
 * COPY text format: tab-separated, \N for null, backslash escapes. PostgreSQL text cannot hold
 * NUL at all (COPY fails the whole import): a refused row's cell keeps it as U+2400 (␀), seen.
 */
function esc(v: string | null): string {
  if (v === null) return NULL;
  return NEEDS_ESCAPE.test(v)
    ? v
        .replace(/\\/g, '\\\\')
        .replace(/\t/g, '\\t')
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')
        .replaceAll('\u0000', '\u2400')
    : v;
}

const bytea = (b: Buffer | null): string => (b === null ? NULL : `\\\\x${b.toString('hex')}`);

export function toCopyLine(r: StageRow): string {
  return `${r.line}\t${esc(r.phone)}\t${esc(r.lineType)}\t${esc(r.kind)}\t${esc(r.state)}\t${r.registered === null ? NULL : r.registered ? 't' : 'f'}\t${esc(r.regionCode)}\t${esc(r.stoppedOn)}\t${bytea(r.ownerEnc)}\t${bytea(r.ownerHash)}\t${esc(r.reject)}\n`;
}

const OPEN_CASE_STATES = `('submitted', 'in_review', 'needs_resubmission')`;

/**
 * The suspension-list import in SQL: an UNLOGGED staging table filled by COPY, set-based
 * checks that need the database (duplicates in the file, numbers held by a pending case or
 * lift), and one merge statement that inserts new numbers, updates only changed ones and
 * writes their history. Everything runs on the caller's transaction (a QueryRunner), so a
 * failure leaves nothing behind, the staging table included.
 */
@Injectable()
export class ImportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async begin(): Promise<QueryRunner> {
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    return qr;
  }

  /** Two imports for one tenant run one after the other. */
  async lockTenant(qr: QueryRunner, tenantId: string): Promise<void> {
    await qr.query(`SELECT pg_advisory_xact_lock(hashtextextended('import:' || $1, 0))`, [
      tenantId,
    ]);
  }

  async createStage(qr: QueryRunner): Promise<string> {
    const name = `import_stage_${randomBytes(6).toString('hex')}`;
    await qr.query(`
      CREATE UNLOGGED TABLE ${name} (
        line integer NOT NULL,
        phone text NOT NULL,
        line_type text NOT NULL,
        kind text,
        state text NOT NULL,
        registered boolean,
        region_code text,
        stopped_on date,
        owner_enc bytea,
        owner_hash bytea,
        reject text
      )`);
    return name;
  }

  async dropStage(qr: QueryRunner, stage: string): Promise<void> {
    await qr.query(`DROP TABLE IF EXISTS ${stage}`);
  }

  /** Streams COPY text (one chunk = many toCopyLine() lines) into the staging table. */
  async copyIntoStage(
    qr: QueryRunner,
    stage: string,
    chunks: AsyncIterable<string>,
  ): Promise<void> {
    const client = (await qr.connect()) as PoolClient;
    const sink = client.query(copyFrom(`COPY ${stage} FROM STDIN`));
    await pipeline(Readable.from(chunks), sink);
    await qr.query(`ANALYZE ${stage}`);
  }

  /**
   * Set-based refusals: a number repeated in the file (every later occurrence), and a number
   * whose state the file would change while a case is being reviewed or a lift is pending
   * (the billing export may predate the registration).
   */
  async rejectDuplicatesAndHeld(qr: QueryRunner, stage: string, tenantId: string): Promise<void> {
    await qr.query(`
      UPDATE ${stage} s SET reject = '号码在文件中重复出现（第 ' || f.first_line || ' 行已有），本行未导入。'
        FROM (SELECT phone, min(line) AS first_line FROM ${stage} WHERE reject IS NULL GROUP BY phone HAVING count(*) > 1) f
       WHERE s.phone = f.phone AND s.line > f.first_line AND s.reject IS NULL`);
    await qr.query(
      `
      UPDATE ${stage} s SET reject = CASE WHEN p.state = 'lift_pending'
          THEN '实名登记已通过、正在复机，未按文件修改这个号码。'
          ELSE '号码有正在审核的实名登记申请，未按文件修改这个号码。' END
        FROM phone_number p
       WHERE p.tenant_id = $1 AND p.phone = s.phone AND s.reject IS NULL
         AND (p.state::text <> s.state OR p.registered IS DISTINCT FROM s.registered)
         AND (p.state = 'lift_pending' OR EXISTS (
               SELECT 1 FROM registration_case c
                WHERE c.tenant_id = p.tenant_id AND c.number_id = p.id AND c.state IN ${OPEN_CASE_STATES}))`,
      [tenantId],
    );
  }

  /**
   * Inserts new numbers, updates changed ones (version + 1) and writes a history row for each
   * new number and each state change, in one statement. Unchanged rows are not touched, so
   * importing the same file twice changes nothing. The stop date of a state comes from the
   * file's stopped_on, else stays as it was for an unchanged state, else is `today`.
   * History ids: one uuid_v7() for the statement plus one counter over both kinds of rows
   * (uuid_v7_at; ≈0.7 µs a row instead of ≈3). New numbers keep a uuid_v7() each: their ids go
   * into sessions and links, so they stay unguessable rather than sequential.
   */
  async merge(
    qr: QueryRunner,
    stage: string,
    p: { tenantId: string; tenantRegionCode: string; today: string; actor: string },
  ): Promise<MergeCounts> {
    const stopDate = (state: string, column: string): string =>
      `CASE WHEN d.st = '${state}' THEN COALESCE(d.stopped_on, CASE WHEN d.old_state = '${state}' THEN d.${column} ELSE $3::date END) ELSE d.${column} END`;
    const rows = await qr.manager.query<
      Array<{ inserted: string; updated: string; state_changes: string }>
    >(
      `
      WITH d AS (
        SELECT s.phone, s.line_type::line_type AS lt, s.state::service_state AS st, s.kind::unregistered_kind AS k,
               s.registered, s.region_code, s.stopped_on, s.owner_enc, s.owner_hash,
               p.id AS pid, p.state AS old_state, p.single_stopped_on, p.double_stopped_on, p.cancelled_on
          FROM ${stage} s
          LEFT JOIN phone_number p ON p.tenant_id = $1 AND p.phone = s.phone
         WHERE s.reject IS NULL
           AND (p.id IS NULL
             OR (p.line_type, p.state, p.unregistered_kind, p.registered)
                IS DISTINCT FROM (s.line_type::line_type, s.state::service_state, s.kind::unregistered_kind, s.registered)
             OR (s.region_code IS NOT NULL AND p.region_code IS DISTINCT FROM s.region_code)
             OR (s.owner_hash IS NOT NULL AND p.owner_name_on_file_hash IS DISTINCT FROM s.owner_hash)
             OR (s.stopped_on IS NOT NULL AND s.stopped_on IS DISTINCT FROM
                   CASE s.state WHEN 'single_stop' THEN p.single_stopped_on WHEN 'double_stop' THEN p.double_stopped_on
                                WHEN 'cancelled' THEN p.cancelled_on END))
      ),
      ins AS (
        INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind, registered, region_code,
                                  owner_name_on_file_enc, owner_name_on_file_hash, single_stopped_on, double_stopped_on, cancelled_on)
        SELECT $1, uuid_v7(), d.phone, d.lt, d.st, d.k, d.registered, COALESCE(d.region_code, $2),
               d.owner_enc, d.owner_hash, ${stopDate('single_stop', 'single_stopped_on')},
               ${stopDate('double_stop', 'double_stopped_on')}, ${stopDate('cancelled', 'cancelled_on')}
          FROM d WHERE d.pid IS NULL
        RETURNING id, state
      ),
      upd AS (
        UPDATE phone_number p
           SET line_type = d.lt, state = d.st, unregistered_kind = d.k, registered = d.registered,
               region_code = COALESCE(d.region_code, p.region_code),
               owner_name_on_file_enc = COALESCE(d.owner_enc, p.owner_name_on_file_enc),
               owner_name_on_file_hash = COALESCE(d.owner_hash, p.owner_name_on_file_hash),
               single_stopped_on = ${stopDate('single_stop', 'single_stopped_on')},
               double_stopped_on = ${stopDate('double_stop', 'double_stopped_on')},
               cancelled_on = ${stopDate('cancelled', 'cancelled_on')},
               version = p.version + 1, updated_at = now()
          FROM d
         WHERE p.tenant_id = $1 AND p.id = d.pid
        RETURNING p.id, d.old_state, p.state
      ),
      hist AS (
        INSERT INTO number_history (tenant_id, id, number_id, from_state, to_state, cause, actor)
        SELECT $1, uuid_v7_at((SELECT uuid_v7()), row_number() OVER ()), h.id, h.from_state, h.state, 'import', $4
          FROM (SELECT id, NULL::service_state AS from_state, state FROM ins
                UNION ALL
                SELECT id, old_state, state FROM upd WHERE old_state <> state) h
        RETURNING from_state
      )
      SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated,
             (SELECT count(*) FROM hist) AS history, (SELECT count(*) FROM hist WHERE from_state IS NOT NULL) AS state_changes`,
      [p.tenantId, p.tenantRegionCode, p.today, p.actor],
    );
    const r = rows[0];
    return {
      inserted: Number(r?.inserted ?? 0),
      updated: Number(r?.updated ?? 0),
      stateChanges: Number(r?.state_changes ?? 0),
    };
  }

  async stageCounts(qr: QueryRunner, stage: string): Promise<{ read: number; rejected: number }> {
    const rows = await qr.manager.query<Array<{ read: string; rejected: string }>>(
      `SELECT count(*) AS read, count(reject) AS rejected FROM ${stage}`,
    );
    return { read: Number(rows[0]?.read ?? 0), rejected: Number(rows[0]?.rejected ?? 0) };
  }

  /** The refused rows in file order, as CSV (line, number, line_type, unregistered_kind, state, reason). */
  async rejectedCsv(qr: QueryRunner, stage: string): Promise<Readable> {
    const client = (await qr.connect()) as PoolClient;
    return client.query(
      copyTo(
        `COPY (SELECT line, phone, line_type, kind, state, reject FROM ${stage} WHERE reject IS NOT NULL ORDER BY line) TO STDOUT WITH (FORMAT csv)`,
      ),
    );
  }
}
