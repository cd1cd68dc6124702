/**
 * Build-time configuration, read once here and nowhere else.
 *
 * TARO_APP_TENANT   tenant code whose brand this build carries (default qxn-mobile).
 *                   `pnpm --filter @shiming/miniprogram build:weapp -- --tenant qxn-unicom`
 *                   sets it through scripts/build.mjs.
 * TARO_APP_API_BASE origin of the API, without /api. '' = same origin (H5 served by the API).
 *                   WeChat needs an absolute https URL on the request domain list.
 * TARO_APP_SUBSCRIBE_TEMPLATE_IDS  comma-separated subscription-message template ids (weapp).
 * SHIMING_OUTPUT_DIR  output folder instead of dist-<platform> (the weapp tests build their own).
 */
export interface BuildEnv {
  tenant: string;
  apiBase: string;
  subscribeTemplateIds: string[];
  outputDir: string | null;
}

const TENANT_CODE = /^[a-z0-9][a-z0-9-]{1,40}$/;

export function readBuildEnv(env: NodeJS.ProcessEnv): BuildEnv {
  const tenant = (env.TARO_APP_TENANT ?? '').trim() || 'qxn-mobile';
  if (!TENANT_CODE.test(tenant)) {
    throw new Error(`TARO_APP_TENANT must be a tenant code like "qxn-mobile"; got "${tenant}"`);
  }
  const apiBase = (env.TARO_APP_API_BASE ?? '').trim().replace(/\/+$/, '');
  if (apiBase !== '' && !/^https?:\/\/[^/]+/.test(apiBase)) {
    throw new Error(`TARO_APP_API_BASE must be an absolute http(s) URL or empty; got "${apiBase}"`);
  }
  const subscribeTemplateIds = (env.TARO_APP_SUBSCRIBE_TEMPLATE_IDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const outputDir = (env.SHIMING_OUTPUT_DIR ?? '').trim() || null;
  return { tenant, apiBase, subscribeTemplateIds, outputDir };
}
