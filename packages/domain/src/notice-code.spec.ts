import {
  generateNoticeCode,
  normalizeNoticeCode,
  NOTICE_CODE_ALPHABET,
  NOTICE_CODE_LENGTH,
} from './notice-code';

describe('normalizeNoticeCode', () => {
  it.each([
    ['K7M2QP', 'K7M2QP'],
    ['k7m2qp', 'K7M2QP'],
    [' K7M-2QP ', 'K7M2QP'],
    ['K7 M2 QP', 'K7M2QP'],
    ['Ｋ７Ｍ２ＱＰ', 'K7M2QP'],
  ])(
    'should read %j as %s when typed with case, spaces or full-width characters',
    (input, code) => {
      expect(normalizeNoticeCode(input)).toEqual({ ok: true, value: code });
    },
  );

  it('should ask for the code when nothing was typed', () => {
    expect(normalizeNoticeCode('  - ')).toMatchObject({ ok: false, code: 'EMPTY' });
  });

  it.each([
    'K7M2Q',
    'K7M2QPX',
    'K7M2Q0',
    'K7M2QO',
    'K7M2QI',
    'K7M2Q1',
    'K7M2QL',
    'K7M2QU',
    'K7M2Q#',
  ])('should refuse %j when it has the wrong length or a look-alike character', (input) => {
    expect(normalizeNoticeCode(input)).toMatchObject({ ok: false, code: 'FORMAT' });
  });
});

describe('generateNoticeCode', () => {
  it('should make six characters of the alphabet when given a random source', () => {
    let i = 0;
    const code = generateNoticeCode((n) => i++ % n);
    expect(code).toBe('234567');
    expect(code).toHaveLength(NOTICE_CODE_LENGTH);
    expect(normalizeNoticeCode(code)).toEqual({ ok: true, value: code });
  });

  it('should reach the last character of the alphabet when the source returns n - 1', () => {
    expect(generateNoticeCode((n) => n - 1)).toBe(NOTICE_CODE_ALPHABET.slice(-1).repeat(6));
  });
});
