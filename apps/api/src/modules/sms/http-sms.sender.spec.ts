import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSmsSender } from './http-sms.sender';

describe('HttpSmsSender', () => {
  let server: Server;
  let url: string;
  let answer = 200;
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answer;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(() => server.close());

  it('should POST JSON signed with HMAC-SHA256 over timestamp and body when sending', async () => {
    await new HttpSmsSender(url, 'gateway-secret').send({
      tenantCode: 'qxn-mobile',
      phone: '13800138000',
      text: '验证码 123456',
    });
    const got = received.at(-1);
    expect(got).toBeDefined();
    const ts = String(got?.headers['x-shiming-timestamp']);
    expect(got?.headers['x-shiming-signature']).toBe(
      HttpSmsSender.sign('gateway-secret', ts, got?.body ?? ''),
    );
    expect(JSON.parse(got?.body ?? '{}')).toMatchObject({
      tenant: 'qxn-mobile',
      to: '13800138000',
      text: '验证码 123456',
    });
  });

  it('should throw SMS_UNAVAILABLE when the gateway answers an error', async () => {
    answer = 500;
    await expect(
      new HttpSmsSender(url, 's').send({ tenantCode: 't', phone: '13800138000', text: 'x' }),
    ).rejects.toMatchObject({
      code: 'SMS_UNAVAILABLE',
      status: 503,
    });
    answer = 200;
  });
});
