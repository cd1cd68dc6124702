import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { appConfig } from '../config';
import { api } from '../services/api/endpoints';
import { toUserMessage } from '../services/api/errors';
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
    () => createSubmitter<SubscriberCase>({ caseId, send: (key) => api.submit(caseId, key), storage: taroStorage }),
    [caseId],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function submit(): Promise<SubscriberCase | null> {
    askForDecisionMessage();
    setBusy(true);
    setError(null);
    return submitter
      .submit()
      .catch((err: unknown) => {
        setError(toUserMessage(err));
        return null;
      })
      .finally(() => setBusy(false));
  }

  return { submit, busy, error };
}

/** Subscription to the decision message: asked at the submit tap, never blocking it. */
function askForDecisionMessage(): void {
  const tmplIds = appConfig.subscribeTemplateIds;
  if (!appConfig.isWeapp || tmplIds.length === 0) return;
  Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option)
    .then((res) => {
      const accepted = tmplIds.filter((id) => (res as unknown as Record<string, string>)[id] === 'accept');
      return accepted.length > 0 ? api.subscribe(accepted) : undefined;
    })
    .catch(() => {
      // Refusing the message changes nothing about the submission.
    });
}
