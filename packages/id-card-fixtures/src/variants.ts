/** How a photo of the card was taken. Sizes are for the default photo; `photoWidth` scales them. */
export interface CardVariant {
  name: VariantName;
  /** What the variant imitates, in plain words. */
  description: string;
  photo: { width: number; height: number };
  /** The card's width in the photo (pixels), its rotation (degrees) and its centre (share of the photo). */
  card: { width: number; rotate: number; centre: [number, number] };
  /** Gaussian blur σ in photo pixels (out of focus, hand shake). */
  blurSigma?: number;
  /** Brightness as out = a × in + b (over-exposure clips the card's light print to white). */
  linear?: [number, number];
  /** A white reflection over the 公民身份号码 (front) or the 有效期限 (back). */
  glare?: boolean;
  /** Gaussian-like sensor noise, standard deviation in grey levels. */
  noise?: number;
  jpegQuality: number;
}

export const VARIANT_NAMES = [
  'sharp',
  'blur-1',
  'blur-1.5',
  'blur-2',
  'blur-3',
  'rotated',
  'small',
  'far',
  'overexposed',
  'glare',
  'jpeg-heavy',
  'noise',
] as const;

export type VariantName = (typeof VARIANT_NAMES)[number];

const PHOTO = { width: 1200, height: 900 };
const CARD = { width: 940, rotate: -1.2, centre: [0.5, 0.49] as [number, number] };

function blurred(sigma: 1 | 1.5 | 2 | 3): CardVariant {
  return {
    name: `blur-${sigma}`,
    description: `out of focus: Gaussian blur σ ${sigma} px on a 1200 px photo`,
    photo: PHOTO,
    card: CARD,
    blurSigma: sigma,
    jpegQuality: 82,
  };
}

/** Every variant, in the order of VARIANT_NAMES. */
export const VARIANTS: readonly CardVariant[] = [
  {
    name: 'sharp',
    description: 'in focus, card filling most of a 1200 × 900 photo, evenly lit',
    photo: PHOTO,
    card: CARD,
    jpegQuality: 82,
  },
  blurred(1),
  blurred(1.5),
  blurred(2),
  blurred(3),
  {
    name: 'rotated',
    description: 'card turned 8° on the table, otherwise good',
    photo: PHOTO,
    card: { width: 880, rotate: 8, centre: [0.5, 0.5] },
    jpegQuality: 82,
  },
  {
    name: 'small',
    description: 'a small photo (520 × 390): the card is about 410 px wide',
    photo: { width: 520, height: 390 },
    card: { width: 410, rotate: -1.2, centre: [0.5, 0.5] },
    jpegQuality: 85,
  },
  {
    name: 'far',
    description: 'taken from far away: a 2000 × 1500 photo with the card 860 px wide (~15% of it)',
    photo: { width: 2000, height: 1500 },
    card: { width: 860, rotate: 2, centre: [0.46, 0.55] },
    jpegQuality: 80,
  },
  {
    name: 'overexposed',
    description: 'over-exposed: brightness × 1.5 + 60, the light print of the card clips to white',
    photo: PHOTO,
    card: CARD,
    linear: [1.5, 60],
    jpegQuality: 82,
  },
  {
    name: 'glare',
    description: 'a lamp reflected on the laminate, over the ID number (front) or validity (back)',
    photo: PHOTO,
    card: CARD,
    glare: true,
    jpegQuality: 82,
  },
  {
    name: 'jpeg-heavy',
    description: 'heavily compressed JPEG (quality 12), blocky',
    photo: PHOTO,
    card: CARD,
    jpegQuality: 12,
  },
  {
    name: 'noise',
    description: 'low light: sensor noise σ 14 grey levels',
    photo: PHOTO,
    card: CARD,
    noise: 14,
    jpegQuality: 82,
  },
];

export function findVariant(name: VariantName): CardVariant {
  const variant = VARIANTS.find((v) => v.name === name);
  if (!variant) throw new RangeError(`no card variant ${String(name)}`);
  return variant;
}
