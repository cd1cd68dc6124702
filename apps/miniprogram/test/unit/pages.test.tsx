import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import '../../src/services/auth';
import { brandingStore } from '../../src/services/branding';
import Home from '../../src/pages/home/index';
import { Summary } from '../../src/register/review/index';
import NoticeVerifyPage from '../../src/notice/verify/index';
import ApplicantPage from '../../src/register/applicant/index';
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
    mockFetch().reply(200, aBranding({ displayName: '黔西南联通', policy: { ...aBranding().policy, proxyAllowed: false } }));
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
      documents: ['id_front', 'id_back', 'id_handheld'].map((kind, i) => ({ id: `d${i}`, kind: kind as 'id_front', uploadedAt: '', stale: false })),
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
    const net = mockFetch().fail(abort).reply(200, aCase({ state: 'submitted' }));
    const kase = aCase({
      applicant: { nameMasked: '张*', idNumberMasked: '5223**********1234' },
      documents: ['id_front', 'id_back', 'id_handheld'].map((kind, i) => ({ id: `d${i}`, kind: kind as 'id_front', uploadedAt: '', stale: false })),
    });
    render(<Summary kase={kase} />);
    fireEvent.click(screen.getByText('确认无误，提交'));
    expect(await screen.findByText(/网络太慢/)).toBeTruthy();
    fireEvent.click(screen.getByText('再提交一次'));
    await waitFor(() => expect(net.pending).toBe(0));
    expect(net.calls[1]?.headers['Idempotency-Key']).toBe(net.calls[0]?.headers['Idempotency-Key']);
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
