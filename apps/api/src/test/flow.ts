import request from 'supertest';
import { CryptoService } from '../common/crypto/crypto.service';
import { type SeededAgent, type SeededNumber, type SeededTenant } from './factories';
import { makeJpeg } from './images';
import { idNumberFor } from './review-setup';
import type { TestApp } from './test-app';

/**
 * The subscriber's and the agent's ways through the API, step by step, as the lifecycle test
 * walks them: shared so the reliability suites run the same flow instead of copying it.
 */

type Api = () => ReturnType<typeof request>;
const ok = (r: request.Response): void => expect([200, 201]).toContain(r.status);

/** Seals `secret` as the tenant's provisioning secret (seedTenant leaves it empty). */
export async function setProvisioningSecret(
  t: TestApp,
  tenant: SeededTenant,
  secret: string,
): Promise<void> {
  const sealed = t.app
    .get(CryptoService)
    .encryptText(tenant.id, secret, `tenant:${tenant.id}:provisioning_secret`);
  await t.db.dataSource.query('UPDATE tenant SET provisioning_secret_enc = $2 WHERE id = $1', [
    tenant.id,
    sealed,
  ]);
}

/** WeChat login through the emulator, then the SMS proof of the number: a subscriber token. */
export async function subscriberLogin(
  t: TestApp,
  tenant: SeededTenant,
  number: SeededNumber,
  wechatUser = `owner-${number.phone}`,
): Promise<string> {
  const api: Api = () => request(t.url);
  const login = await api()
    .post('/api/auth/wechat-login')
    .send({ tenant: tenant.code, code: `demo-${wechatUser}` })
    .expect(200);
  const token = login.body.token as string;
  await api()
    .post('/api/auth/sms/send')
    .set('Authorization', `Bearer ${token}`)
    .send({ phone: number.phone })
    .expect(ok);
  const outbox = await api().get('/api/demo/sms-outbox').query({ phone: number.phone }).expect(200);
  const code = outbox.body[0].code as string;
  expect(code).toMatch(/^\d{4,8}$/);
  const verified = await api()
    .post('/api/auth/sms/verify')
    .set('Authorization', `Bearer ${token}`)
    .send({ phone: number.phone, code })
    .expect(ok);
  return verified.body.token as string;
}

export interface SubmittedViaApi {
  caseId: string;
  token: string;
  name: string;
  idNumber: string;
  /** The JPEGs as uploaded (with EXIF), by document kind. */
  originals: Record<string, Buffer>;
}

/** A case, three real JPEGs (with EXIF), the applicant, consent, submit — all through the API. */
export async function submitCaseViaApi(
  t: TestApp,
  tenant: SeededTenant,
  token: string,
  o: { name?: string; idNumber?: string; width?: number; height?: number } = {},
): Promise<SubmittedViaApi> {
  const api: Api = () => request(t.url);
  const sub = { Authorization: `Bearer ${token}` };
  const created = await api()
    .post('/api/cases')
    .set(sub)
    .send({ applicantType: 'self' })
    .expect(ok);
  const caseId = created.body.id as string;
  const originals: Record<string, Buffer> = {};
  let seed = 1;
  for (const kind of ['id_front', 'id_back', 'id_handheld']) {
    const jpeg = await makeJpeg({
      width: o.width ?? 1200,
      height: o.height ?? 800,
      seed: seed++,
      exif: true,
    });
    originals[kind] = jpeg;
    await api()
      .post(`/api/cases/${caseId}/documents/${kind}`)
      .set(sub)
      .attach('file', jpeg, { filename: `${kind}.jpg`, contentType: 'image/jpeg' })
      .expect(ok);
  }
  const name = o.name ?? '杨光明';
  const idNumber = o.idNumber ?? idNumberFor('19750315');
  await api().put(`/api/cases/${caseId}/applicant`).set(sub).send({ name, idNumber }).expect(200);
  await api()
    .post(`/api/cases/${caseId}/consent`)
    .set(sub)
    .send({ version: tenant.consentVersion })
    .expect(ok);
  const submitted = await api()
    .post(`/api/cases/${caseId}/submit`)
    .set(sub)
    .set('Idempotency-Key', `submit-${caseId}`)
    .expect(ok);
  expect(submitted.body.state).toBe('submitted');
  return { caseId, token, name, idNumber, originals };
}

/** Console login with the agent's password: the Authorization header. */
export async function consoleLogin(
  t: TestApp,
  agent: SeededAgent,
): Promise<{ Authorization: string }> {
  const res = await request(t.url)
    .post('/api/console/login')
    .send({ username: agent.username, password: agent.password })
    .expect(ok);
  return { Authorization: `Bearer ${res.body.token as string}` };
}

/** The agent takes the next case and approves it; answers the claimed case and the decision. */
export async function claimAndApprove(
  t: TestApp,
  auth: { Authorization: string },
): Promise<{ claimed: request.Response; approved: request.Response }> {
  const claimed = await request(t.url).post('/api/console/queue/next').set(auth).expect(200);
  const approved = await request(t.url)
    .post(`/api/console/cases/${claimed.body.id as string}/decision`)
    .set(auth)
    .send({ decision: 'approve', version: claimed.body.version })
    .expect(200);
  return { claimed, approved };
}
