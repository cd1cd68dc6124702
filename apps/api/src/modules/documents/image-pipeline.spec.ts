import sharp from 'sharp';
import { makeCorruptJpeg, makeJpeg, makePixelBombPng } from '../../test/images';
import { normalizeImage, sniffImageType } from './image-pipeline';

const opts = { maxPixels: 40_000_000 };

describe('sniffImageType', () => {
  it('should recognise JPEG and PNG by their magic bytes when the name says otherwise', async () => {
    expect(sniffImageType(await makeJpeg())).toBe('jpeg');
    expect(
      sniffImageType(
        await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
          .png()
          .toBuffer(),
      ),
    ).toBe('png');
  });

  it('should refuse text, GIF and HEIC-as-HEIC when they are uploaded as images', () => {
    expect(sniffImageType(Buffer.from('hello, this is not a photo'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('GIF89a....'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0'))).toBeUndefined();
    expect(sniffImageType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('normalizeImage', () => {
  it('should drop EXIF, GPS and ICC and apply the orientation when the source carries them', async () => {
    const src = await makeJpeg({ width: 1200, height: 800, exif: true, orientation: 6 });
    const srcMeta = await sharp(src).metadata();
    expect(srcMeta.exif).toBeDefined();
    const out = await normalizeImage(src, opts);
    const meta = await sharp(out.jpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    // Orientation 6 = rotate 90°: the stored image is portrait.
    expect([out.width, out.height]).toEqual([800, 1200]);
    expect(out.jpeg.includes(Buffer.from('GPS'))).toBe(false);
    expect(out.jpeg.includes(Buffer.from('Shiming test camera'))).toBe(false);
  });

  it('should fit the image inside 2000 px when the photo is larger', async () => {
    const out = await normalizeImage(await makeJpeg({ width: 4000, height: 3000 }), opts);
    expect([out.width, out.height]).toEqual([2000, 1500]);
  });

  it('should re-encode a PNG to JPEG when a PNG is uploaded', async () => {
    const png = await sharp({
      create: { width: 300, height: 200, channels: 4, background: '#ff000080' },
    })
      .png()
      .toBuffer();
    const out = await normalizeImage(png, opts);
    expect(sniffImageType(out.jpeg)).toBe('jpeg');
  });

  it('should answer IMAGE_TOO_LARGE when a PNG declares 20000×20000 pixels', async () => {
    await expect(normalizeImage(makePixelBombPng(20000, 20000), opts)).rejects.toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      status: 422,
    });
  });

  it('should answer NOT_AN_IMAGE when the JPEG is truncated', async () => {
    await expect(normalizeImage(await makeCorruptJpeg(), opts)).rejects.toMatchObject({
      code: 'NOT_AN_IMAGE',
      status: 415,
    });
  });

  it('should answer NOT_AN_IMAGE when a text file is named .jpg', async () => {
    await expect(normalizeImage(Buffer.from('just text'), opts)).rejects.toMatchObject({
      code: 'NOT_AN_IMAGE',
    });
  });
});
