import { Injectable } from '@nestjs/common';
import type { LineType, ServiceState, UnregisteredKind } from '@shiming/domain';
import { DataSource, EntityManager } from 'typeorm';

export type CampaignStatus = 'ready' | 'running' | 'paused' | 'done' | 'cancelled';
export type ItemStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown';
export type Channel = 'wechat' | 'sms';

export interface CampaignFilter {
  states: ServiceState[];
  kinds: UnregisteredKind[] | null;
  regionCodes: string[] | null;
  maxDaysToEscalation: number | null;
}

/** The selection in SQL terms: the service turns "days to escalation" into dates with the domain. */
export interface Selection {
  states: ServiceState[];
  kinds: UnregisteredKind[] | null;
  regionCodes: string[] | null;
  /** null: every single-stopped number of the states; false: none (nothing scheduled in time). */
  singleStopAllowed: boolean;
  /** Double stops started on or before this date (null: all). */
  doubleStoppedOnOrBefore: string | null;
  /** When a days limit is given, numbers with no scheduled step are left out. */
  onlyScheduled: boolean;
}

export interface CampaignRow {
  tenant_id: string;
  id: string;
  name: string;
  filter: CampaignFilter;
  status: CampaignStatus;
  rate_per_second: number;
  total: number;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  runner_id: string | null;
  runner_seen_at: Date | null;
}

export interface ClaimedItem {
  seq: number;
  number_id: string;
  phone: string;
  line_type: LineType;
  state: ServiceState;
  code: string | null;
  double_stopped_on: string | null;
}

export interface ItemUpdate {
  seq: number;
  status: ItemStatus;
  channel: Channel | null;
  openid: string | null;
  code: string | null;
  reason: string | null;
}

const CAMPAIGN_COLUMNS =
  'tenant_id, id, name, filter, status, rate_per_second, total, created_by, created_at, started_at, finished_at, runner_id, runner_seen_at';

/**
 * The unregistered numbers of tenant $1 a selection takes, but for its regions, over
 * `phone_number p`; its parameters (selectionParams) are numbered from $first.
 */
function selectionWhere(first: number): string {
  const [states, kinds, , single, doubleBefore, onlyScheduled] = [0, 1, 2, 3, 4, 5].map(
    (i) => `$${first + i}`,
  );
  return `p.tenant_id = $1 AND NOT p.registered
          AND p.state = ANY(${states}::service_state[])
          AND (${kinds}::unregistered_kind[] IS NULL OR p.unregistered_kind = ANY(${kinds}::unregistered_kind[]))
          AND (p.state <> 'single_stop' OR ${single}::boolean)
          AND (p.state <> 'double_stop' OR ${doubleBefore}::date IS NULL OR p.double_stopped_on <= ${doubleBefore}::date)
          AND (p.state <> 'double_stop' OR NOT ${onlyScheduled}::boolean OR p.double_stopped_on IS NOT NULL)
          AND (p.state NOT IN ('active') OR NOT ${onlyScheduled}::boolean)`;
}

/** The selection's region filter (the third of selectionParams). */
function regionWhere(first: number): string {
  const regions = `$${first + 2}`;
  return `(${regions}::text[] IS NULL OR p.region_code = ANY(${regions}::text[]))`;
}

function selectionParams(s: Selection): unknown[] {
  return [
    s.states,
    s.kinds,
    s.regionCodes,
    s.singleStopAllowed,
    s.doubleStoppedOnOrBefore,
    s.onlyScheduled,
  ];
}

