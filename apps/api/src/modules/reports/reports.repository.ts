import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CurrentCountsRow {
  registered: string;
  single_stop: string;
  double_stop: string;
  cancelled: string;
  unregistered_active: string;
  total: string;
}

export interface DeltaRow {
  day: string;
  state: string;
  d: string;
}

/** Region filter: a prefix of the number's region code ('5223' = 黔西南州, '522301' = 兴义市). */
const REGION = `($2::text IS NULL OR p.region_code LIKE $2::text || '%')`;

@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Numbers today. Registered = carries a verified identity (whatever its service state, unless
   * cancelled); single/double stop count unregistered numbers only.
   */
  async current(tenantId: string, region: string | null): Promise<CurrentCountsRow> {
    const rows = await this.dataSource.query<CurrentCountsRow[]>(
      `SELECT count(*) FILTER (WHERE p.registered AND p.state <> 'cancelled') AS registered,
              count(*) FILTER (WHERE NOT p.registered AND p.state = 'single_stop') AS single_stop,
              count(*) FILTER (WHERE NOT p.registered AND p.state = 'double_stop') AS double_stop,
              count(*) FILTER (WHERE p.state = 'cancelled') AS cancelled,
              count(*) FILTER (WHERE NOT p.registered AND p.state IN ('active', 'lift_pending')) AS unregistered_active,
              count(*) AS total
         FROM phone_number p WHERE p.tenant_id = $1 AND ${REGION}`,
      [tenantId, region],
    );
    return rows[0] as CurrentCountsRow;
  }

  /**
   * Net change per day (China dates) up to `to` of the buckets the dashboard counts, so the series
   * and current() agree: 'registered' (carries a verified identity, not cancelled), 'cancelled',
   * and, for numbers not (yet) registered, their service state ('single_stop', 'double_stop',
   * 'active', ...). A number's bucket changes at each history row (its state) and once at its
   * registration: the approval of its latest approved case, or, for a number that came in
   * registered, its first history row. +1 for the bucket entered, -1 for the bucket left; summed
   * from the start, that gives each day's counts.
   */
  async dailyDeltas(tenantId: string, region: string | null, to: string): Promise<DeltaRow[]> {
    return this.dataSource.query<DeltaRow[]>(
      `WITH nums AS (
         SELECT p.id, p.registered FROM phone_number p WHERE p.tenant_id = $1 AND ${REGION}
       ),
       reg AS (
         SELECT n.id AS number_id,
                COALESCE(
                  (SELECT max(c.decided_at) FROM registration_case c
                    WHERE c.tenant_id = $1 AND c.number_id = n.id AND c.state = 'approved'),
                  (SELECT min(h.at) FROM number_history h WHERE h.tenant_id = $1 AND h.number_id = n.id)
                ) AS at
           FROM nums n WHERE n.registered
       ),
       ev AS (
         SELECT h.number_id, h.at, h.id::text AS ord, h.to_state::text AS to_state
           FROM number_history h JOIN nums n ON n.id = h.number_id
          WHERE h.tenant_id = $1
         UNION ALL
         SELECT number_id, at, '', NULL FROM reg WHERE at IS NOT NULL
       ),
       ev2 AS (
         SELECT number_id, at, ord, to_state,
                count(to_state) OVER w AS grp,
                bool_or(to_state IS NULL) OVER w AS is_reg
           FROM ev WINDOW w AS (PARTITION BY number_id ORDER BY at, ord ROWS UNBOUNDED PRECEDING)
       ),
       ev3 AS (
         SELECT number_id, at, ord, is_reg,
                first_value(to_state) OVER (PARTITION BY number_id, grp ORDER BY at, ord) AS state
           FROM ev2
       ),
       b AS (
         SELECT number_id, at, ord,
                CASE WHEN state = 'cancelled' THEN 'cancelled'
                     WHEN is_reg THEN 'registered'
                     ELSE state END AS bucket
           FROM ev3
       ),
       moves AS (
         SELECT (at AT TIME ZONE 'Asia/Shanghai')::date AS day, bucket,
                lag(bucket) OVER (PARTITION BY number_id ORDER BY at, ord) AS prev
           FROM b
       )
       SELECT day::text AS day, state, sum(d) AS d FROM (
         SELECT day, bucket AS state, 1 AS d FROM moves
          WHERE bucket IS DISTINCT FROM prev AND bucket IS NOT NULL
         UNION ALL
         SELECT day, prev, -1 FROM moves
          WHERE bucket IS DISTINCT FROM prev AND prev IS NOT NULL
       ) x WHERE day <= $3::date GROUP BY day, state ORDER BY day`,
      [tenantId, region, to],
    );
  }
}
