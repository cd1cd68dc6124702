import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { appConfig } from '../config';
import { api } from '../services/api/endpoints';
import { asApiError } from '../services/api/errors';
import type { SubscriberCase } from '../services/api/types';
import { createSubmitter, type KeyStorage } from '../services/submitOnce';

const taroStorage: KeyStorage = {
  get: (name) => {
    const v: unknown = Taro.getStorageSync(name);
    return typeof v === 'string' && v ? v : null;
  },
  set: (name, value) => Taro.setStorageSync(name, value),
  remove: (name) => Taro.removeStorageSync(name),
};

/**
 * Submits the case once. Call `submit` straight from the tap handler: on weapp it
 * first asks for the subscription message (WeChat only allows that inside a tap).
 */
export function useSubmitCase(caseId: string) {
  const submitter = useMemo(
    () =>
      createSubmitter<SubscriberCase>({
        caseId,
        send: (key) => api.submit(caseId, key),
        storage: taroStorage,
      }),
    [caseId],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fix, setFix] = useState<SubmitFix | null>(null);

  function submit(): Promise<SubscriberCase | null> {
    askForDecisionMessage();
    setBusy(true);
    setError(null);
    setFix(null);
    return submitter
      .submit()
      .catch((err: unknown) => {
        const e = asApiError(err);
        setError(e.message);
        setFix(fixFor(e.code));
        return null;
      })
      .finally(() => setBusy(false));
  }

  return { submit, busy, error, fix };
}

/** Where a refused submission is put right: the photos and names, the consent, or (already submitted) the case. */
export type SubmitFix = 'capture' | 'consent' | 'case';

export function fixFor(code: string): SubmitFix | null {
  switch (code) {
    case 'DOCUMENTS_MISSING':
    case 'APPLICANT_MISSING':
    case 'UNDERAGE':
      return 'capture';
    case 'CONSENT_MISSING':
      return 'consent';
    case 'CASE_NOT_EDITABLE':
    case 'NUMBER_CANCELLED':
    case 'NUMBER_ALREADY_REGISTERED':
      return 'case';
    default:
      return null;
  }
}

/**
 * Subscription to the decision message: asked at the submit tap, never blocking it. WeChat keeps
 * the answer itself (a send to a user who declined is refused and the API skips it), so there is
 * nothing to tell the API.
 */
function askForDecisionMessage(): void {
  const tmplIds = appConfig.subscribeTemplateIds;
  if (!appConfig.isWeapp || tmplIds.length === 0) return;
  Taro.requestSubscribeMessage({
    tmplIds,
    entityIds: [],
  } as unknown as Taro.requestSubscribeMessage.Option).catch(() => {
    // Refusing the message changes nothing about the submission.
  });
}
