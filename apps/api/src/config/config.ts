import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** The repository root: apps/api/{src,dist}/config → three levels up. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

const bool = z
  .enum(['true', 'false', '1', '0'], { message: "expected 'true' or 'false'" })
  .transform((v) => v === 'true' || v === '1');

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int()
  .min(0, 'expected a port number between 0 (any free port) and 65535')
  .max(65535, 'expected a port number between 1 and 65535');

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** An address or CIDR Express's trust-proxy list accepts ('10.0.0.0/8', '::1', '192.168.1.5'). */
const isAddressOrCidr = (v: string): boolean => {
  const [addr = '', bits, ...rest] = v.split('/');
  if (rest.length > 0 || !isIP(addr)) return false;
  if (bits === undefined) return true;
  const max = isIP(addr) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
};

/**
 * Who may tell the API the client's address (X-Forwarded-For). 'false': nobody, the TCP peer is
 * the client. A number: that many proxies in front (hops). Otherwise the proxies' addresses.
 * 'true' (trust any sender) is refused: every client could then choose its own address.
 */
const trustProxy = z.string().transform((v, ctx): false | number | string[] => {
  const s = v.trim().toLowerCase();
  if (s === 'false' || s === '0') return false;
  if (/^\d+$/.test(s) && Number(s) <= 10) return Number(s);
  const items = s.split(',').map((i) => i.trim());
  const bad = items.filter((i) => !PROXY_NAMES.has(i) && !isAddressOrCidr(i));
  if (s === 'true' || bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message:
        s === 'true'
          ? "'true' would believe any X-Forwarded-For a client sends (rate limits dodged by a header); name the proxy: its address or CIDR, loopback, uniquelocal, or a hop count"
          : `expected 'false', a hop count (1–10), or a comma-separated list of loopback, linklocal, uniquelocal, addresses and CIDRs (not: ${bad.join(', ')})`,
    });
    return z.NEVER;
  }
  return items;
});

const base64Key = z
  .string()
  .refine(
    (v) => Buffer.from(v, 'base64').length === 32,
    'expected 32 random bytes, base64-encoded (openssl rand -base64 32)',
  );

