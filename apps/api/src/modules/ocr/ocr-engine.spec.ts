import { readFileSync } from 'node:fs';
import { readIdCardBack, readIdCardFront } from '@shiming/domain';
import { findPerson, fixturePath } from '@shiming/id-card-fixtures';
import sharp from 'sharp';
import { OcrEngine } from './ocr-engine';

/** The real engine (PaddleOCR in a worker thread) on committed fixture cards; the models load once. */
describe('OcrEngine', () => {
  const engine = new OcrEngine({ maxSide: 1280 });
  afterAll(() => engine.close());

  it('should read the exact name and number on a sharp card front, at most 1280 px wide', async () => {
    const person = findPerson('zhangsanfeng');
    const read = await engine.read(readFileSync(fixturePath('zhangsanfeng-front-sharp.jpg')));
    expect(Math.max(read.width, read.height)).toBeLessThanOrEqual(1280);
    expect(readIdCardFront(read.lines.map((l) => l.text))).toEqual({
      name: person.name,
      idNumber: person.idNumber,
      number: 'read',
    });
  });

  it('should shrink a large photo to 1280 px on its long side before reading it', async () => {
    const person = findPerson('lina');
    const big = await sharp(readFileSync(fixturePath('lina-back-sharp.jpg')))
      .resize({ width: 2400 })
      .jpeg()
      .toBuffer();
    const read = await engine.read(big);
    expect(read.width).toBe(1280);
    expect(readIdCardBack(read.lines.map((l) => l.text))).toEqual({
      validFrom: person.validFrom,
      validUntil: person.validUntil,
    });
  });

  it('should fail a file that is not an image and read the next one as usual', async () => {
    await expect(engine.read(Buffer.from('not an image at all'))).rejects.toThrow();
    const read = await engine.read(readFileSync(fixturePath('lina-back-sharp.jpg')));
    expect(read.lines.length).toBeGreaterThan(0);
  });

  it('should fail a read that outlasts the timeout (the thread is ended with it)', async () => {
    const hasty = new OcrEngine({ timeoutMs: 1 });
    await expect(hasty.read(readFileSync(fixturePath('lina-back-sharp.jpg')))).rejects.toThrow(
      /longer than 1 ms/,
    );
    await hasty.close();
  });
});
