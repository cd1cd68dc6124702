import { AppError } from '../../common/errors/app-error';
import { ReportsService } from '../../modules/reports/reports.service';
import { CliCommand, UsageError } from '../command';
import { dateFlag, optionalFlag, requireApp, requireFlag } from './operations-cli';

const pct = (r: number): string => `${(r * 100).toFixed(2)}%`;

export const reportCommand: CliCommand = {
  name: ['report'],
  summary: 'Counts by state and the real-name rate (the console dashboard numbers)',
  usage: [
    'pnpm shiming report --tenant <code> [--region <code prefix>] [--format table|csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
    '',
    '  table (default): today’s counts and the rate against the 96% / 100% targets.',
    '  csv: the dashboard CSV (one line per day from --from to --to, default the last 30 days, then "current").',
  ].join('\n'),
  needsApp: true,
  modules: async () => [(await import('../../modules/reports/reports.module.js')).ReportsModule],
  async run({ flags, app, out, err }) {
    const tenant = requireFlag(flags, 'tenant');
    const format = optionalFlag(flags, 'format') ?? 'table';
    if (format !== 'table' && format !== 'csv')
      throw new UsageError(`--format must be table or csv (got '${format}').`);
    try {
      const d = await requireApp(app)
        .get(ReportsService)
        .dashboardByCode(tenant, {
          region: optionalFlag(flags, 'region'),
          from: dateFlag(flags, 'from'),
          to: dateFlag(flags, 'to'),
        });
      if (format === 'csv') {
        out(ReportsService.toCsv(d).trimEnd());
        return 0;
      }
      const c = d.current;
      out(`tenant            ${d.tenant}${d.region ? `   region ${d.region}*` : ''}`);
      out(`registered        ${c.registered}`);
      out(`single stop       ${c.singleStop}`);
      out(`double stop       ${c.doubleStop}`);
      out(`cancelled         ${c.cancelled}`);
      out(`unregistered, not stopped   ${c.unregisteredActive}   (not in the rate's base)`);
      out(`total numbers     ${c.total}`);
      out(
        `real-name rate    ${pct(c.rate)}   targets: ${pct(d.targets.byOctoberEnd)} by end of October, ${pct(d.targets.byYearEnd)} by end of year`,
      );
      return 0;
    } catch (e) {
      if (e instanceof AppError && e.status < 500) {
        err(e.message);
        return 2;
      }
      throw e;
    }
  },
};
