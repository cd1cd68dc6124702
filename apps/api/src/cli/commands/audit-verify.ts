import { AuditService } from '../../common/audit/audit.service';
import type { CliCommand } from '../command';

export const auditVerify: CliCommand = {
  name: ['audit', 'verify'],
  summary: 'Check the hash chain of the audit log; report the first broken link',
  usage: [
    'pnpm shiming audit verify',
    '  Recomputes every entry of every tenant chain. Exit 0 and "OK" when intact;',
    '  exit 1 with the tenant, the sequence number and the reason of the first broken link.',
  ].join('\n'),
  needsApp: true,
  async run({ app, out, err }) {
    if (!app) throw new Error('audit verify needs the application context');
    const r = await app.get(AuditService).verify();
    if (r.ok) {
      out(`OK: ${r.entries} entries in ${r.chains} chain${r.chains === 1 ? '' : 's'} verified`);
      return 0;
    }
    err(
      `BROKEN: tenant ${r.tenantId}, seq ${r.seq}: ${r.reason} (${r.entries} entries verified before it)`,
    );
    return 1;
  },
};
