import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import '../../src/services/auth';
import { brandingStore } from '../../src/services/branding';
import Home from '../../src/pages/home/index';
import { Summary } from '../../src/register/review/index';
import NoticeVerifyPage from '../../src/notice/verify/index';
import ApplicantPage from '../../src/register/applicant/index';
import ConsentPage from '../../src/register/consent/index';
import { mockFetch, session } from '../support/fetch';
import { aBranding, aCase } from '../support/factories';

beforeEach(() => brandingStore.set({ status: 'loading' }));

describe('Home page', () => {
  it('should show a clear error with a retry, then the brand and hotline, when the API comes back', async () => {
    const net = mockFetch()
      .reply(503, { error: { code: 'UNAVAILABLE', message: '系统维护中，请稍后再试。' } })
      .reply(200, aBranding());
    render(<Home />);
    expect(await screen.findByText('系统维护中，请稍后再试。')).toBeTruthy();
    expect(screen.getByText('实名认证')).toBeTruthy(); // the entry still works: no blank screen
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('黔西南移动')).toBeTruthy();
    expect(screen.getByText('拨打 10086')).toBeTruthy();
    expect(screen.getByText(/2016年11月1日/)).toBeTruthy();
    expect(net.calls.every((c) => c.url === '/api/tenants/qxn-mobile/branding')).toBe(true);
  });
});

describe('Who is registering', () => {
  it('should explain why proxies are refused when the carrier does not accept them', async () => {
    mockFetch().reply(
      200,
      aBranding({
        displayName: '黔西南联通',
        policy: { ...aBranding().policy, proxyAllowed: false },
      }),
    );
    render(<ApplicantPage />);
    expect(await screen.findByText(/黔西南联通不支持他人代办实名登记/)).toBeTruthy();
    expect(screen.getByText(/机主身份证人像面/)).toBeTruthy();
  });
});

describe('Review and submit', () => {
  it('should make exactly one submit request when the button is tapped twice', async () => {
    session();
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
    const net = mockFetch().reply(200, aCase({ state: 'submitted' }));
    const kase = aCase({
      applicant: { nameMasked: '张*', idNumberMasked: '5223**********1234' },
      documents: ['id_front', 'id_back', 'id_handheld'].map((kind, i) => ({
        id: `d${i}`,
        kind: kind as 'id_front',
        uploadedAt: '',
        stale: false,
      })),
    });
    render(<Summary kase={kase} />);
    expect(screen.getByText('身份证号：5223**********1234')).toBeTruthy();
    const button = screen.getByText('确认无误，提交');
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url: '/case/detail/index?id=c1' }));
    expect(net.calls.filter((c) => c.url === '/api/cases/c1/submit')).toHaveLength(1);
    expect(net.calls[0]?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should show the reason in Chinese and retry with the same key when the network failed', async () => {
    session();
    jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const net = mockFetch()
      .fail(abort)
      .reply(200, aCase({ state: 'submitted' }));
    const kase = aCase({
      applicant: { nameMasked: '张*', idNumberMasked: '5223**********1234' },
      documents: ['id_front', 'id_back', 'id_handheld'].map((kind, i) => ({
        id: `d${i}`,
        kind: kind as 'id_front',
        uploadedAt: '',
        stale: false,
      })),
    });
    render(<Summary kase={kase} />);
    fireEvent.click(screen.getByText('确认无误，提交'));
    expect(await screen.findByText(/网络太慢/)).toBeTruthy();
    fireEvent.click(screen.getByText('再提交一次'));
    await waitFor(() => expect(net.pending).toBe(0));
    expect(net.calls[1]?.headers['Idempotency-Key']).toBe(net.calls[0]?.headers['Idempotency-Key']);
  });
});

