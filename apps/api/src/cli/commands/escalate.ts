import { userInfo } from 'node:os';
import { AppError } from '../../common/errors/app-error';
import { EscalationService } from '../../modules/escalation/escalation.service';
import type { CliCommand } from '../command';
import { dateFlag, requireApp, requireFlag } from './operations-cli';

export const escalateCommand: CliCommand = {
  name: ['escalate'],
  summary: 'Move due numbers: single stop → double stop, double stop → cancelled (tenant policy)',
  usage: [
    'pnpm shiming escalate --tenant <code> [--at YYYY-MM-DD] [--dry-run]',
    '',
    '  single stop → double stop on or after the policy date (singleToDoubleDate);',
    '  double stop → cancelled once doubleToCancelGraceDays have passed since it began.',
    '  Numbers with a case under review or approved are never touched. Each number moved gets a',
    "  history row and a 'provisioning.escalate' outbox event. Running it twice moves nothing more.",
    '  --at     the effective date (default: today in China)',
    '  --dry-run  print the counts only',
  ].join('\n'),
  needsApp: true,
  modules: async () => [
    (await import('../../modules/escalation/escalation.module.js')).EscalationModule,
  ],
  async run({ flags, app, out, err }) {
    const tenant = requireFlag(flags, 'tenant');
    const on = dateFlag(flags, 'at');
    const dryRun = flags['dry-run'] === true;
    try {
      const r = await requireApp(app)
        .get(EscalationService)
        .runForCode(tenant, {
          on,
          dryRun,
          actor: { type: 'cli', id: userInfo().username },
          wait: true,
        });
      out(`tenant               ${r.tenant}`);
      out(`date                 ${r.on}${r.dryRun ? '   (dry run: nothing changed)' : ''}`);
      out(
        `single → double      ${r.singleToDouble}${r.singleToDoubleSkipped ? `   (skipped: ${r.singleToDoubleSkipped})` : ''}`,
      );
      out(`double → cancelled   ${r.doubleToCancelled}`);
      out(`held by a case       ${r.heldByCase}`);
      if (r.undatedDoubleStops > 0)
        out(`double stops without a start date (never cancelled): ${r.undatedDoubleStops}`);
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
