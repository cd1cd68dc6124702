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
   * Net change of each state per day (China dates) up to `to`, from the numbers' history: +1 for
   * the state entered, -1 for the state left. Summed from the start, it gives each day's counts.
   */
  async dailyDeltas(tenantId: string, region: string | null, to: string): Promise<DeltaRow[]> {
    return this.dataSource.query<DeltaRow[]>(
      `WITH ev AS (
         SELECT (h.at AT TIME ZONE 'Asia/Shanghai')::date AS day, h.from_state, h.to_state
           FROM number_history h
           JOIN phone_number p ON p.tenant_id = h.tenant_id AND p.id = h.number_id
          WHERE h.tenant_id = $1 AND ${REGION} AND (h.at AT TIME ZONE 'Asia/Shanghai')::date <= $3::date
       )
       SELECT day::text AS day, state::text AS state, sum(d) AS d FROM (
         SELECT day, to_state AS state, 1 AS d FROM ev
         UNION ALL
         SELECT day, from_state, -1 FROM ev WHERE from_state IS NOT NULL
       ) x GROUP BY day, state ORDER BY day`,
      [tenantId, region, to],
    );
  }
}
