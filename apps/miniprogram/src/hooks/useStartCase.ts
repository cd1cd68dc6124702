import { useState } from 'react';
import { applicantTypeAllowed, type ApplicantType, type TenantPolicy } from '@shiming/domain';
import { api } from '../services/api/endpoints';
import { ApiError, toUserMessage } from '../services/api/errors';

export const APPLICANT_TYPES: { type: ApplicantType; label: string; who: string }[] = [
  { type: 'self', label: '机主本人办理', who: '号码是我的，我自己办' },
  { type: 'proxy', label: '帮别人代办', who: '机主本人来不了，由家人或朋友代办' },
  { type: 'enterprise', label: '单位号码', who: '单位（公司、机关）名下给员工用的号码' },
];

export function typeAvailability(policy: TenantPolicy, carrierName: string) {
  return APPLICANT_TYPES.map((t) => {
    const r = applicantTypeAllowed(t.type, policy, carrierName);
    return { ...t, allowed: r.ok, reason: r.ok ? null : r.message };
  });
}

export type StartOutcome =
  { kind: 'created'; caseId: string } | { kind: 'already-open'; caseId: string } | null;

/**
 * Opens a draft case (the API hands back the number's draft of the same type if there is one);
 * an already submitted one is offered instead of a second.
 */
export function useStartCase() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start(type: ApplicantType): Promise<StartOutcome> {
    setBusy(true);
    setError(null);
    try {
      const kase = await api.createCase(type);
      return { kind: 'created', caseId: kase.id };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CASE_ALREADY_OPEN' && err.details.caseId) {
        return { kind: 'already-open', caseId: err.details.caseId };
      }
      setError(toUserMessage(err));
      return null;
    } finally {
      setBusy(false);
    }
  }

  return { start, busy, error };
}
