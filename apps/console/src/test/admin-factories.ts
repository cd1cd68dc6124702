import type { CampaignPreview, CampaignReport } from '../domains/campaigns/schemas';
import type { ImportResult } from '../domains/imports/schemas';
import type { OfficialAccount, WeChatMenu } from '../domains/wechat/schemas';

/** A campaign as apps/api's CampaignsService reports it. */
export const campaignFactory = (over: Partial<CampaignReport> = {}): CampaignReport => ({
  id: '0190a1b2-0000-7000-8000-000000000001',
  name: '11 月双停前提醒',
  status: 'ready',
  filter: {
    states: ['double_stop', 'single_stop'],
    kinds: null,
    regionCodes: null,
    maxDaysToEscalation: null,
  },
  ratePerSecond: 50,
  total: 1200,
  done: 0,
  counts: { pending: 1200, sending: 0, sent: 0, failed: 0, skipped: 0, unknown: 0 },
  byChannel: {
    wechat: { sent: 0, failed: 0, unknown: 0 },
    sms: { sent: 0, failed: 0, unknown: 0 },
  },
  failedByReason: {},
  skippedByReason: {},
  createdAt: '2016-10-20T02:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  ...over,
});

export const campaignPreviewFactory = (over: Partial<CampaignPreview> = {}): CampaignPreview => ({
  total: 1200,
  byState: { active: 0, single_stop: 1000, double_stop: 200 },
  byRegion: [
    { regionCode: '522301', count: 900 },
    { regionCode: '522328', count: 250 },
    { regionCode: null, count: 50 },
  ],
  ...over,
});

export const importResultFactory = (over: Partial<ImportResult> = {}): ImportResult => ({
  tenant: 'qxn-unicom',
  read: 1000,
  accepted: 997,
  inserted: 900,
  updated: 60,
  unchanged: 37,
  rejected: 3,
  stateChanges: 45,
  bytes: 48_213,
  rejectedSample: [
    {
      line: 17,
      number: '186****0017',
      reason: 'state 必须是 active、single_stop、double_stop 之一',
    },
    { line: 42, number: '', reason: '号码为空' },
    {
      line: 99,
      number: '186****0001',
      reason: '号码在文件中重复出现（第 2 行已有），本行未导入。',
    },
  ],
  ...over,
});

export const officialAccountFactory = (over: Partial<OfficialAccount> = {}): OfficialAccount => ({
  appId: 'wx0123456789abcdef',
  originalId: 'gh_0123456789ab',
  miniprogramAppId: 'wxfedcba9876543210',
  campaignTemplateId: 'tpl-reminder',
  safeMode: true,
  secretSet: true,
  callbackUrl: 'https://shiming.example.cn/api/wechat/callback/qxn-unicom',
  updatedAt: '2016-10-20T02:00:00.000Z',
  ...over,
});

/** The menu apps/api's buildMenu makes. */
export const menuFactory = (): WeChatMenu => {
  const h5 = (page: string) =>
    `https://shiming.example.cn/api/auth/wechat-oauth/start?tenant=qxn-unicom&redirect=${encodeURIComponent(`/h5/?tenant=qxn-unicom#/${page}`)}`;
  const mp = (name: string, pagepath: string) => ({
    type: 'miniprogram',
    name,
    url: h5(pagepath),
    appid: 'wxfedcba9876543210',
    pagepath,
  });
  return {
    button: [
      {
        name: '我要办理',
        sub_button: [mp('实名认证', 'pages/home/index'), mp('号码状态', 'number/status/index')],
      },
      mp('核实通知', 'notice/verify/index'),
      { type: 'click', name: '客服热线', key: 'SHIMING_HOTLINE' },
    ],
  };
};
