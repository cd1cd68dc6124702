export type Carrier = 'mobile' | 'unicom' | 'telecom';

/**
 * Mobile number segments (号段) by their first three digits, as assigned by
 * the Ministry of Industry and Information Technology.
 *
 * Virtual operators (转售企业: 162, 165, 167, 170, 171) rent the network of a
 * host carrier; their numbers map to that host, because the host's systems
 * hold the subscriber and lift the suspension. 170 is split by its fourth
 * digit. 192 belongs to China Broadnet (中国广电), which has no tenant here:
 * a valid number with no carrier.
 */
const BY_SEGMENT: Readonly<Record<string, Carrier>> = {
  ...segments(
    'mobile',
    [
      134, 135, 136, 137, 138, 139, 147, 148, 150, 151, 152, 157, 158, 159, 165, 172, 178, 182, 183,
      184, 187, 188, 195, 197, 198,
    ],
  ),
  ...segments(
    'unicom',
    [130, 131, 132, 145, 146, 155, 156, 166, 167, 171, 175, 176, 185, 186, 196],
  ),
  ...segments('telecom', [133, 149, 153, 162, 173, 174, 177, 180, 181, 189, 190, 191, 193, 199]),
};

/** 170 by fourth digit; 1349 is the satellite segment, run by China Telecom. */
const BY_FOUR_DIGITS: Readonly<Record<string, Carrier>> = {
  ...segments('telecom', [1349, 1700, 1701, 1702]),
  ...segments('mobile', [1703, 1705, 1706]),
  ...segments('unicom', [1704, 1707, 1708, 1709]),
};

/** Segments in service that belong to no carrier this system serves. */
export const OTHER_OPERATOR_SEGMENTS: ReadonlySet<string> = new Set(['192']);

function segments(carrier: Carrier, prefixes: number[]): Record<string, Carrier> {
  return Object.fromEntries(prefixes.map((prefix) => [String(prefix), carrier]));
}

/** The carrier whose network a mainland mobile number (11 digits) is on, if known. */
export function carrierOfMobile(number11: string): Carrier | undefined {
  if (!/^1\d{10}$/.test(number11)) return undefined;
  return BY_FOUR_DIGITS[number11.slice(0, 4)] ?? BY_SEGMENT[number11.slice(0, 3)];
}