/** Where SHIMING_FAULT may crash the process (src/common/fault.ts). */
export const FAULT_POINTS = [
  'during-file-write',
  'after-file-write',
  'after-upload-commit',
  'after-submit-commit',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/** Every variable the process reads, described once. No process.env reads elsewhere. */
export const envSchema = z.object({
  SHIMING_MODE: z
    .enum(['demo', 'test', 'production'], { message: "expected 'demo', 'test' or 'production'" })
    .default('demo')
    .describe(
      'demo: seeds demo tenants, serves the WeChat emulator, fake provisioning and the demo SMS outbox',
    ),
  HOST: z.string().min(1).default('0.0.0.0').describe('Address the HTTP server binds'),
  TRUST_PROXY: trustProxy
    .default(false)
    .describe(
      "The reverse proxies in front of the API, whose X-Forwarded-For names the client (rate limits key on it): 'false' (none: the TCP peer is the client), a hop count, or their addresses/CIDRs (loopback, uniquelocal, 10.0.0.0/8, …)",
    ),
  PORT: port.default(3000).describe('HTTP port for /api, /console and /h5'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional()
    .describe('PostgreSQL server; unset = embedded PGlite under DATA_DIR'),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('Connections per process (embedded: always 1)'),
  EMBEDDED_DB_PORT: port.default(54329).describe('Loopback port of the embedded PGlite server'),
  DATA_DIR: z
    .string()
    .min(1)
    .default(join(REPO_ROOT, '.data'))
    .describe('Embedded database, local document storage and demo keys'),
  MIGRATIONS_RUN_ON_START: bool.default(true).describe('Apply pending migrations at start-up'),
  MASTER_KEY: base64Key
    .optional()
    .describe(
      'Master key for per-tenant document and field encryption (32 bytes, base64). Required in production',
    ),
  TOKEN_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters')
    .optional()
    .describe('HMAC secret for session tokens and signed URLs. Required in production'),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], {
      message: "expected 'debug', 'info', 'warn' or 'error'",
    })
    .default('info'),
  PUBLIC_BASE_URL: z
    .string()
    .url('expected an absolute URL')
    .optional()
    .describe('External address, for links in messages'),
  STORAGE_DRIVER: z.enum(['local', 's3'], { message: "expected 'local' or 's3'" }).default('local'),
  STORAGE_DIR: z
    .string()
    .optional()
    .describe('Local document storage (default DATA_DIR/documents)'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY: z.string().optional(),
  S3_SECRET_KEY: z.string().optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024)
    .describe('Largest accepted upload'),
  UPLOAD_MAX_PIXELS: z.coerce
    .number()
    .int()
    .min(1_000_000)
    .default(40_000_000)
    .describe('Largest accepted decoded image (pixels)'),
  WECHAT_API_BASE: z
    .string()
    .url('expected an absolute URL')
    .optional()
    .describe('WeChat server API base (demo: the built-in emulator)'),
  WECHAT_OPEN_BASE: z
    .string()
    .url('expected an absolute URL')
    .optional()
    .describe(
      "Host of WeChat's web authorisation page (connect/oauth2/authorize); production https://open.weixin.qq.com, demo: the emulator at WECHAT_API_BASE",
    ),
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  WECHAT_DECISION_TEMPLATE_ID: z
    .string()
    .optional()
    .describe(
      'Subscription-message template for review decisions (unset in production: decisions are not sent by WeChat)',
    ),
  CAMPAIGN_RATE_PER_SECOND: z.coerce
    .number({ message: 'expected a number of messages per second' })
    .int()
    .min(1, 'expected at least 1')
    .max(10_000)
    .default(20)
    .describe(
      'Default send rate of a reminder campaign (WeChat template messages and SMS together); a campaign may set its own',
    ),
  MINIPROGRAM_UPLOAD_KEY: z
    .string()
    .optional()
    .describe(
      "miniprogram-ci upload key file (private.<appid>.key from the mini-program's admin console); {appid} is replaced by the tenant's mini-program app id",
    ),
  MINIPROGRAM_UPLOAD_ROBOT: z.coerce
    .number()
    .int()
    .min(1)
    .max(30)
    .default(1)
    .describe('miniprogram-ci robot number (1–30) the upload is attributed to'),
  SMS_DRIVER: z
    .enum(['log', 'http'], { message: "expected 'log' or 'http'" })
    .optional()
    .describe('log: demo outbox; http: SMS_GATEWAY_URL'),
  SMS_GATEWAY_URL: z.string().url().optional(),
  SMS_GATEWAY_SECRET: z.string().optional(),
  WORKERS_ENABLED: bool
    .default(true)
    .describe('Run the outbox/provisioning worker in this process'),
  OCR_ENABLED: bool
    .optional()
    .describe(
      "Offline OCR of ID photos (PaddleOCR on onnxruntime, one read at a time in a worker thread of each WORKERS_ENABLED process, ≈ 1.2 s of one core and ≈ 0.95 GB peak per photo, bench/ocr): prefill for the subscriber, mismatch/expiry flags for agents. Default on, except in 'test' mode",
    ),
  OPERATIONS_JOB_INTERVAL_SECONDS: z.coerce
    .number({ message: 'expected a number of seconds' })
    .int()
    .min(10, 'expected at least 10 seconds')
    .default(900)
    .describe(
      'How often the worker process checks for due escalations and retention (advisory-locked: one replica runs them)',
    ),
  SMS_INBOUND_SECRET: z
    .string()
    .min(16, 'expected at least 16 characters')
    .optional()
    .describe(
      'HMAC-SHA256 secret the SMS gateway signs inbound messages with (X-Sms-Signature); unset in production = SMS channel refused',
    ),
  SHIMING_FAULT: z
    .enum(FAULT_POINTS, { message: `expected one of ${FAULT_POINTS.join(', ')}` })
    .optional()
    .describe(
      'Tests only (refused in production): the process SIGKILLs itself at this point, as a power cut would, so the crash tests can prove nothing is lost or left behind',
    ),
  CONSOLE_DIST: z.string().default(join(REPO_ROOT, 'apps/console/dist')),
  H5_DIST: z.string().default(join(REPO_ROOT, 'apps/miniprogram/dist-h5')),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  mode: 'demo' | 'test' | 'production';
  host: string;
  port: number;
  /** Express's 'trust proxy': false, a hop count, or the proxies' addresses/CIDRs. */
  trustProxy: false | number | string[];
  database: {
    url: string | undefined;
    poolSize: number;
    embeddedPort: number;
    runMigrationsOnStart: boolean;
  };
  dataDir: string;
  masterKey: Buffer;
  tokenSecret: Buffer;
  logLevel: Env['LOG_LEVEL'];
  publicBaseUrl: string;
  storage:
    | { driver: 'local'; dir: string }
    | {
        driver: 's3';
        endpoint: string;
        bucket: string;
        region: string;
        accessKey: string;
        secretKey: string;
      };
  upload: { maxBytes: number; maxPixels: number };
  wechat: {
    apiBase: string;
    /** Web authorisation host; null: the same as apiBase (the emulator serves both). */
    openBase: string | null;
    appId: string;
    appSecret: string;
    decisionTemplateId: string | null;
  };
  campaigns: { defaultRatePerSecond: number };
  miniprogramCi: { privateKeyPath: string | null; robot: number };
  sms: { driver: 'log' } | { driver: 'http'; url: string; secret: string };
  workersEnabled: boolean;
  /** Offline OCR of ID photos: jobs are queued at upload and read by the worker only when on. */
  ocr: { enabled: boolean };
  operations: { jobIntervalSeconds: number; smsInboundSecret: string | null };
  staticDirs: { console: string; h5: string };
  /** Tests only: the crash point of SHIMING_FAULT (null in production, always). */
  fault: FaultPoint | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads a demo secret from DATA_DIR, creating it once, so restarts keep documents readable. */
function demoSecret(dataDir: string, file: string, make: () => string): string {
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = make();
  writeFileSync(path, value + '\n', { mode: 0o600 });
  return value;
}

function requireVar(
  problems: string[],
  name: string,
  value: string | undefined,
  why: string,
): string {
  if (!value) problems.push(`${name}: required ${why}`);
  return value ?? '';
}

/** Checks the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(raw: Record<string, string | undefined>): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.join('.');
        const got = cleaned[name];
        const shown =
          got === undefined ? '' : ` (got '${/KEY|SECRET|PASSWORD|URL/.test(name) ? '***' : got}')`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  const production = env.SHIMING_MODE === 'production';
  const secret = (name: 'MASTER_KEY' | 'TOKEN_SECRET', file: string): string => {
    const given = env[name];
    if (given) return given;
    if (production) return requireVar(problems, name, undefined, 'in production');
    return demoSecret(env.DATA_DIR, file, () => randomBytes(32).toString('base64'));
  };
  const masterKey = secret('MASTER_KEY', 'master.key');
  const tokenSecret = secret('TOKEN_SECRET', 'token.secret');
  if (production && env.SHIMING_FAULT)
    problems.push('SHIMING_FAULT: crash points are for tests; refused in production');
  if (production && !env.DATABASE_URL)
    problems.push(
      'DATABASE_URL: required in production (the embedded database is for laptops and demos)',
    );

  let storage: AppConfig['storage'] = {
    driver: 'local',
    dir: env.STORAGE_DIR ?? join(env.DATA_DIR, 'documents'),
  };
  if (env.STORAGE_DRIVER === 's3') {
    storage = {
      driver: 's3',
      endpoint: requireVar(problems, 'S3_ENDPOINT', env.S3_ENDPOINT, "when STORAGE_DRIVER is 's3'"),
      bucket: requireVar(problems, 'S3_BUCKET', env.S3_BUCKET, "when STORAGE_DRIVER is 's3'"),
      region: env.S3_REGION,
      accessKey: requireVar(
        problems,
        'S3_ACCESS_KEY',
        env.S3_ACCESS_KEY,
        "when STORAGE_DRIVER is 's3'",
      ),
      secretKey: requireVar(
        problems,
        'S3_SECRET_KEY',
        env.S3_SECRET_KEY,
        "when STORAGE_DRIVER is 's3'",
      ),
    };
  }
  const smsDriver = env.SMS_DRIVER ?? (production ? 'http' : 'log');
  if (production && smsDriver === 'log')
    problems.push("SMS_DRIVER: 'log' only writes codes to a demo outbox; use 'http' in production");
  const sms: AppConfig['sms'] =
    smsDriver === 'log'
      ? { driver: 'log' }
      : {
          driver: 'http',
          url: requireVar(
            problems,
            'SMS_GATEWAY_URL',
            env.SMS_GATEWAY_URL,
            "when SMS_DRIVER is 'http'",
          ),
          secret: requireVar(
            problems,
            'SMS_GATEWAY_SECRET',
            env.SMS_GATEWAY_SECRET,
            "when SMS_DRIVER is 'http'",
          ),
        };
  const localBase = `http://127.0.0.1:${env.PORT}`;
  const wechat = {
    apiBase:
      env.WECHAT_API_BASE ??
      (production ? 'https://api.weixin.qq.com' : `${localBase}/api/demo/wechat`),
    openBase: env.WECHAT_OPEN_BASE ?? (production ? 'https://open.weixin.qq.com' : null),
    appId: production
      ? requireVar(problems, 'WECHAT_APP_ID', env.WECHAT_APP_ID, 'in production')
      : (env.WECHAT_APP_ID ?? 'wxdemo0000000000'),
    appSecret: production
      ? requireVar(problems, 'WECHAT_APP_SECRET', env.WECHAT_APP_SECRET, 'in production')
      : (env.WECHAT_APP_SECRET ?? 'demo-secret'),
    decisionTemplateId:
      env.WECHAT_DECISION_TEMPLATE_ID ?? (production ? null : 'demo-decision-template'),
  };
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode: env.SHIMING_MODE,
    host: env.HOST,
    port: env.PORT,
    trustProxy: env.TRUST_PROXY,
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_URL ? env.DATABASE_POOL_SIZE : 1,
      embeddedPort: env.EMBEDDED_DB_PORT,
      runMigrationsOnStart: env.MIGRATIONS_RUN_ON_START,
    },
    dataDir: env.DATA_DIR,
    masterKey: Buffer.from(masterKey, 'base64'),
    tokenSecret: Buffer.from(tokenSecret, 'utf8'),
    logLevel: env.LOG_LEVEL,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? localBase,
    storage,
    upload: { maxBytes: env.UPLOAD_MAX_BYTES, maxPixels: env.UPLOAD_MAX_PIXELS },
    wechat,
    campaigns: { defaultRatePerSecond: env.CAMPAIGN_RATE_PER_SECOND },
    miniprogramCi: {
      privateKeyPath: env.MINIPROGRAM_UPLOAD_KEY ?? null,
      robot: env.MINIPROGRAM_UPLOAD_ROBOT,
    },
    sms,
    workersEnabled: env.WORKERS_ENABLED,
    ocr: { enabled: env.OCR_ENABLED ?? env.SHIMING_MODE !== 'test' },
    operations: {
      jobIntervalSeconds: env.OPERATIONS_JOB_INTERVAL_SECONDS,
      smsInboundSecret: env.SMS_INBOUND_SECRET ?? (production ? null : 'demo-sms-inbound-secret'),
    },
    staticDirs: { console: env.CONSOLE_DIST, h5: env.H5_DIST },
    fault: env.SHIMING_FAULT ?? null,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
