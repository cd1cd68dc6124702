import { describe, expect, it, vi } from 'vitest';
import { caseFactory, signIn } from '../../test/factories';
import { apiError, apiJson, mockFetch } from '../../test/fetch-mock';
import { decideCase, fetchAuditTrail, fetchCase, revealApplicant, takeNextCase } from './fetchers';

describe('cases fetchers', () => {
  it('should answer null when the queue is empty (204)', async () => {
    signIn();
    const { sent } = mockFetch({ 'POST /api/console/queue/next': apiJson(204) });
    await expect(takeNextCase()).resolves.toBeNull();
    expect(sent[0]?.method).toBe('POST');
  });

  it('should answer the leased case when there is one', async () => {
    const kase = caseFactory();
    mockFetch({ 'POST /api/console/queue/next': apiJson(200, kase) });
    await expect(takeNextCase()).resolves.toEqual(kase);
  });

  it('should refuse a case whose checks do not match the contract', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bad = { ...caseFactory(), checks: { idNumber: 'maybe' } };
    mockFetch({ 'GET /api/console/cases/x': apiJson(200, bad) });
    await expect(fetchCase('x')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('should read the flags and photo quality of issue 8, and no flags from an API without them', async () => {
    const kase = caseFactory();
    const flagged = {
      ...kase,
      flags: [
        {
          code: 'DUPLICATE_PHOTO',
          severity: 'critical',
          documentId: 'd1',
          message: '这张照片也用于另一个身份的登记。',
          relatedCaseIds: ['c2'],
        },
      ],
      documents: kase.documents.map((d) => ({
        ...d,
        quality: {
          verdict: 'warn',
          checks: [
            { code: 'blur', score: 180, threshold: 150, verdict: 'warn', message: '有点模糊' },
          ],
        },
      })),
    };
    const { flags: _none, ...old } = kase;
    mockFetch({
      'GET /api/console/cases/new': apiJson(200, flagged),
      'GET /api/console/cases/old': apiJson(200, old),
    });
    await expect(fetchCase('new')).resolves.toMatchObject({
      flags: [{ code: 'DUPLICATE_PHOTO', relatedCaseIds: ['c2'] }],
      documents: [{ quality: { verdict: 'warn' } }, {}, {}],
    });
    await expect(fetchCase('old')).resolves.toMatchObject({ flags: [] });
  });

  it('should send the decision with the version and map 409 STALE_DECISION', async () => {
    const { sent } = mockFetch({
      'POST /api/console/cases/c1/decision': apiError(409, 'STALE_DECISION', '工单已变更'),
    });
    await expect(decideCase('c1', { decision: 'approve', version: 3 })).rejects.toMatchObject({
      status: 409,
      code: 'STALE_DECISION',
    });
    expect(sent[0]?.body).toEqual({ decision: 'approve', version: 3 });
  });

  it('should post the reason of a reveal and return the cleartext', async () => {
    const { sent } = mockFetch({
      'POST /api/console/cases/c1/reveal': apiJson(200, {
        name: '张三',
        idNumber: '522301198001011234',
      }),
    });
    await expect(revealApplicant('c1', '用户来电核实身份')).resolves.toEqual({
      name: '张三',
      idNumber: '522301198001011234',
    });
    expect(sent[0]?.body).toEqual({ reason: '用户来电核实身份' });
  });

  it('should encode ids into the path, never into a query string', async () => {
    const { sent } = mockFetch({ 'GET /api/console/cases/a%2Fb/audit': apiJson(200, []) });
    await fetchAuditTrail('a/b');
    expect(sent[0]?.url).toBe('/api/console/cases/a%2Fb/audit');
  });
});
