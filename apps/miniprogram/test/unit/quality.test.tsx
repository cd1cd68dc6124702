/**
 * Issue 8 on the subscriber's side: the quality verdict right after an upload (retake, or keep a
 * warning), a submission refused for photo quality, and the OCR prefill of the name and ID number.
 */
import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import '../../src/services/auth';
import { captureSteps } from '../../src/hooks/useCaptureFlow';
import { useOcrPrefill } from '../../src/hooks/useOcrPrefill';
import type { OcrReading, PhotoQuality } from '../../src/services/api/types';
import { ApiError } from '../../src/services/api/errors';
import {
  allUploaded,
  captureReducer,
  docState,
  initialCapture,
  needsDecision,
} from '../../src/services/captureFlow';
import { brandingStore } from '../../src/services/branding';
import { CaptureFlow } from '../../src/register/capture/CaptureFlow';
import { Summary } from '../../src/register/review/index';
import { mockFetch, session } from '../support/fetch';
import { aCase } from '../support/factories';

const pass: PhotoQuality = {
  verdict: 'pass',
  checks: [
    { code: 'blur', score: 310, threshold: 120, verdict: 'pass', message: '清晰' },
    { code: 'glare', score: 0, threshold: 3, verdict: 'pass', message: '没有反光' },
  ],
};
const blurred: PhotoQuality = {
  verdict: 'fail',
  blocking: true,
  checks: [
    {
      code: 'blur',
      score: 31,
      threshold: 120,
      verdict: 'fail',
      message: '拿稳手机，对好焦再拍，光线暗时开灯。',
    },
    { code: 'glare', score: 0, threshold: 3, verdict: 'pass', message: '没有反光' },
  ],
};
const farAway: PhotoQuality = {
  verdict: 'warn',
  checks: [
    { code: 'framing', score: 0.31, threshold: 0.35, verdict: 'warn', message: 'too small' },
  ],
};

const uploaded = (kind: string, quality?: PhotoQuality) => ({
  id: `d-${kind}`,
  kind,
  width: 1600,
  height: 1000,
  bytes: 120000,
  uploadedAt: '2016-11-01T00:00:00Z',
  ...(quality ? { quality } : {}),
});

beforeEach(() => brandingStore.set({ status: 'loading' }));

describe('capture flow with quality verdicts', () => {
  it('should stay on a photo that failed the checks and move on only once it is retaken and passes', () => {
    let s = initialCapture(['id_front', 'id_back']);
    s = captureReducer(s, { type: 'chosen', kind: 'id_front', path: 'blob:1' });
    s = captureReducer(s, {
      type: 'uploaded',
      kind: 'id_front',
      documentId: 'd1',
      quality: blurred,
    });
    expect(s.current).toBe(0);
    expect(needsDecision(docState(s, 'id_front'))).toBe(true);
    // A failed photo cannot be kept.
    expect(captureReducer(s, { type: 'keep', kind: 'id_front' })).toBe(s);
    s = captureReducer(s, { type: 'retake', kind: 'id_front' });
    s = captureReducer(s, { type: 'chosen', kind: 'id_front', path: 'blob:2' });
    s = captureReducer(s, { type: 'uploaded', kind: 'id_front', documentId: 'd2', quality: pass });
    expect(s.current).toBe(1);
  });

  it('should move on when the subscriber keeps a photo the checks only warned about', () => {
    let s = initialCapture(['id_front', 'id_back']);
    s = captureReducer(s, { type: 'chosen', kind: 'id_front', path: 'blob:1' });
    s = captureReducer(s, {
      type: 'uploaded',
      kind: 'id_front',
      documentId: 'd1',
      quality: farAway,
    });
    expect(s.current).toBe(0);
    s = captureReducer(s, { type: 'keep', kind: 'id_front' });
    expect(s.current).toBe(1);
    expect(docState(s, 'id_front')).toMatchObject({ status: 'uploaded', kept: true });
  });

  it('should let the subscriber keep a failed photo only when the tenant does not block on it', () => {
    let s = initialCapture(['id_front', 'id_back']);
    s = captureReducer(s, { type: 'chosen', kind: 'id_front', path: 'blob:1' });
    const onlyWarned = { ...blurred, blocking: false };
    s = captureReducer(s, {
      type: 'uploaded',
      kind: 'id_front',
      documentId: 'd1',
      quality: onlyWarned,
    });
    expect(s.current).toBe(0);
    s = captureReducer(s, { type: 'keep', kind: 'id_front' });
    expect(s.current).toBe(1);
    // An API that does not say: retake.
    const { blocking: _unsaid, ...unsaid } = blurred;
    let t = initialCapture(['id_front']);
    t = captureReducer(t, { type: 'chosen', kind: 'id_front', path: 'blob:1' });
    t = captureReducer(t, {
      type: 'uploaded',
      kind: 'id_front',
      documentId: 'd1',
      quality: unsaid,
    });
    expect(captureReducer(t, { type: 'keep', kind: 'id_front' })).toBe(t);
  });

  it('should not count a failed photo from an earlier visit as done, but a warned one as seen', () => {
    const s = initialCapture(
      ['id_front', 'id_back'],
      [
        { kind: 'id_front', id: 'd1', quality: farAway },
        { kind: 'id_back', id: 'd2', quality: blurred },
      ],
    );
    expect(s.current).toBe(1);
    expect(allUploaded(s)).toBe(false);
  });

  it('should ask again for the photos to retake after a refused submission, keeping the others', () => {
    const kase = aCase({
      documents: ['id_front', 'id_back', 'id_handheld'].map((kind) => ({
        id: `d-${kind}`,
        kind: kind as 'id_front',
        uploadedAt: '',
        stale: false,
      })),
    });
    const { steps, done } = captureSteps(kase, ['id_back']);
    expect(steps).toEqual(['id_front', 'id_back', 'id_handheld']);
    expect(done.map((d) => d.kind)).toEqual(['id_front', 'id_handheld']);
    expect(initialCapture(steps, done).current).toBe(1);
  });
});

