import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';
import { newStorageKey, Storage } from './storage';

/** Enough of S3's REST API (path style) to hold objects in memory and check each request is signed. */
function fakeS3(): { fetch: typeof fetch; objects: Map<string, Buffer> } {
  const objects = new Map<string, Buffer>();
  const respond = (input: string | URL | Request, init?: RequestInit): Response => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
    );
    const headers = (init?.headers ?? {}) as Record<string, string>;
    if (!headers['authorization']?.startsWith('AWS4-HMAC-SHA256 Credential=ak/'))
      return new Response('denied', { status: 403 });
    const [, bucket, ...rest] = url.pathname.split('/');
    if (bucket !== 'docs') return new Response('NoSuchBucket', { status: 404 });
    const key = rest.map(decodeURIComponent).join('/');
    const method = init?.method ?? 'GET';
    if (method === 'PUT') {
      objects.set(key, Buffer.from(init?.body as Uint8Array));
      return new Response('', { status: 200 });
    }
    if (method === 'GET' && url.searchParams.get('list-type') === '2') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const contents = keys
        .map(
          (k) =>
            `<Contents><Key>${k}</Key><LastModified>2020-01-01T00:00:00.000Z</LastModified></Contents>`,
        )
        .join('');
      return new Response(
        `<ListBucketResult><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
        { status: 200 },
      );
    }
    if (method === 'GET') {
      const o = objects.get(key);
      return o
        ? new Response(new Uint8Array(o), { status: 200 })
        : new Response('NoSuchKey', { status: 404 });
    }
    if (method === 'HEAD') return new Response(null, { status: objects.has(key) ? 200 : 404 });
    if (method === 'DELETE') {
      objects.delete(key);
      return new Response(null, { status: 204 });
    }
    return new Response('', { status: 405 });
  };
  const impl = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    Promise.resolve(respond(input, init));
  return { fetch: impl, objects };
}

const backends: Array<[string, () => { storage: Storage; cleanup: () => Promise<void> }]> = [
  [
    'LocalDiskStorage',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'shiming-storage-'));
      return {
        storage: new LocalDiskStorage(dir),
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3Storage',
    () => {
      const s3 = fakeS3();
      const storage = new S3Storage(
        {
          endpoint: 'http://minio.local:9000',
          bucket: 'docs',
          region: 'us-east-1',
          accessKey: 'ak',
          secretKey: 'sk',
        },
        s3.fetch,
      );
      return { storage, cleanup: () => Promise.resolve() };
    },
  ],
];

describe.each(backends)('%s', (_name, make) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  const tenant = randomUUID();
  beforeEach(() => ({ storage, cleanup } = make()));
  afterEach(() => cleanup());

  it('should return the same bytes when an object is put then got', async () => {
    const key = newStorageKey(tenant);
    await storage.put(key, Buffer.from([0, 1, 2, 255]));
    expect(await storage.get(key)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(await storage.exists(key)).toBe(true);
  });

  it('should report a missing object as OBJECT_NOT_FOUND when it was deleted', async () => {
    const key = newStorageKey(tenant);
    await storage.put(key, Buffer.from('x'));
    await storage.delete(key);
    await storage.delete(key); // twice is fine
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.get(key)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
  });

  it('should list only the keys under a tenant prefix when asked for one tenant', async () => {
    const other = randomUUID();
    const a = newStorageKey(tenant);
    const b = newStorageKey(other);
    await storage.put(a, Buffer.from('a'));
    await storage.put(b, Buffer.from('b'));
    const listed: string[] = [];
    for await (const o of storage.list(`${tenant}/`)) listed.push(o.key);
    expect(listed).toEqual([a]);
    const all: string[] = [];
    for await (const o of storage.list('')) all.push(o.key);
    expect(all.sort()).toEqual([a, b].sort());
  });

  it('should refuse a key that is not tenant/uuid when it could escape the store', async () => {
    await expect(storage.put('../../etc/passwd', Buffer.from('x'))).rejects.toMatchObject({
      code: 'INVALID_KEY',
    });
    await expect(storage.get(`${tenant}/../x`)).rejects.toMatchObject({ code: 'INVALID_KEY' });
  });
});

describe('LocalDiskStorage writes', () => {
  it('should leave no temporary file behind when a write completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shiming-storage-'));
    const s = new LocalDiskStorage(dir);
    const tenant = randomUUID();
    const key = newStorageKey(tenant);
    await s.put(key, Buffer.alloc(100_000, 7));
    expect(readdirSync(join(dir, tenant))).toEqual([key.split('/')[1]]);
    await rm(dir, { recursive: true, force: true });
  });
});