@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** The campaign and one item per selected number (numbered 1…n), in one statement each. */
  async create(
    m: EntityManager,
    c: {
      tenantId: string;
      id: string;
      name: string;
      filter: CampaignFilter;
      ratePerSecond: number;
      createdBy: string;
    },
    s: Selection,
  ): Promise<number> {
    await m.query(
      `INSERT INTO campaign (tenant_id, id, name, filter, rate_per_second, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.tenantId, c.id, c.name, c.filter, c.ratePerSecond, c.createdBy],
    );
    const [rows] = await m.query<[Array<{ total: number }>, number]>(
      `WITH ins AS (
       INSERT INTO campaign_item (tenant_id, campaign_id, seq, number_id, phone, line_type, state)
       SELECT $1, $2, row_number() OVER (ORDER BY p.phone), p.id, p.phone, p.line_type, p.state
         FROM phone_number p
        WHERE ${selectionWhere(3)} AND ${regionWhere(3)}
       RETURNING 1)
       UPDATE campaign SET total = (SELECT count(*) FROM ins) WHERE tenant_id = $1 AND id = $2 RETURNING total`,
      [c.tenantId, c.id, ...selectionParams(s)],
    );
    return Number(rows[0]?.total ?? 0);
  }

  /**
   * What a selection would take, without creating anything: counts by state and region code.
   * `inRegion` says whether the region filter keeps the group, so the caller can show both
   * the selection and what each region would add.
   */
  async preview(
    tenantId: string,
    s: Selection,
  ): Promise<
    Array<{ state: ServiceState; regionCode: string | null; inRegion: boolean; n: number }>
  > {
    const rows: Array<{
      state: ServiceState;
      region_code: string | null;
      in_region: boolean;
      n: number;
    }> = await this.dataSource.query(
      `SELECT p.state, p.region_code, ${regionWhere(2)} AS in_region, count(*)::int AS n
           FROM phone_number p
          WHERE ${selectionWhere(2)}
          GROUP BY 1, 2, 3`,
      [tenantId, ...selectionParams(s)],
    );
    return rows.map((r) => ({
      state: r.state,
      regionCode: r.region_code,
      inRegion: r.in_region,
      n: Number(r.n),
    }));
  }

  async find(tenantId: string, id: string): Promise<CampaignRow | undefined> {
    const rows = await this.dataSource.query<CampaignRow[]>(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaign WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0];
  }

  async list(tenantId: string, limit = 50): Promise<CampaignRow[]> {
    return this.dataSource.query<CampaignRow[]>(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaign WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [tenantId, limit],
    );
  }

  /** A running campaign nobody runs (or whose runner stopped beating): the worker takes it. */
  async findOrphanRunning(
    leaseSeconds: number,
  ): Promise<{ tenant_id: string; id: string } | undefined> {
    const rows = await this.dataSource.query<Array<{ tenant_id: string; id: string }>>(
      `SELECT tenant_id, id FROM campaign
        WHERE status = 'running' AND (runner_id IS NULL OR runner_seen_at < now() - make_interval(secs => $1))
        ORDER BY created_at LIMIT 1`,
      [leaseSeconds],
    );
    return rows[0];
  }

  async setStatus(
    tenantId: string,
    id: string,
    from: CampaignStatus[],
    to: CampaignStatus,
  ): Promise<boolean> {
    const [, n] = await this.dataSource.query<[unknown, number]>(
      `UPDATE campaign SET status = $4 WHERE tenant_id = $1 AND id = $2 AND status = ANY($3::campaign_status[])`,
      [tenantId, id, from, to],
    );
    return n === 1;
  }

  /**
   * Takes the campaign for this runner when nobody holds it or its runner's heartbeat is older
   * than the lease; then every item a previous runner left 'sending' becomes 'unknown' (it may
   * have gone out: it is never sent again). Answers how many, or undefined when another holds it.
   */
  async acquire(
    tenantId: string,
    id: string,
    runnerId: string,
    leaseSeconds: number,
  ): Promise<{ interrupted: number } | undefined> {
    return this.dataSource.transaction(async (m) => {
      const [rows] = await m.query<[unknown[], number]>(
        `UPDATE campaign SET runner_id = $3, runner_seen_at = now(), status = 'running',
                started_at = COALESCE(started_at, now())
          WHERE tenant_id = $1 AND id = $2 AND status IN ('ready', 'running', 'paused')
            AND (runner_id IS NULL OR runner_id = $3 OR runner_seen_at < now() - make_interval(secs => $4))
          RETURNING id`,
        [tenantId, id, runnerId, leaseSeconds],
      );
      if (rows.length === 0) return undefined;
      const [, interrupted] = await m.query<[unknown, number]>(
        `UPDATE campaign_item SET status = 'unknown', reason = 'interrupted', done_at = now()
          WHERE tenant_id = $1 AND campaign_id = $2 AND status = 'sending'`,
        [tenantId, id],
      );
      return { interrupted };
    });
  }

  /** Heartbeat; false when the runner lost the campaign or it was paused/cancelled. */
  async heartbeat(tenantId: string, id: string, runnerId: string): Promise<boolean> {
    const [, n] = await this.dataSource.query<[unknown, number]>(
      `UPDATE campaign SET runner_seen_at = now() WHERE tenant_id = $1 AND id = $2 AND runner_id = $3 AND status = 'running'`,
      [tenantId, id, runnerId],
    );
    return n === 1;
  }

  /**
   * Lets go of the campaign: done when nothing is pending any more; paused when `pause` (a person
   * stopped the run: the worker process must not carry on with it).
   */
  async release(
    tenantId: string,
    id: string,
    runnerId: string,
    pause = false,
  ): Promise<CampaignStatus | undefined> {
    const [rows] = await this.dataSource.query<[Array<{ status: CampaignStatus }>, number]>(
      `UPDATE campaign c SET runner_id = NULL, runner_seen_at = NULL,
              status = CASE WHEN c.status = 'running' AND NOT EXISTS (
                         SELECT 1 FROM campaign_item i WHERE i.tenant_id = c.tenant_id AND i.campaign_id = c.id AND i.status IN ('pending', 'sending'))
                       THEN 'done'::campaign_status
                       WHEN c.status = 'running' AND $4::boolean THEN 'paused'::campaign_status
                       ELSE c.status END,
              finished_at = CASE WHEN c.status = 'running' AND NOT EXISTS (
                         SELECT 1 FROM campaign_item i WHERE i.tenant_id = c.tenant_id AND i.campaign_id = c.id AND i.status IN ('pending', 'sending'))
                       THEN now() ELSE c.finished_at END
        WHERE c.tenant_id = $1 AND c.id = $2 AND c.runner_id = $3
        RETURNING c.status`,
      [tenantId, id, runnerId, pause],
    );
    return rows[0]?.status;
  }

  /** Claims the next pending items for this runner ('sending'), with what the message needs. */
  async claim(
    m: EntityManager,
    tenantId: string,
    id: string,
    runnerId: string,
    limit: number,
  ): Promise<ClaimedItem[]> {
    const [rows] = await m.query<[ClaimedItem[], number]>(
      `WITH due AS (
         SELECT seq FROM campaign_item
          WHERE tenant_id = $1 AND campaign_id = $2 AND status = 'pending'
            AND EXISTS (SELECT 1 FROM campaign k WHERE k.tenant_id = $1 AND k.id = $2 AND k.runner_id = $3 AND k.status = 'running')
          ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE campaign_item c SET status = 'sending', runner_id = $3, attempts = c.attempts + 1
        WHERE c.tenant_id = $1 AND c.campaign_id = $2 AND c.seq = ANY(ARRAY(SELECT seq FROM due))
       RETURNING c.seq, c.number_id, c.phone, c.line_type, c.state, c.code,
                 (SELECT to_char(p.double_stopped_on, 'YYYY-MM-DD') FROM phone_number p
                   WHERE p.tenant_id = c.tenant_id AND p.id = c.number_id) AS double_stopped_on`,
      [tenantId, id, runnerId, limit],
    );
    return rows.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Official-account openids bound to these numbers (a proven number, through H5 web
   * authorisation) whose user has not unfollowed; the latest follower wins.
   */
  async followersOf(
    m: EntityManager,
    tenantId: string,
    phones: string[],
  ): Promise<Map<string, string>> {
    const rows = await m.query<Array<{ phone: string; openid: string }>>(
      `SELECT DISTINCT ON (i.phone) i.phone, i.openid
         FROM wechat_identity i
         JOIN official_account_user u ON u.tenant_id = i.tenant_id AND u.openid = i.openid
        WHERE i.tenant_id = $1 AND i.phone = ANY($2::text[]) AND u.following IS NOT FALSE
        ORDER BY i.phone, u.followed_at DESC NULLS LAST, i.updated_at DESC`,
      [tenantId, phones],
    );
    return new Map(rows.map((r) => [r.phone, r.openid]));
  }

  /**
   * Several items' outcomes in one statement (runner-fenced: a runner that lost the campaign
   * writes nothing). `seq = ANY(…)` keeps it a primary-key lookup whatever the planner thinks
   * of a freshly filled table (a join on unnest alone was seen scanning every item).
   */
  async update(
    m: EntityManager | undefined,
    tenantId: string,
    id: string,
    runnerId: string,
    items: ItemUpdate[],
  ): Promise<void> {
    if (items.length === 0) return;
    await (m ?? this.dataSource.manager).query(
      `UPDATE campaign_item c
          SET status = u.status::campaign_item_status, channel = u.channel, openid = u.openid,
              code = COALESCE(u.code, c.code), reason = u.reason,
              done_at = CASE WHEN u.status IN ('sent', 'failed', 'skipped') THEN now() END
         FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
              AS u(seq, status, channel, openid, code, reason)
        WHERE c.tenant_id = $1 AND c.campaign_id = $2 AND c.seq = ANY($4::int[]) AND c.seq = u.seq
          AND c.runner_id = $3 AND c.status = 'sending'`,
      [
        tenantId,
        id,
        runnerId,
        items.map((i) => i.seq),
        items.map((i) => i.status),
        items.map((i) => i.channel),
        items.map((i) => i.openid),
        items.map((i) => i.code),
        items.map((i) => i.reason),
      ],
    );
  }

  /** Items claimed but never started (an in-process failure): back to pending, code kept. */
  async unclaim(tenantId: string, id: string, runnerId: string, seqs: number[]): Promise<void> {
    if (seqs.length === 0) return;
    await this.dataSource.query(
      `UPDATE campaign_item SET status = 'pending'
        WHERE tenant_id = $1 AND campaign_id = $2 AND runner_id = $3 AND status = 'sending' AND seq = ANY($4::int[])`,
      [tenantId, id, runnerId, seqs],
    );
  }

  /** Failed items (never delivered) back to pending, for another try. */
  async retryFailed(tenantId: string, id: string): Promise<number> {
    const [, n] = await this.dataSource.query<[unknown, number]>(
      `UPDATE campaign_item SET status = 'pending', reason = NULL, done_at = NULL
        WHERE tenant_id = $1 AND campaign_id = $2 AND status = 'failed'`,
      [tenantId, id],
    );
    return n;
  }

  async counts(
    tenantId: string,
    id: string,
  ): Promise<
    Array<{ status: ItemStatus; channel: Channel | null; reason: string | null; n: number }>
  > {
    const rows = await this.dataSource.query<
      Array<{ status: ItemStatus; channel: Channel | null; reason: string | null; n: string }>
    >(
      `SELECT status, channel, reason, count(*) AS n FROM campaign_item
        WHERE tenant_id = $1 AND campaign_id = $2 GROUP BY status, channel, reason`,
      [tenantId, id],
    );
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }
}
