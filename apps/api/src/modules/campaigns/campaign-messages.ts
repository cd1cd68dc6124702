import { maskPhone, serviceStateDescription, ServiceState } from '@shiming/domain';

/** What a reminder says, for one number: pure, so the SMS and the template say the same. */
export interface ReminderFacts {
  tenant: { displayName: string; officialAccountName: string; hotline: string };
  phone: string;
  state: ServiceState;
  /** The next step and its date, when one is scheduled. */
  escalation: { to: ServiceState; date: string } | null;
  code: string;
}

function nextStep(f: ReminderFacts): string {
  if (!f.escalation) return '请尽快办理';
  const to = f.escalation.to === 'cancelled' ? '注销号码' : '双向停机（不能接打电话）';
  return `${f.escalation.date} 起将${to}`;
}

/**
 * The SMS: no link (scams send links; the carrier's own reminders send people to the official
 * account), the state, the next step, how to register and the code to check it is genuine.
 */
export function reminderSms(f: ReminderFacts): string {
  const t = f.tenant;
  const state = f.state === 'active' ? '' : `，目前${serviceStateDescription(f.state).title}`;
  return (
    `【${t.displayName}】您的号码${maskPhone(f.phone)}尚未完成实名登记${state}，${nextStep(f)}。` +
    `请在微信公众号“${t.officialAccountName}”点“我要办理→实名认证”，或带身份证到营业厅办理。` +
    `核实本短信真伪：公众号“核实通知”输入 ${f.code}，或拨打${t.hotline}。`
  );
}

/**
 * The template message's fields (a classic template: first, keyword1–3, remark). The carrier
 * registers a template with these fields and sets its id as campaignTemplateId.
 */
export function reminderTemplateData(f: ReminderFacts): Record<string, { value: string }> {
  return {
    first: { value: '您的手机号码尚未完成实名登记' },
    keyword1: { value: maskPhone(f.phone) },
    keyword2: { value: serviceStateDescription(f.state).title },
    keyword3: { value: nextStep(f) },
    remark: {
      value: `点此办理实名认证。核实码 ${f.code}：在“核实通知”中输入可核实本消息真伪；客服热线 ${f.tenant.hotline}。`,
    },
  };
}
