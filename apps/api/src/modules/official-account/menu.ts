import { Entry, entryLinks } from './links';

/** Click keys the message server answers (menu.ts builds them, message-replies.ts answers them). */
export const MENU_KEYS = { hotline: 'SHIMING_HOTLINE' } as const;

export interface MenuTenant {
  code: string;
  displayName: string;
  hotline: string;
}

type MiniprogramButton = {
  type: 'miniprogram';
  name: string;
  url: string;
  appid: string;
  pagepath: string;
};
type ClickButton = { type: 'click'; name: string; key: string };
export type MenuButton = MiniprogramButton | ClickButton;
export type WeChatMenu = { button: Array<MenuButton | { name: string; sub_button: MenuButton[] }> };

/**
 * The tenant's custom menu, as POST /cgi-bin/menu/create takes it:
 * 我要办理 → 实名认证 (the mini-program; the H5 page behind web authorisation as the `url`
 * WeChat opens on clients without mini-program support) and 号码状态; 核实通知 (is this notice
 * real?); 客服热线 (a click the message server answers with the hotline).
 */
export function buildMenu(
  tenant: MenuTenant,
  publicBaseUrl: string,
  miniprogramAppId: string,
): WeChatMenu {
  const mp = (name: string, entry: Entry): MiniprogramButton => {
    const l = entryLinks(publicBaseUrl, tenant.code, miniprogramAppId, entry);
    return { type: 'miniprogram', name, url: l.h5InWeChat, ...l.miniprogram };
  };
  return {
    button: [
      { name: '我要办理', sub_button: [mp('实名认证', 'home'), mp('号码状态', 'status')] },
      mp('核实通知', 'notice'),
      { type: 'click', name: '客服热线', key: MENU_KEYS.hotline },
    ],
  };
}

/** WeChat's limits on a menu (bytes of UTF-8), checked before a publish so errors say which button. */
export function menuProblems(menu: WeChatMenu): string[] {
  const problems: string[] = [];
  const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
  if (menu.button.length < 1 || menu.button.length > 3) problems.push('1 to 3 top-level buttons');
  for (const b of menu.button) {
    if (bytes(b.name) > 16) problems.push(`top-level name "${b.name}" over 16 bytes`);
    const subs = 'sub_button' in b ? b.sub_button : [];
    if (subs.length > 5) problems.push(`"${b.name}": at most 5 sub-buttons`);
    for (const s of subs) if (bytes(s.name) > 60) problems.push(`"${s.name}" over 60 bytes`);
    for (const x of 'sub_button' in b ? b.sub_button : [b]) {
      if (x.type === 'miniprogram' && (!x.appid || !x.pagepath || !x.url))
        problems.push(`"${x.name}": a mini-program button needs appid, pagepath and url`);
      if (x.type === 'miniprogram' && bytes(x.url) > 1024)
        problems.push(`"${x.name}": url over 1024 bytes`);
      if (x.type === 'click' && bytes(x.key) > 128)
        problems.push(`"${x.name}": key over 128 bytes`);
    }
  }
  return problems;
}
