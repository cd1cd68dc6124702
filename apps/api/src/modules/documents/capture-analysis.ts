import type { CaptureMeasures } from '@shiming/domain';
import sharp from 'sharp';

/**
 * Measures an ID photo for the capture checks, with sharp and plain loops over raw pixels (no
 * OpenCV): ~0.1 s. The image is decoded once at a 1000 px long side (JPEG shrink-on-load makes
 * that cheap even for a 12 MP photo); the card is found on a ~250 px copy.
 *
 * - card: pixels that differ from the colour of the frame's border (the table) by more than the
 *   border's own spread, closed (dilate, erode) so the card's print joins up, the largest
 *   connected region with its holes filled. Its area gives the card's share of the frame and,
 *   with the ID-1 aspect ratio, its width whatever its rotation; touching the frame's edge means
 *   cut off. A card on a table of its own colour is found by its print only (a smaller region).
 * - blur: variance of the Laplacian (4-neighbour) of the grey image inside the card's box, inset
 *   6% so the card's own edge against the table does not count.
 * - glare: the card's box in an 8 × 5 grid; a cell is clipped when more than half of its pixels
 *   are ≥ 250.
 * - dHash: 64 bits, the grey image averaged into 9 × 8 cells, 1 where a cell is brighter than
 *   its right neighbour. Survives re-encoding and resizing; used to find the same photo reused.
 */

/** Long side of the image that blur and glare are measured on (thresholds are calibrated here). */
export const ANALYSIS_SIDE = 1000;
/** Long side of the copy the card is looked for on. */
const DETECT_SIDE = 250;
/** ID-1 card: 85.6 × 54 mm. */
const CARD_ASPECT = 85.6 / 54;
const CLIPPED = 250;
const GRID_COLUMNS = 8;
const GRID_ROWS = 5;

export interface CardRegion {
  found: boolean;
  /** Bounding box in analysis pixels. */
  box: { left: number; top: number; width: number; height: number };
  /** Filled region's share of the frame. */
  share: number;
  cutOff: boolean;
  /** The card's long side, in analysis pixels, from the region's area. */
  widthPx: number;
}

export interface CaptureAnalysis {
  measures: CaptureMeasures;
  card: CardRegion;
  /** 64-bit dHash as a signed bigint (PostgreSQL bigint). */
  dhash: bigint;
  /** Analysis image size. */
  width: number;
  height: number;
}

export interface AnalyseOptions {
  /**
   * The long side of the photo as the subscriber took it, when `image` is a smaller copy (the
   * stored, re-encoded one): the card's width is reported in the original's pixels.
   */
  sourceLongSide?: number;
  /** Refuse images with more pixels (sharp's limitInputPixels). */
  maxPixels?: number;
}

// Local names: under jest (a vm context) every lookup of the global Math costs ~40×.
const { abs, max, min, round, sqrt, floor } = Math;

interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** Grey (BT.601) of an RGB raw image. */
function toGrey(rgb: Raw): Uint8Array {
  const n = rgb.width * rgb.height;
  const grey = new Uint8Array(n);
  const d = rgb.data;
  const c = rgb.channels;
  for (let i = 0, p = 0; i < n; i++, p += c) {
    grey[i] = (d[p]! * 299 + d[p + 1]! * 587 + d[p + 2]! * 114 + 500) / 1000;
  }
  return grey;
}

/** Box-average an RGB raw image down by an integer-free area mapping to w × h. */
function shrinkRgb(src: Raw, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h * 3);
  const count = new Float32Array(w * h);
  const sx = w / src.width;
  const sy = h / src.height;
  const d = src.data;
  const c = src.channels;
  for (let y = 0; y < src.height; y++) {
    const ty = min(h - 1, floor(y * sy));
    for (let x = 0; x < src.width; x++) {
      const t = ty * w + min(w - 1, floor(x * sx));
      const p = (y * src.width + x) * c;
      out[t * 3] = out[t * 3]! + d[p]!;
      out[t * 3 + 1] = out[t * 3 + 1]! + d[p + 1]!;
      out[t * 3 + 2] = out[t * 3 + 2]! + d[p + 2]!;
      count[t] = count[t]! + 1;
    }
  }
  for (let t = 0; t < w * h; t++) {
    const k = count[t]! || 1;
    out[t * 3] = out[t * 3]! / k;
    out[t * 3 + 1] = out[t * 3 + 1]! / k;
    out[t * 3 + 2] = out[t * 3 + 2]! / k;
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[floor(s.length / 2)] ?? 0;
}

function percentile(values: Float32Array, q: number): number {
  const s = Float32Array.from(values).sort();
  return s[min(s.length - 1, floor(s.length * q))] ?? 0;
}

