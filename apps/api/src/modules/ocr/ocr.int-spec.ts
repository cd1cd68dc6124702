import { readFileSync } from 'node:fs';
import { findPerson, fixturePath } from '@shiming/id-card-fixtures';
import request from 'supertest';
import {
  agentToken,
  seedAgent,
  seedNumber,
  seedTenant,
  subscriberToken,
  type SeededTenant,
} from '../../test/factories';
import { makeJpeg } from '../../test/images';
import { idNumberFor } from '../../test/review-setup';
import { createTestApp, TestApp } from '../../test/test-app';
import { RetentionRepository } from '../retention/retention.repository';
import { STORAGE, Storage } from '../storage/storage';
import { OcrRepository } from './ocr.repository';
import { OcrService } from './ocr.service';
import { OcrWorker } from './ocr.worker';

/**
 * The OCR cross-check on the real engine: two fixture photos are read once (beforeAll of the
 * first block) and every check of what follows uses them; the other cases never reach the engine.
 */
describe('OCR of ID photos (OCR_ENABLED=true)', () => {
  let t: TestApp;
  let worker: OcrWorker;
  const lina = findPerson('lina');

  beforeAll(async () => {
    t = await createTestApp({ OCR_ENABLED: 'true' });
    worker = t.app.get(OcrWorker);
  });
  afterAll(() => t.teardown());

  const ds = (): TestApp['db']['dataSource'] => t.db.dataSource;
  const auth = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

  async function newCase(tenant: SeededTenant): Promise<{ caseId: string; token: string }> {
    const number = await seedNumber(ds(), tenant.id);
    const token = subscriberToken(t.config, tenant, number, `o-${number.id.slice(0, 8)}`);
    const created = await request(t.url)
      .post('/api/cases')
      .set(auth(token))
      .send({ applicantType: 'self' })
      .expect(201);
    return { caseId: created.body.id as string, token };
  }

  async function upload(
    token: string,
    caseId: string,
    kind: string,
    file: Buffer,
  ): Promise<string> {
    const res = await request(t.url)
      .post(`/api/cases/${caseId}/documents/${kind}`)
      .set(auth(token))
      .attach('file', file, { filename: `${kind}.jpg`, contentType: 'image/jpeg' })
      .expect(201);
    return res.body.id as string;
  }

  const ocrOf = (token: string, caseId: string): request.Test =>
    request(t.url).get(`/api/cases/${caseId}/ocr`).set(auth(token));

  const jobs = (caseId: string): Promise<Array<{ kind: string; status: string }>> =>
    ds().query(
      `SELECT kind, status FROM document_ocr WHERE case_id = $1 ORDER BY created_at, kind`,
      [caseId],
    );

  describe("李娜's expired card, front and back", () => {
    let tenant: SeededTenant;
    let caseId: string;
    let token: string;
    let pendingAnswer: request.Response;
    let readCount: number;

    beforeAll(async () => {
      tenant = await seedTenant(ds());
      ({ caseId, token } = await newCase(tenant));
      // A first front that is no card at all, replaced before the worker gets to it.
      await upload(token, caseId, 'id_front', await makeJpeg({ width: 800, height: 500 }));
      await upload(token, caseId, 'id_front', readFileSync(fixturePath('lina-front-sharp.jpg')));
      await upload(token, caseId, 'id_back', readFileSync(fixturePath('lina-back-sharp.jpg')));
      await upload(token, caseId, 'id_handheld', await makeJpeg({ width: 800, height: 600 }));
      pendingAnswer = await ocrOf(token, caseId);
      readCount = await worker.drain();
    });

    it('should queue the ID card sides only, and skip a front replaced before its turn', async () => {
      expect(readCount).toBe(3);
      expect(await jobs(caseId)).toEqual([
        { kind: 'id_front', status: 'skipped' },
        { kind: 'id_front', status: 'done' },
        { kind: 'id_back', status: 'done' },
      ]);
    });

    it('should answer pending while the photos wait for the worker', () => {
      expect(pendingAnswer.status).toBe(200);
      expect(pendingAnswer.body).toEqual({
        status: 'pending',
        sides: { front: 'pending', back: 'pending' },
      });
    });

    it('should offer the owner the exact name, number and validity read on the card', async () => {
      const res = await ocrOf(token, caseId).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        status: 'done',
        name: lina.name,
        idNumber: lina.idNumber,
        validFrom: lina.validFrom,
        validUntil: lina.validUntil,
        sides: { front: 'done', back: 'done' },
      });
    });

    it('should keep what was read encrypted at rest', async () => {
      const rows: Array<{ result_enc: Buffer }> = await ds().query(
        `SELECT result_enc FROM document_ocr WHERE case_id = $1 AND status = 'done'`,
        [caseId],
      );
      expect(rows).toHaveLength(2);
      for (const { result_enc } of rows) {
        const bytes = result_enc.toString('latin1');
        expect(bytes).not.toContain(lina.idNumber);
        expect(bytes).not.toContain(Buffer.from(lina.name).toString('latin1'));
        expect(bytes).not.toContain('2020');
      }
    });

    it('should audit each look at the prefill, with no personal data in the entry', async () => {
      const rows: Array<{ actor_type: string; detail: Record<string, unknown> }> = await ds().query(
        `SELECT actor_type, detail FROM audit_log WHERE tenant_id = $1 AND action = 'case.ocr.view' AND target_id = $2`,
        [tenant.id, caseId],
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.every((r) => r.actor_type === 'subscriber')).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(lina.idNumber);
      expect(JSON.stringify(rows)).not.toContain(lina.name);
    });

    it('should flag the agent a typed number and name that differ from the card, and the expired card', async () => {
      const typed = { name: '李四', idNumber: idNumberFor('19881123') };
      await request(t.url)
        .put(`/api/cases/${caseId}/applicant`)
        .set(auth(token))
        .send(typed)
        .expect(200);
      const flags = await t.app.get(OcrService).flagsForCase(tenant.id, caseId, typed);
      const docs: Array<{ id: string; kind: string }> = await ds().query(
        `SELECT id, kind FROM document WHERE case_id = $1 AND superseded_at IS NULL`,
        [caseId],
      );
      const docOf = (kind: string): string | undefined => docs.find((d) => d.kind === kind)?.id;
      expect(flags).toEqual([
        {
          code: 'OCR_NUMBER_MISMATCH',
          severity: 'critical',
          documentId: docOf('id_front'),
          message: '填写的身份证号码与人像面识别结果不一致',
          suggestedReason: 'name_id_mismatch',
        },
        {
          code: 'OCR_NAME_MISMATCH',
          severity: 'critical',
          documentId: docOf('id_front'),
          message: '填写的姓名与人像面识别结果不一致',
          suggestedReason: 'name_id_mismatch',
        },
        {
          code: 'CARD_EXPIRED',
          severity: 'critical',
          documentId: docOf('id_back'),
          message: '身份证已过有效期（有效期至2020.05.12）',
          suggestedReason: 'document_expired',
        },
      ]);
      // What the agent's console shows: the same flags, in ConsoleCase.flags.
      const agent = await seedAgent(ds(), tenant.id);
      const view = await request(t.url)
        .get(`/api/console/cases/${caseId}`)
        .set('Authorization', `Bearer ${agentToken(t.config, agent)}`)
        .expect(200);
      const ocrFlags = (view.body.flags as Array<{ code: string }>).filter((f) =>
        /^(OCR_|CARD_EXPIRED)/.test(f.code),
      );
      expect(ocrFlags).toEqual(flags);
      expect(JSON.stringify(view.body)).not.toContain(lina.idNumber);
      const matching = await t.app
        .get(OcrService)
        .flagsForCase(tenant.id, caseId, { name: lina.name, idNumber: lina.idNumber });
      expect(matching.map((f) => f.code)).toEqual(['CARD_EXPIRED']);
    });

    it("should answer 404 for another number's case, another tenant's, and an id that is no uuid", async () => {
      const { token: otherSameTenant } = await newCase(tenant);
      const { token: otherTenant } = await newCase(await seedTenant(ds()));
      for (const tok of [otherSameTenant, otherTenant]) {
        const res = await ocrOf(tok, caseId).expect(404);
        expect(res.body.error.code).toBe('CASE_NOT_FOUND');
      }
      await ocrOf(token, 'not-a-uuid').expect(404);
      await request(t.url).get(`/api/cases/${caseId}/ocr`).expect(401);
    });

    it('should clear what was read when retention purges the case', async () => {
      await ds().transaction((m) => t.app.get(RetentionRepository).purge(m, tenant.id, [caseId]));
      const [row]: Array<{ n: number }> = await ds().query(
        `SELECT count(*)::int AS n FROM document_ocr WHERE case_id = $1 AND result_enc IS NOT NULL`,
        [caseId],
      );
      expect(row?.n).toBe(0);
    });
  });

  it('should answer done with nothing to offer when no ID photo is uploaded yet', async () => {
    const { caseId, token } = await newCase(await seedTenant(ds()));
    const res = await ocrOf(token, caseId).expect(200);
    expect(res.body).toEqual({ status: 'done', sides: { front: 'none', back: 'none' } });
  });

  it('should read a photo in the background as soon as it is uploaded when the worker runs', async () => {
    const { caseId, token } = await newCase(await seedTenant(ds()));
    worker.start();
    try {
      await upload(token, caseId, 'id_back', await makeJpeg({ width: 640, height: 400 }));
      // Woken by the upload, not by its next poll; a bounded wait, not a timing assertion.
      let status = 'pending';
      for (let i = 0; i < 600 && status === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await ocrOf(token, caseId).expect(200)).body.status as string;
      }
      // No card on the photo: read, nothing offered.
      expect((await ocrOf(token, caseId)).body).toEqual({
        status: 'done',
        sides: { front: 'none', back: 'done' },
      });
    } finally {
      await worker.stop();
    }
  });

  it('should claim a job again when the process that held it died (its claim ran out)', async () => {
    const { caseId, token } = await newCase(await seedTenant(ds()));
    const documentId = await upload(
      token,
      caseId,
      'id_back',
      await makeJpeg({ width: 800, height: 500 }),
    );
    const repo = t.app.get(OcrRepository);
    const first = await repo.claimNext(180);
    expect(first).toMatchObject({ documentId, attempts: 1 });
    // Still held: nobody else gets it.
    expect(await repo.claimNext(180)).toBeUndefined();
    await ds().query(
      `UPDATE document_ocr SET locked_until = now() - interval '1 second' WHERE document_id = $1`,
      [documentId],
    );
    const again = await repo.claimNext(180);
    expect(again).toMatchObject({ documentId, attempts: 2 });
    // The first claim's late outcome is fenced off.
    await repo.finish(first!, { status: 'skipped' });
    expect(await jobs(caseId)).toEqual([{ kind: 'id_back', status: 'running' }]);
    await repo.fail(again!, 'test over', null);
    expect(await jobs(caseId)).toEqual([{ kind: 'id_back', status: 'failed' }]);
  });

  it('should retry a read that fails and answer failed after the last try', async () => {
    const { caseId, token } = await newCase(await seedTenant(ds()));
    const documentId = await upload(
      token,
      caseId,
      'id_front',
      await makeJpeg({ width: 800, height: 500 }),
    );
    // The stored photo disappears: every try fails before the engine is asked.
    const [stored]: Array<{ storage_key: string }> = await ds().query(
      `SELECT storage_key FROM document WHERE id = $1`,
      [documentId],
    );
    await t.app.get<Storage>(STORAGE).delete(stored!.storage_key);
    const base = worker.options.retryBaseMs;
    worker.options.retryBaseMs = 0;
    try {
      expect(await worker.drain()).toBe(worker.options.maxAttempts);
    } finally {
      worker.options.retryBaseMs = base;
    }
    const [row]: Array<{ status: string; attempts: number; last_error: string }> = await ds().query(
      `SELECT status, attempts, last_error FROM document_ocr WHERE document_id = $1`,
      [documentId],
    );
    expect(row).toMatchObject({ status: 'failed', attempts: worker.options.maxAttempts });
    expect(row?.last_error).toBeTruthy();
    const res = await ocrOf(token, caseId).expect(200);
    expect(res.body).toEqual({ status: 'failed', sides: { front: 'failed', back: 'none' } });
  });
});
