import sharp from 'sharp';
import { DocumentError } from './documents.errors';

export type SniffedType = 'jpeg' | 'png';

/**
 * The file's type from its first bytes, whatever its name or Content-Type say. Only JPEG and
 * PNG pass; an iPhone "HEIC" that WeChat already converted is JPEG inside and passes as JPEG.
 */
export function sniffImageType(bytes: Buffer): SniffedType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'jpeg';
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'png';
  return undefined;
}

export interface NormalizedImage {
  jpeg: Buffer;
  width: number;
  height: number;
  /** Long side of the photo as uploaded (the stored one is fit inside maxSide). */
  sourceLongSide: number;
}

export interface NormalizeOptions {
  /** Largest decoded image accepted (width × height), checked from the header before decoding. */
  maxPixels: number;
  /** Longest side of the stored image. */
  maxSide?: number;
  quality?: number;
}

const NOT_AN_IMAGE = '这个文件不是照片，请拍照或从相册选择 JPG/PNG 图片。';
const BROKEN = '照片文件不完整或已损坏，请重新拍一张。';
const TOO_MANY_PIXELS = '照片尺寸太大，请用手机相机正常拍摄后上传。';

/**
 * Re-encodes an upload into the one form we keep: auto-rotated by its EXIF orientation, fit
 * inside maxSide px, baseline JPEG q85, sRGB, with every piece of metadata (EXIF, GPS, ICC,
 * XMP) dropped — sharp writes none unless asked. Pixel bombs are refused from the header
 * (limitInputPixels) before any decoding; truncated or corrupt files fail (failOn 'error').
 */
export async function normalizeImage(
  bytes: Buffer,
  opts: NormalizeOptions,
): Promise<NormalizedImage> {
  if (!sniffImageType(bytes)) throw new DocumentError('NOT_AN_IMAGE', NOT_AN_IMAGE);
  const maxSide = opts.maxSide ?? 2000;
  try {
    const image = sharp(bytes, {
      limitInputPixels: opts.maxPixels,
      failOn: 'error',
      sequentialRead: true,
    });
    // The header only: the size the photo was taken at (the capture checks report the card's
    // width in these pixels).
    const meta = await image.metadata();
    const { data, info } = await image
      .autoOrient()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .jpeg({ quality: opts.quality ?? 85, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    return {
      jpeg: data,
      width: info.width,
      height: info.height,
      sourceLongSide: Math.max(meta.width ?? info.width, meta.height ?? info.height),
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/pixel limit/i.test(message)) throw new DocumentError('IMAGE_TOO_LARGE', TOO_MANY_PIXELS);
    throw new DocumentError('NOT_AN_IMAGE', BROKEN);
  }
}
