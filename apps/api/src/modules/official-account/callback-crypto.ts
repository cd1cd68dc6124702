import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { CryptoService } from '../../common/crypto/crypto.service';

/**
 * WeChat's message-server protocol, as plain functions (no Nest, no database):
 * - signature = sha1 of the sorted, concatenated [token, timestamp, nonce] (and the Encrypt
 *   field for msg_signature in safe mode);
 * - safe mode: AES-256-CBC with key = base64(EncodingAESKey + '='), IV = the key's first 16
 *   bytes, no cipher padding but WeChat's PKCS#7 to 32-byte blocks; the plaintext is
 *   random(16) ‖ length(4, big-endian) ‖ message ‖ app id;
 * - the flat XML WeChat sends and expects back.
 */

export function sha1Signature(parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time check of a hex signature. */
export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  return CryptoService.safeEqual(Buffer.from(expected), Buffer.from(given.toLowerCase()));
}

const BLOCK = 32;

/** The 43-character EncodingAESKey → the 32-byte AES key, or undefined when it is not one. */
export function aesKeyFrom(encodingAesKey: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) return undefined;
  const key = Buffer.from(encodingAesKey + '=', 'base64');
  return key.length === 32 ? key : undefined;
}

export function encryptMessage(
  key: Buffer,
  appId: string,
  message: string,
  random = randomBytes(16),
): string {
  const body = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, len, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

export type DecryptResult =
  { ok: true; message: string } | { ok: false; reason: 'malformed' | 'padding' | 'app_id' };

/** Opens an Encrypt field; refuses bad padding, a length past the end, or another app's message. */
export function decryptMessage(key: Buffer, appId: string, encrypted: string): DecryptResult {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) return { ok: false, reason: 'malformed' };
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length) return { ok: false, reason: 'padding' };
  for (let i = plain.length - pad; i < plain.length; i++)
    if (plain[i] !== pad) return { ok: false, reason: 'padding' };
  const content = plain.subarray(16, plain.length - pad);
  if (content.length < 4) return { ok: false, reason: 'malformed' };
  const len = content.readUInt32BE(0);
  if (4 + len > content.length) return { ok: false, reason: 'malformed' };
  const message = content.subarray(4, 4 + len).toString('utf8');
  const from = content.subarray(4 + len).toString('utf8');
  if (from !== appId) return { ok: false, reason: 'app_id' };
  return { ok: true, message };
}

const ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

function decodeText(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? '';
  });
}

/**
 * The top-level fields of WeChat's flat <xml>…</xml> message (CDATA or text). Nested elements
 * (e.g. ScanCodeInfo) are skipped; no DTD, entity or external reference is ever processed.
 * Undefined when the body is not such a document.
 */
export function parseWeChatXml(xml: string): Record<string, string> | undefined {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(xml);
  if (!root) return undefined;
  const inner = root[1] ?? '';
  if (/<!DOCTYPE|<!ENTITY/i.test(inner)) return undefined;
  const fields: Record<string, string> = {};
  // An element holding text and CDATA sections (a ']]>' in a value is split over two sections).
  const re = /<([A-Za-z_][\w.-]*)>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)<\/\1>/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    const name = m[1] as string;
    if (name in fields) continue;
    fields[name] = (m[2] ?? '').replace(
      /<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g,
      (_, cdataText: string | undefined, text: string | undefined) =>
        cdataText ?? decodeText(text ?? ''),
    );
  }
  return fields;
}

const cdata = (v: string): string => `<![CDATA[${v.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** A flat <xml> document; numbers are written bare, strings as CDATA (as WeChat does). */
export function buildWeChatXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${typeof v === 'number' ? String(v) : cdata(v)}</${k}>`)
    .join('');
  return `<xml>${body}</xml>`;
}

/** The safe-mode envelope around an encrypted reply. */
export function encryptedReply(
  key: Buffer,
  token: string,
  appId: string,
  replyXml: string,
  timestamp: string,
  nonce: string,
): string {
  const encrypt = encryptMessage(key, appId, replyXml);
  return buildWeChatXml({
    Encrypt: encrypt,
    MsgSignature: sha1Signature([token, timestamp, nonce, encrypt]),
    TimeStamp: Number(timestamp),
    Nonce: nonce,
  });
}
