import { useReducer } from 'react';
import type { DocumentKind } from '@shiming/domain';
import { toUserMessage } from '../services/api/errors';
import type { SubscriberCase } from '../services/api/types';
import {
  captureReducer,
  docState,
  initialCapture,
  type CaptureState,
  type UploadedBefore,
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
 * of @shiming/domain), skipping those already uploaded and still valid — except
 * those to `retake` (the submission was refused for their quality).
 */
export function captureSteps(
  kase: SubscriberCase,
  retake: readonly DocumentKind[] = [],
): {
  steps: DocumentKind[];
  done: UploadedBefore[];
} {
  if (kase.state === 'needs_resubmission' && kase.resubmission) {
    return { steps: kase.resubmission.redo, done: [] };
  }
  const done = kase.documents
    .filter((d) => !d.stale && !retake.includes(d.kind))
    .map((d): UploadedBefore => ({
      kind: d.kind,
      id: d.id,
      ...(d.quality ? { quality: d.quality } : {}),
    }));
  return { steps: kase.requiredDocuments, done };
}

export function useCaptureFlow(
  kase: SubscriberCase,
  deps: CaptureDeps = defaultDeps,
  retake: readonly DocumentKind[] = [],
) {
  const [state, dispatch] = useReducer(captureReducer, kase, (k): CaptureState => {
    const { steps, done } = captureSteps(k, retake);
    // The photos to retake are not among those done: the flow opens on the first of them.
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
      dispatch({ type: 'uploaded', kind, documentId: uploaded.id, quality: uploaded.quality });
    } catch (err) {
      dispatch({ type: 'failed', kind, error: toUserMessage(err) });
    }
  }

  return {
    state,
    choose,
    upload,
    retake: (kind: DocumentKind) => dispatch({ type: 'retake', kind }),
    /** Keep a photo the checks only warned about. */
    keep: (kind: DocumentKind) => dispatch({ type: 'keep', kind }),
    go: (index: number) => dispatch({ type: 'go', index }),
  };
}
