import { findRegion } from './domain';

/**
 * "兴义市（522301）"; a code the table does not know shows as is; null: none on file.
 * Its own module: the region table is large, and only the campaign page needs it.
 */
export function regionLabel(code: string | null): string {
  if (code === null) return '未填地区';
  const r = findRegion(code);
  const name = r ? (r.county ?? r.prefecture ?? r.province) : undefined;
  return name ? `${name}（${code}）` : code;
}
