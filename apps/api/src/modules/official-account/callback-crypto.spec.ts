import { createDecipheriv } from 'node:crypto';
import {
  aesKeyFrom,
  buildWeChatXml,
  decryptMessage,
  encryptMessage,
  parseWeChatXml,
  sha1Signature,
} from './callback-crypto';
import { buildMenu, menuProblems } from './menu';
import { replyTo } from './message-replies';
import { menuErrcode } from '../wechat-emulator/wechat-emulator';

const KEY_TEXT = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe("WeChat's message-server protocol", () => {
  const key = aesKeyFrom(KEY_TEXT) as Buffer;

  it('should sign the sorted concatenation with sha1 when given token, timestamp and nonce', () => {
    // sorted: ['1409304348', 'pamtest', 'xxxxxx']
    expect(sha1Signature(['pamtest', '1409304348', 'xxxxxx'])).toBe(
      sha1Signature(['xxxxxx', 'pamtest', '1409304348']),
    );
    expect(sha1Signature(['a', 'b'])).toBe('da23614e02469a0d7c7bd1bdab5c9c474b1904dc');
  });

  it('should refuse an EncodingAESKey when it is not 43 base64 characters', () => {
    expect(key).toHaveLength(32);
    expect(aesKeyFrom(KEY_TEXT.slice(1))).toBeUndefined();
    expect(aesKeyFrom(KEY_TEXT.slice(1) + '!')).toBeUndefined();
  });

  it('should lay out random(16) ‖ length ‖ message ‖ appid padded to 32-byte blocks when it encrypts', () => {
    const random = Buffer.alloc(16, 7);
    const enc = encryptMessage(key, 'wxb11529c136998cb6', '<xml>你好</xml>', random);
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    d.setAutoPadding(false);
    const plain = Buffer.concat([d.update(Buffer.from(enc, 'base64')), d.final()]);
    expect(plain.length % 32).toBe(0);
    expect(plain.subarray(0, 16)).toEqual(random);
    const len = plain.readUInt32BE(16);
    expect(plain.subarray(20, 20 + len).toString()).toBe('<xml>你好</xml>');
    const pad = plain[plain.length - 1] as number;
    expect(plain.subarray(20 + len, plain.length - pad).toString()).toBe('wxb11529c136998cb6');
  });

  it('should open what it sealed and refuse it when the app id differs or a byte changes', () => {
    const enc = encryptMessage(key, 'wxapp', 'hello');
    expect(decryptMessage(key, 'wxapp', enc)).toEqual({ ok: true, message: 'hello' });
    expect(decryptMessage(key, 'wxother', enc)).toEqual({ ok: false, reason: 'app_id' });
    const bytes = Buffer.from(enc, 'base64');
    bytes.writeUInt8((bytes.at(-1) ?? 0) ^ 1, bytes.length - 1);
    expect(decryptMessage(key, 'wxapp', bytes.toString('base64')).ok).toBe(false);
    expect(decryptMessage(key, 'wxapp', 'abc').ok).toBe(false);
  });

  it('should read CDATA and text fields and refuse a DOCTYPE when it parses XML', () => {
    const xml = buildWeChatXml({ A: 'x]]>y', B: 12, C: '<b>&' });
    expect(parseWeChatXml(xml)).toEqual({ A: 'x]]>y', B: '12', C: '<b>&' });
    expect(parseWeChatXml('<xml><D>a &amp; b</D></xml>')).toEqual({ D: 'a & b' });
    expect(
      parseWeChatXml('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>'),
    ).toBeUndefined();
    expect(parseWeChatXml('<xml><!DOCTYPE x><A>1</A></xml>')).toBeUndefined();
    expect(parseWeChatXml('{"a":1}')).toBeUndefined();
  });
});

describe('menu and replies', () => {
  const tenant = {
    code: 'qxn-unicom',
    displayName: '黔西南联通',
    officialAccountName: '黔西南联通',
    hotline: '10010',
  };

  it("should pass WeChat's menu rules when the menu is built for a tenant", () => {
    const menu = buildMenu(tenant, 'https://shiming.example.cn', 'wxminiprogram0001');
    expect(menuProblems(menu)).toEqual([]);
    expect(menuErrcode(menu)).toBe(0);
  });

  it('should name the button when a name is too long', () => {
    const menu = buildMenu(tenant, 'https://x.cn', 'wxminiprogram0001');
    (menu.button[2] as { name: string }).name = '联系我们的客服热线';
    expect(menuProblems(menu)).toEqual(['top-level name "联系我们的客服热线" over 16 bytes']);
    expect(menuErrcode(menu)).toBe(40018);
  });

  const ctx = { tenant, publicBaseUrl: 'https://x.cn', miniprogramAppId: 'wxminiprogram0001' };
  it.each([
    ['实名认证怎么办', 'pages/home/index'],
    ['补登', 'pages/home/index'],
    ['停机了', 'number/status/index'],
    ['怎么复机', 'number/status/index'],
    ['这个通知是真的吗', 'notice/verify/index'],
  ])('should link the right entry when the text is %s', (text, page) => {
    const r = replyTo({ MsgType: 'text', Content: text }, ctx);
    expect(r.kind === 'text' && r.content).toContain(`data-miniprogram-path="${page}"`);
  });

  it('should say nothing when a view event arrives', () => {
    expect(replyTo({ MsgType: 'event', Event: 'VIEW' }, ctx)).toEqual({ kind: 'none' });
  });
});
