import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CryptoService } from '../common/crypto/crypto.service';
import { loadConfig, type AppConfig, type FaultPoint } from '../config/config';
import { documentAad } from '../modules/documents/documents.service';
import { ApiProcess, runCliProcess, startApiProcess } from '../test/api-process';
import { seedNumber, seedTenant, subscriberToken, type SeededTenant } from '../test/factories';
import { makeJpeg } from '../test/images';
import { idNumberFor } from '../test/review-setup';
import { createTestDatabase, TestDatabase } from '../test/test-database';

/**
 * The API killed (SIGKILL, no shutdown of any kind) at each point of an upload and a submission,
 * as a real child process: while the file is being written, after the file is written and before
 * its row commits, after the commit and before the answer, and after the submission commits and
 * before its answer. The client retries as a phone would. Then `pnpm shiming storage sweep`
 * must find and remove exactly the files the crashes orphaned, and find no row without its file.
 *
 * Rounds: 1 in CI (4 crashes); more with RELIABILITY_CRASH_ROUNDS (bench/reliability.mjs).
 */
const ROUNDS = Number(process.env['RELIABILITY_CRASH_ROUNDS'] ?? 1);

describe('crashes between the file write, the commit and the answer', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let config: AppConfig;
  let storageDir: string;
  let tenant: SeededTenant;
  let api: ApiProcess | undefined;
  const figures: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'shiming-crash-'));
    storageDir = join(dataDir, 'documents');
    env = {
      SHIMING_MODE: 'test',
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '4',
      DATA_DIR: dataDir,
      STORAGE_DIR: storageDir,
      MASTER_KEY: randomBytes(32).toString('base64'),
      TOKEN_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'error',
      MIGRATIONS_RUN_ON_START: 'false',
      WORKERS_ENABLED: 'false',
    };
    config = loadConfig(env);
    tenant = await seedTenant(db.dataSource);
  });
  afterAll(async () => {
    if (api) await api.stop();
    await db.drop();
    console.log(`crash recovery:\n  ${figures.join('\n  ')}`);
  });

  /** Every file under the storage folder, by kind: object keys and leftover temporary files. */
  const storedFiles = (): { keys: string[]; partial: string[] } => {
    const keys: string[] = [];
    const partial: string[] = [];
    if (!existsSync(storageDir)) return { keys, partial };
    for (const t of readdirSync(storageDir))
      for (const f of readdirSync(join(storageDir, t)))
        (f.includes('.tmp-') ? partial : keys).push(`${t}/${f}`);
    return { keys, partial };
  };

  /** Counted straight from the disk and the table, independently of the sweep. */
  async function damage(): Promise<{
    orphans: number;
    partial: number;
    missing: number;
    rows: number;
  }> {
    const rows: Array<{ storage_key: string }> = await db.dataSource.query(
      'SELECT storage_key FROM document',
    );
    const referenced = new Set(rows.map((r) => r.storage_key));
    const { keys, partial } = storedFiles();
    const onDisk = new Set(keys);
    return {
      orphans: keys.filter((k) => !referenced.has(k)).length,
      partial: partial.length,
      missing: [...referenced].filter((k) => !onDisk.has(k)).length,
      rows: rows.length,
    };
  }

  async function start(fault?: FaultPoint): Promise<ApiProcess> {
    api = await startApiProcess(fault ? { ...env, SHIMING_FAULT: fault } : env);
    return api;
  }

  /** The request must get no answer at all, and the process must have died of SIGKILL. */
  async function expectCrash(p: ApiProcess, req: Promise<unknown>): Promise<void> {
    await expect(req).rejects.toThrow(/socket hang up|ECONNRESET|ECONNREFUSED/);
    expect(await p.exited).toEqual({ code: null, signal: 'SIGKILL' });
    api = undefined;
  }

  const upload = (p: ApiProcess, token: string, caseId: string, kind: string, seed: number) =>
    makeJpeg({ width: 640, height: 400, seed }).then((jpeg) =>
      request(p.url)
        .post(`/api/cases/${caseId}/documents/${kind}`)
        .set('Authorization', `Bearer ${token}`)
        .attach('file', jpeg, { filename: `${kind}.jpg`, contentType: 'image/jpeg' })
        .then((r) => r),
    );

  it(
    `should leave nothing the sweep cannot repair after ${ROUNDS * 4} crashes, and no row without its file`,
    async () => {
      const submitted: Array<{ caseId: string; token: string; key: string }> = [];
      let crashes = 0;
      let retriedSubmissions = 0;
      /** A submission whose answer was lost: the phone retries it with the same key. */
      const retryPending = async (p: ApiProcess): Promise<void> => {
        const last = submitted[submitted.length - 1];
        if (!last) return;
        const again = await request(p.url)
          .post(`/api/cases/${last.caseId}/submit`)
          .set('Authorization', `Bearer ${last.token}`)
          .set('Idempotency-Key', last.key)
          .expect(200);
        expect(again.body).toMatchObject({ id: last.caseId, state: 'submitted' });
        retriedSubmissions++;
      };

      for (let round = 0; round < ROUNDS; round++) {
        const number = await seedNumber(db.dataSource, tenant.id);
        const token = subscriberToken(config, tenant, number);
        const auth = { Authorization: `Bearer ${token}` };

        // 1. Killed after the file is written, before its row commits: an orphan file.
        let p = await start('after-file-write');
        await retryPending(p);
        const created = await request(p.url)
          .post('/api/cases')
          .set(auth)
          .send({ applicantType: 'self' })
          .expect(201);
        const caseId = created.body.id as string;
        await expectCrash(p, upload(p, token, caseId, 'id_front', 1));
        crashes++;

        // 2. Killed while the file is written (flushed, not yet renamed): a partial write.
        p = await start('during-file-write');
        await expectCrash(p, upload(p, token, caseId, 'id_front', 2));
        crashes++;

        // 3. Killed after the commit, before the answer: row and file both there.
        p = await start('after-upload-commit');
        await expectCrash(p, upload(p, token, caseId, 'id_front', 3));
        crashes++;

        // 4. The rest of the case, then killed after the submission commits, before its answer.
        p = await start('after-submit-commit');
        for (const [kind, seed] of [
          ['id_back', 4],
          ['id_handheld', 5],
        ] as const)
          expect((await upload(p, token, caseId, kind, seed)).status).toBe(201);
        await request(p.url)
          .put(`/api/cases/${caseId}/applicant`)
          .set(auth)
          .send({ name: '杨光明', idNumber: idNumberFor('19750315') })
          .expect(200);
        await request(p.url)
          .post(`/api/cases/${caseId}/consent`)
          .set(auth)
          .send({ version: tenant.consentVersion })
          .expect((r) => expect([200, 201]).toContain(r.status));
        const key = `submit-${caseId}`;
        submitted.push({ caseId, token, key });
        await expectCrash(
          p,
          request(p.url)
            .post(`/api/cases/${caseId}/submit`)
            .set(auth)
            .set('Idempotency-Key', key)
            .then((r) => r),
        );
        crashes++;
      }
      // Back up without a fault: the last lost submission is retried and answered.
      const p = await start();
      await retryPending(p);
      expect(retriedSubmissions).toBe(ROUNDS);
      await p.stop();
      api = undefined;

      // Every case is submitted once, with its three photos in force.
      const cases: Array<{ state: string; submits: number; docs: number }> =
        await db.dataSource.query(
          `SELECT c.state,
              (SELECT count(*)::int FROM audit_log a WHERE a.tenant_id = c.tenant_id AND a.target_id = c.id::text AND a.action = 'case.submit') AS submits,
              (SELECT count(*)::int FROM document d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id AND d.superseded_at IS NULL) AS docs
         FROM registration_case c WHERE c.tenant_id = $1`,
          [tenant.id],
        );
      expect(cases).toEqual(Array(ROUNDS).fill({ state: 'submitted', submits: 1, docs: 3 }));

      const before = await damage();
      expect(before).toEqual({ orphans: ROUNDS, partial: ROUNDS, missing: 0, rows: ROUNDS * 3 });

      const sweep = (...args: string[]) =>
        runCliProcess(['storage', 'sweep', '--grace-minutes', '0', ...args], env);
      const dry = await sweep('--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(
        `${ROUNDS} orphaned, ${ROUNDS} partly written (dry run, nothing deleted)`,
      );
      expect(dry.stdout).toContain(
        `document rows: ${ROUNDS * 3} checked, 0 pointing at a missing file`,
      );
      expect(await damage()).toEqual(before);

      const real = await sweep();
      expect(real.code).toBe(0);
      expect(real.stdout).toContain(
        `${ROUNDS} orphaned, ${ROUNDS} partly written, ${ROUNDS * 2} deleted`,
      );
      const after = await damage();
      expect(after).toEqual({ orphans: 0, partial: 0, missing: 0, rows: ROUNDS * 3 });
      const again = await sweep('--dry-run');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('0 orphaned, 0 partly written');
      expect(again.stdout).toContain('0 pointing at a missing file');

      // Every row's file opens with the tenant's key: nothing the sweep kept is damaged.
      const crypto = new CryptoService(config);
      const docs: Array<{ id: string; storage_key: string }> = await db.dataSource.query(
        'SELECT id, storage_key FROM document WHERE tenant_id = $1',
        [tenant.id],
      );
      for (const d of docs) {
        const jpeg = crypto.decrypt(
          tenant.id,
          readFileSync(join(storageDir, d.storage_key)),
          documentAad(tenant.id, d.id),
        );
        expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      }
      figures.push(
        `${crashes} SIGKILLs over ${ROUNDS} round(s) (during the file write, after it, after the upload commit, after the submission commit): ` +
          `before the sweep ${before.orphans} orphan file(s), ${before.partial} partial write(s), ${before.missing} row(s) without a file; ` +
          `after \`storage sweep\` 0 / 0 / 0; ${ROUNDS} submission(s) retried with their key → 200, 1 case.submit each; ${docs.length} stored photos decrypt`,
      );
    },
    60_000 + ROUNDS * 40_000,
  );

  it('should report a row whose file is gone and exit 1 when the sweep finds one', async () => {
    const rows: Array<{ id: string; storage_key: string }> = await db.dataSource.query(
      'SELECT id, storage_key FROM document WHERE tenant_id = $1 ORDER BY id LIMIT 1',
      [tenant.id],
    );
    const row = rows[0] as { id: string; storage_key: string };
    rmSync(join(storageDir, row.storage_key));
    const r = await runCliProcess(['storage', 'sweep', '--dry-run'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 pointing at a missing file');
    expect(r.stderr).toContain(`missing file: document ${row.id}`);
    figures.push(
      'control: one stored file deleted by hand → `storage sweep` lists its document, exit 1',
    );
  }, 30_000);
});
