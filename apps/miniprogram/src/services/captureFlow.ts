import type { DocumentKind } from '@shiming/domain';
import type { PhotoQuality } from './api/types';

/**
 * Where one document is on its way from the camera to the API. An uploaded photo carries the
 * API's quality verdict; one that did not pass waits for the subscriber to retake it (or, for a
 * warning, to keep it: `kept`).
 */
export type DocState =
  | { status: 'empty' }
  | { status: 'chosen'; path: string }
  | { status: 'uploading'; path: string; progress: number }
  | {
      status: 'uploaded';
      path: string | null;
      documentId: string;
      quality?: PhotoQuality | null;
      kept?: boolean;
    }
  | { status: 'failed'; path: string; error: string };

/** A document uploaded earlier in this or a previous visit. */
export interface UploadedBefore {
  kind: DocumentKind;
  id: string;
  quality?: PhotoQuality | null;
}

export interface CaptureState {
  /** The documents to capture in this visit, in order (all required, or only those to redo). */
  steps: DocumentKind[];
  current: number;
  docs: Partial<Record<DocumentKind, DocState>>;
}

export type CaptureAction =
  | { type: 'chosen'; kind: DocumentKind; path: string }
  | { type: 'progress'; kind: DocumentKind; progress: number }
  | { type: 'uploaded'; kind: DocumentKind; documentId: string; quality?: PhotoQuality | null }
  | { type: 'failed'; kind: DocumentKind; error: string }
  | { type: 'keep'; kind: DocumentKind }
  | { type: 'retake'; kind: DocumentKind }
  | { type: 'go'; index: number };

/**
 * Photos uploaded on an earlier visit count as done, except one that failed the quality checks
 * (it waits for a retake, as it did right after its upload); a warning was already seen then.
 */
export function initialCapture(
  steps: DocumentKind[],
  alreadyUploaded: UploadedBefore[] = [],
): CaptureState {
  const docs: CaptureState['docs'] = {};
  for (const kind of steps) docs[kind] = { status: 'empty' };
  for (const d of alreadyUploaded) {
    if (!steps.includes(d.kind)) continue;
    docs[d.kind] = {
      status: 'uploaded',
      path: null,
      documentId: d.id,
      ...(d.quality ? { quality: d.quality, kept: d.quality.verdict === 'warn' } : {}),
    };
  }
  const state: CaptureState = { steps, current: 0, docs };
  const firstOpen = firstUnready(state);
  return { ...state, current: firstOpen === -1 ? Math.max(steps.length - 1, 0) : firstOpen };
}

/**
 * Whether the subscriber may keep a photo that did not pass: a warning always; a failure only
 * when the API says it does not block the submission (the tenant only warns). Without that word
 * from the API a failure is retaken.
 */
export function canKeep(quality: PhotoQuality): boolean {
  return quality.verdict === 'warn' || (quality.verdict === 'fail' && quality.blocking === false);
}

/** Uploaded, and either passed the checks or kept by the subscriber after a warning. */
export function isReady(doc: DocState): boolean {
  if (doc.status !== 'uploaded') return false;
  return !doc.quality || doc.quality.verdict === 'pass' || doc.kept === true;
}

/** An uploaded photo whose verdict the subscriber still has to act on. */
export function needsDecision(doc: DocState): boolean {
  return doc.status === 'uploaded' && !isReady(doc);
}

function firstUnready(state: CaptureState): number {
  return state.steps.findIndex((k) => !isReady(docState(state, k)));
}

export function docState(state: CaptureState, kind: DocumentKind): DocState {
  return state.docs[kind] ?? { status: 'empty' };
}

export function captureReducer(state: CaptureState, action: CaptureAction): CaptureState {
  switch (action.type) {
    case 'go':
      return {
        ...state,
        current: Math.min(Math.max(action.index, 0), Math.max(state.steps.length - 1, 0)),
      };
    case 'chosen':
      return withDoc(state, action.kind, { status: 'chosen', path: action.path });
    case 'retake':
      return withDoc(state, action.kind, { status: 'empty' });
    case 'progress': {
      const doc = docState(state, action.kind);
      if (doc.status !== 'chosen' && doc.status !== 'uploading' && doc.status !== 'failed')
        return state;
      const progress = Math.min(Math.max(Math.round(action.progress), 0), 100);
      return withDoc(state, action.kind, { status: 'uploading', path: doc.path, progress });
    }
    case 'uploaded': {
      const doc = docState(state, action.kind);
      const path = 'path' in doc ? doc.path : null;
      const next = withDoc(state, action.kind, {
        status: 'uploaded',
        path,
        documentId: action.documentId,
        ...(action.quality ? { quality: action.quality } : {}),
      });
      // A photo that did not pass stays on screen with its verdict; otherwise move on.
      return isReady(docState(next, action.kind)) ? moveOn(next) : next;
    }
    case 'keep': {
      const doc = docState(state, action.kind);
      if (doc.status !== 'uploaded' || !doc.quality || !canKeep(doc.quality)) return state;
      return moveOn(withDoc(state, action.kind, { ...doc, kept: true }));
    }
    case 'failed': {
      const doc = docState(state, action.kind);
      if (!('path' in doc) || doc.path === null) return state;
      return withDoc(state, action.kind, { status: 'failed', path: doc.path, error: action.error });
    }
  }
}

/** Move on to the next document still to do, if any. */
function moveOn(state: CaptureState): CaptureState {
  const open = firstUnready(state);
  return open === -1 ? state : { ...state, current: open };
}

/** Every photo uploaded, and none waiting for a retake or a "keep it anyway". */
export function allUploaded(state: CaptureState): boolean {
  return state.steps.length > 0 && state.steps.every((k) => isReady(docState(state, k)));
}

export function uploadedCount(state: CaptureState): number {
  return state.steps.filter((k) => docState(state, k).status === 'uploaded').length;
}

function withDoc(state: CaptureState, kind: DocumentKind, doc: DocState): CaptureState {
  if (!state.steps.includes(kind)) return state;
  return { ...state, docs: { ...state.docs, [kind]: doc } };
}
