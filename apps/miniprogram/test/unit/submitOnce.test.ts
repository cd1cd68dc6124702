import { ApiError } from '../../src/services/api/errors';
import { newUuid } from '../../src/services/ids';
import { createSubmitter, type KeyStorage } from '../../src/services/submitOnce';

function memoryStorage(): KeyStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: (k) => data.get(k) ?? null,
    set: (k, v) => void data.set(k, v),
    remove: (k) => void data.delete(k),
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createSubmitter', () => {
  it('should make one request when the button is tapped twice', async () => {
    const d = deferred<string>();
    const send = jest.fn(() => d.promise);
    const s = createSubmitter({ caseId: 'c1', send, storage: memoryStorage(), newKey: () => 'k1' });
    const a = s.submit();
    const b = s.submit();
    expect(s.busy).toBe(true);
    d.resolve('done');
    await expect(Promise.all([a, b])).resolves.toEqual(['done', 'done']);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('should reuse the same key when retrying after a timeout', async () => {
    const keys: string[] = [];
    let n = 0;
    const send = jest.fn(async (key: string) => {
      keys.push(key);
      if (n++ === 0) throw ApiError.client('TIMEOUT');
      return 'ok';
    });
    let made = 0;
    const s = createSubmitter({
      caseId: 'c1',
      send,
      storage: memoryStorage(),
      newKey: () => `k${++made}`,
    });
    await expect(s.submit()).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(s.submit()).resolves.toBe('ok');
    expect(keys).toEqual(['k1', 'k1']);
  });

  it('should keep the key across an app restart when the first attempt got no answer', async () => {
    const storage = memoryStorage();
    const first = createSubmitter({
      caseId: 'c1',
      send: () => Promise.reject(ApiError.client('NETWORK')),
      storage,
      newKey: () => 'k1',
    });
    await first.submit().catch(() => undefined);
    const send = jest.fn(async (_key: string) => 'ok');
    const second = createSubmitter({ caseId: 'c1', send, storage, newKey: () => 'k2' });
    await second.submit();
    expect(send).toHaveBeenCalledWith('k1');
    expect(storage.data.size).toBe(0);
  });

  it('should start a new attempt with a new key after a definite refusal', async () => {
    const keys: string[] = [];
    let n = 0;
    const send = async (key: string) => {
      keys.push(key);
      if (n++ === 0) throw new ApiError('DOCUMENTS_MISSING', '还有照片没有上传。', 422);
      return 'ok';
    };
    let made = 0;
    const s = createSubmitter({
      caseId: 'c1',
      send,
      storage: memoryStorage(),
      newKey: () => `k${++made}`,
    });
    await expect(s.submit()).rejects.toMatchObject({ status: 422 });
    await s.submit();
    expect(keys).toEqual(['k1', 'k2']);
  });

  it('should use a new key for the next submission of the same case (e.g. after resubmission)', async () => {
    const keys: string[] = [];
    let made = 0;
    const s = createSubmitter({
      caseId: 'c1',
      send: async (k: string) => void keys.push(k),
      storage: memoryStorage(),
      newKey: () => `k${++made}`,
    });
    await s.submit();
    await s.submit();
    expect(keys).toEqual(['k1', 'k2']);
  });
});

describe('newUuid', () => {
  it('should make RFC 4122 version 4 ids', () => {
    expect(newUuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
