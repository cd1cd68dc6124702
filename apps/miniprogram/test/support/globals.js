// Build-time constants (config/index.ts defineConstants) as the H5 build sets them.
globalThis.SHIMING_TENANT = 'qxn-mobile';
globalThis.SHIMING_API_BASE = '';
globalThis.SHIMING_SUBSCRIBE_TEMPLATE_IDS = [];
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
