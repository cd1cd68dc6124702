import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { faultPoint } from '../../common/fault/fault';
import type { FaultPoint } from '../../config/config';
import {
  assertStorageKey,
  assertStoragePrefix,
  isStorageKey,
  isStoragePrefix,
  Storage,
  StoredObject,
  StorageError,
} from './storage';

const TMP_MARK = '.tmp-';

/**
 * Objects as files under one directory: `<dir>/<tenantId>/<uuid>`. A write goes to a temporary
 * file in the same directory, is flushed to disk, then renamed over the final name, so a reader
 * (or a crash) never sees half an object.
 */
export class LocalDiskStorage implements Storage {
  readonly driver = 'local' as const;
  constructor(
    private readonly dir: string,
    /** Tests only (SHIMING_FAULT): crash between the flushed temporary file and its rename. */
    private readonly fault: FaultPoint | null = null,
  ) {}

  private path(key: string): string {
    assertStorageKey(key);
    return join(this.dir, key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const final = this.path(key);
    const parent = join(this.dir, key.slice(0, key.indexOf('/')));
    await mkdir(parent, { recursive: true, mode: 0o700 });
    const tmp = `${final}${TMP_MARK}${randomBytes(6).toString('hex')}`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } catch (e) {
      await fh.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    faultPoint(this.fault, 'during-file-write');
    try {
      await rename(tmp, final);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new StorageError('OBJECT_NOT_FOUND', '文件不存在');
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /**
   * Temporary files (`<key>.tmp-<random>`) older than `olderThan`: a write killed before its
   * rename. Younger ones may belong to a write in flight and are left alone.
   */
  async sweepPartialWrites(opts: { olderThan: Date; dryRun: boolean }): Promise<string[]> {
    const found: string[] = [];
    let tenants: string[];
    try {
      tenants = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return found;
      throw e;
    }
    for (const t of tenants.sort()) {
      if (!isStoragePrefix(`${t}/`)) continue;
      let names: string[];
      try {
        names = await readdir(join(this.dir, t));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw e;
      }
      for (const name of names.sort()) {
        const at = name.indexOf(TMP_MARK);
        if (at < 0 || !isStorageKey(`${t}/${name.slice(0, at)}`)) continue;
        const path = join(this.dir, t, name);
        try {
          const s = await stat(path);
          if (!s.isFile() || s.mtime > opts.olderThan) continue;
          if (!opts.dryRun) await rm(path, { force: true });
          found.push(`${t}/${name}`);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
    return found;
  }

  /** Walks tenant directories; temporary files of writes in flight (or crashed) are left out (see sweepPartialWrites). */
  async *list(prefix: string): AsyncIterable<StoredObject> {
    assertStoragePrefix(prefix);
    const tenant = prefix.replace(/\/$/, '');
    let tenants: string[];
    try {
      tenants = tenant ? [tenant] : await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const t of tenants.sort()) {
      let names: string[];
      try {
        names = await readdir(join(this.dir, t));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw e;
      }
      for (const name of names.sort()) {
        const key = `${t}/${name}`;
        if (!isStorageKey(key)) continue;
        try {
          const s = await stat(join(this.dir, key));
          if (s.isFile()) yield { key, modifiedAt: s.mtime };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
  }
}