/** Square max (dilate) or min (erode) filter of radius r on a 0/1 mask, separable. */
function morph(mask: Uint8Array, w: number, h: number, r: number, dilate: boolean): Uint8Array {
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(w * h);
  const hit = dilate ? 1 : 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = 1 - hit;
      for (let k = max(0, x - r); k <= min(w - 1, x + r); k++) {
        if (mask[y * w + k] === hit) {
          v = hit;
          break;
        }
      }
      tmp[y * w + x] = v;
    }
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      let v = 1 - hit;
      for (let k = max(0, y - r); k <= min(h - 1, y + r); k++) {
        if (tmp[k * w + x] === hit) {
          v = hit;
          break;
        }
      }
      out[y * w + x] = v;
    }
  }
  return out;
}

/** Labels of the largest 4-connected region of `mask` (1 inside it), or undefined when empty. */
function largestRegion(mask: Uint8Array, w: number, h: number): Uint8Array | undefined {
  const label = new Int32Array(w * h);
  const queue = new Int32Array(w * h);
  let best = 0;
  let bestSize = 0;
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (mask[start] !== 1 || label[start] !== 0) continue;
    next += 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    label[start] = next;
    while (head < tail) {
      const p = queue[head++]!;
      const x = p % w;
      const neighbours = [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, p - w, p + w];
      for (const q of neighbours) {
        if (q < 0 || q >= w * h || mask[q] !== 1 || label[q] !== 0) continue;
        label[q] = next;
        queue[tail++] = q;
      }
    }
    if (tail > bestSize) {
      bestSize = tail;
      best = next;
    }
  }
  if (best === 0) return undefined;
  const region = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) region[i] = label[i] === best ? 1 : 0;
  return region;
}

/** The region with its holes filled: everything not reachable from the border outside it. */
function fillHoles(region: Uint8Array, w: number, h: number): Uint8Array {
  const outside = new Uint8Array(w * h);
  const queue = new Int32Array(w * h);
  let tail = 0;
  const push = (p: number): void => {
    if (region[p] === 0 && outside[p] === 0) {
      outside[p] = 1;
      queue[tail++] = p;
    }
  };
  for (let x = 0; x < w; x++) {
    push(x);
    push((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    push(y * w);
    push(y * w + w - 1);
  }
  let head = 0;
  while (head < tail) {
    const p = queue[head++]!;
    const x = p % w;
    if (x > 0) push(p - 1);
    if (x < w - 1) push(p + 1);
    if (p >= w) push(p - w);
    if (p < w * (h - 1)) push(p + w);
  }
  const filled = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) filled[i] = outside[i] ? 0 : 1;
  return filled;
}

/** Finds the card on the analysis image (see the module comment). */
export function findCard(rgb: Raw): CardRegion {
  const scale = DETECT_SIDE / max(rgb.width, rgb.height);
  const w = max(8, round(rgb.width * scale));
  const h = max(8, round(rgb.height * scale));
  const small = shrinkRgb(rgb, w, h);

  // The border ring (3% of the long side): the table, when the card is inside the frame.
  const ring = max(2, round(max(w, h) * 0.03));
  const ringR: number[] = [];
  const ringG: number[] = [];
  const ringB: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (x >= ring && x < w - ring && y >= ring && y < h - ring) continue;
      const p = (y * w + x) * 3;
      ringR.push(small[p]!);
      ringG.push(small[p + 1]!);
      ringB.push(small[p + 2]!);
    }
  }
  const mr = median(ringR);
  const mg = median(ringG);
  const mb = median(ringB);
  const distance = new Float32Array(w * h);
  const ringDistance: number[] = [];
  for (let i = 0; i < w * h; i++) {
    distance[i] =
      abs(small[i * 3]! - mr) + abs(small[i * 3 + 1]! - mg) + abs(small[i * 3 + 2]! - mb);
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (x >= ring && x < w - ring && y >= ring && y < h - ring) continue;
      ringDistance.push(distance[y * w + x]!);
    }
  }
  // Above the table's own variation (lamp fall-off, texture), and never below a clear step.
  const threshold = max(45, percentile(Float32Array.from(ringDistance), 0.75) * 2);
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) mask[i] = distance[i]! > threshold ? 1 : 0;

  const r = max(1, round(max(w, h) * 0.02));
  const closed = morph(morph(mask, w, h, r, true), w, h, r, false);
  const region = largestRegion(closed, w, h);
  const whole = { left: 0, top: 0, width: rgb.width, height: rgb.height };
  if (!region) return { found: false, box: whole, share: 0, cutOff: false, widthPx: 0 };
  const filled = fillHoles(region, w, h);

  let area = 0;
  let left = w;
  let right = -1;
  let top = h;
  let bottom = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!filled[y * w + x]) continue;
      area += 1;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  const share = area / (w * h);
  // Too small to be a card photographed on purpose: nothing found.
  if (share < 0.02) return { found: false, box: whole, share, cutOff: false, widthPx: 0 };
  const cutOff = left === 0 || top === 0 || right === w - 1 || bottom === h - 1;
  const toFull = 1 / scale;
  const box = {
    left: max(0, floor(left * toFull)),
    top: max(0, floor(top * toFull)),
    width: min(rgb.width, round((right - left + 1) * toFull)),
    height: min(rgb.height, round((bottom - top + 1) * toFull)),
  };
  box.width = min(box.width, rgb.width - box.left);
  box.height = min(box.height, rgb.height - box.top);
  const widthPx = sqrt(area * CARD_ASPECT) * toFull;
  return { found: true, box, share, cutOff, widthPx };
}

