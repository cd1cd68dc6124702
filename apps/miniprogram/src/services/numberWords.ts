import { serviceStateDescription, type ServiceState } from '@shiming/domain';
import type { NumberStatus } from './api/types';

export interface NumberWords {
  title: string;
  explanation: string;
  abilities: { label: string; ok: boolean }[];
  /** "还有 5 天…" or null when nothing is scheduled. */
  escalation: string | null;
  canRegister: boolean;
}

const NEXT_STATE_WORDS: Record<string, string> = {
  double_stop: '打电话、接电话都不行（双停）',
  cancelled: '号码被注销，不能再用',
  single_stop: '只能接电话（单停）',
};

/** The number's state in words a grandparent understands, from the shared rules. */
export function numberWords(status: NumberStatus): NumberWords {
  const d = serviceStateDescription(status.state as ServiceState);
  const esc = status.nextEscalation;
  let escalation: string | null = null;
  if (esc && !status.registered) {
    const what = NEXT_STATE_WORDS[esc.to] ?? '被进一步停机';
    escalation =
      esc.daysLeft > 0
        ? `如果不办理，还有 ${esc.daysLeft} 天（${esc.date}）号码就会${what}。`
        : `今天（${esc.date}）起，号码会${what}。请马上办理。`;
  }
  return {
    title: d.title,
    explanation: d.explanation,
    abilities: [
      { label: '接电话', ok: d.canReceiveCalls },
      { label: '打电话', ok: d.canCall },
      { label: '发短信', ok: d.canSms },
      { label: '上网', ok: d.canData },
    ],
    escalation,
    canRegister:
      !status.registered && status.state !== 'cancelled' && status.state !== 'lift_pending',
  };
}
