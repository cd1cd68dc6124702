import { userInfo } from 'node:os';
import { RetentionService } from '../../modules/retention/retention.service';
import type { CliCommand } from '../command';
import { optionalFlag, requireApp } from './operations-cli';

export const retentionRunCommand: CliCommand = {
  name: ['retention', 'run'],
  summary:
    "Delete documents and personal fields of closed cases past the tenant's retention period",
  usage: [
    'pnpm shiming retention run [--tenant <code>] [--dry-run]',
    '',
    '  Closed cases (approved, rejected, withdrawn) older than policy.retentionDays: document files are',
    '  deleted from storage, names, ID numbers and openids are removed; the rows and the audit trail stay.',
    '  --dry-run  count only. Without --tenant: every tenant. Also runs on a schedule in the worker process.',
  ].join('\n'),
  needsApp: true,
  async run({ flags, app, out }) {
    const results = await requireApp(app)
      .get(RetentionService)
      .run({
        tenantCode: optionalFlag(flags, 'tenant'),
        dryRun: flags['dry-run'] === true,
        actor: { type: 'cli', id: userInfo().username },
      });
    for (const r of results) {
      out(
        `${r.tenant.padEnd(20)} ${r.dryRun ? 'would purge' : 'purged'} ${r.cases} cases, ${r.documents} documents (older than ${r.retentionDays} days)`,
      );
    }
    return 0;
  },
};
