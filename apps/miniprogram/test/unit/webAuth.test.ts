import { readSession } from '../../src/services/session';
import {
  completeWebAuthorisation,
  insideWeChat,
  takeFragmentParams,
} from '../../src/services/webAuth';

describe('takeFragmentParams', () => {
  it('should take the session out of the route query and keep the rest when the callback came back to a page', () => {
    expect(
      takeFragmentParams(
        '#/number/status/index?next=register&wx_token=t.1&wx_expires=2030-01-01T00:00:00.000Z',
      ),
    ).toEqual({
      hash: '#/number/status/index?next=register',
      params: { wx_token: 't.1', wx_expires: '2030-01-01T00:00:00.000Z' },
    });
  });

  it('should read a bare fragment when the redirect had no route', () => {
    expect(takeFragmentParams('#wx_error=WECHAT_AUTH_DECLINED')).toEqual({
      hash: '',
      params: { wx_error: 'WECHAT_AUTH_DECLINED' },
    });
  });

  it('should leave an ordinary route alone', () => {
    expect(takeFragmentParams('#/pages/home/index')).toEqual({
      hash: '#/pages/home/index',
      params: {},
    });
    expect(takeFragmentParams('')).toEqual({ hash: '', params: {} });
  });
});

describe('completeWebAuthorisation', () => {
  afterEach(() => {
    window.history.replaceState(null, '', '/');
    window.sessionStorage.clear();
    window.localStorage.clear();
  });

  it('should keep the session from the fragment and wipe it from the address when WeChat authorised', () => {
    window.history.replaceState(
      null,
      '',
      '/h5/#/pages/home/index?wx_token=oauth-tok&wx_expires=2099-01-01T00:00:00.000Z',
    );
    expect(completeWebAuthorisation()).toBe(false);
    expect(readSession()).toMatchObject({ token: 'oauth-tok', phoneMasked: null });
    expect(window.location.hash).toBe('#/pages/home/index');
  });

  it('should carry on with SMS only (no second trip) when WeChat refused', () => {
    window.history.replaceState(null, '', '/h5/#/pages/home/index?wx_error=WECHAT_CODE_INVALID');
    expect(completeWebAuthorisation()).toBe(false);
    expect(readSession()).toBeNull();
    expect(window.location.hash).toBe('#/pages/home/index');
  });

  it('should stay put outside WeChat', () => {
    window.history.replaceState(null, '', '/h5/#/pages/home/index');
    expect(completeWebAuthorisation()).toBe(false);
  });

  it('should know WeChat by its user agent', () => {
    expect(
      insideWeChat('Mozilla/5.0 (iPhone) AppleWebKit/605 MicroMessenger/8.0.50 NetType/WIFI'),
    ).toBe(true);
    expect(insideWeChat('Mozilla/5.0 (X11; Linux x86_64) Chrome/130')).toBe(false);
  });
});
