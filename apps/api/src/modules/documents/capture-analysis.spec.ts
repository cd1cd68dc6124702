import { readFileSync } from 'node:fs';
import {
  DEFAULT_CAPTURE_POLICY,
  judgeCapture,
  qualityChecksFor,
  type QualityCheckCode,
  type QualityVerdict,
} from '@shiming/domain';
import {
  FIXTURES,
  findPerson,
  findVariant,
  fixturePath,
  generateCard,
  type VariantName,
} from '@shiming/id-card-fixtures';
import sharp from 'sharp';
import { analyseCapture, hammingDistance, type CaptureAnalysis } from './capture-analysis';
import { DUPLICATE_MAX_DISTANCE } from './duplicate-photos';

const fixture = (file: string): Buffer => readFileSync(fixturePath(file));

async function verdicts(
  image: Buffer,
  sourceLongSide?: number,
): Promise<Record<QualityCheckCode, QualityVerdict> & { a: CaptureAnalysis }> {
  const a = await analyseCapture(image, { sourceLongSide });
  const q = judgeCapture(a.measures, DEFAULT_CAPTURE_POLICY, qualityChecksFor('id_front'));
  const byCode = Object.fromEntries(q.checks.map((c) => [c.code, c.verdict]));
  return { ...(byCode as Record<QualityCheckCode, QualityVerdict>), a };
}

describe('analyseCapture on the fixture cards', () => {
  it('should find the card of every committed fixture, inside the frame and card-shaped', async () => {
    for (const f of FIXTURES) {
      const image = fixture(f.file);
      const meta = await sharp(image).metadata();
      const { card, measures } = await analyseCapture(image, {
        sourceLongSide: Math.max(meta.width, meta.height),
      });
      const variant = findVariant(f.variant);
      expect({ file: f.file, found: card.found, cutOff: card.cutOff }).toEqual({
        file: f.file,
        found: true,
        cutOff: false,
      });
      // The estimated width (from the area) is the drawn width within 10% (±3% jitter, shadow).
      const expected = variant.card.width;
      expect(Math.abs(measures.cardWidthPx - expected) / expected).toBeLessThan(0.1);
    }
  });

  it('should pass every check on a sharp photo, front and back', async () => {
    for (const file of ['zhangsanfeng-front-sharp.jpg', 'lina-back-sharp.jpg']) {
      const v = await verdicts(fixture(file), 1200);
      expect({
        file,
        blur: v.blur,
        glare: v.glare,
        framing: v.framing,
        resolution: v.resolution,
      }).toEqual({ file, blur: 'pass', glare: 'pass', framing: 'pass', resolution: 'pass' });
    }
  });

  it('should order blur scores by σ and fail from σ 2 on', async () => {
    const person = findPerson('ouyangxiaoming');
    const scores: number[] = [];
    const names: VariantName[] = ['sharp', 'blur-1', 'blur-1.5', 'blur-2', 'blur-3'];
    for (const name of names) {
      const { a } = await verdicts(await generateCard(person, name), 1200);
      scores.push(a.measures.blur);
    }
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    expect(scores[0]).toBeGreaterThan(1000);
    expect(scores[3]).toBeLessThan(DEFAULT_CAPTURE_POLICY.blurMin);
    expect((await verdicts(fixture('zhangsanfeng-front-blur-3.jpg'), 1200)).blur).toBe('fail');
    expect((await verdicts(fixture('ouyangxiaoming-front-blur-1.5.jpg'), 1200)).blur).not.toBe(
      'pass',
    );
  });

  it('should fail glare on the over-exposed photo and the reflection over the number', async () => {
    expect((await verdicts(fixture('chensiyuan-front-overexposed.jpg'), 1200)).glare).toBe('fail');
    expect((await verdicts(fixture('lina-front-glare.jpg'), 1200)).glare).toBe('fail');
  });

  it('should fail framing on the card taken from far away but not its resolution', async () => {
    const v = await verdicts(fixture('ayiguli-front-far.jpg'), 2000);
    expect(v.framing).toBe('fail');
    expect(v.a.measures.cardShare).toBeLessThan(0.2);
    expect(v.resolution).not.toBe('fail');
  });

  it('should fail resolution on the small photo only', async () => {
    const v = await verdicts(fixture('chensiyuan-front-small.jpg'), 520);
    expect(v).toMatchObject({ resolution: 'fail', framing: 'pass', glare: 'pass' });
  });

  it('should pass a rotated card, heavy JPEG and noise on framing and glare', async () => {
    const person = findPerson('lina');
    for (const name of ['rotated', 'jpeg-heavy', 'noise'] as const) {
      const v = await verdicts(await generateCard(person, name), 1200);
      expect({ name, framing: v.framing, glare: v.glare, resolution: v.resolution }).toEqual({
        name,
        framing: 'pass',
        glare: 'pass',
        resolution: 'pass',
      });
    }
  });

  it('should report the card cut off when the photo crops it', async () => {
    const full = fixture('zhangsanfeng-front-sharp.jpg');
    const cropped = await sharp(full)
      .extract({ left: 300, top: 0, width: 900, height: 900 })
      .toBuffer();
    const v = await verdicts(cropped, 900);
    expect(v.a.card.cutOff).toBe(true);
    expect(v.framing).toBe('fail');
  });

  it('should report no card on a plain desk', async () => {
    const desk = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: '#5b4a3c' },
    })
      .jpeg()
      .toBuffer();
    const { card } = await analyseCapture(desk);
    expect(card.found).toBe(false);
  });
});

describe('dHash', () => {
  it('should keep re-encoded, resized and compressed copies of one photo within the duplicate distance', async () => {
    const original = fixture('zhangsanfeng-front-sharp.jpg');
    const { dhash } = await analyseCapture(original);
    const copies = [
      await sharp(original).jpeg({ quality: 30 }).toBuffer(),
      await sharp(original).resize(800).jpeg({ quality: 50 }).toBuffer(),
      await sharp(original).resize(600).png().toBuffer(),
      await sharp(original).resize(2400).jpeg({ quality: 90 }).toBuffer(),
    ];
    for (const copy of copies) {
      expect(hammingDistance(dhash, (await analyseCapture(copy)).dhash)).toBeLessThanOrEqual(
        DUPLICATE_MAX_DISTANCE,
      );
    }
  });

  it('should keep photos of different cards apart', async () => {
    const fronts = FIXTURES.filter((f) => f.side === 'front' && f.variant === 'sharp');
    const hashes = await Promise.all(
      fronts.map(async (f) => (await analyseCapture(fixture(f.file))).dhash),
    );
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThan(DUPLICATE_MAX_DISTANCE);
      }
    }
  });

  it('should count differing bits of signed 64-bit values', () => {
    expect(hammingDistance(0n, -1n)).toBe(64);
    expect(hammingDistance(5n, 4n)).toBe(1);
    expect(hammingDistance(-9223372036854775808n, 0n)).toBe(1);
  });
});
