/** Build-time configuration (see config/buildEnv.ts). The only place the constants are read. */
export const appConfig = {
  tenant: SHIMING_TENANT,
  apiBase: SHIMING_API_BASE,
  subscribeTemplateIds: SHIMING_SUBSCRIBE_TEMPLATE_IDS,
  isWeapp: process.env.TARO_ENV === 'weapp',
  requestTimeoutMs: 15000,
  uploadTimeoutMs: 60000,
} as const;
