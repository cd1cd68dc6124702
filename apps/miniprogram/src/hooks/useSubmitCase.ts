import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { DOCUMENT_KINDS, type DocumentKind } from '@shiming/domain';
import { appConfig } from '../config';
import { api } from '../services/api/endpoints';
import { asApiError } from '../services/api/errors';
import type { SubscriberCase } from '../services/api/types';
import { retakeMessage } from '../services/qualityWords';
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
  const [retake, setRetake] = useState<DocumentKind[]>([]);

  function submit(): Promise<SubscriberCase | null> {
    askForDecisionMessage();
    setBusy(true);
    setError(null);
    setFix(null);
    setRetake([]);
    return submitter
      .submit()
      .catch((err: unknown) => {
        const e = asApiError(err);
        const photos = e.details.retake ?? [];
        // Name each photo and what was wrong with it, whatever the API's own sentence says.
        setError(
          e.code === 'PHOTO_QUALITY_FAILED' && photos.length > 0
            ? retakeMessage(photos)
            : e.message,
        );
        setFix(fixFor(e.code));
        setRetake(photos.map((p) => p.kind).filter(isDocumentKind));
        return null;
      })
      .finally(() => setBusy(false));
  }

  return { submit, busy, error, fix, retake };
}

function isDocumentKind(kind: string): kind is DocumentKind {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, kind);
}

/**
 * Where a refused submission is put right: the photos and names, photos to retake for their
 * quality, the consent, or (already submitted) the case.
 */
export type SubmitFix = 'capture' | 'retake' | 'consent' | 'case';

export function fixFor(code: string): SubmitFix | null {
  switch (code) {
    case 'PHOTO_QUALITY_FAILED':
      return 'retake';
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
