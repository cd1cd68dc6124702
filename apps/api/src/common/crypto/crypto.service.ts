import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';

const VERSION = 1;

/**
 * Field and document encryption. Each tenant has its own AES-256-GCM key, derived from the
 * master key with HKDF (info = tenant id), so one tenant's key never opens another's data.
 * Ciphertext layout: [version:1][iv:12][tag:16][ciphertext]. The associated data binds a
 * ciphertext to where it belongs (tenant, record, field): moved elsewhere, it fails to open.
 */
@Injectable()
export class CryptoService {
  private readonly keys = new Map<string, { enc: Buffer; mac: Buffer }>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.master = config.masterKey;
  }
  private readonly master: Buffer;

  private keysFor(tenantId: string): { enc: Buffer; mac: Buffer } {
    let k = this.keys.get(tenantId);
    if (!k) {
      k = {
        enc: Buffer.from(
          hkdfSync('sha256', this.master, Buffer.alloc(0), `shiming:enc:${tenantId}`, 32),
        ),
        mac: Buffer.from(
          hkdfSync('sha256', this.master, Buffer.alloc(0), `shiming:mac:${tenantId}`, 32),
        ),
      };
      this.keys.set(tenantId, k);
    }
    return k;
  }

  encrypt(tenantId: string, plaintext: Buffer | string, aad: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keysFor(tenantId).enc, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([
      cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
      cipher.final(),
    ]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  /** Throws when the key, the associated data or a single byte is wrong. */
  decrypt(tenantId: string, sealed: Buffer, aad: string): Buffer {
    if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('not a Shiming ciphertext');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.keysFor(tenantId).enc,
      sealed.subarray(1, 13),
    );
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(13, 29));
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
  }

  encryptText(tenantId: string, text: string, aad: string): Buffer {
    return this.encrypt(tenantId, text, aad);
  }

  decryptText(tenantId: string, sealed: Buffer, aad: string): string {
    return this.decrypt(tenantId, sealed, aad).toString('utf8');
  }

  /** Keyed hash for lookups (ID numbers): equal inputs match within a tenant, nothing leaks. */
  keyedHash(tenantId: string, value: string): Buffer {
    return createHmac('sha256', this.keysFor(tenantId).mac).update(value, 'utf8').digest();
  }

  /** A keyed hash that is the same across a carrier's tenants (the per-carrier identity quota). */
  carrierHash(carrier: string, value: string): Buffer {
    const key = Buffer.from(
      hkdfSync('sha256', this.master, Buffer.alloc(0), `shiming:carrier:${carrier}`, 32),
    );
    return createHmac('sha256', key).update(value, 'utf8').digest();
  }

  static safeEqual(a: Buffer, b: Buffer): boolean {
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
