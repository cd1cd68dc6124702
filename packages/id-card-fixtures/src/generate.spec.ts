import { readFileSync, statSync } from 'node:fs';
import { parseIdNumber, validateName } from '@shiming/domain';
import sharp from 'sharp';
import { FIXTURES, fixturePath } from './fixtures';
import { generateCard } from './generate';
import { PEOPLE, findPerson } from './people';
import { VARIANTS, VARIANT_NAMES } from './variants';

describe('people', () => {
  it('should give every person a valid ID number and name when checked by the domain rules', () => {
    for (const person of PEOPLE) {
      const parsed = parseIdNumber(person.idNumber, { today: new Date('2026-01-01') });
      expect(parsed.ok).toBe(true);
      if (parsed.ok) {
        expect(parsed.value.birthDate).toBe(person.birthDate);
        expect(parsed.value.sex).toBe(person.sex === '男' ? 'male' : 'female');
      }
      expect(validateName(person.name).ok).toBe(true);
    }
  });

  it('should cover a compound surname, a middle-dot name, a check character X and an expired card', () => {
    expect(PEOPLE.map((p) => p.name)).toEqual(
      expect.arrayContaining(['张三丰', '李娜', '欧阳晓明', '阿依古丽·买买提']),
    );
    expect(PEOPLE.some((p) => p.idNumber.endsWith('X'))).toBe(true);
    expect(PEOPLE.some((p) => p.validUntil !== '长期' && p.validUntil < '2026-01-01')).toBe(true);
  });
});

describe('generateCard', () => {
  it('should list each variant once in VARIANTS, in the order of VARIANT_NAMES', () => {
    expect(VARIANTS.map((v) => v.name)).toEqual([...VARIANT_NAMES]);
  });

  it('should draw a JPEG of the variant photo size when asked for a variant', async () => {
    const person = findPerson('zhangsanfeng');
    for (const name of ['sharp', 'small', 'far'] as const) {
      const image = await generateCard(person, name);
      const meta = await sharp(image).metadata();
      const variant = VARIANTS.find((v) => v.name === name)!;
      expect(meta.format).toBe('jpeg');
      expect([meta.width, meta.height]).toEqual([variant.photo.width, variant.photo.height]);
    }
  });

  it('should give the same bytes when called twice with the same arguments', async () => {
    const person = findPerson('lina');
    const a = await generateCard(person, 'noise', { side: 'back' });
    const b = await generateCard(person, 'noise', { side: 'back' });
    expect(a.equals(b)).toBe(true);
  }, 15_000);

  it('should scale the photo when given photoWidth (a phone camera photo)', async () => {
    const image = await generateCard(findPerson('ayiguli'), 'sharp', { photoWidth: 4000 });
    const meta = await sharp(image).metadata();
    expect([meta.width, meta.height]).toEqual([4000, 3000]);
  }, 30_000);

  it('should make the blurred variants smoother than the sharp one', async () => {
    const person = findPerson('ouyangxiaoming');
    const edges = async (image: Buffer): Promise<number> => {
      const { data } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
      let sum = 0;
      const { abs } = Math; // a local name: global lookups are slow under jest
      for (let i = 1; i < data.length; i++) sum += abs(data[i]! - data[i - 1]!);
      return sum;
    };
    const sharpEdges = await edges(await generateCard(person, 'sharp'));
    const blurEdges = await edges(await generateCard(person, 'blur-3'));
    expect(blurEdges).toBeLessThan(sharpEdges * 0.7);
  });
});

describe('committed fixtures', () => {
  it('should be JPEGs of at most 60 KB listed in manifest.json', async () => {
    const manifest = JSON.parse(
      readFileSync(fixturePath(FIXTURES[0]!.file).replace(/[^/]+$/, 'manifest.json'), 'utf8'),
    ) as Array<{ file: string; idNumber: string }>;
    expect(manifest.map((m) => m.file)).toEqual(FIXTURES.map((f) => f.file));
    for (const f of FIXTURES) {
      const path = fixturePath(f.file);
      expect(statSync(path).size).toBeLessThanOrEqual(60 * 1024);
      expect((await sharp(path).metadata()).format).toBe('jpeg');
      expect(manifest.find((m) => m.file === f.file)?.idNumber).toBe(f.person.idNumber);
    }
  });

  it('should refuse a fixture name that is not committed', () => {
    expect(() => fixturePath('nobody.jpg')).toThrow(RangeError);
  });
});
