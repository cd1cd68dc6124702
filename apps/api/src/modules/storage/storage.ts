import { randomUUID } from 'node:crypto';
import { defineErrors } from '../../common/errors/app-error';

/** One stored object, as a sweep sees it. */
export interface StoredObject {
  key: string;
  /** When the object was last written: a sweep leaves young objects alone (an upload may be mid-commit). */
  modifiedAt: Date;
}

/**
 * Where encrypted document bytes live. Keys are made by {@link newStorageKey} only (random,
 * never derived from anything a user sent). Implementations: local disk, S3-compatible.
 */
export interface Storage {
  readonly driver: 'local' | 's3';
  /** Writes the whole object; a reader never sees a partial object. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** Throws StorageError OBJECT_NOT_FOUND when the key does not exist. */
  get(key: string): Promise<Buffer>;
  /** Removes the object; no error when it is already gone. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every object whose key starts with `prefix` ('' = all), for sweeps. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /**
   * What writes cut short by a crash left behind, older than `olderThan` (local disk: temporary
   * files never renamed; S3: nothing, a PUT is whole or absent). Removed unless `dryRun`.
   */
  sweepPartialWrites(opts: { olderThan: Date; dryRun: boolean }): Promise<string[]>;
}

export const STORAGE = Symbol('STORAGE');

export const StorageError = defineErrors('storage', {
  OBJECT_NOT_FOUND: 404,
  INVALID_KEY: 500,
  STORAGE_UNAVAILABLE: 503,
});

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const KEY = new RegExp(`^${UUID}/${UUID}$`);
const PREFIX = new RegExp(`^(${UUID}/?)?$`);

/** `${tenantId}/${random uuid}`: the tenant prefix lets a sweep or a tenant export walk one tenant. */
export function newStorageKey(tenantId: string): string {
  const key = `${tenantId}/${randomUUID()}`;
  assertStorageKey(key);
  return key;
}

/** Keys are exactly tenant-uuid/uuid: nothing else reaches a path or a URL. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new StorageError('INVALID_KEY', '存储键格式不正确');
}

export function assertStoragePrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) throw new StorageError('INVALID_KEY', '存储前缀格式不正确');
}

export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

export function isStoragePrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}
