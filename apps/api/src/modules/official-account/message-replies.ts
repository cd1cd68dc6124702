import { Entry, entryLinks } from './links';
import { MENU_KEYS } from './menu';

export interface ReplyContext {
  tenant: { code: string; displayName: string; officialAccountName: string; hotline: string };
  publicBaseUrl: string;
  miniprogramAppId: string;
}

/** What the message server does with one inbound message: a text reply, or nothing ("success"). */
export type Reply = { kind: 'text'; content: string } | { kind: 'none' };

/**
 * A link that opens the mini-program page in WeChat (文字链跳小程序); clients that cannot open
 * it follow the href, the H5 page behind web authorisation. This is the "card" of a passive
 * reply: WeChat's passive replies cannot carry a miniprogrampage card.
 */
export function miniprogramLink(ctx: ReplyContext, entry: Entry, label: string): string {
  const l = entryLinks(ctx.publicBaseUrl, ctx.tenant.code, ctx.miniprogramAppId, entry);
  const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<a data-miniprogram-appid="${attr(l.miniprogram.appid)}" data-miniprogram-path="${attr(l.miniprogram.pagepath)}" href="${attr(l.h5InWeChat)}">${label}</a>`;
}

function welcome(ctx: ReplyContext): string {
  const t = ctx.tenant;
  return [
    `欢迎关注${t.officialAccountName}！`,
    `按照国家规定，手机号码需要登记机主的真实身份（实名制）。未登记的号码会被停机。`,
    `👉 ${miniprogramLink(ctx, 'home', '点这里办理实名认证')}（带上身份证，几分钟办完）`,
    `👉 ${miniprogramLink(ctx, 'status', '查询号码状态')}`,
    `收到停机通知不知真假？${miniprogramLink(ctx, 'notice', '核实通知')}，或拨打官方客服热线 ${t.hotline}。`,
  ].join('\n');
}

function hotline(ctx: ReplyContext): string {
  const t = ctx.tenant;
  return `${t.displayName}官方客服热线：${t.hotline}。工作人员不会要求您转账，也不会索要验证码或密码。`;
}

/** Keywords, checked in order: the first that appears in the text decides. */
const KEYWORDS: Array<{ words: string[]; reply: (ctx: ReplyContext) => string }> = [
  {
    words: ['真假', '核实', '诈骗', '骗子', '通知'],
    reply: (ctx) =>
      `收到的短信、电话或信件是不是${ctx.tenant.displayName}发的？${miniprogramLink(ctx, 'notice', '点这里输入通知上的验证码核实')}。也可以拨打官方客服热线 ${ctx.tenant.hotline}。请不要点陌生链接、不要转账。`,
  },
  {
    words: ['实名', '补登', '登记', '认证', '办理'],
    reply: (ctx) =>
      `实名登记可以在手机上办：${miniprogramLink(ctx, 'home', '点这里办理实名认证')}。需要机主身份证正反面照片；代办、单位号码请按页面提示准备材料。`,
  },
  {
    words: ['停机', '复机', '开机', '恢复', '双停', '单停', '注销', '销号'],
    reply: (ctx) =>
      `号码因未实名被停机的，完成实名登记并审核通过后会自动恢复通话（复机）。先${miniprogramLink(ctx, 'status', '查询号码状态')}，再${miniprogramLink(ctx, 'home', '办理实名认证')}。已注销的号码请到营业厅或拨打 ${ctx.tenant.hotline} 咨询。`,
  },
  { words: ['客服', '人工', '热线', '电话'], reply: hotline },
];

function help(ctx: ReplyContext): string {
  return [
    `您好，这里是${ctx.tenant.officialAccountName}。回复以下关键字：`,
    `“实名”——办理实名认证；“停机”——停机和复机说明；“核实”——核实通知真假；“客服”——客服热线。`,
    `也可以直接${miniprogramLink(ctx, 'home', '办理实名认证')}。`,
  ].join('\n');
}

/**
 * The reply to one message from WeChat (its top-level fields). Pure: the caller records
 * follows and unfollows.
 */
export function replyTo(msg: Record<string, string>, ctx: ReplyContext): Reply {
  const type = msg['MsgType'];
  if (type === 'event') {
    const event = (msg['Event'] ?? '').toLowerCase();
    if (event === 'subscribe') return { kind: 'text', content: welcome(ctx) };
    if (event === 'click') {
      if (msg['EventKey'] === MENU_KEYS.hotline) return { kind: 'text', content: hotline(ctx) };
      return { kind: 'text', content: help(ctx) };
    }
    // unsubscribe, view, view_miniprogram, template send results, location…: nothing to say.
    return { kind: 'none' };
  }
  if (type === 'text') {
    const text = msg['Content'] ?? '';
    const hit = KEYWORDS.find((k) => k.words.some((w) => text.includes(w)));
    return { kind: 'text', content: hit ? hit.reply(ctx) : help(ctx) };
  }
  // Voice, image, location…: the same short help.
  return { kind: 'text', content: help(ctx) };
}
