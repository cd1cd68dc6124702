import { captureSteps } from '../../src/hooks/useCaptureFlow';
import { aCase } from '../support/factories';
import {
  allUploaded,
  captureReducer,
  docState,
  initialCapture,
} from '../../src/services/captureFlow';

describe('capture flow', () => {
  it('should start at the first document not yet uploaded', () => {
    const s = initialCapture(
      ['id_front', 'id_back', 'id_handheld'],
      [{ kind: 'id_front', id: 'd1' }],
    );
    expect(s.current).toBe(1);
    expect(docState(s, 'id_front')).toEqual({ status: 'uploaded', path: null, documentId: 'd1' });
  });

  it('should go chosen → uploading → uploaded and move to the next document', () => {
    let s = initialCapture(['id_front', 'id_back']);
    s = captureReducer(s, { type: 'chosen', kind: 'id_front', path: 'blob:1' });
    s = captureReducer(s, { type: 'progress', kind: 'id_front', progress: 42.4 });
    expect(docState(s, 'id_front')).toEqual({ status: 'uploading', path: 'blob:1', progress: 42 });
    s = captureReducer(s, { type: 'uploaded', kind: 'id_front', documentId: 'd1' });
    expect(s.current).toBe(1);
    expect(allUploaded(s)).toBe(false);
  });

  it('should keep the photo for a retry when an upload fails, and forget it on retake', () => {
    let s = initialCapture(['id_front']);
    s = captureReducer(s, { type: 'chosen', kind: 'id_front', path: 'blob:1' });
    s = captureReducer(s, { type: 'progress', kind: 'id_front', progress: 10 });
    s = captureReducer(s, { type: 'failed', kind: 'id_front', error: '网络太慢' });
    expect(docState(s, 'id_front')).toEqual({
      status: 'failed',
      path: 'blob:1',
      error: '网络太慢',
    });
    s = captureReducer(s, { type: 'retake', kind: 'id_front' });
    expect(docState(s, 'id_front')).toEqual({ status: 'empty' });
  });

  it('should ignore progress for a document with no photo and kinds outside the steps', () => {
    const s = initialCapture(['id_front']);
    expect(captureReducer(s, { type: 'progress', kind: 'id_front', progress: 5 })).toBe(s);
    expect(captureReducer(s, { type: 'chosen', kind: 'id_back', path: 'x' })).toBe(s);
  });

  it('should ask only for the documents to redo when the case needs resubmission', () => {
    const kase = aCase({
      state: 'needs_resubmission',
      documents: [
        { id: 'd1', kind: 'id_front', uploadedAt: '', stale: false },
        { id: 'd2', kind: 'id_back', uploadedAt: '', stale: true },
        { id: 'd3', kind: 'id_handheld', uploadedAt: '', stale: false },
      ],
      resubmission: {
        items: [{ reason: 'BLURRY', label: '照片模糊', document: 'id_back' }],
        message: '',
        redo: ['id_back'],
      },
    });
    expect(captureSteps(kase).steps).toEqual(['id_back']);
  });

  it('should ask for every required document and count the valid uploads as done on a draft', () => {
    const kase = aCase({
      documents: [{ id: 'd1', kind: 'id_front', uploadedAt: '', stale: false }],
    });
    expect(captureSteps(kase)).toEqual({
      steps: ['id_front', 'id_back', 'id_handheld'],
      done: [{ kind: 'id_front', id: 'd1' }],
    });
  });
});
