import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'shiming-config-'));
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('loadConfig', () => {
  it('should start in demo mode on the embedded database when nothing is set', () => {
    const c = loadConfig({ DATA_DIR: dataDir() });
    expect(c.mode).toBe('demo');
    expect(c.database.url).toBeUndefined();
    expect(c.database.poolSize).toBe(1);
    expect(c.masterKey).toHaveLength(32);
    expect(c.sms.driver).toBe('log');
  });

  it('should run OCR in the demo and not in test mode unless OCR_ENABLED says otherwise', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).ocr.enabled).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir(), SHIMING_MODE: 'test' }).ocr.enabled).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), OCR_ENABLED: 'false' }).ocr.enabled).toBe(false);
    expect(
      loadConfig({ DATA_DIR: dataDir(), SHIMING_MODE: 'test', OCR_ENABLED: 'true' }).ocr.enabled,
    ).toBe(true);
    expect(problemsOf({ DATA_DIR: dataDir(), OCR_ENABLED: 'yes' })[0]).toMatch(/^OCR_ENABLED:/);
  });

  it('should keep the generated demo keys across restarts', () => {
    const dir = dataDir();
    expect(
      loadConfig({ DATA_DIR: dir }).masterKey.equals(loadConfig({ DATA_DIR: dir }).masterKey),
    ).toBe(true);
  });

  it('should name the variable when PORT is not a number', () => {
    expect(problemsOf({ DATA_DIR: dataDir(), PORT: 'eighty' })[0]).toMatch(/^PORT: /);
  });

  it('should name the variable when DATABASE_URL is not a postgres URL, without echoing it', () => {
    const [p] = problemsOf({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://root:hunter2@x/db' });
    expect(p).toMatch(/^DATABASE_URL: /);
    expect(p).not.toContain('hunter2');
  });

  it('should name the variable when MASTER_KEY is not 32 bytes', () => {
    expect(problemsOf({ DATA_DIR: dataDir(), MASTER_KEY: 'c2hvcnQ=' })[0]).toMatch(/^MASTER_KEY: /);
  });

  it('should require secrets, a database and real gateways in production', () => {
    const problems = problemsOf({ SHIMING_MODE: 'production', DATA_DIR: dataDir() });
    for (const v of [
      'MASTER_KEY',
      'TOKEN_SECRET',
      'DATABASE_URL',
      'SMS_GATEWAY_URL',
      'WECHAT_APP_ID',
      'WECHAT_APP_SECRET',
    ]) {
      expect(problems.some((p) => p.startsWith(`${v}:`))).toBe(true);
    }
  });

  it('should require the S3 settings when STORAGE_DRIVER is s3', () => {
    const problems = problemsOf({ DATA_DIR: dataDir(), STORAGE_DRIVER: 's3' });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'S3_ENDPOINT',
      'S3_BUCKET',
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
    ]);
  });

  it('should refuse an unknown mode naming SHIMING_MODE', () => {
    expect(problemsOf({ DATA_DIR: dataDir(), SHIMING_MODE: 'staging' })[0]).toMatch(
      /^SHIMING_MODE: /,
    );
  });

  it('should trust no proxy when TRUST_PROXY is unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('should take hop counts, named ranges, addresses and CIDRs when TRUST_PROXY names the proxies', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(
      loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8,192.168.1.5' })
        .trustProxy,
    ).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.5']);
  });

  it('should refuse TRUST_PROXY=true and anything that is not a proxy address', () => {
    expect(problemsOf({ DATA_DIR: dataDir(), TRUST_PROXY: 'true' })[0]).toMatch(
      /^TRUST_PROXY: 'true' would believe any X-Forwarded-For/,
    );
    for (const bad of ['10.0.0.0/33', 'proxy.example.com', '*', '11'])
      expect(problemsOf({ DATA_DIR: dataDir(), TRUST_PROXY: bad })[0]).toMatch(/^TRUST_PROXY: /);
  });

  it('should refuse a crash point in production and take it in test mode', () => {
    expect(
      problemsOf({
        SHIMING_MODE: 'production',
        DATA_DIR: dataDir(),
        SHIMING_FAULT: 'after-file-write',
      }),
    ).toContain('SHIMING_FAULT: crash points are for tests; refused in production');
    expect(loadConfig({ DATA_DIR: dataDir() }).fault).toBeNull();
    expect(
      loadConfig({ DATA_DIR: dataDir(), SHIMING_MODE: 'test', SHIMING_FAULT: 'after-file-write' })
        .fault,
    ).toBe('after-file-write');
    expect(problemsOf({ DATA_DIR: dataDir(), SHIMING_FAULT: 'somewhere' })[0]).toMatch(
      /^SHIMING_FAULT: expected one of during-file-write, /,
    );
  });
});