describe('Capture screen: the verdict after each upload', () => {
  function photoTaken(paths: string[]) {
    return jest
      .spyOn(Taro, 'chooseImage')
      .mockImplementation(
        async () => ({ tempFilePaths: [paths.shift() ?? 'blob:x'], errMsg: 'ok' }) as never,
      );
  }
  function uploadsAnswer(...answers: object[]) {
    return jest.spyOn(Taro, 'uploadFile').mockImplementation(((opts: Taro.uploadFile.Option) => {
      const body = answers.shift();
      setTimeout(() => opts.success?.({ statusCode: 201, data: JSON.stringify(body) } as never));
      return { onProgressUpdate: () => undefined };
    }) as never);
  }

  it('should tell the subscriber a blurred photo must be retaken, and replace it with the retake', async () => {
    session();
    const choose = photoTaken(['blob:blurred', 'blob:sharp']);
    const upload = uploadsAnswer(uploaded('id_front', blurred), uploaded('id_front', pass));
    render(<CaptureFlow kase={aCase()} />);

    fireEvent.click(screen.getByText('拍照'));
    fireEvent.click(await screen.findByText('清楚，上传这张'));
    expect(await screen.findByText('照片模糊，请重拍')).toBeTruthy();
    expect(screen.getByText('· 拿稳手机，对好焦再拍，光线暗时开灯。')).toBeTruthy();
    expect(screen.queryByText('仍然使用这张')).toBeNull(); // a failure is not kept
    expect(screen.getByText(/! 机主身份证人像面/)).toBeTruthy();
    expect(screen.getByText('拍：机主身份证人像面')).toBeTruthy(); // still on this photo

    fireEvent.click(screen.getByText('重新拍摄'));
    await waitFor(() => expect(choose).toHaveBeenCalledTimes(2));
    expect(choose.mock.calls[1]?.[0]).toMatchObject({ sourceType: ['camera'] });
    fireEvent.click(await screen.findByText('清楚，上传这张'));
    expect(await screen.findByText('拍：机主身份证国徽面')).toBeTruthy();
    expect(upload).toHaveBeenCalledTimes(2);
    expect(upload.mock.calls.map((c) => (c[0] as { url: string }).url)).toEqual([
      '/api/cases/c1/documents/id_front',
      '/api/cases/c1/documents/id_front',
    ]);
    expect(screen.getByText(/✓ 机主身份证人像面/)).toBeTruthy();
  });

  it('should offer to keep a photo the checks only warned about, with the advice in Chinese', async () => {
    session();
    photoTaken(['blob:far']);
    uploadsAnswer(uploaded('id_front', farAway));
    render(<CaptureFlow kase={aCase()} />);
    fireEvent.click(screen.getByText('拍照'));
    fireEvent.click(await screen.findByText('清楚，上传这张'));
    expect(await screen.findByText('证件离得有点远，建议重拍')).toBeTruthy();
    // The API's advice was not Chinese: ours is shown instead.
    expect(screen.getByText(/四个角都要拍进来/)).toBeTruthy();
    expect(screen.getByText('重新拍摄')).toBeTruthy();
    fireEvent.click(screen.getByText('仍然使用这张'));
    expect(await screen.findByText('拍：机主身份证国徽面')).toBeTruthy();
  });

  it('should offer to keep a failed photo when the carrier only warns', async () => {
    session();
    photoTaken(['blob:blurred']);
    uploadsAnswer(uploaded('id_front', { ...blurred, blocking: false }));
    render(<CaptureFlow kase={aCase()} />);
    fireEvent.click(screen.getByText('拍照'));
    fireEvent.click(await screen.findByText('清楚，上传这张'));
    expect(await screen.findByText('照片模糊，请重拍')).toBeTruthy();
    fireEvent.click(screen.getByText('仍然使用这张'));
    expect(await screen.findByText('拍：机主身份证国徽面')).toBeTruthy();
  });

  it('should move straight on with a tick when the photo passes', async () => {
    session();
    photoTaken(['blob:ok']);
    uploadsAnswer(uploaded('id_front', pass));
    render(<CaptureFlow kase={aCase()} />);
    fireEvent.click(screen.getByText('拍照'));
    fireEvent.click(await screen.findByText('清楚，上传这张'));
    expect(await screen.findByText('拍：机主身份证国徽面')).toBeTruthy();
    expect(screen.getByText(/✓ 机主身份证人像面/)).toBeTruthy();
    expect(screen.queryByText('重新拍摄')).toBeNull();
  });
});

