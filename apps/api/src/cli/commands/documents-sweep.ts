import { DocumentsService } from '../../modules/documents/documents.service';
import { UsageError, type CliCommand } from '../command';

export const documentsSweep: CliCommand = {
  name: ['documents', 'sweep'],
  summary: 'Remove stored document files that no document row points at',
  usage: [
    'pnpm shiming documents sweep [--dry-run] [--grace-minutes N]',
    '  --dry-run          list the orphaned files, delete nothing',
    '  --grace-minutes N  leave files younger than N minutes (an upload may be committing; default 60)',
  ].join('\n'),
  needsApp: true,
  async run({ app, flags, out }) {
    const grace = flags['grace-minutes'];
    const graceMinutes = grace === undefined ? 60 : Number(grace);
    if (!Number.isInteger(graceMinutes) || graceMinutes < 0)
      throw new UsageError('--grace-minutes expects a whole number of minutes');
    const dryRun = flags['dry-run'] === true;
    if (!app) throw new Error('documents sweep needs the application context');
    const report = await app.get(DocumentsService).sweepOrphans({ dryRun, graceMinutes });
    for (const key of report.orphans) out(`${dryRun ? 'would delete' : 'deleted'} ${key}`);
    out(
      `scanned ${report.scanned} stored files: ${report.orphans.length} orphaned` +
        (dryRun ? ' (dry run, nothing deleted)' : `, ${report.deleted} deleted`) +
        (report.skippedYoung
          ? `; ${report.skippedYoung} younger than ${graceMinutes} min left alone`
          : ''),
    );
    return 0;
  },
};
