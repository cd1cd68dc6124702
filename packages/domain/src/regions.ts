import { REGION_TABLE } from './data/regions';

export interface Region {
  province: string;
  prefecture?: string;
  county?: string;
}

/**
 * Names that stand for a grouping rather than a place ("市辖区" under a
 * municipality, "省直辖县级行政区划"): a region shows no prefecture or county
 * rather than one of these.
 */
const GROUPING_NAMES = /^(市辖区|县|市|.*直辖县级行政区划)$/;

let names: Map<string, string> | undefined;

function regionNames(): Map<string, string> {
  if (names) return names;
  names = new Map();
  for (const line of REGION_TABLE.split('\n')) {
    const [head = '', ...codes] = line.split(' ');
    const prefix = head.slice(0, 4);
    if (head.length > 4) names.set(`${prefix}00`, head.slice(4));
    for (const entry of codes) names.set(prefix + entry.slice(0, 2), entry.slice(2));
  }
  return names;
}

function placeName(code: string): string | undefined {
  const name = regionNames().get(code);
  return name === undefined || GROUPING_NAMES.test(name) ? undefined : name;
}

/**
 * The province, prefecture and county a six-digit GB/T 2260 code names, current
 * or abolished; undefined for a code that never existed.
 */
export function findRegion(code6: string): Region | undefined {
  if (!/^\d{6}$/.test(code6) || !regionNames().has(code6)) return undefined;
  const province = regionNames().get(`${code6.slice(0, 2)}0000`);
  if (province === undefined) return undefined;
  const region: Region = { province };
  const prefecture = code6.endsWith('0000') ? undefined : placeName(`${code6.slice(0, 4)}00`);
  const county = code6.endsWith('00') ? undefined : placeName(code6);
  if (prefecture !== undefined) region.prefecture = prefecture;
  if (county !== undefined) region.county = county;
  return region;
}

/** Every code in the table, current and historical, in ascending order. */
export function listRegionCodes(): string[] {
  return [...regionNames().keys()].sort();
}
