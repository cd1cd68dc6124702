/** Console wording for the carrier admin's operations pages: imports, campaigns, official account. */

export const CAMPAIGN_STATUS_LABELS: Record<string, { text: string; color: string }> = {
  ready: { text: '待开始', color: 'default' },
  running: { text: '发送中', color: 'processing' },
  paused: { text: '已暂停', color: 'warning' },
  done: { text: '已完成', color: 'success' },
  cancelled: { text: '已取消', color: 'default' },
};

/** Why a reminder failed or was skipped (the campaign runner's reasons; unknown codes show as is). */
export const CAMPAIGN_REASON_LABELS: Record<string, string> = {
  fixed_line_no_follower: '固定电话，且未关注公众号',
  double_stop_no_follower: '双停号码收不到短信，且未关注公众号',
  wechat_user_refused: '用户已取消关注或拒收，号码也收不到短信',
  WECHAT_REJECTED: '微信拒绝发送（模板消息配置或模板 ID 有误）',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用',
  WECHAT_USER_REFUSED: '用户拒收模板消息',
  SMS_UNAVAILABLE: '短信网关暂时不可用',
  RATE_LIMITED: '短信发送过于频繁',
  unknown: '未记录原因',
};

export const CHANNEL_LABELS: Record<string, string> = {
  wechat: '公众号模板消息',
  sms: '短信',
};

/**
 * What WeChat's errcodes mean, for the admin who has to fix them (the API answers the code
 * and an English meaning; this is the console's Chinese for the codes a menu publish meets).
 */
export const WECHAT_ERRCODE_MEANINGS: Record<number, string> = {
  [-1]: '微信系统繁忙，请稍后重试',
  40001: 'access_token 无效（AppSecret 可能已重置），请检查 AppSecret',
  40013: 'AppID 无效，请检查公众号 AppID',
  40016: '一级菜单数量不对（1 到 3 个）',
  40017: '菜单按钮类型不对',
  40018: '一级菜单名称过长',
  40023: '子菜单数量不对（最多 5 个）',
  40025: '子菜单名称过长',
  40027: '子菜单链接过长',
  40054: '子菜单链接的域名不在公众号的业务域名内',
  40055: '菜单链接的域名不在公众号的业务域名内',
  40125: 'AppSecret 无效，请在公众平台核对后重新填写',
  40164: '服务器 IP 不在公众号的 IP 白名单内，请在公众平台“基本配置”中添加',
  40165: '小程序页面路径无效',
  40166: '小程序 AppID 无效或未关联到该公众号，请先在公众平台关联小程序',
  41002: '缺少 AppID',
  41004: '缺少 AppSecret',
  42001: 'access_token 已过期，请重试',
  45009: '接口调用次数已达今日上限',
  45011: '接口调用过于频繁，请稍后重试',
  48001: '公众号没有此接口权限（未认证的订阅号不能用自定义菜单接口）',
};

/** 1536 → "1.5 KB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export const formatCount = (n: number) => n.toLocaleString('zh-CN');
