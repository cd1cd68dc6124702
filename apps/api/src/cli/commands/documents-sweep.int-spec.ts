import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../../test/test-database';
import { runCli } from '../main';

describe('pnpm shiming documents sweep', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('should list an orphaned file and keep it when run with --dry-run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shiming-cli-'));
    const tenant = '11111111-1111-4111-8111-111111111111';
    mkdirSync(join(dataDir, 'documents', tenant), { recursive: true });
    writeFileSync(
      join(dataDir, 'documents', tenant, '22222222-2222-4222-8222-222222222222'),
      'orphan',
    );
    const lines: string[] = [];
    const spy = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    try {
      const code = await runCli(['documents', 'sweep', '--dry-run', '--grace-minutes', '0'], {
        SHIMING_MODE: 'test',
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        MIGRATIONS_RUN_ON_START: 'false',
      });
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const out = lines.join('');
    expect(out).toContain(`would delete ${tenant}/22222222-2222-4222-8222-222222222222`);
    expect(out).toContain('1 orphaned (dry run, nothing deleted)');
  });
});
