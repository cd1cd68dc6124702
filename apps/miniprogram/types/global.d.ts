/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';

/** Build-time constants, set in config/index.ts from config/buildEnv.ts. */
declare const SHIMING_TENANT: string;
declare const SHIMING_API_BASE: string;
declare const SHIMING_SUBSCRIBE_TEMPLATE_IDS: string[];

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony';
    TARO_APP_ID?: string;
    TARO_APP_TENANT?: string;
    TARO_APP_API_BASE?: string;
    TARO_APP_SUBSCRIBE_TEMPLATE_IDS?: string;
  }
}
