import type { DocumentKind } from '@shiming/domain';

/** Where one document is on its way from the camera to the API. */
export type DocState =
  | { status: 'empty' }
  | { status: 'chosen'; path: string }
  | { status: 'uploading'; path: string; progress: number }
  | { status: 'uploaded'; path: string | null; documentId: string }
  | { status: 'failed'; path: string; error: string };

export interface CaptureState {
  /** The documents to capture in this visit, in order (all required, or only those to redo). */
  steps: DocumentKind[];
  current: number;
  docs: Partial<Record<DocumentKind, DocState>>;
}

export type CaptureAction =
  | { type: 'chosen'; kind: DocumentKind; path: string }
  | { type: 'progress'; kind: DocumentKind; progress: number }
  | { type: 'uploaded'; kind: DocumentKind; documentId: string }
  | { type: 'failed'; kind: DocumentKind; error: string }
  | { type: 'retake'; kind: DocumentKind }
  | { type: 'go'; index: number };

export function initialCapture(
  steps: DocumentKind[],
  alreadyUploaded: { kind: DocumentKind; id: string }[] = [],
): CaptureState {
  const docs: CaptureState['docs'] = {};
  for (const kind of steps) docs[kind] = { status: 'empty' };
  for (const d of alreadyUploaded) {
    if (steps.includes(d.kind)) docs[d.kind] = { status: 'uploaded', path: null, documentId: d.id };
  }
  const firstOpen = steps.findIndex((k) => docs[k]?.status !== 'uploaded');
  return { steps, current: firstOpen === -1 ? Math.max(steps.length - 1, 0) : firstOpen, docs };
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
      });
      // Move on to the next document still to do, if any.
      const open = next.steps.findIndex((k) => docState(next, k).status !== 'uploaded');
      return open === -1 ? next : { ...next, current: open };
    }
    case 'failed': {
      const doc = docState(state, action.kind);
      if (!('path' in doc) || doc.path === null) return state;
      return withDoc(state, action.kind, { status: 'failed', path: doc.path, error: action.error });
    }
  }
}

export function allUploaded(state: CaptureState): boolean {
  return (
    state.steps.length > 0 && state.steps.every((k) => docState(state, k).status === 'uploaded')
  );
}

export function uploadedCount(state: CaptureState): number {
  return state.steps.filter((k) => docState(state, k).status === 'uploaded').length;
}

function withDoc(state: CaptureState, kind: DocumentKind, doc: DocState): CaptureState {
  if (!state.steps.includes(kind)) return state;
  return { ...state, docs: { ...state.docs, [kind]: doc } };
}
