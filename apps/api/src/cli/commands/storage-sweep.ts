import { StorageSweepService } from '../../modules/storage-sweep/storage-sweep.service';
import { UsageError, type CliCommand } from '../command';

export const storageSweep: CliCommand = {
  name: ['storage', 'sweep'],
  summary:
    'Repair after crashes: remove stored files no document points at and half-written files; report documents whose file is missing',
  usage: [
    'pnpm shiming storage sweep [--dry-run] [--grace-minutes N]',
    '  --dry-run          report only, delete nothing',
    '  --grace-minutes N  leave files younger than N minutes (an upload may be committing; default 60)',
    'Exit status: 0 when every document row has its file; 1 when some row points at a missing file',
    '(listed by document, case and tenant: the subscriber has to upload that photo again).',
  ].join('\n'),
  needsApp: true,
  async run({ app, flags, out, err }) {
    const grace = flags['grace-minutes'];
    const graceMinutes = grace === undefined ? 60 : Number(grace);
    if (!Number.isInteger(graceMinutes) || graceMinutes < 0)
      throw new UsageError('--grace-minutes expects a whole number of minutes');
    const dryRun = flags['dry-run'] === true;
    if (!app) throw new Error('storage sweep needs the application context');
    const r = await app.get(StorageSweepService).sweep({ dryRun, graceMinutes });
    const verb = dryRun ? 'would delete' : 'deleted';
    for (const key of r.orphans.orphans) out(`${verb} orphan ${key}`);
    for (const name of r.partialWrites) out(`${verb} partial write ${name}`);
    for (const m of r.missing)
      err(
        `missing file: document ${m.documentId} (${m.kind}${m.superseded ? ', superseded' : ''}) of case ${m.caseId} (${m.caseState}), tenant ${m.tenantId}`,
      );
    out(
      `stored files: ${r.orphans.scanned} scanned, ${r.orphans.orphans.length} orphaned, ` +
        `${r.partialWrites.length} partly written` +
        (dryRun
          ? ' (dry run, nothing deleted)'
          : `, ${r.orphans.deleted + r.partialWrites.length} deleted`) +
        (r.orphans.skippedYoung
          ? `; ${r.orphans.skippedYoung} younger than ${graceMinutes} min left alone`
          : ''),
    );
    out(`document rows: ${r.rowsChecked} checked, ${r.missing.length} pointing at a missing file`);
    return r.missing.length > 0 ? 1 : 0;
  },
};