describe('Review and submit against the API as built', () => {
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

  it('should name the missing photo and lead back to the camera when the API answers DOCUMENTS_MISSING', async () => {
    session();
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
    mockFetch().reply(422, {
      error: { code: 'DOCUMENTS_MISSING', message: '还缺少：身份证国徽面', missing: ['id_back'] },
    });
    render(<Summary kase={complete()} />);
    fireEvent.click(screen.getByText('确认无误，提交'));
    expect(await screen.findByText('还缺少：身份证国徽面')).toBeTruthy();
    fireEvent.click(screen.getByText('去补全'));
    expect(navigate).toHaveBeenCalledWith({ url: '/register/capture/index?id=c1' });
  });

  it('should send the subscriber back to the consent when the consent text changed since', async () => {
    session();
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
    mockFetch().reply(422, {
      error: {
        code: 'CONSENT_MISSING',
        message: '同意书已更新，请重新阅读并同意后再提交',
        currentVersion: 'v2',
      },
    });
    render(<Summary kase={complete()} />);
    fireEvent.click(screen.getByText('确认无误，提交'));
    fireEvent.click(await screen.findByText('重新阅读并同意'));
    expect(navigate).toHaveBeenCalledWith({ url: '/register/consent/index?id=c1' });
  });

  it('should offer the case instead of a second submission when the case was already submitted', () => {
    render(<Summary kase={{ ...complete(), state: 'submitted' }} />);
    expect(screen.queryByText('确认无误，提交')).toBeNull();
    expect(screen.getByText('查看办理进度')).toBeTruthy();
  });
});

describe('Consent', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const router = (require('@tarojs/taro') as { __router: { params: Record<string, string> } })
    .__router;
  afterEach(() => {
    router.params = {};
  });

  it('should tick the box when the sentence is tapped and send the version shown', async () => {
    session();
    router.params = { id: 'c1' };
    jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
    const net = mockFetch()
      .reply(200, aBranding())
      .reply(200, { version: 'v1', consentedAt: '2016-11-01T00:00:00Z' });
    render(<ConsentPage />);
    fireEvent.click(await screen.findByText(/我已阅读并同意上面的说明/));
    fireEvent.click(screen.getByText('同意并继续'));
    await waitFor(() => expect(net.calls[1]?.body).toEqual({ version: 'v1' }));
  });

  it('should show the new text and ask again when the API says the consent text changed', async () => {
    session();
    router.params = { id: 'c1' };
    const net = mockFetch()
      .reply(200, aBranding())
      .reply(409, {
        error: {
          code: 'CONSENT_VERSION_OUTDATED',
          message: '同意书已更新，请重新阅读',
          currentVersion: 'v2',
        },
      })
      .reply(
        200,
        aBranding({
          consent: { version: 'v2', title: '个人信息处理授权', text: '新的说明：照片保存 90 天。' },
        }),
      );
    render(<ConsentPage />);
    fireEvent.click(await screen.findByText(/我已阅读并同意上面的说明/));
    fireEvent.click(screen.getByText('同意并继续'));
    expect(await screen.findByText('同意书已更新，请重新阅读')).toBeTruthy();
    expect(await screen.findByText('新的说明：照片保存 90 天。')).toBeTruthy();
    expect(screen.getByText('版本 v2')).toBeTruthy();
    expect(net.pending).toBe(0);
  });
});

describe('Is this notice real', () => {
  it('should warn when the caller number is not one the carrier used', async () => {
    const net = mockFetch()
      .reply(200, aBranding())
      .reply(200, { genuine: false, hotline: '10086', advice: '这不是我们打的电话，请挂断。' });
    render(<NoticeVerifyPage />);
    fireEvent.click(screen.getByText('按来电号码查'));
    const input = await waitFor(() => {
      const el = document.querySelector('input');
      if (!el) throw new Error('no input yet');
      return el;
    });
    fireEvent.input(input, { target: { value: '17012345678' } });
    fireEvent.change(input, { target: { value: '17012345678' } });
    fireEvent.click(screen.getByText('查一查'));
    expect(await screen.findByText('✗ 查不到这个通知，可能是诈骗')).toBeTruthy();
    expect(net.calls.at(-1)?.url).toBe('/api/notices/verify?tenant=qxn-mobile&phone=17012345678');
  });
});
