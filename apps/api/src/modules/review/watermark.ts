import sharp from 'sharp';

const escapeXml = (s: string): string =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

/** Larger than any accepted upload (they are re-encoded to at most this on the way in). */
const LIMIT_INPUT_PIXELS = 50_000_000;

/**
 * Burns `text` (agent id and time) into a JPEG, tiled diagonally across the whole image, light
 * with a dark outline so it reads on any background: a photo or a screenshot of it names who
 * looked and when. Answers a new JPEG of the same size.
 */
export async function watermarkJpeg(jpeg: Buffer, text: string): Promise<Buffer> {
  const { width, height } = await sharp(jpeg, { limitInputPixels: LIMIT_INPUT_PIXELS }).metadata();
  if (!width || !height) throw new Error('image has no dimensions');
  const size = Math.max(12, Math.round(Math.min(width, height) / 30));
  const tileW = Math.round(size * text.length * 0.72 + size * 3);
  const tileH = size * 5;
  const label = escapeXml(text);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<defs><pattern id="wm" width="${tileW}" height="${tileH}" patternUnits="userSpaceOnUse" patternTransform="rotate(-30)">` +
    `<text x="0" y="${size * 1.5}" font-family="DejaVu Sans, Noto Sans, sans-serif" font-size="${size}" fill="#ffffff" fill-opacity="0.5" ` +
    `stroke="#000000" stroke-opacity="0.45" stroke-width="${Math.max(1, size / 14)}">${label}</text>` +
    `<text x="${Math.round(tileW / 2)}" y="${size * 4}" font-family="DejaVu Sans, Noto Sans, sans-serif" font-size="${size}" fill="#ffffff" fill-opacity="0.5" ` +
    `stroke="#000000" stroke-opacity="0.45" stroke-width="${Math.max(1, size / 14)}">${label}</text>` +
    `</pattern></defs><rect width="100%" height="100%" fill="url(#wm)"/></svg>`;
  return sharp(jpeg, { limitInputPixels: LIMIT_INPUT_PIXELS })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 85 })
    .toBuffer();
}
