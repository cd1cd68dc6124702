import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeIdCheckCharacter } from '../../packages/domain/src';
import { REPO, Stack } from './stack';

/**
 * A subscriber going through the API the way the mini-program (or the H5 page) does: log in,
 * prove the number by SMS (the code read back from the demo SMS outbox), open a case, upload the
 * three photos, enter the applicant, consent and submit. Every step asserts its status, so a
 * broken step names itself.
 */

export type DocumentKind = 'id_front' | 'id_back' | 'id_handheld';
export const DOCUMENT_KINDS: DocumentKind[] = ['id_front', 'id_back', 'id_handheld'];

const FIXTURES = join(REPO, 'e2e/fixtures');
/** Real JPEG photos (e2e/fixtures/make-fixtures.cjs), a few tens of KB each. */
export function fixtureJpeg(kind: DocumentKind): Buffer {
  return readFileSync(join(FIXTURES, `${kind}.jpg`));
}

let seq = 100;
/** A valid ID number from 兴义市 (522301): real check character, an adult's birth date. */
export function idNumber(birth = '19800101', sequence?: number): string {
  const n = sequence ?? seq++;
  const first17 = `522301${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + computeIdCheckCharacter(first17);
}

/** The demo tenants' numbers `<prefix>5990000N` (N 1–4 single stop, 5–7 double stop, 8 cancelled, 9–10 active). */
export function demoNumber(tenant: string, n: number): string {
  const prefix = (
    { 'qxn-mobile': '138', 'qxn-unicom': '186', 'qxn-telecom': '189' } as Record<string, string>
  )[tenant];
  if (!prefix) throw new Error(`no demo numbers for ${tenant}`);
  return `${prefix}5990${String(n).padStart(4, '0')}`;
}

export interface Subscriber {
  tenant: string;
  phone: string;
  /** Bearer token bound to the proven number. */
  token: string;
}

function expectStatus(step: string, r: { status: number; body: unknown }, ok: number[]): void {
  if (!ok.includes(r.status))
    throw new Error(`${step}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
}

/**
 * Logs in (WeChat emulator code `demo-<user>`, or the H5 anonymous session) and proves the number
 * with the SMS code the demo sender wrote to /api/demo/sms-outbox.
 */
export async function proveNumber(
  stack: Stack,
  o: { tenant: string; phone: string; via?: 'wechat' | 'h5'; wechatUser?: string },
): Promise<Subscriber> {
  const login =
    (o.via ?? 'wechat') === 'wechat'
      ? await stack.api<{ token: string }>('/api/auth/wechat-login', {
          body: { tenant: o.tenant, code: `demo-${o.wechatUser ?? `owner-${o.phone}`}` },
        })
      : await stack.api<{ token: string }>('/api/auth/h5-login', { body: { tenant: o.tenant } });
  expectStatus('login', login, [200, 201]);
  const sent = await stack.api('/api/auth/sms/send', {
    body: { phone: o.phone },
    token: login.body.token,
  });
  expectStatus('sms/send', sent, [200, 201]);
  const outbox = await stack.api<Array<{ code: string }>>(`/api/demo/sms-outbox?phone=${o.phone}`);
  expectStatus('sms-outbox', outbox, [200]);
  const code = outbox.body[0]?.code;
  if (!code) throw new Error(`no SMS code for ${o.phone}`);
  const verified = await stack.api<{ token: string }>('/api/auth/sms/verify', {
    body: { phone: o.phone, code },
    token: login.body.token,
  });
  expectStatus('sms/verify', verified, [200, 201]);
  return { tenant: o.tenant, phone: o.phone, token: verified.body.token };
}

export interface ApplicantInput {
  name: string;
  idNumber: string;
  proxyName?: string;
  proxyIdNumber?: string;
  enterpriseName?: string;
  organizationCode?: string;
}

/** POST /api/cases: the raw answer, so a test can assert a refusal (e.g. 422 PROXY_NOT_ALLOWED). */
export function openCase(
  stack: Stack,
  sub: Subscriber,
  applicantType: 'self' | 'proxy' | 'enterprise',
): Promise<{
  status: number;
  body: { id: string; state: string; error?: { code: string; message: string } };
}> {
  return stack.api('/api/cases', { body: { applicantType }, token: sub.token });
}

/** Uploads one JPEG as multipart field `file`. */
export async function uploadDocument(
  stack: Stack,
  sub: Subscriber,
  caseId: string,
  kind: DocumentKind,
  jpeg = fixtureJpeg(kind),
): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `${kind}.jpg`);
  const r = await fetch(`${stack.base}/api/cases/${caseId}/documents/${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sub.token}` },
    body: form,
  });
  expectStatus(`upload ${kind}`, { status: r.status, body: await r.text() }, [200, 201]);
}

/**
 * A submitted case of `sub`'s number, ready for review: opened, three photos, the applicant,
 * consent to the tenant's current consent version, submit with an Idempotency-Key.
 */
export async function submitCase(
  stack: Stack,
  sub: Subscriber,
  o: { applicantType?: 'self' | 'proxy' | 'enterprise'; applicant?: ApplicantInput } = {},
): Promise<{ id: string; state: string }> {
  const applicantType = o.applicantType ?? 'self';
  const created = await openCase(stack, sub, applicantType);
  expectStatus('open case', created, [200, 201]);
  const caseId = created.body.id;
  for (const kind of DOCUMENT_KINDS) await uploadDocument(stack, sub, caseId, kind);
  const applicant = o.applicant ?? { name: '杨光明', idNumber: idNumber() };
  const put = await stack.api(`/api/cases/${caseId}/applicant`, {
    method: 'PUT',
    body: applicant,
    token: sub.token,
  });
  expectStatus('applicant', put, [200]);
  const branding = await stack.api<{ consent: { version: string } }>(
    `/api/tenants/${sub.tenant}/branding`,
  );
  expectStatus('branding', branding, [200]);
  const consent = await stack.api(`/api/cases/${caseId}/consent`, {
    body: { version: branding.body.consent.version },
    token: sub.token,
  });
  expectStatus('consent', consent, [200, 201]);
  const submitted = await stack.api<{ id: string; state: string }>(`/api/cases/${caseId}/submit`, {
    method: 'POST',
    token: sub.token,
    headers: { 'idempotency-key': `submit-${caseId}` },
  });
  expectStatus('submit', submitted, [200, 201]);
  return submitted.body;
}

/** The number's state as its owner sees it (GET /api/me/number). */
export async function numberStatus(
  stack: Stack,
  sub: Subscriber,
): Promise<{ state: string; registered: boolean }> {
  const r = await stack.api<{ state: string; registered: boolean }>('/api/me/number', {
    token: sub.token,
  });
  expectStatus('me/number', r, [200]);
  return r.body;
}
