import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { AppError } from '../../common/errors/app-error';
import {
  OfficialAccountInput,
  OfficialAccountService,
} from '../../modules/official-account/official-account.service';
import { TenantsService } from '../../modules/tenants/tenants.service';
import { WeChatApiError } from '../../modules/wechat/wechat.errors';
import { CliCommand, CliContext, UsageError } from '../command';
import { requireApp, requireFlag } from './operations-cli';

/** A refusal a person can act on: WeChat's errcode and its meaning, or our error's message. */
function explain(e: unknown, err: (l: string) => void): number | undefined {
  if (e instanceof WeChatApiError) {
    err(`WeChat refused: errcode ${e.errcode} (${e.meaning})${e.errmsg ? `: ${e.errmsg}` : ''}`);
    return 1;
  }
  if (e instanceof AppError) {
    const fields = e.details['fields'] as Record<string, string> | undefined;
    err(
      e.message +
        (fields
          ? ` — ${Object.entries(fields)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ')}`
          : ''),
    );
    return e.status < 500 ? 2 : 1;
  }
  return undefined;
}

async function tenantId(ctx: CliContext): Promise<string> {
  return (await requireApp(ctx.app).get(TenantsService).getByCode(requireFlag(ctx.flags, 'tenant')))
    .id;
}

export const wechatMenuPublish: CliCommand = {
  name: ['wechat', 'menu', 'publish'],
  summary:
    "Build a tenant's official-account menu and publish it to WeChat (--dry-run prints the JSON)",
  usage: [
    'pnpm shiming wechat menu publish --tenant <code> [--dry-run]',
    '',
    '  我要办理 → 实名认证 / 号码状态 (mini-program buttons, the H5 page as fallback url), 核实通知, 客服热线.',
    '  The official account must be set first (pnpm shiming wechat account set).',
  ].join('\n'),
  needsApp: true,
  async run(ctx) {
    const dryRun = ctx.flags['dry-run'] === true;
    try {
      const r = await requireApp(ctx.app)
        .get(OfficialAccountService)
        .publishMenu(await tenantId(ctx), {
          dryRun,
          actor: { actorType: 'cli', actorId: userInfo().username },
        });
      ctx.out(JSON.stringify(r.menu, null, 2));
      if (r.published) ctx.err('published');
      return 0;
    } catch (e) {
      const code = explain(e, ctx.err);
      if (code !== undefined) return code;
      throw e;
    }
  },
};

export const wechatAccountSet: CliCommand = {
  name: ['wechat', 'account', 'set'],
  summary:
    "Set a tenant's official account (app id, secret, token, EncodingAESKey) from a JSON file",
  usage: [
    'pnpm shiming wechat account set --tenant <code> --from <account.json>',
    '',
    '  account.json: { "appId": "wx…", "appSecret": "…", "token": "…", "encodingAesKey": "…43 chars…" (safe mode),',
    '                  "originalId": "gh_…", "miniprogramAppId": "wx…", "campaignTemplateId": "…" }',
    '  Secrets come from a file, never the command line (shell history, ps). They are stored encrypted.',
    "  The message server URL to enter in WeChat's admin console: <PUBLIC_BASE_URL>/api/wechat/callback/<code>",
  ].join('\n'),
  needsApp: true,
  async run(ctx) {
    const file = requireFlag(ctx.flags, 'from');
    let input: OfficialAccountInput;
    try {
      input = JSON.parse(await readFile(resolve(ctx.cwd, file), 'utf8')) as OfficialAccountInput;
    } catch (e) {
      throw new UsageError(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (
      typeof input?.appId !== 'string' ||
      typeof input.appSecret !== 'string' ||
      typeof input.token !== 'string'
    )
      throw new UsageError('The file needs appId, appSecret and token (strings).');
    try {
      const s = await requireApp(ctx.app)
        .get(OfficialAccountService)
        .configure(await tenantId(ctx), input, { actorType: 'cli', actorId: userInfo().username });
      ctx.out(`official account ${s.appId} set (${s.safeMode ? 'safe mode' : 'plain mode'})`);
      ctx.out(
        `message server: ${ctx.config.publicBaseUrl.replace(/\/$/, '')}/api/wechat/callback/${requireFlag(ctx.flags, 'tenant')}`,
      );
      return 0;
    } catch (e) {
      const code = explain(e, ctx.err);
      if (code !== undefined) return code;
      throw e;
    }
  },
};
