import { checkToken, issueToken, openidForCode, phoneForCode } from './wechat-emulator';

describe('WeChat emulator rules', () => {
  const key = Buffer.alloc(32, 7);

  it('should give the same openid when the same demo user logs in with a fresh nonce', () => {
    expect(openidForCode('demo-alice.1')).toBe(openidForCode('demo-alice.2'));
    expect(openidForCode('demo-alice')).toBe(openidForCode('demo-alice.x'));
    expect(openidForCode('demo-alice')).not.toBe(openidForCode('demo-bob'));
    expect(openidForCode('demo-alice')).toMatch(/^o-[\w-]{26}$/);
  });

  it('should refuse a code when it is not of the demo form', () => {
    expect(openidForCode('081abc')).toBeUndefined();
    expect(phoneForCode('phone-1380013800')).toBeUndefined();
    expect(phoneForCode('phone-13800138000')).toBe('13800138000');
  });

  it('should accept its own token and refuse a forged or expired one', () => {
    const now = Date.UTC(2016, 10, 1);
    const { token } = issueToken(key, 'wxapp', now);
    expect(checkToken(key, 'wxapp', token, now)).toBe(0);
    expect(checkToken(key, 'other', token, now)).toBe(40001);
    expect(checkToken(Buffer.alloc(32, 8), 'wxapp', token, now)).toBe(40001);
    expect(checkToken(key, 'wxapp', undefined, now)).toBe(40001);
    expect(checkToken(key, 'wxapp', token, now + 7201_000)).toBe(42001);
  });
});
