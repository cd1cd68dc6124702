/** Build-time configuration (see config/buildEnv.ts). The only place the constants are read. */
const TENANT_CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * The H5 build is served once for every tenant: the official account's links name the tenant in
 * the query (`/h5/?tenant=qxn-unicom#/pages/home/index`). The weapp is built per tenant.
 */
function tenantFromAddress(): string | null {
  if (process.env.TARO_ENV !== 'h5' || typeof location === 'undefined') return null;
  const t = new URLSearchParams(location.search).get('tenant');
  return t && TENANT_CODE.test(t) ? t : null;
}

export const appConfig = {
  tenant: tenantFromAddress() ?? SHIMING_TENANT,
  apiBase: SHIMING_API_BASE,
  subscribeTemplateIds: SHIMING_SUBSCRIBE_TEMPLATE_IDS,
  isWeapp: process.env.TARO_ENV === 'weapp',
  requestTimeoutMs: 15000,
  uploadTimeoutMs: 60000,
} as const;
