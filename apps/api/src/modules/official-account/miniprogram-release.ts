import { join } from 'node:path';

/**
 * A tenant's mini-program build and its upload to WeChat, as plain data: the CLI runs them,
 * the tests check them (WeChat is not reachable here, and a Taro build takes a while).
 * The variables are the mini-program's (apps/miniprogram/README.md, config/buildEnv.ts).
 */
export interface ReleaseTenant {
  code: string;
  displayName: string;
  miniprogramAppId: string;
}

export interface BuildPlan {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  outputDir: string;
}

export function miniprogramBuildPlan(opts: {
  repoRoot: string;
  nodePath: string;
  tenant: ReleaseTenant;
  /** The API origin the build calls (absolute https in production: WeChat's request-domain list). */
  apiBase: string;
  subscribeTemplateIds: string[];
}): BuildPlan {
  const root = join(opts.repoRoot, 'apps/miniprogram');
  const outputDir = join(root, `dist-weapp-${opts.tenant.code}`);
  return {
    command: opts.nodePath,
    args: [
      join(root, 'scripts/build.mjs'),
      'weapp',
      '--tenant',
      opts.tenant.code,
      '--api-base',
      opts.apiBase,
    ],
    cwd: root,
    env: {
      TARO_APP_TENANT: opts.tenant.code,
      TARO_APP_API_BASE: opts.apiBase,
      TARO_APP_ID: opts.tenant.miniprogramAppId,
      TARO_APP_SUBSCRIBE_TEMPLATE_IDS: opts.subscribeTemplateIds.join(','),
      SHIMING_OUTPUT_DIR: outputDir,
    },
    outputDir,
  };
}

/** miniprogram-ci's `new ci.Project(project)` and `ci.upload({ project, ...upload })`. */
export interface UploadPlan {
  project: {
    appid: string;
    type: 'miniProgram';
    projectPath: string;
    privateKeyPath: string;
    ignores: string[];
  };
  upload: {
    version: string;
    desc: string;
    robot: number;
    setting: { es6: boolean; es7: boolean; minify: boolean; autoPrefixWXSS: boolean };
  };
}

export class ReleaseError extends Error {}

export function miniprogramUploadPlan(opts: {
  tenant: ReleaseTenant;
  projectPath: string;
  /** MINIPROGRAM_UPLOAD_KEY; `{appid}` is replaced by the tenant's mini-program app id. */
  privateKeyPath: string | null;
  robot: number;
  version: string;
  desc?: string;
  today: string;
}): UploadPlan {
  if (!opts.privateKeyPath)
    throw new ReleaseError(
      "MINIPROGRAM_UPLOAD_KEY is not set: download the upload key (private.<appid>.key) from the mini-program's admin console (开发管理 → 开发设置 → 小程序代码上传) and point the variable at it",
    );
  if (!/^\d+\.\d+\.\d+([-+][\w.]+)?$/.test(opts.version))
    throw new ReleaseError(`--version must look like 1.2.3 (got '${opts.version}')`);
  if (
    opts.tenant.miniprogramAppId === 'touristappid' ||
    !/^wx[0-9A-Za-z]{6,30}$/.test(opts.tenant.miniprogramAppId)
  )
    throw new ReleaseError(
      `tenant ${opts.tenant.code} has no real mini-program app id (set miniprogramAppId on its official account, or WECHAT_APP_ID)`,
    );
  return {
    project: {
      appid: opts.tenant.miniprogramAppId,
      type: 'miniProgram',
      projectPath: opts.projectPath,
      privateKeyPath: opts.privateKeyPath.replace('{appid}', opts.tenant.miniprogramAppId),
      ignores: ['node_modules/**/*'],
    },
    upload: {
      version: opts.version,
      desc: (opts.desc ?? `${opts.tenant.displayName} ${opts.today}`).slice(0, 200),
      robot: opts.robot,
      // The build is already compiled and minified by Taro.
      setting: { es6: false, es7: false, minify: false, autoPrefixWXSS: false },
    },
  };
}
