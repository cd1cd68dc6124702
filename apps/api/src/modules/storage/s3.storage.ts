import { Logger } from '@nestjs/common';
import {
  assertStorageKey,
  assertStoragePrefix,
  Storage,
  StoredObject,
  StorageError,
} from './storage';
import { awsUriEncode, sha256Hex, signV4 } from './sigv4';

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKey: string;
  secretKey: string;
}

/**
 * An S3-compatible bucket (AWS S3, MinIO, Aliyun OSS, Tencent COS) over plain fetch with
 * SigV4, path-style URLs (`<endpoint>/<bucket>/<key>`), which every one of them accepts.
 * PUT is atomic in S3 semantics: an object is visible whole or not at all.
 */
export class S3Storage implements Storage {
  readonly driver = 's3' as const;
  private readonly logger = new Logger(S3Storage.name);
  private readonly base: URL;

  constructor(
    private readonly opts: S3Options,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.base = new URL(opts.endpoint.replace(/\/+$/, '') + '/');
  }

  private url(key: string | undefined, query: Record<string, string> = {}): URL {
    const path = key === undefined ? '' : '/' + key.split('/').map(awsUriEncode).join('/');
    const u = new URL(
      `${this.base.pathname.replace(/\/$/, '')}/${awsUriEncode(this.opts.bucket)}${path}`,
      this.base,
    );
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  }

  private async send(
    method: string,
    url: URL,
    body?: Buffer,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    const payloadHash = sha256Hex(body ?? '');
    const headers = signV4(
      { method, url, headers: extra, payloadHash },
      {
        accessKey: this.opts.accessKey,
        secretKey: this.opts.secretKey,
        region: this.opts.region,
        service: 's3',
      },
      this.now(),
    );
    delete headers['host'];
    try {
      return await this.fetchFn(url, {
        method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
      });
    } catch (e) {
      this.logger.error(`S3 ${method} failed: ${e instanceof Error ? e.message : String(e)}`);
      throw new StorageError('STORAGE_UNAVAILABLE', '文件存储暂时不可用，请稍后再试');
    }
  }

  private async fail(op: string, res: Response): Promise<never> {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    this.logger.error(`S3 ${op} answered ${res.status}: ${text.replace(/\s+/g, ' ')}`);
    throw new StorageError('STORAGE_UNAVAILABLE', '文件存储暂时不可用，请稍后再试');
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    assertStorageKey(key);
    const res = await this.send('PUT', this.url(key), bytes, {
      'content-type': 'application/octet-stream',
    });
    if (!res.ok) await this.fail('PUT', res);
    await res.arrayBuffer();
  }

  async get(key: string): Promise<Buffer> {
    assertStorageKey(key);
    const res = await this.send('GET', this.url(key));
    if (res.status === 404) {
      await res.arrayBuffer();
      throw new StorageError('OBJECT_NOT_FOUND', '文件不存在');
    }
    if (!res.ok) await this.fail('GET', res);
    return Buffer.from(await res.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    const res = await this.send('DELETE', this.url(key));
    if (!res.ok && res.status !== 404) await this.fail('DELETE', res);
    await res.arrayBuffer();
  }

  async exists(key: string): Promise<boolean> {
    assertStorageKey(key);
    const res = await this.send('HEAD', this.url(key));
    await res.arrayBuffer();
    if (res.status === 404) return false;
    if (!res.ok) await this.fail('HEAD', res);
    return true;
  }

  /** A PUT is atomic in S3 semantics (this client never starts multipart uploads): nothing partial exists. */
  sweepPartialWrites(): Promise<string[]> {
    return Promise.resolve([]);
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    assertStoragePrefix(prefix);
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix, 'max-keys': '1000' };
      if (token) query['continuation-token'] = token;
      const res = await this.send('GET', this.url(undefined, query));
      if (!res.ok) await this.fail('LIST', res);
      const xml = await res.text();
      for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const body = m[1] ?? '';
        const key = xmlText(body, 'Key');
        const modified = xmlText(body, 'LastModified');
        if (key) yield { key, modifiedAt: modified ? new Date(modified) : new Date(0) };
      }
      token =
        xmlText(xml, 'IsTruncated') === 'true' ? xmlText(xml, 'NextContinuationToken') : undefined;
    } while (token);
  }
}

function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
