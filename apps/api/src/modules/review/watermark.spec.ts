import sharp from 'sharp';
import { watermarkJpeg } from './watermark';

async function grey(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 130, b: 140 } } })
    .jpeg()
    .toBuffer();
}

/** Mean absolute difference per quadrant between two same-size images. */
async function quadrantDiffs(a: Buffer, b: Buffer, w: number, h: number): Promise<number[]> {
  const [ra, rb] = await Promise.all([a, b].map((x) => sharp(x).raw().toBuffer()));
  const sums = [0, 0, 0, 0];
  const counts = [0, 0, 0, 0];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const q = (y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1);
      const i = (y * w + x) * 3;
      sums[q]! += Math.abs(ra![i]! - rb![i]!);
      counts[q]! += 1;
    }
  return sums.map((s, i) => s / counts[i]!);
}

describe('watermarkJpeg', () => {
  it('should answer a JPEG of the same size when given a JPEG', async () => {
    const src = await grey(800, 500);
    const out = await watermarkJpeg(
      src,
      'agent 0f4c2f1e-0000-4000-8000-000000000001 2016-11-01T08:00:00Z',
    );
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([800, 500]);
  });

  it('should mark every quarter of the image when the text is tiled', async () => {
    const src = await grey(800, 500);
    const out = await watermarkJpeg(src, 'agent 0f4c2f1e 2016-11-01T08:00:00Z');
    const diffs = await quadrantDiffs(src, out, 800, 500);
    for (const d of diffs) expect(d).toBeGreaterThan(1);
  });
});
