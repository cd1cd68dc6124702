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

function parseRegionTable(table: string): Map<string, string> {
  const parsed = new Map<string, string>();
  for (const line of table.split('\n')) {
    const prefix = line.slice(0, 4);
    line.split(' ').forEach((entry, i) => {
      if (i > 0) parsed.set(prefix + entry.slice(0, 2), entry.slice(2));
      else if (entry.length > 4) parsed.set(`${prefix}00`, entry.slice(4));
    });
  }
  return parsed;
}

/** The table is parsed on first use, not at import, to keep start-up cheap. */
function regionNames(): Map<string, string> {
  names ??= parseRegionTable(REGION_TABLE);
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
  const province = regionNames().get(`${code6.slice(0, 2)}0000`);
  if (!/^\d{6}$/.test(code6) || !regionNames().has(code6) || province === undefined)
    return undefined;
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
