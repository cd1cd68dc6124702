import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/**
 * A real JPEG photo-like test image: coloured shapes and text-like bars, optionally with EXIF
 * (camera, GPS) and an orientation tag, as a phone would write them.
 */
export async function makeJpeg(
  o: { width?: number; height?: number; exif?: boolean; orientation?: number; seed?: number } = {},
): Promise<Buffer> {
  const w = o.width ?? 1200;
  const h = o.height ?? 800;
  const hue = ((o.seed ?? 0) * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="${w}" height="${h}" fill="hsl(${hue},40%,35%)"/>
    <rect x="${w * 0.1}" y="${h * 0.15}" width="${w * 0.8}" height="${h * 0.7}" rx="30" fill="#f4f1e8"/>
    <circle cx="${w * 0.28}" cy="${h * 0.5}" r="${h * 0.18}" fill="#c44"/>
    ${[0, 1, 2, 3, 4].map((i) => `<rect x="${w * 0.5}" y="${h * (0.3 + i * 0.1)}" width="${w * 0.3}" height="${h * 0.04}" fill="#222"/>`).join('')}
  </svg>`;
  let img = sharp(Buffer.from(svg)).jpeg({ quality: 90 });
  if (o.exif || o.orientation) {
    img = img.withMetadata({
      ...(o.orientation ? { orientation: o.orientation } : {}),
      ...(o.exif
        ? {
            exif: {
              IFD0: { Make: 'Shiming test camera', Model: 'X1', Copyright: 'Shiming test camera' },
              IFD3: {
                GPSLatitudeRef: 'N',
                GPSLatitude: '25/1 5/1 0/1',
                GPSLongitudeRef: 'E',
                GPSLongitude: '104/1 54/1 0/1',
              },
            },
          }
        : {}),
    });
  }
  return img.toBuffer();
}

/** A JPEG cut in half: starts like a JPEG, ends in the middle of its scan data. */
export async function makeCorruptJpeg(): Promise<Buffer> {
  const full = await makeJpeg();
  return full.subarray(0, Math.floor(full.length / 2));
}

/** A tiny valid PNG whose header claims width × height (a decompression bomb's header). */
export function makePixelBombPng(width: number, height: number): Buffer {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
