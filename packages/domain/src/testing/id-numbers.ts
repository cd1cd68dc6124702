import { computeIdCheckCharacter } from '../id-number';
import { addDays } from '../dates';
import { listRegionCodes } from '../regions';
import { pick, seededRandom } from './random';

/** A valid ID number for a region, birth date (YYYY-MM-DD) and three-digit sequence. */
export function makeIdNumber(region: string, birthDate: string, sequence: string): string {
  const first17 = region + birthDate.replace(/-/g, '') + sequence;
  return first17 + computeIdCheckCharacter(first17);
}

/** `count` random valid ID numbers: a county or prefecture code, a birth date in 1900..2015, any sequence. */
export function randomValidIdNumbers(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const regions = listRegionCodes().filter((code) => !code.endsWith('0000'));
  return Array.from({ length: count }, () => {
    const birthDate = addDays('1900-01-01', Math.floor(random() * 42000));
    const sequence = String(Math.floor(random() * 1000)).padStart(3, '0');
    return makeIdNumber(pick(random, regions), birthDate, sequence);
  });
}
