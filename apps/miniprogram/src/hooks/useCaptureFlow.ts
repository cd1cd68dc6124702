import { useReducer } from 'react';
import type { DocumentKind } from '@shiming/domain';
import { toUserMessage } from '../services/api/errors';
import type { SubscriberCase } from '../services/api/types';
import {
  captureReducer,
  docState,
  initialCapture,
  type CaptureState,
} from '../services/captureFlow';
import { choosePhoto, MediaCancelled, PrivacyRefused, type PhotoSource } from '../services/media';
import { uploadDocument } from '../services/upload';

export interface CaptureDeps {
  choose: (source: PhotoSource) => Promise<string>;
  upload: typeof uploadDocument;
}

const defaultDeps: CaptureDeps = { choose: choosePhoto, upload: uploadDocument };

/**
 * The documents to capture: on a resubmission only those the agent asked to
 * redo; otherwise every required one (the API lists them with requiredDocuments()
 * of @shiming/domain), skipping those already uploaded and still valid.
 */
export function captureSteps(kase: SubscriberCase): {
  steps: DocumentKind[];
  done: { kind: DocumentKind; id: string }[];
} {
  if (kase.state === 'needs_resubmission' && kase.resubmission) {
    return { steps: kase.resubmission.redo, done: [] };
  }
  const done = kase.documents.filter((d) => !d.stale).map((d) => ({ kind: d.kind, id: d.id }));
  return { steps: kase.requiredDocuments, done };
}

export function useCaptureFlow(kase: SubscriberCase, deps: CaptureDeps = defaultDeps) {
  const [state, dispatch] = useReducer(captureReducer, kase, (k): CaptureState => {
    const { steps, done } = captureSteps(k);
    return initialCapture(steps, done);
  });

  async function choose(kind: DocumentKind, source: PhotoSource): Promise<string | null> {
    try {
      const path = await deps.choose(source);
      dispatch({ type: 'chosen', kind, path });
      return null;
    } catch (err) {
      if (err instanceof MediaCancelled) return null;
      if (err instanceof PrivacyRefused) return err.message;
      return '没能打开相机或相册，请再试一次。';
    }
  }

  async function upload(kind: DocumentKind): Promise<void> {
    const doc = docState(state, kind);
    if (doc.status !== 'chosen' && doc.status !== 'failed') return;
    dispatch({ type: 'progress', kind, progress: 0 });
    try {
      const uploaded = await deps.upload({
        caseId: kase.id,
        kind,
        filePath: doc.path,
        onProgress: (p) => dispatch({ type: 'progress', kind, progress: p }),
      });
      dispatch({ type: 'uploaded', kind, documentId: uploaded.id });
    } catch (err) {
      dispatch({ type: 'failed', kind, error: toUserMessage(err) });
    }
  }

  return {
    state,
    choose,
    upload,
    retake: (kind: DocumentKind) => dispatch({ type: 'retake', kind }),
    go: (index: number) => dispatch({ type: 'go', index }),
  };
}
