import { computeIdCheckCharacter } from '@shiming/domain';

/**
 * Hostile values for the fields that carry an ID number or a name: every entry must be refused
 * wherever the API takes one. Built from valid numbers so each entry is wrong in one way only.
 */
export interface HostileEntry {
  label: string;
  name: string;
  idNumber: string;
}

const VALID_NAME = '杨光明';
const fullWidth = (s: string): string =>
  s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

export function validId(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + computeIdCheckCharacter(first17);
}

/** A valid number whose check character is X (for the look-alike entries). */
function validIdEndingInX(): string {
  for (let seq = 0; ; seq++) {
    const id = validId('522301', '19800101', seq);
    if (id.endsWith('X')) return id;
  }
}

export function hostileIdNumbers(): Array<{ label: string; idNumber: string }> {
  const v = validId('522301', '19750315', 217);
  const x = validIdEndingInX();
  const wrongCheck = v.slice(0, 17) + (v[17] === '0' ? '1' : '0');
  const out: Array<{ label: string; idNumber: string }> = [
    { label: 'wrong check character', idNumber: wrongCheck },
    { label: 'wrong check X', idNumber: v.slice(0, 17) + (v[17] === 'X' ? '1' : 'X') },
    { label: 'impossible date 02-30', idNumber: validId('522301', '19990230', 1) },
    { label: 'impossible month 13', idNumber: validId('522301', '19991301', 1) },
    { label: 'impossible day 00', idNumber: validId('522301', '19990100', 1) },
    { label: 'future birth date', idNumber: validId('522301', '20990101', 1) },
    { label: 'born 1800', idNumber: validId('522301', '18000101', 1) },
    { label: 'unknown region 000000', idNumber: validId('000000', '19800101', 1) },
    { label: 'unknown region 999999', idNumber: validId('999999', '19800101', 1) },
    { label: 'unknown region 523399', idNumber: validId('523399', '19800101', 1) },
    { label: '15-digit legacy', idNumber: '522301750315217' },
    { label: '17 digits', idNumber: v.slice(0, 17) },
    { label: '19 characters', idNumber: v + '1' },
    { label: 'full-width with wrong check', idNumber: fullWidth(wrongCheck) },
    { label: 'zero-width space inside', idNumber: v.slice(0, 9) + '\u200b' + v.slice(9) },
    { label: 'zero-width joiner at end', idNumber: v + '\u200d' },
    { label: 'BOM in front', idNumber: '\ufeff' + v },
    { label: 'soft hyphen', idNumber: v.slice(0, 6) + '\u00ad' + v.slice(6) },
    { label: 'bidi override RLO', idNumber: '\u202e' + v },
    { label: 'bidi isolate', idNumber: '\u2067' + v + '\u2069' },
    { label: 'Cyrillic Х as check', idNumber: x.slice(0, 17) + '\u0425' },
    { label: 'Greek Χ as check', idNumber: x.slice(0, 17) + '\u03a7' },
    { label: 'letter O for 0', idNumber: v.replace('0', 'O') },
    { label: 'letter l for 1', idNumber: v.replace('1', 'l') },
    {
      label: 'Arabic-Indic digits',
      idNumber: v.replace(/[0-9]/g, (d) => String.fromCharCode(0x660 + Number(d))),
    },
    { label: 'SQL tautology', idNumber: "522301' OR '1'='1" },
    { label: 'SQL stacked', idNumber: `${v}'; DROP TABLE registration_case;--` },
    { label: 'HTML script', idNumber: '<script>alert(1)</script>' },
    { label: 'HTML in a number', idNumber: `${v.slice(0, 10)}<b>${v.slice(10)}` },
    { label: 'formula HYPERLINK', idNumber: '=HYPERLINK("http://evil.example","点我")' },
    { label: 'formula with number', idNumber: `=${v}` },
    { label: 'plus formula', idNumber: `+${v}` },
    { label: 'at formula', idNumber: `@SUM(${v})` },
    { label: 'newline inside', idNumber: v.slice(0, 9) + '\n' + v.slice(9) },
    { label: 'NUL inside', idNumber: v.slice(0, 9) + '\u0000' + v.slice(9) },
    { label: 'tab inside', idNumber: v.slice(0, 9) + '\t' + v.slice(9) },
    { label: 'empty', idNumber: '' },
    { label: 'spaces only', idNumber: '   ' },
    { label: 'very long', idNumber: v.repeat(500) },
    { label: 'negative', idNumber: '-' + v.slice(1) },
    { label: 'exponent', idNumber: '5.22301e17' },
  ];
  return out;
}

export function hostileNames(): Array<{ label: string; name: string }> {
  return [
    { label: 'empty', name: '' },
    { label: 'spaces only', name: '   ' },
    { label: 'digits', name: '12345' },
    { label: 'Han and digit', name: '张3' },
    { label: 'zero-width inside', name: '张\u200b三' },
    { label: 'zero-width joiner', name: '张三\u200d' },
    { label: 'bidi override', name: '\u202e张三' },
    { label: 'Cyrillic look-alike in Latin', name: '\u0410lice Smith' },
    { label: 'mixed Han and Latin', name: '张San' },
    { label: 'SQL', name: "Robert'); DROP TABLE registration_case;--" },
    { label: 'HTML script', name: '<script>alert(1)</script>' },
    { label: 'HTML img', name: '<img src=x onerror=alert(1)>' },
    { label: 'formula HYPERLINK', name: '=HYPERLINK("http://evil.example","张三")' },
    { label: 'plus formula', name: '+张三' },
    { label: 'minus formula', name: '-张三' },
    { label: 'at formula', name: '@张三' },
    { label: 'emoji', name: '张😀' },
    { label: 'NUL', name: '张\u0000三' },
    { label: 'newline', name: '张\n三' },
    { label: 'too long', name: '张'.repeat(101) },
    { label: 'enormous', name: '张'.repeat(100_000) },
  ];
}

/** Names and ID numbers together: each entry has exactly one hostile field. */
export function hostileCorpus(validIdNumber: string): HostileEntry[] {
  return [
    ...hostileIdNumbers().map((e) => ({
      label: `id: ${e.label}`,
      name: VALID_NAME,
      idNumber: e.idNumber,
    })),
    ...hostileNames().map((e) => ({
      label: `name: ${e.label}`,
      name: e.name,
      idNumber: validIdNumber,
    })),
  ];
}
