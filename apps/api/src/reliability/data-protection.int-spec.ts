import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { auditVerify } from '../cli/commands/audit-verify';
import { CryptoService } from '../common/crypto/crypto.service';
import { caseFieldAad } from '../modules/cases/cases.service';
import { OutboxWorker } from '../modules/provisioning/outbox.worker';
import { seedAgent, seedNumber, seedTenant } from '../test/factories';
import {
  claimAndApprove,
  consoleLogin,
  setProvisioningSecret,
  submitCaseViaApi,
  subscriberLogin,
} from '../test/flow';
import { idNumberFor } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * After the whole flow, run by an app logging at debug level: the database dump and the storage
 * folder hold no ID number, name or photo in clear; another tenant's key opens nothing; no log
 * line carries an ID number, a name or a phone number; deleting an audit row breaks the chain
 * at that row (editing one is covered by cli/commands/audit-verify.int-spec.ts).
 */
describe('data protection: database dump, storage folder and logs after the flow', () => {
  let t: TestApp;
  const lines: string[] = [];
  let restore: () => void;
  beforeAll(async () => {
    // The app's JsonLogger writes to process.stdout: catch every line it writes during the suite.
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    };
    restore = () => {
      process.stdout.write = write;
    };
    t = await createTestApp({ LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    restore();
    await t.teardown();
  });

  const people = [
    { name: '杨光明', idNumber: idNumberFor('19750315', 217) },
    { name: '欧阳娜娜', idNumber: idNumberFor('19881224', 402) },
  ];
  const phones: string[] = [];
  const tenants: Array<{ id: string }> = [];
  const cases: string[] = [];

  it('should run the flow for two subscribers of two tenants through approval and the lift', async () => {
    for (const person of people) {
      const tenant = await seedTenant(t.db.dataSource, {
        provisioningUrl: `${t.url}/api/demo/provisioning`,
      });
      await setProvisioningSecret(t, tenant, 'data-protection-secret-0123456789');
      const number = await seedNumber(t.db.dataSource, tenant.id);
      phones.push(number.phone);
      tenants.push(tenant);
      const token = await subscriberLogin(t, tenant, number);
      const { caseId } = await submitCaseViaApi(t, tenant, token, {
        ...person,
        width: 640,
        height: 400,
      });
      cases.push(caseId);
      const auth = await consoleLogin(t, await seedAgent(t.db.dataSource, tenant.id));
      await claimAndApprove(t, auth);
    }
    await t.app.get(OutboxWorker).drain();
  });

  it('should leave no ID number or name in clear in a pg_dump of the database', () => {
    const dump = execFileSync('pg_dump', [t.db.url], { maxBuffer: 512 * 1024 * 1024 }).toString(
      'utf8',
    );
    expect(dump.length).toBeGreaterThan(10_000);
    expect(dump).toContain(cases[0]);
    for (const p of people) {
      expect(dump).not.toContain(p.idNumber);
      expect(dump).not.toContain(p.idNumber.slice(0, 14));
      expect(dump).not.toContain(p.name);
    }
    // No JPEG in a bytea column either (pg_dump writes bytea as \x<hex>).
    expect(dump).not.toMatch(/\\xffd8ff/i);
  });

  it('should store only sealed bytes: no JPEG signature, no EXIF, no ID number in any stored file', () => {
    const files = filesUnder(t.config.dataDir);
    const stored = files.filter((f) => statSync(f).size > 1000);
    expect(stored.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
      expect(bytes.includes('JFIF')).toBe(false);
      expect(bytes.includes('Exif')).toBe(false);
      expect(bytes.includes('Shiming test camera')).toBe(false);
      for (const p of people) expect(bytes.includes(p.idNumber)).toBe(false);
    }
  });

  it("should fail to open a tenant's sealed ID number with another tenant's key", async () => {
    const crypto = t.app.get(CryptoService);
    const [a, b] = tenants as [{ id: string }, { id: string }];
    const [row] = await t.db.dataSource.query(
      'SELECT id_number_enc FROM registration_case WHERE tenant_id = $1 AND id = $2',
      [a.id, cases[0]],
    );
    const aad = caseFieldAad(a.id, cases[0]!, 'id_number');
    expect(crypto.decryptText(a.id, row.id_number_enc, aad)).toBe(people[0]!.idNumber);
    expect(() => crypto.decryptText(b.id, row.id_number_enc, aad)).toThrow();
    expect(() =>
      crypto.decryptText(b.id, row.id_number_enc, caseFieldAad(b.id, cases[0]!, 'id_number')),
    ).toThrow();
  });

  it('should have written no full ID number, name or phone number in any log line', () => {
    const log = lines.join('');
    const jsonLines = log.split('\n').filter((l) => l.startsWith('{"time"'));
    expect(jsonLines.length).toBeGreaterThan(20);
    expect(
      jsonLines.some((l) => l.includes('"level":"debug"') || l.includes('"level":"info"')),
    ).toBe(true);
    const leaks = jsonLines.filter(
      (l) =>
        people.some((p) => l.includes(p.idNumber) || l.includes(p.name)) ||
        phones.some((ph) => l.includes(ph)),
    );
    console.log(
      `log scan: ${jsonLines.length} log lines at debug level, ${leaks.length} with an ID number, name or phone`,
    );
    expect(leaks).toEqual([]);
  });

  it('should make audit verify fail at the row that was deleted', async () => {
    const tenant = tenants[0]!;
    const [{ seq }] = await t.db.dataSource.query(
      `SELECT seq FROM audit_log WHERE tenant_id = $1 ORDER BY seq OFFSET 2 LIMIT 1`,
      [tenant.id],
    );
    await t.db.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL shiming.allow_audit_rewrite = 'on'`);
      await m.query(`DELETE FROM audit_log WHERE tenant_id = $1 AND seq = $2`, [tenant.id, seq]);
    });
    const out: string[] = [];
    const err: string[] = [];
    const code = await auditVerify.run({
      args: [],
      cwd: process.cwd(),
      flags: {},
      config: t.config,
      app: t.app,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`tenant ${tenant.id}, seq ${seq}: entry ${seq} is missing`);
  });
});
