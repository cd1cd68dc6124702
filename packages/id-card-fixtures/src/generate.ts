import sharp from 'sharp';
import { CARD_HEIGHT, CARD_WIDTH, NUMBER_BOX, cardFace, type CardSide } from './card-svg';
import type { CardPerson } from './people';
import { findVariant, type CardVariant, type VariantName } from './variants';

export interface GenerateOptions {
  /** 人像面 (front: name, number, photo) or 国徽面 (back: issuer, validity). Default front. */
  side?: CardSide;
  /**
   * Width of the photo in pixels; the variant's geometry, blur and noise scale with it (e.g. 4000
   * for a phone camera's 4000 × 3000 photo). Default: the variant's own width.
   */
  photoWidth?: number;
  /** Overrides the variant's JPEG quality (e.g. to keep committed fixtures small). */
  jpegQuality?: number;
}

/** Desk tones the card lies on, picked by the person so photos differ. */
const DESKS: ReadonlyArray<[string, string]> = [
  ['#6f5a48', '#4a3b30'],
  ['#5b6670', '#3a424a'],
  ['#7a6a58', '#54473b'],
  ['#49553f', '#323b2c'],
];

function hash(text: string): number {
  let h = 2166136261;
  for (const char of text) h = imul(h ^ char.codePointAt(0)!, 16777619) >>> 0;
  return h;
}

// Local names for the Math functions of the pixel loops: under jest (a vm context) every lookup
// of the global Math is ~40× slower.
const { imul, max, min, round, sqrt } = Math;

/** A small seeded generator (mulberry32), so the same call gives the same bytes. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A reflection on the laminate: a white spot, clipped to the card (drawn inside the card group). */
function glareSpot(side: CardSide): string {
  const cx = side === 'front' ? NUMBER_BOX.x + NUMBER_BOX.width * 0.45 : 470;
  const cy = side === 'front' ? NUMBER_BOX.y + NUMBER_BOX.height / 2 : 455;
  return `<defs><radialGradient id="glare">
      <stop offset="0" stop-color="#ffffff" stop-opacity="1"/>
      <stop offset="0.55" stop-color="#ffffff" stop-opacity="1"/>
      <stop offset="1" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient></defs>
    <ellipse cx="${cx}" cy="${cy}" rx="300" ry="130" fill="url(#glare)" clip-path="url(#cardClip)"/>`;
}

/**
 * A soft shadow under the card from stacked translucent rounded rectangles (an feGaussianBlur
 * filter looks the same but takes ~15 s for a 4000 px photo in librsvg).
 */
function softShadow(): string {
  return Array.from({ length: 8 }, (_, i) => {
    const grow = 18 - i * 2.5;
    return `<rect x="${8 - grow}" y="${14 - grow}" width="${CARD_WIDTH + 2 * grow}" height="${CARD_HEIGHT + 2 * grow}" rx="${32 + grow}" fill="#000" opacity="0.07"/>`;
  }).join('');
}

/** The whole photo as SVG: desk, card shadow, card (placed, turned), reflection. */
export function photoSvg(
  person: CardPerson,
  variant: CardVariant,
  side: CardSide,
  scale: number,
): string {
  const width = Math.round(variant.photo.width * scale);
  const height = Math.round(variant.photo.height * scale);
  // No two photos are framed alike: each person and side gets its own small offset, turn and
  // distance (±3%, ±1.5°), so different cards never make near-identical photos.
  const jitter = seededRandom(hash(`${person.key}/${side}`));
  const dx = (jitter() - 0.5) * 0.06;
  const dy = (jitter() - 0.5) * 0.06;
  const turn = (jitter() - 0.5) * 3;
  const zoom = 1 + (jitter() - 0.5) * 0.06;
  const cardScale = (variant.card.width * zoom * scale) / CARD_WIDTH;
  const cx = (variant.card.centre[0] + dx) * width;
  const cy = (variant.card.centre[1] + dy) * height;
  const [light, dark] = DESKS[hash(person.key) % DESKS.length]!;
  const place = `translate(${cx.toFixed(1)} ${cy.toFixed(1)}) rotate(${(variant.card.rotate + turn).toFixed(2)}) scale(${cardScale.toFixed(5)}) translate(${-CARD_WIDTH / 2} ${-CARD_HEIGHT / 2})`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs>
      <linearGradient id="desk" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/>
      </linearGradient>
      <radialGradient id="lamp" cx="0.35" cy="0.3" r="0.9">
        <stop offset="0" stop-color="#ffffff" stop-opacity="0.12"/>
        <stop offset="1" stop-color="#000000" stop-opacity="0.18"/>
      </radialGradient>
    </defs>
    <rect width="${width}" height="${height}" fill="url(#desk)"/>
    <rect width="${width}" height="${height}" fill="url(#lamp)"/>
    <g transform="${place}">
      ${softShadow()}
      ${cardFace(person, side)}
      ${variant.glare ? glareSpot(side) : ''}
    </g>
  </svg>`;
}

async function addNoise(image: Buffer, sigma: number, seed: number): Promise<Buffer> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const random = seededRandom(seed);
  // Sum of four uniforms: close enough to Gaussian, mean 0, standard deviation `sigma`.
  const k = sigma * sqrt(3);
  for (let i = 0; i < data.length; i++) {
    const n = (random() + random() + random() + random() - 2) * k;
    data[i] = max(0, min(255, round(data[i]! + n)));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/**
 * A JPEG photo of a fictional person's ID card taken the way the variant says. Deterministic: the
 * same person, variant and options give the same image.
 */
export async function generateCard(
  person: CardPerson,
  variant: VariantName | CardVariant,
  options: GenerateOptions = {},
): Promise<Buffer> {
  const v = typeof variant === 'string' ? findVariant(variant) : variant;
  const side = options.side ?? 'front';
  const scale = (options.photoWidth ?? v.photo.width) / v.photo.width;
  let image: Buffer = await sharp(Buffer.from(photoSvg(person, v, side, scale)))
    .removeAlpha()
    .png({ compressionLevel: 0 })
    .toBuffer();
  if (v.blurSigma)
    image = await sharp(image)
      .blur(v.blurSigma * scale)
      .toBuffer();
  if (v.linear) image = await sharp(image).linear(v.linear[0], v.linear[1]).toBuffer();
  if (v.noise) image = await addNoise(image, v.noise, hash(`${person.key}/${side}/${v.name}`));
  return sharp(image)
    .jpeg({ quality: options.jpegQuality ?? v.jpegQuality, chromaSubsampling: '4:2:0' })
    .toBuffer();
}
