import { userInfo } from 'node:os';
import type { ServiceState, UnregisteredKind } from '@shiming/domain';
import { AppError } from '../../common/errors/app-error';
import { CampaignRunner } from '../../modules/campaigns/campaign.runner';
import { CampaignsRepository } from '../../modules/campaigns/campaigns.repository';
import { CampaignReport, CampaignsService } from '../../modules/campaigns/campaigns.service';
import { TenantsService } from '../../modules/tenants/tenants.service';
import { CliCommand, CliContext, UsageError } from '../command';
import { optionalFlag, requireApp, requireFlag } from './operations-cli';

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

function intFlag(flags: CliContext['flags'], name: string): number | undefined {
  const v = optionalFlag(flags, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number (got '${v}').`);
  return Number(v);
}

function printReport(r: CampaignReport, out: (l: string) => void): void {
  const pct = r.total > 0 ? ((r.done / r.total) * 100).toFixed(1) : '100.0';
  out(`campaign   ${r.id}  ${r.name}`);
  out(`status     ${r.status}   ${r.done}/${r.total} (${pct}%)   ${r.ratePerSecond}/s`);
  out(
    `sent       ${r.counts.sent}   (WeChat ${r.byChannel.wechat.sent}, SMS ${r.byChannel.sms.sent})`,
  );
  out(
    `failed     ${r.counts.failed}${Object.keys(r.failedByReason).length ? `   ${JSON.stringify(r.failedByReason)}` : ''}`,
  );
  out(
    `skipped    ${r.counts.skipped}${Object.keys(r.skippedByReason).length ? `   ${JSON.stringify(r.skippedByReason)}` : ''}`,
  );
  out(
    `unknown    ${r.counts.unknown}   (in flight when a runner died: may have gone out, never resent)`,
  );
  out(`pending    ${r.counts.pending + r.counts.sending}`);
}

async function withErrors(ctx: CliContext, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && e.status < 500) {
      ctx.err(e.message);
      return 2;
    }
    throw e;
  }
}

async function tenantId(ctx: CliContext): Promise<string> {
  return (await requireApp(ctx.app).get(TenantsService).getByCode(requireFlag(ctx.flags, 'tenant')))
    .id;
}

const actor = (): { actorType: 'cli'; actorId: string } => ({
  actorType: 'cli',
  actorId: userInfo().username,
});

export const campaignCreate: CliCommand = {
  name: ['campaign', 'create'],
  summary:
    'Select unregistered numbers into a reminder campaign (WeChat template to bound followers, SMS to the rest)',
  usage: [
    'pnpm shiming campaign create --tenant <code> --name <text> [--states single_stop,double_stop,active]',
    '       [--kinds temporary_account,incomplete_data,owner_differs,group_card] [--regions 522301,522323]',
    '       [--max-days <n>] [--rate <per second>]',
    '',
    '  --max-days  only numbers whose next escalation (double stop, cancellation) is at most n days away',
    '  --rate      messages per second (default CAMPAIGN_RATE_PER_SECOND)',
    '  Prints the campaign id; send it with: pnpm shiming campaign run <id> --tenant <code>',
  ].join('\n'),
  needsApp: true,
  run: (ctx) =>
    withErrors(ctx, async () => {
      const r = await requireApp(ctx.app)
        .get(CampaignsService)
        .create(
          await tenantId(ctx),
          {
            name: requireFlag(ctx.flags, 'name'),
            states: list(optionalFlag(ctx.flags, 'states')) as ServiceState[] | undefined,
            kinds: list(optionalFlag(ctx.flags, 'kinds')) as UnregisteredKind[] | undefined,
            regionCodes: list(optionalFlag(ctx.flags, 'regions')),
            maxDaysToEscalation: intFlag(ctx.flags, 'max-days'),
            ratePerSecond: intFlag(ctx.flags, 'rate'),
          },
          actor(),
        );
      ctx.out(r.id);
      ctx.err(`${r.total} numbers selected; status ${r.status}`);
      return 0;
    }),
};

export const campaignRun: CliCommand = {
  name: ['campaign', 'run'],
  summary:
    'Send a campaign in the foreground (resumes where it stopped; Ctrl-C stops after the batch in flight)',
  usage: [
    'pnpm shiming campaign run <id> --tenant <code> [--retry-failed]',
    '',
    '  Rate-limited; nothing is sent twice. A run that was killed is resumed by running it again:',
    "  what was in flight then is reported 'unknown' and not resent. Another live runner → refused.",
    '  --retry-failed  put failed items (refused by WeChat or the SMS gateway) back in the queue first',
  ].join('\n'),
  needsApp: true,
  run: (ctx) =>
    withErrors(ctx, async () => {
      const [id] = ctx.args;
      if (!id) throw new UsageError('Missing the campaign id.');
      const app = requireApp(ctx.app);
      const tenant = await tenantId(ctx);
      await app.get(CampaignsService).get(tenant, id);
      if (ctx.flags['retry-failed'] === true) {
        const n = await app.get(CampaignsRepository).retryFailed(tenant, id);
        ctx.err(`${n} failed items queued again`);
      }
      const abort = new AbortController();
      const stop = (): void => {
        ctx.err('stopping after the batch in flight…');
        abort.abort();
      };
      process.once('SIGINT', stop);
      let last = 0;
      try {
        const r = await app.get(CampaignRunner).run(tenant, id, {
          signal: abort.signal,
          pauseWhenStopped: true,
          onProgress: (p) => {
            if (Date.now() - last < 2000) return;
            last = Date.now();
            ctx.err(`sent ${p.sent}  failed ${p.failed}  skipped ${p.skipped}`);
          },
        });
        if (r.interrupted > 0)
          ctx.err(
            `${r.interrupted} items were in flight when the previous run died: recorded 'unknown', not resent`,
          );
        printReport(await app.get(CampaignsService).report(tenant, id), ctx.out);
        return r.status === 'done' ? 0 : 3;
      } finally {
        process.removeListener('SIGINT', stop);
      }
    }),
};

export const campaignStatus: CliCommand = {
  name: ['campaign', 'status'],
  summary:
    "A campaign's progress and report (sent, failed and skipped by reason); without an id, the tenant's campaigns",
  usage: 'pnpm shiming campaign status [<id>] --tenant <code> [--json]',
  needsApp: true,
  run: (ctx) =>
    withErrors(ctx, async () => {
      const service = requireApp(ctx.app).get(CampaignsService);
      const tenant = await tenantId(ctx);
      const [id] = ctx.args;
      const reports = id ? [await service.report(tenant, id)] : await service.list(tenant);
      if (ctx.flags['json'] === true) ctx.out(JSON.stringify(id ? reports[0] : reports, null, 2));
      else
        reports.forEach((r, i) => {
          if (i > 0) ctx.out('');
          printReport(r, ctx.out);
        });
      return 0;
    }),
};
