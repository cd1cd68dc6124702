// Build-time constants (config/index.ts defineConstants) as the H5 build sets them.
globalThis.SHIMING_TENANT = 'qxn-mobile';
globalThis.SHIMING_API_BASE = '';
globalThis.SHIMING_SUBSCRIBE_TEMPLATE_IDS = [];
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
// Constants Taro's H5 webpack plugin defines for its runtime.
globalThis.DEPRECATED_ADAPTER_COMPONENT = false;
process.env.FRAMEWORK = 'react';
process.env.SUPPORT_TARO_POLYFILL = 'disabled';
process.env.SUPPORT_DINGTALK_NAVIGATE = 'disabled';
