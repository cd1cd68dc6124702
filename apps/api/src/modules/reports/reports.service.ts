import { Injectable } from '@nestjs/common';
import { chinaDate, realNameRate, TARGETS, type NumberCounts } from '@shiming/domain';
import { defineErrors } from '../../common/errors/app-error';
import { TenantRef, TenantRefRepository } from '../operations/tenant-ref.repository';
import { ReportsRepository } from './reports.repository';

export const ReportError = defineErrors('reports', {
  TENANT_NOT_FOUND: 404,
  BAD_RANGE: 400,
  BAD_REGION: 400,
});

export type Counts = NumberCounts & { rate: number };
export interface DashboardPoint extends Counts {
  date: string;
}
export interface Dashboard {
  tenant: string;
  region: string | null;
  current: Counts & { unregisteredActive: number; total: number };
  series: DashboardPoint[];
  targets: typeof TARGETS;
}

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;
const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const isDate = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  addDays(s, 0) === s;

/**
 * The numbers a carrier watches: counts by state and the real-name rate (the domain's
 * realNameRate) today, and a daily series from the numbers' history. The console dashboard,
 * its CSV and `pnpm shiming report` all call dashboard(), so they cannot disagree.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly tenants: TenantRefRepository,
  ) {}

  async dashboardByCode(
    code: string,
    q: { from?: string; to?: string; region?: string },
  ): Promise<Dashboard> {
    const tenant = await this.tenants.findByCode(code);
    if (!tenant) throw new ReportError('TENANT_NOT_FOUND', `没有代码为“${code}”的运营商（租户）。`);
    return this.dashboard(tenant, q);
  }

  async dashboardById(
    id: string,
    q: { from?: string; to?: string; region?: string },
  ): Promise<Dashboard> {
    const tenant = await this.tenants.findById(id);
    if (!tenant) throw new ReportError('TENANT_NOT_FOUND', '找不到这个运营商');
    return this.dashboard(tenant, q);
  }

  async dashboard(
    tenant: TenantRef,
    q: { from?: string; to?: string; region?: string },
  ): Promise<Dashboard> {
    const to = q.to ?? chinaDate(new Date());
    const from = q.from ?? addDays(to, -29);
    if (!isDate(from) || !isDate(to) || from > to)
      throw new ReportError(
        'BAD_RANGE',
        'from 和 to 必须是 YYYY-MM-DD 格式的日期，且 from 不晚于 to。',
      );
    if ((Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_DAYS)
      throw new ReportError('BAD_RANGE', `时间范围最长 ${MAX_DAYS} 天。`);
    const region = q.region?.trim() || null;
    if (region !== null && !/^\d{2,6}$/.test(region))
      throw new ReportError(
        'BAD_REGION',
        'region 必须是 2 到 6 位行政区划代码（前缀），如 5223 或 522301。',
      );

    const c = await this.repo.current(tenant.id, region);
    const counts: NumberCounts = {
      registered: Number(c.registered),
      singleStop: Number(c.single_stop),
      doubleStop: Number(c.double_stop),
      cancelled: Number(c.cancelled),
    };
    const deltas = await this.repo.dailyDeltas(tenant.id, region, to);
    const running: Record<string, number> = {};
    const series: DashboardPoint[] = [];
    let i = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      for (; i < deltas.length && (deltas[i] as { day: string }).day <= day; i++) {
        const d = deltas[i] as { state: string; d: string };
        running[d.state] = (running[d.state] ?? 0) + Number(d.d);
      }
      const point: NumberCounts = {
        registered: running['registered'] ?? 0,
        singleStop: running['single_stop'] ?? 0,
        doubleStop: running['double_stop'] ?? 0,
        cancelled: running['cancelled'] ?? 0,
      };
      series.push({ date: day, ...point, rate: realNameRate(point) });
    }
    return {
      tenant: tenant.code,
      region,
      current: {
        ...counts,
        rate: realNameRate(counts),
        unregisteredActive: Number(c.unregistered_active),
        total: Number(c.total),
      },
      series,
      targets: TARGETS,
    };
  }

  /** The dashboard as CSV: one line per day, then the current counts (date 'current'). */
  static toCsv(d: Dashboard): string {
    const line = (date: string, c: Counts): string =>
      [date, c.registered, c.singleStop, c.doubleStop, c.cancelled, c.rate.toFixed(4)].join(',');
    return (
      [
        'date,registered,single_stop,double_stop,cancelled,rate',
        ...d.series.map((p) => line(p.date, p)),
        line('current', d.current),
      ].join('\n') + '\n'
    );
  }
}
