import { act, renderHook, waitFor } from '@testing-library/react';
import '../../src/services/auth';
import { useCaptureFlow, type CaptureDeps } from '../../src/hooks/useCaptureFlow';
import { MAX_SMS_SENDS, useSmsProof } from '../../src/hooks/useSmsProof';
import { ApiError } from '../../src/services/api/errors';
import { readSession } from '../../src/services/session';
import { mockFetch, session } from '../support/fetch';
import { aCase } from '../support/factories';

describe('useSmsProof', () => {
  it('should show the domain rule message while the number is malformed and not send', async () => {
    const net = mockFetch();
    const { result } = renderHook(() => useSmsProof());
    act(() => result.current.setPhone('1380013'));
    expect(result.current.phoneError).toContain('电话号码格式不对');
    expect(result.current.canSend).toBe(false);
    await act(() => result.current.sendCode());
    expect(net.calls).toHaveLength(0);
  });

  it('should count down before a resend once a code was sent', async () => {
    session('anon', null);
    mockFetch().reply(200, { resendAfterSeconds: 60, expiresInSeconds: 300 });
    let now = 1_000_000;
    const { result } = renderHook(() => useSmsProof(() => now));
    act(() => result.current.setPhone('138 0013 8000'));
    await act(() => result.current.sendCode());
    expect(result.current.sends).toBe(1);
    expect(result.current.resendAt).toBe(1_000_000 + 60_000);
    expect(result.current.canSend).toBe(false);
    now += 61_000;
    act(() => result.current.setCode('1'));
    expect(result.current.canSend).toBe(true);
    expect(MAX_SMS_SENDS).toBeGreaterThan(1);
  });

  it('should list the remaining ways when the number cannot receive SMS (double stop)', async () => {
    session('anon', null);
    mockFetch().reply(409, {
      error: {
        code: 'NUMBER_CANNOT_RECEIVE_SMS',
        message: '这个号码已双停，收不到短信。',
        remainingWays: ['带身份证到营业厅办理', '拨打 10086'],
      },
    });
    const { result } = renderHook(() => useSmsProof());
    act(() => result.current.setPhone('13800138000'));
    await act(() => result.current.sendCode());
    expect(result.current.remainingWays).toEqual(['带身份证到营业厅办理', '拨打 10086']);
    expect(result.current.error).toBe('这个号码已双停，收不到短信。');
  });

  it('should keep the token bound to the number, masked, once the code is right', async () => {
    session('anon', null);
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    mockFetch()
      .reply(200, { resendAfterSeconds: 60, expiresInSeconds: 300 })
      .reply(200, { token: 'proven', expiresAt });
    const { result } = renderHook(() => useSmsProof());
    act(() => result.current.setPhone('13800138000'));
    await act(() => result.current.sendCode());
    act(() => result.current.setCode('123456'));
    let ok = false;
    await act(async () => {
      ok = await result.current.verify();
    });
    expect(ok).toBe(true);
    expect(readSession()).toMatchObject({ token: 'proven', phoneMasked: '138****8000' });
  });

  it('should say how many tries are left when the code is wrong', async () => {
    session('anon', null);
    mockFetch()
      .reply(200, { resendAfterSeconds: 60, expiresInSeconds: 300 })
      .reply(400, { error: { code: 'CODE_INVALID', message: '验证码不对。', attemptsLeft: 2 } });
    const { result } = renderHook(() => useSmsProof());
    act(() => result.current.setPhone('13800138000'));
    await act(() => result.current.sendCode());
    act(() => result.current.setCode('000000'));
    await act(() => result.current.verify());
    expect(result.current.error).toBe('验证码不对。（还可以试 2 次）');
  });
});

describe('useCaptureFlow', () => {
  function deps(upload: CaptureDeps['upload']): CaptureDeps {
    return { choose: async () => 'blob:photo', upload };
  }

  it('should show upload progress and move on to the next document when done', async () => {
    let report: ((p: number) => void) | undefined;
    let finish: (() => void) | undefined;
    const upload = jest.fn(
      (opts: Parameters<CaptureDeps['upload']>[0]) =>
        new Promise<Awaited<ReturnType<CaptureDeps['upload']>>>((resolve) => {
          report = opts.onProgress;
          finish = () =>
            resolve({ id: 'd1', kind: opts.kind, width: 1, height: 1, bytes: 1, uploadedAt: '' });
        }),
    );
    const { result } = renderHook(() => useCaptureFlow(aCase(), deps(upload)));
    await act(async () => void (await result.current.choose('id_front', 'camera')));
    expect(result.current.state.docs.id_front).toEqual({ status: 'chosen', path: 'blob:photo' });
    let pending!: Promise<void>;
    act(() => {
      pending = result.current.upload('id_front');
    });
    act(() => report?.(55));
    expect(result.current.state.docs.id_front).toMatchObject({ status: 'uploading', progress: 55 });
    await act(async () => {
      finish?.();
      await pending;
    });
    expect(result.current.state.docs.id_front).toMatchObject({
      status: 'uploaded',
      documentId: 'd1',
    });
    expect(result.current.state.current).toBe(1);
    expect(upload).toHaveBeenCalledWith(
      expect.objectContaining({ caseId: 'c1', kind: 'id_front', filePath: 'blob:photo' }),
    );
  });

  it('should keep the photo and offer a retry when the upload fails', async () => {
    const upload = jest
      .fn()
      .mockRejectedValueOnce(ApiError.client('TIMEOUT'))
      .mockResolvedValueOnce({
        id: 'd9',
        kind: 'id_front',
        width: 1,
        height: 1,
        bytes: 1,
        uploadedAt: '',
      });
    const { result } = renderHook(() => useCaptureFlow(aCase(), deps(upload)));
    await act(async () => void (await result.current.choose('id_front', 'album')));
    await act(() => result.current.upload('id_front'));
    expect(result.current.state.docs.id_front).toMatchObject({
      status: 'failed',
      path: 'blob:photo',
    });
    await act(() => result.current.upload('id_front'));
    await waitFor(() =>
      expect(result.current.state.docs.id_front).toMatchObject({
        status: 'uploaded',
        documentId: 'd9',
      }),
    );
    expect(upload).toHaveBeenCalledTimes(2);
  });
});