describe('Review: a submission refused for photo quality', () => {
  const complete = () =>
    aCase({
      applicant: { nameMasked: '张*', idNumberMasked: '5223**********1234' },
      documents: ['id_front', 'id_back', 'id_handheld'].map((kind, i) => ({
        id: `d${i}`,
        kind: kind as 'id_front',
        uploadedAt: '',
        stale: false,
      })),
    });

  it('should name the photo to retake and what is wrong, and lead to the camera for it', async () => {
    session();
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
    mockFetch().reply(422, {
      error: {
        code: 'PHOTO_QUALITY_FAILED',
        message: 'photo quality',
        documents: [{ kind: 'id_front', checks: ['blur', 'glare'] }],
      },
    });
    render(<Summary kase={complete()} />);
    fireEvent.click(screen.getByText('确认无误，提交'));
    expect(
      await screen.findByText('这些照片不够清楚，请重拍后再提交：机主身份证人像面（模糊、反光）。'),
    ).toBeTruthy();
    fireEvent.click(screen.getByText('重拍机主身份证人像面'));
    expect(navigate).toHaveBeenCalledWith({
      url: '/register/capture/index?id=c1&retake=id_front',
    });
  });

  it('should ask for the retake before any submission when a photo already blocks it', () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
    const kase = complete();
    kase.documents[1] = { ...kase.documents[1]!, quality: { ...blurred, blocking: true } };
    kase.documents[0] = { ...kase.documents[0]!, quality: { ...blurred, blocking: false } };
    render(<Summary kase={kase} />);
    expect(screen.getByText('✗ 需要重拍：机主身份证国徽面（模糊）')).toBeTruthy();
    expect(screen.queryByText('确认无误，提交')).toBeNull();
    fireEvent.click(screen.getByText('重拍机主身份证国徽面'));
    expect(navigate).toHaveBeenCalledWith({
      url: '/register/capture/index?id=c1&retake=id_back',
    });
  });

  it('should keep a Chinese fallback when the API names no photo', () => {
    const e = ApiError.fromResponse(422, { error: { code: 'PHOTO_QUALITY_FAILED' } });
    expect(e.message).toBe('有照片不够清楚，请重拍后再提交。');
    expect(
      ApiError.fromResponse(422, {
        code: 'PHOTO_QUALITY_FAILED',
        message: '照片不合格',
        documents: [{ kind: 'id_back', checks: ['framing', 3] }, { checks: [] }],
      }).details.retake,
    ).toEqual([{ kind: 'id_back', checks: ['framing'] }]);
  });
});

