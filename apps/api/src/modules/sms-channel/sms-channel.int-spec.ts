import { signBody } from '../provisioning/signature';
import request from 'supertest';
import { CryptoService } from '../../common/crypto/crypto.service';
import { createOperationsTestApp, OperationsTestApp } from '../../test/operations-app';
import { insertNumber, insertTenant, TenantFixture } from '../../test/operations-fixtures';
import { SmsChannelModule } from './sms-channel.module';

const SECRET = 'test-sms-inbound-secret-0123456789';

describe('POST /api/sms/inbound/:tenantCode', () => {
  let t: OperationsTestApp;
  let telecom: TenantFixture;
  let closed: TenantFixture;
  /** The example printed in GB 11643-1999. */
  const idNumber = '11010519491231002X';

  beforeAll(async () => {
    t = await createOperationsTestApp([SmsChannelModule], {
      SMS_INBOUND_SECRET: SECRET,
      SMS_DRIVER: 'log',
    });
    telecom = await insertTenant(t.db.dataSource, {
      carrier: 'telecom',
      policy: { smsChannelEnabled: true },
    });
    closed = await insertTenant(t.db.dataSource, {
      carrier: 'telecom',
      policy: { smsChannelEnabled: false },
    });
  });
  afterAll(() => t.teardown());

  const send = (
    tenant: string,
    body: Record<string, unknown>,
    opts: { secret?: string; signature?: string } = {},
  ) => {
    const raw = JSON.stringify(body);
    return request(t.url)
      .post(`/api/sms/inbound/${tenant}`)
      .set('content-type', 'application/json')
      .set('x-sms-signature', opts.signature ?? signBody(opts.secret ?? SECRET, raw))
      .send(raw);
  };
  const msg = (from: string, text: string) => ({
    from,
    to: '10001',
    text,
    receivedAt: new Date().toISOString(),
  });
  const lastSms = async (phone: string): Promise<string> => {
    const rows: Array<{ body: { text: string } }> = await t.db.dataSource.query(
      `SELECT body FROM demo_inbox WHERE channel = 'sms' AND recipient = $1 ORDER BY id DESC LIMIT 1`,
      [phone],
    );
    return rows[0]?.body.text ?? '';
  };

  it('should create a draft self case from the SMS and reply with what happens next when the message is valid', async () => {
    const numberId = await insertNumber(t.db.dataSource, telecom.id, {
      phone: '18908590001',
      state: 'single_stop',
    });
    const res = await send(telecom.code, msg('18908590001', `40＃ 张三 ＃${idNumber}`)).expect(200);
    expect(res.body).toMatchObject({ outcome: 'case_created', caseId: expect.any(String) });
    const [c] = await t.db.dataSource.query(
      `SELECT state, source, applicant_type, number_id, name_enc IS NOT NULL AS has_name, id_hash IS NOT NULL AS has_hash FROM registration_case WHERE tenant_id = $1 AND id = $2`,
      [telecom.id, res.body.caseId],
    );
    expect(c).toEqual({
      state: 'draft',
      source: 'sms',
      applicant_type: 'self',
      number_id: numberId,
      has_name: true,
      has_hash: true,
    });
    const reply = await lastSms('18908590001');
    expect(reply).toContain('张*');
    expect(reply).toContain('1101**********002X');
    expect(reply).not.toContain(idNumber);
    expect(reply).toContain('实名认证');
    expect(reply).toContain('10000');
  });

  it('should reply with the format when the message is malformed', async () => {
    await insertNumber(t.db.dataSource, telecom.id, { phone: '18908590002', state: 'single_stop' });
    const res = await send(telecom.code, msg('18908590002', '实名 张三 ' + idNumber)).expect(200);
    expect(res.body.outcome).toBe('format');
    expect(await lastSms('18908590002')).toContain('40#机主姓名#身份证号码');
    expect(
      await t.db.dataSource.query(
        `SELECT 1 FROM registration_case WHERE tenant_id = $1 AND number_id IN (SELECT id FROM phone_number WHERE phone = '18908590002')`,
        [telecom.id],
      ),
    ).toHaveLength(0);
  });

  it('should reply with the reason when the ID number fails its check', async () => {
    await insertNumber(t.db.dataSource, telecom.id, { phone: '18908590003', state: 'single_stop' });
    const wrong = '110105194912310021';
    const res = await send(telecom.code, msg('18908590003', `40#张三#${wrong}`)).expect(200);
    expect(res.body.outcome).toBe('format');
    expect(await lastSms('18908590003')).toMatch(/身份证/);
  });

  it('should say the channel is not available when the tenant has not enabled it', async () => {
    await insertNumber(t.db.dataSource, closed.id, { phone: '18908590004', state: 'single_stop' });
    const res = await send(closed.code, msg('18908590004', `40#张三#${idNumber}`)).expect(200);
    expect(res.body.outcome).toBe('channel_disabled');
    expect(await lastSms('18908590004')).toContain('暂未开通短信实名登记');
  });

  it('should tell a number that is not on the list that it need not register', async () => {
    const res = await send(telecom.code, msg('18908599999', `40#张三#${idNumber}`)).expect(200);
    expect(res.body.outcome).toBe('not_listed');
  });

  it('should answer without a new case when the number already has an open case', async () => {
    const numberId = await insertNumber(t.db.dataSource, telecom.id, {
      phone: '18908590005',
      state: 'single_stop',
    });
    await t.db.dataSource.query(
      `INSERT INTO registration_case (tenant_id, id, number_id, applicant_type, state) VALUES ($1, gen_random_uuid(), $2, 'self', 'submitted')`,
      [telecom.id, numberId],
    );
    const res = await send(telecom.code, msg('18908590005', `40#张三#${idNumber}`)).expect(200);
    expect(res.body.outcome).toBe('case_open');
  });

  it('should withdraw the draft and explain when the identity already holds its quota of numbers', async () => {
    const strict = await insertTenant(t.db.dataSource, {
      carrier: 'telecom',
      policy: { smsChannelEnabled: true, perIdentityLimit: 1 },
    });
    const other = await insertNumber(t.db.dataSource, strict.id, {
      phone: '18908590006',
      state: 'active',
      registered: true,
    });
    await t.db.dataSource.query(
      `INSERT INTO registration_case (tenant_id, id, number_id, applicant_type, state, carrier, id_carrier_hash) VALUES ($1, gen_random_uuid(), $2, 'self', 'approved', 'telecom', $3)`,
      [strict.id, other, t.app.get(CryptoService).carrierHash('telecom', idNumber)],
    );
    await insertNumber(t.db.dataSource, strict.id, { phone: '18908590007', state: 'single_stop' });
    const res = await send(strict.code, msg('18908590007', `40#张三#${idNumber}`)).expect(200);
    expect(res.body.outcome).toBe('quota');
    expect(await lastSms('18908590007')).toContain('上限');
    const [c] = await t.db.dataSource.query(
      `SELECT state FROM registration_case WHERE tenant_id = $1 AND id = $2`,
      [strict.id, res.body.caseId],
    );
    expect(c.state).toBe('withdrawn');
  });

  it('should refuse the request with 401 when the signature is wrong', async () => {
    const res = await send(telecom.code, msg('18908590001', `40#张三#${idNumber}`), {
      secret: 'another-secret-0123456789',
    }).expect(401);
    expect(res.body.error.code).toBe('SIGNATURE_INVALID');
    await send(telecom.code, msg('18908590001', 'x'), { signature: '' }).expect(401);
  });

  it('should refuse a replayed message with 401 when receivedAt is old', async () => {
    const old = {
      ...msg('18908590001', `40#张三#${idNumber}`),
      receivedAt: new Date(Date.now() - 10 * 60 * 1000).toISOString(),
    };
    const res = await send(telecom.code, old).expect(401);
    expect(res.body.error.code).toBe('MESSAGE_STALE');
  });

  it('should answer 404 when the tenant is unknown', async () => {
    await send('no-such-tenant', msg('18908590001', 'x')).expect(404);
  });
});
