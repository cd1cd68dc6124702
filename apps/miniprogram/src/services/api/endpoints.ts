import type { ApplicantType, DocumentKind } from '@shiming/domain';
import { appConfig } from '../../config';
import { call } from './client';
import type {
  ApplicantInput,
  ApplicantSaved,
  Branding,
  NoticeCheck,
  NumberStatus,
  OcrReading,
  SmsSent,
  SubscriberCase,
  TokenAnswer,
} from './types';

const enc = encodeURIComponent;
const tenant = appConfig.tenant;

export const api = {
  branding: () => call<Branding>({ method: 'GET', path: `/api/tenants/${enc(tenant)}/branding` }),

  wechatLogin: (code: string) =>
    call<TokenAnswer>({ method: 'POST', path: '/api/auth/wechat-login', body: { tenant, code } }),
  h5Login: () =>
    call<TokenAnswer>({ method: 'POST', path: '/api/auth/h5-login', body: { tenant } }),
  sendSms: (phone: string) =>
    call<SmsSent>({ method: 'POST', path: '/api/auth/sms/send', body: { phone } }, { auth: true }),
  verifySms: (phone: string, code: string) =>
    call<TokenAnswer>(
      { method: 'POST', path: '/api/auth/sms/verify', body: { phone, code } },
      { auth: true },
    ),
  wechatPhone: (code: string) =>
    call<TokenAnswer & { phone: string }>(
      { method: 'POST', path: '/api/auth/wechat-phone', body: { code } },
      { auth: true },
    ),

  myNumber: () => call<NumberStatus>({ method: 'GET', path: '/api/me/number' }, { auth: true }),

  createCase: (applicantType: ApplicantType) =>
    call<SubscriberCase>(
      { method: 'POST', path: '/api/cases', body: { applicantType } },
      { auth: true },
    ),
  listCases: () => call<SubscriberCase[]>({ method: 'GET', path: '/api/cases' }, { auth: true }),
  getCase: (id: string) =>
    call<SubscriberCase>({ method: 'GET', path: `/api/cases/${enc(id)}` }, { auth: true }),
  saveApplicant: (id: string, input: ApplicantInput) =>
    call<ApplicantSaved>(
      { method: 'PUT', path: `/api/cases/${enc(id)}/applicant`, body: input },
      { auth: true },
    ),
  /** What OCR read off the ID card, for the subscriber to confirm; 'pending' while it reads. */
  ocr: (id: string) =>
    call<OcrReading>({ method: 'GET', path: `/api/cases/${enc(id)}/ocr` }, { auth: true }),
  consent: (id: string, version: string) =>
    call<{ version: string; consentedAt: string }>(
      { method: 'POST', path: `/api/cases/${enc(id)}/consent`, body: { version } },
      { auth: true },
    ),
  submit: (id: string, idempotencyKey: string) =>
    call<SubscriberCase>(
      {
        method: 'POST',
        path: `/api/cases/${enc(id)}/submit`,
        headers: { 'Idempotency-Key': idempotencyKey },
      },
      { auth: true },
    ),

  verifyNotice: (query: { code: string } | { phone: string }) => {
    const q = 'code' in query ? `code=${enc(query.code)}` : `phone=${enc(query.phone)}`;
    return call<NoticeCheck>({
      method: 'GET',
      path: `/api/notices/verify?tenant=${enc(tenant)}&${q}`,
    });
  },
};

export type DocumentUploadPath = (caseId: string, kind: DocumentKind) => string;
export const documentPath: DocumentUploadPath = (caseId, kind) =>
  `/api/cases/${enc(caseId)}/documents/${enc(kind)}`;