describe('OCR prefill', () => {
  const reading = (r: OcrReading) => Promise.resolve(r);

  it('should wait while the card is being read and offer the values once done', async () => {
    const answers: OcrReading[] = [
      { status: 'pending' },
      { status: 'pending' },
      { status: 'done', name: '张三', idNumber: '110101199003070011', validUntil: '2030-01-01' },
    ];
    const read = jest.fn(() => reading(answers.shift()!));
    const { result } = renderHook(() => useOcrPrefill('c1', true, { read, intervalMs: 5 }));
    expect(result.current.waiting).toBe(true);
    await waitFor(() => expect(result.current.offer).not.toBeNull());
    expect(result.current.offer).toEqual({ name: '张三', idNumber: '110101199003070011' });
    expect(result.current.waiting).toBe(false);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('should give up quietly when the card is still pending after the wait', async () => {
    const read = jest.fn(() => reading({ status: 'pending' }));
    const { result } = renderHook(() =>
      useOcrPrefill('c1', true, { read, intervalMs: 5, maxWaitMs: 20 }),
    );
    await waitFor(() => expect(result.current.waiting).toBe(false));
    expect(result.current.offer).toBeNull();
    expect(read).toHaveBeenCalledTimes(5);
  });

  it('should ask once and offer nothing when OCR is off for the carrier', async () => {
    const read = jest.fn(() => reading({ status: 'disabled' }));
    const { result } = renderHook(() => useOcrPrefill('c1', true, { read, intervalMs: 5 }));
    await waitFor(() => expect(result.current.waiting).toBe(false));
    expect(result.current.offer).toBeNull();
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('should not ask before the form is shown', () => {
    const read = jest.fn(() => reading({ status: 'done', name: '张三' }));
    renderHook(() => useOcrPrefill('c1', false, { read }));
    expect(read).not.toHaveBeenCalled();
  });

  const allPhotos = () =>
    aCase({
      documents: ['id_front', 'id_back', 'id_handheld'].map((kind) => ({
        id: `d-${kind}`,
        kind: kind as 'id_front',
        uploadedAt: '',
        stale: false,
      })),
    });

  it('should fill the fields from the card only when tapped, and save what the subscriber confirms', async () => {
    session();
    const log = jest.spyOn(console, 'log');
    const info = jest.spyOn(console, 'info');
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
    const net = mockFetch()
      .reply(200, { status: 'done', name: '张三', idNumber: '110101199003070011' })
      .reply(200, {
        nameMasked: '张*',
        idNumberMasked: '1101**********0011',
        age: 26,
        sex: 'male',
      });
    render(<CaptureFlow kase={allPhotos()} />);
    expect(await screen.findByText('姓名 张三')).toBeTruthy();
    expect(screen.getByText('110101199003070011').parentElement?.textContent).toBe(
      '身份证号 110101199003070011',
    );
    const inputs = () => Array.from(document.querySelectorAll('input'));
    // Taro's H5 <Input> is a custom element that renders its <input> a tick after the text
    // around it: wait for both fields before reading them (reading at once failed 1 run in 3).
    await waitFor(() => expect(inputs()).toHaveLength(2));
    expect(inputs().map((i) => i.value)).toEqual(['', '']);
    expect(net.calls).toHaveLength(1); // nothing saved by the offer itself

    fireEvent.click(screen.getByText('使用识别结果'));
    await waitFor(() =>
      expect(inputs().map((i) => i.value)).toEqual(['张三', '110101199003070011']),
    );
    expect(screen.getByText(/已填入识别结果/)).toBeTruthy();
    expect(screen.queryByText('使用识别结果')).toBeNull();
    expect(net.calls).toHaveLength(1); // still nothing saved: the subscriber confirms

    fireEvent.click(screen.getByText('下一步：核对信息'));
    await waitFor(() => expect(redirect).toHaveBeenCalled());
    expect(net.calls[1]).toMatchObject({
      method: 'PUT',
      url: '/api/cases/c1/applicant',
      body: { name: '张三', idNumber: '110101199003070011' },
    });
    const logged = JSON.stringify([...log.mock.calls, ...info.mock.calls]);
    expect(logged).not.toContain('110101199003070011');
    expect(logged).not.toContain('张三');
  });

  it('should leave the fields to the subscriber when OCR is off', async () => {
    session();
    const net = mockFetch().reply(200, { status: 'disabled' });
    render(<CaptureFlow kase={allPhotos()} />);
    await waitFor(() => expect(net.pending).toBe(0));
    await act(() => Promise.resolve());
    expect(screen.queryByText('使用识别结果')).toBeNull();
    expect(screen.queryByText(/正在从证件照片识别/)).toBeNull();
    expect(screen.getByText('机主姓名')).toBeTruthy();
  });
});
