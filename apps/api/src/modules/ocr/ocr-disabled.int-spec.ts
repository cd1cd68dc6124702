import request from 'supertest';
import { consoleLogin, submitCaseViaApi } from '../../test/flow';
import { seedAgent, seedNumber, seedTenant, subscriberToken } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';
import { OcrService } from './ocr.service';

describe('OCR switched off (OCR_ENABLED=false)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ OCR_ENABLED: 'false' });
  });
  afterAll(() => t.teardown());

  it('should queue nothing, answer disabled, and leave upload, submit and review working', async () => {
    const ds = t.db.dataSource;
    const tenant = await seedTenant(ds);
    const number = await seedNumber(ds, tenant.id);
    const token = subscriberToken(t.config, tenant, number, 'o-ocr-off');
    const { caseId, name, idNumber } = await submitCaseViaApi(t, tenant, token);

    const [jobs]: Array<{ n: number }> = await ds.query(
      'SELECT count(*)::int AS n FROM document_ocr WHERE case_id = $1',
      [caseId],
    );
    expect(jobs?.n).toBe(0);
    const ocr = await request(t.url)
      .get(`/api/cases/${caseId}/ocr`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(ocr.body).toEqual({ status: 'disabled' });
    expect(await t.app.get(OcrService).flagsForCase(tenant.id, caseId, { name, idNumber })).toEqual(
      [],
    );

    const agent = await seedAgent(ds, tenant.id);
    const claimed = await request(t.url)
      .post('/api/console/queue/next')
      .set(await consoleLogin(t, agent))
      .expect(200);
    expect(claimed.body.id).toBe(caseId);
    const codes = (claimed.body.flags as Array<{ code: string }>).map((f) => f.code);
    expect(codes.filter((c) => /^(OCR_|CARD_EXPIRED)/.test(c))).toEqual([]);
  });
});
