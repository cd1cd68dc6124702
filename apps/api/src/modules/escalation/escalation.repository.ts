import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Outbox topic of an escalation: the provisioning adapter applies the stop in the carrier's system. */
export const ESCALATE_TOPIC = 'provisioning.escalate';

/**
 * Numbers per outbox event. A carrier's provisioning system takes stop orders in batches; one
 * event per number would put a million rows in front of the lifts the worker must not delay.
 */
export const ESCALATE_BATCH = 500;

/** An escalation outbox row's payload: the step and the ids of its numbers by line type. */
export interface EscalatePayload {
  from: string;
  to: string;
  effectiveOn: string;
  numbers: { mobile: string[]; fixed: string[] };
}

export type EscalationStep = 'single_to_double' | 'double_to_cancelled';

/** Case states that hold a number: being reviewed, or approved (its lift is on the way). */
const HOLDING_CASE_STATES = `('submitted', 'in_review', 'needs_resubmission', 'approved')`;

/**
 * Which numbers a step moves ($1 tenant, $2 the effective date, $3 grace days; every statement
 * names all three so Postgres can type them). A number is
 * never moved while a case holds it, and never when it is registered.
 */
const DUE: Record<EscalationStep, { from: string; to: string; where: string; set: string }> = {
  single_to_double: {
    from: 'single_stop',
    to: 'double_stop',
    where: `p.state = 'single_stop'`,
    set: `state = 'double_stop', double_stopped_on = $2::date`,
  },
  double_to_cancelled: {
    from: 'double_stop',
    to: 'cancelled',
    where: `p.state = 'double_stop' AND p.double_stopped_on <= $2::date - $3::integer`,
    set: `state = 'cancelled', cancelled_on = $2::date`,
  },
};

const notHeld = `NOT p.registered AND NOT EXISTS (
  SELECT 1 FROM registration_case c
   WHERE c.tenant_id = p.tenant_id AND c.number_id = p.id AND c.state IN ${HOLDING_CASE_STATES})`;

@Injectable()
export class EscalationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** Serialises runs for one tenant; `wait: false` answers false when another run holds it. */
  async lockTenant(m: EntityManager, tenantId: string, wait: boolean): Promise<boolean> {
    if (wait) {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('escalate:' || $1, 0))`, [
        tenantId,
      ]);
      return true;
    }
    const rows = await m.query<Array<{ ok: boolean }>>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended('escalate:' || $1, 0)) AS ok`,
      [tenantId],
    );
    return rows[0]?.ok === true;
  }

  /** A uuid_v7() to number one run's history rows from (see apply). */
  async historySeed(m: EntityManager): Promise<string> {
    const rows = await m.query<Array<{ seed: string }>>(`SELECT uuid_v7()::text AS seed`);
    return rows[0]!.seed;
  }

  /**
   * One step in one statement: the update, a history row per number and one provisioning outbox
   * event per batch of up to ESCALATE_BATCH numbers (idempotency key = target state, date and the
   * batch's first number id; payload.numbers = { mobile: ids, fixed: ids }: arrays, since an
   * object per number made the aggregate cost ≈4 µs a number, arrays ≈1). History ids: the run's
   * one `historySeed`, then a counter from `historyOffset` (uuid_v7_at): both steps of a run share
   * the transaction's `at`, and ids from one seed sort in the order the steps ran — with a
   * uuid_v7() per statement, two statements in the same millisecond sorted at random, and a number
   * moved to double stop and cancelled in one run (no grace days) could read "cancelled, then
   * double stop" in its history and in the dashboard's series rebuilt from it. Answers how many
   * moved.
   */
  async apply(
    m: EntityManager,
    p: {
      tenantId: string;
      step: EscalationStep;
      on: string;
      graceDays: number;
      actor: string;
      historySeed: string;
      historyOffset: number;
    },
  ): Promise<number> {
    const s = DUE[p.step];
    const rows = await m.query<Array<{ n: string }>>(
      `
      WITH moved AS (
        UPDATE phone_number p SET ${s.set}, version = p.version + 1, updated_at = now()
         WHERE p.tenant_id = $1 AND $3::integer >= 0 AND ${s.where} AND ${notHeld}
        RETURNING p.id, p.line_type
      ),
      hist AS (
        INSERT INTO number_history (tenant_id, id, number_id, from_state, to_state, cause, actor)
        SELECT $1, uuid_v7_at($5::uuid, $6::bigint + row_number() OVER ()), id, '${s.from}', '${s.to}', 'escalation', $4
          FROM moved
      ),
      events AS (
        INSERT INTO outbox (tenant_id, id, topic, idempotency_key, payload)
        SELECT $1, uuid_v7(), '${ESCALATE_TOPIC}', 'escalate:${s.to}:' || $2 || ':' || min(b.id::text),
               jsonb_build_object('from', '${s.from}', 'to', '${s.to}', 'effectiveOn', $2::text,
                 'numbers', jsonb_build_object(
                   'mobile', coalesce(array_to_json(array_agg(b.id) FILTER (WHERE b.line_type = 'mobile')), '[]'),
                   'fixed', coalesce(array_to_json(array_agg(b.id) FILTER (WHERE b.line_type = 'fixed')), '[]')))
          FROM (SELECT id, line_type, (row_number() OVER () - 1) / ${ESCALATE_BATCH} AS batch FROM moved) b
         GROUP BY b.batch
        ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
      )
      SELECT count(*) AS n FROM moved`,
      [p.tenantId, p.on, p.graceDays, p.actor, p.historySeed, p.historyOffset],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** What apply() would move, without moving it. */
  async countDue(p: {
    tenantId: string;
    step: EscalationStep;
    on: string;
    graceDays: number;
  }): Promise<number> {
    const s = DUE[p.step];
    const rows = await this.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM phone_number p WHERE p.tenant_id = $1 AND $2::date IS NOT NULL AND $3::integer >= 0 AND ${s.where} AND ${notHeld}`,
      [p.tenantId, p.on, p.graceDays],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Numbers a step would move but a case holds (shown so operators know why they stay): the
   * registered ones plus those with a holding case, counted apart so the case check runs only
   * for numbers that have a case (NOT (a AND NOT EXISTS …) over every stopped number made
   * Postgres hash the whole list against the cases: ≈1.3 s of a million-number escalation).
   */
  async countHeld(tenantId: string): Promise<number> {
    const rows = await this.dataSource.query<Array<{ n: string }>>(
      `SELECT (SELECT count(*) FROM phone_number p
                WHERE p.tenant_id = $1 AND p.state IN ('single_stop', 'double_stop') AND p.registered)
            + (SELECT count(*) FROM phone_number p
                WHERE p.tenant_id = $1 AND p.state IN ('single_stop', 'double_stop') AND NOT p.registered
                  AND EXISTS (SELECT 1 FROM registration_case c
                               WHERE c.tenant_id = p.tenant_id AND c.number_id = p.id
                                 AND c.state IN ${HOLDING_CASE_STATES})) AS n`,
      [tenantId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Double-stopped numbers without a start date can never reach their cancellation date. */
  async countUndatedDoubleStops(tenantId: string): Promise<number> {
    const rows = await this.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM phone_number WHERE tenant_id = $1 AND state = 'double_stop' AND double_stopped_on IS NULL`,
      [tenantId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
