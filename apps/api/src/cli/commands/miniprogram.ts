import { spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chinaDate } from '@shiming/domain';
import { REPO_ROOT } from '../../config/config';
import {
  miniprogramBuildPlan,
  miniprogramUploadPlan,
  ReleaseError,
  ReleaseTenant,
} from '../../modules/official-account/miniprogram-release';
import { OfficialAccountService } from '../../modules/official-account/official-account.service';
import { TenantsService } from '../../modules/tenants/tenants.service';
import { CliCommand, CliContext } from '../command';
import { optionalFlag, requireApp, requireFlag } from './operations-cli';

async function releaseTenant(ctx: CliContext): Promise<ReleaseTenant> {
  const app = requireApp(ctx.app);
  const tenant = await app.get(TenantsService).getByCode(requireFlag(ctx.flags, 'tenant'));
  const account = await app.get(OfficialAccountService).find(tenant.id);
  return {
    code: tenant.code,
    displayName: tenant.displayName,
    miniprogramAppId: account?.miniprogramAppId ?? ctx.config.wechat.appId,
  };
}

export const miniprogramBuild: CliCommand = {
  name: ['miniprogram', 'build'],
  summary:
    "Build a tenant's weapp (its app id, brand, API address) into apps/miniprogram/dist-weapp-<code>",
  usage: [
    'pnpm shiming miniprogram build --tenant <code> [--api-base https://…]',
    '',
    '  Runs apps/miniprogram/scripts/build.mjs weapp with TARO_APP_TENANT, TARO_APP_API_BASE (default',
    "  PUBLIC_BASE_URL), TARO_APP_ID (the mini-program linked to the tenant's official account, else",
    '  WECHAT_APP_ID) and the decision template id. Name, colours and hotline come from the API at start.',
  ].join('\n'),
  needsApp: true,
  async run(ctx) {
    const tenant = await releaseTenant(ctx);
    const plan = miniprogramBuildPlan({
      repoRoot: REPO_ROOT,
      nodePath: process.execPath,
      tenant,
      apiBase: optionalFlag(ctx.flags, 'api-base') ?? ctx.config.publicBaseUrl,
      subscribeTemplateIds: ctx.config.wechat.decisionTemplateId
        ? [ctx.config.wechat.decisionTemplateId]
        : [],
    });
    if (!existsSync(plan.args[0] ?? '')) {
      ctx.err(`The mini-program is not in this checkout (${plan.args[0]} is missing).`);
      return 1;
    }
    if (!plan.env['TARO_APP_API_BASE']?.startsWith('https://'))
      ctx.err(
        'note: WeChat only calls https:// addresses on the request-domain list; this build is for the simulator.',
      );
    ctx.err(`building ${tenant.code} (app id ${tenant.miniprogramAppId}) → ${plan.outputDir}`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(plan.command, plan.args, {
        cwd: plan.cwd,
        env: { ...process.env, ...plan.env },
        stdio: 'inherit',
      });
      child.on('error', () => resolve(1));
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code === 0) ctx.out(plan.outputDir);
    return code;
  },
};

type MiniprogramCi = {
  Project: new (p: unknown) => unknown;
  upload: (o: unknown) => Promise<unknown>;
};

function loadMiniprogramCi(): MiniprogramCi | undefined {
  for (const from of [
    join(REPO_ROOT, 'apps/miniprogram/package.json'),
    join(REPO_ROOT, 'apps/api/package.json'),
  ]) {
    try {
      return createRequire(from)('miniprogram-ci') as MiniprogramCi;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

export const miniprogramUpload: CliCommand = {
  name: ['miniprogram', 'upload'],
  summary: "Upload a tenant's weapp build to WeChat with miniprogram-ci (as a development version)",
  usage: [
    'pnpm shiming miniprogram upload --tenant <code> --version 1.2.3 [--desc <text>] [--dry-run]',
    '',
    '  Uploads apps/miniprogram/dist-weapp-<code> (run miniprogram build first) with the key in',
    '  MINIPROGRAM_UPLOAD_KEY (path; {appid} is replaced) as robot MINIPROGRAM_UPLOAD_ROBOT.',
    "  The server address must be on the key's IP allowlist. --dry-run prints the arguments.",
    "  Needs the miniprogram-ci package (WeChat's own): pnpm --filter @shiming/miniprogram add -D miniprogram-ci",
    '  (not installed by default: ≈ 170 MB and 600 packages, for the one machine that releases).',
  ].join('\n'),
  needsApp: true,
  async run(ctx) {
    const tenant = await releaseTenant(ctx);
    let plan;
    try {
      plan = miniprogramUploadPlan({
        tenant,
        projectPath: join(REPO_ROOT, 'apps/miniprogram', `dist-weapp-${tenant.code}`),
        privateKeyPath: ctx.config.miniprogramCi.privateKeyPath,
        robot: ctx.config.miniprogramCi.robot,
        version: requireFlag(ctx.flags, 'version'),
        desc: optionalFlag(ctx.flags, 'desc'),
        today: chinaDate(new Date()),
      });
    } catch (e) {
      if (e instanceof ReleaseError) {
        ctx.err(e.message);
        return 2;
      }
      throw e;
    }
    if (ctx.flags['dry-run'] === true) {
      ctx.out(JSON.stringify(plan, null, 2));
      return 0;
    }
    if (!existsSync(plan.project.privateKeyPath)) {
      ctx.err(
        `The upload key ${plan.project.privateKeyPath} does not exist (MINIPROGRAM_UPLOAD_KEY).`,
      );
      return 1;
    }
    // miniprogram-ci reads the key only after WeChat answers: check it here, offline.
    try {
      createPrivateKey(readFileSync(plan.project.privateKeyPath));
    } catch {
      ctx.err(
        `The upload key ${plan.project.privateKeyPath} is not a private key in PEM form (MINIPROGRAM_UPLOAD_KEY): download it again from the mini-program admin console (开发管理 → 开发设置 → 小程序代码上传).`,
      );
      return 1;
    }
    if (!existsSync(plan.project.projectPath)) {
      ctx.err(
        `No build at ${plan.project.projectPath}: run pnpm shiming miniprogram build --tenant ${tenant.code} first.`,
      );
      return 1;
    }
    const ci = loadMiniprogramCi();
    if (!ci) {
      ctx.err(
        "miniprogram-ci is not installed. It is WeChat's upload tool: pnpm --filter @shiming/miniprogram add -D miniprogram-ci",
      );
      return 1;
    }
    try {
      const project = new ci.Project(plan.project);
      await ci.upload({ project, ...plan.upload, onProgressUpdate: () => undefined });
    } catch (e) {
      ctx.err(
        `WeChat did not take the upload (servicewechat.com, through miniprogram-ci): ${e instanceof Error ? e.message : String(e)}. Check the network, the key's IP allowlist and the version.`,
      );
      return 1;
    }
    ctx.out(
      `uploaded ${tenant.code} ${plan.upload.version} (app id ${plan.project.appid}); set it as the trial or submit it for review in the mini-program admin console`,
    );
    return 0;
  },
};