/** Variance of the 4-neighbour Laplacian of `grey` inside the box. */
export function laplacianVariance(grey: Uint8Array, width: number, box: CardRegion['box']): number {
  const x0 = max(1, box.left);
  const y0 = max(1, box.top);
  const x1 = min(width - 2, box.left + box.width - 1);
  const height = grey.length / width;
  const y1 = min(height - 2, box.top + box.height - 1);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = y0; y <= y1; y++) {
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      const p = row + x;
      const v = grey[p - 1]! + grey[p + 1]! + grey[p - width]! + grey[p + width]! - 4 * grey[p]!;
      sum += v;
      sumSq += v * v;
      n += 1;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Cells of an 8 × 5 grid over the box with more than half their pixels ≥ 250. */
export function clippedCells(grey: Uint8Array, width: number, box: CardRegion['box']): number {
  let cells = 0;
  for (let row = 0; row < GRID_ROWS; row++) {
    const y0 = box.top + floor((row * box.height) / GRID_ROWS);
    const y1 = box.top + floor(((row + 1) * box.height) / GRID_ROWS);
    for (let col = 0; col < GRID_COLUMNS; col++) {
      const x0 = box.left + floor((col * box.width) / GRID_COLUMNS);
      const x1 = box.left + floor(((col + 1) * box.width) / GRID_COLUMNS);
      let clipped = 0;
      let total = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          total += 1;
          if (grey[y * width + x]! >= CLIPPED) clipped += 1;
        }
      }
      if (total > 0 && clipped * 2 > total) cells += 1;
    }
  }
  return cells;
}

/** 64-bit difference hash of the whole grey image (9 × 8 cell means, left brighter than right). */
export function dHash(grey: Uint8Array, width: number, height: number): bigint {
  const sums = new Float64Array(72);
  const counts = new Float64Array(72);
  for (let y = 0; y < height; y++) {
    const cy = min(7, floor((y * 8) / height));
    for (let x = 0; x < width; x++) {
      const c = cy * 9 + min(8, floor((x * 9) / width));
      sums[c] = sums[c]! + grey[y * width + x]!;
      counts[c] = counts[c]! + 1;
    }
  }
  let hash = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const a = sums[y * 9 + x]! / (counts[y * 9 + x]! || 1);
      const b = sums[y * 9 + x + 1]! / (counts[y * 9 + x + 1]! || 1);
      hash = (hash << 1n) | (a > b ? 1n : 0n);
    }
  }
  return BigInt.asIntN(64, hash);
}

/** Number of differing bits of two 64-bit hashes. */
export function hammingDistance(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let n = 0;
  while (x > 0n) {
    x &= x - 1n;
    n += 1;
  }
  return n;
}

function inset(box: CardRegion['box'], share: number): CardRegion['box'] {
  const dx = round(box.width * share);
  const dy = round(box.height * share);
  return {
    left: box.left + dx,
    top: box.top + dy,
    width: max(1, box.width - 2 * dx),
    height: max(1, box.height - 2 * dy),
  };
}

/**
 * Decodes the image at ANALYSIS_SIDE (auto-oriented, never enlarged) and measures it. Throws
 * sharp's error on an undecodable image: the caller has already validated it.
 */
export async function analyseCapture(
  image: Buffer,
  opts: AnalyseOptions = {},
): Promise<CaptureAnalysis> {
  const { data, info } = await sharp(image, {
    limitInputPixels: opts.maxPixels ?? 50_000_000,
    failOn: 'error',
  })
    .autoOrient()
    .resize({
      width: ANALYSIS_SIDE,
      height: ANALYSIS_SIDE,
      fit: 'inside',
      withoutEnlargement: true,
    })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rgb: Raw = { data, width: info.width, height: info.height, channels: info.channels };
  const grey = toGrey(rgb);
  const card = findCard(rgb);
  const toSource =
    (opts.sourceLongSide ?? max(info.width, info.height)) / max(info.width, info.height);
  const measures: CaptureMeasures = {
    blur: laplacianVariance(grey, info.width, card.found ? inset(card.box, 0.06) : card.box),
    clippedCells: clippedCells(grey, info.width, card.box),
    cardFound: card.found,
    cardShare: card.share,
    cutOff: card.cutOff,
    cardWidthPx: card.widthPx * toSource,
  };
  return {
    measures,
    card,
    dhash: dHash(grey, info.width, info.height),
    width: info.width,
    height: info.height,
  };
}
