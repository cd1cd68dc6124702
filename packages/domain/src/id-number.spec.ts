import {
  MAX_AGE_YEARS,
  ageAt,
  computeIdCheckCharacter,
  normalizeIdNumber,
  parseIdNumber,
  type IdNumberErrorCode,
} from './id-number';
import { makeIdNumber, randomValidIdNumbers } from './testing/id-numbers';

/** The day of the 黔西南日报 report. */
const TODAY = new Date('2016-11-01T10:00:00+08:00');

/** Check characters computed independently (Python, ISO 7064 MOD 11-2), not by the code under test. */
const VALID: ReadonlyArray<[string, string, 'male' | 'female', string]> = [
  // The examples printed in GB 11643-1999 itself.
  ['11010519491231002X', '1949-12-31', 'female', '北京市 朝阳区'],
  // 黔西南: 兴义市, the abolished 兴义县 (on old cards), and the counties.
  ['522301199001011236', '1990-01-01', 'male', '贵州省 黔西南布依族苗族自治州 兴义市'],
  ['522321196503150043', '1965-03-15', 'female', '贵州省 黔西南布依族苗族自治州 兴义县'],
  ['522322198802290033', '1988-02-29', 'male', '贵州省 黔西南布依族苗族自治州 兴仁县'],
  ['52232320000229004X', '2000-02-29', 'female', '贵州省 黔西南布依族苗族自治州 普安县'],
  ['522324197511081213', '1975-11-08', 'male', '贵州省 黔西南布依族苗族自治州 晴隆县'],
  ['522325199512319997', '1995-12-31', 'male', '贵州省 黔西南布依族苗族自治州 贞丰县'],
  ['522326200401010454', '2004-01-01', 'male', '贵州省 黔西南布依族苗族自治州 望谟县'],
  ['522327195806060073', '1958-06-06', 'male', '贵州省 黔西南布依族苗族自治州 册亨县'],
  ['522328197005200684', '1970-05-20', 'female', '贵州省 黔西南布依族苗族自治州 安龙县'],
  ['522301199602290007', '1996-02-29', 'female', '贵州省 黔西南布依族苗族自治州 兴义市'],
  // Municipalities, a province-administered city, old codes of Chongqing under Sichuan.
  ['110101199003070011', '1990-03-07', 'male', '北京市 东城区'],
  ['110228196001010017', '1960-01-01', 'male', '北京市 密云县'],
  ['310115198502153429', '1985-02-15', 'female', '上海市 浦东新区'],
  ['429004199211115514', '1992-11-11', 'male', '湖北省 仙桃市'],
  ['500101198907040083', '1989-07-04', 'female', '重庆市 万州区'],
  ['510201197001010016', '1970-01-01', 'male', '四川省 重庆市'],
  // Residence permits of Hong Kong and Taiwan residents.
  ['810000199001010019', '1990-01-01', 'male', '香港特别行政区'],
  ['830000199505050026', '1995-05-05', 'female', '台湾省'],
];

function regionText(input: string): string {
  const parsed = parseIdNumber(input, { today: TODAY });
  if (!parsed.ok) throw new Error(`${input}: ${parsed.code}`);
  const { province, prefecture, county } = parsed.value.region;
  return [province, prefecture, county].filter(Boolean).join(' ');
}

describe('computeIdCheckCharacter', () => {
  it('should give X when the weighted sum leaves 2', () => {
    expect(computeIdCheckCharacter('11010519491231002')).toBe('X');
  });

  it('should throw when not given exactly 17 digits', () => {
    expect(() => computeIdCheckCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => computeIdCheckCharacter('1101051949123100A')).toThrow(RangeError);
  });
});

describe('normalizeIdNumber', () => {
  it('should turn full-width digits and Ｘ into ASCII when typed on a Chinese keyboard', () => {
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('11010519491231002ｘ')).toBe('11010519491231002X');
  });

  it('should upper-case x and drop ordinary spaces when the number is grouped', () => {
    expect(normalizeIdNumber(' 110105 19491231 002x\u3000')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105\u00A019491231002X')).toBe('11010519491231002X');
  });

  it('should keep invisible characters when present, so they can be refused', () => {
    expect(normalizeIdNumber('1101051949\u200B1231002X')).toBe('1101051949\u200B1231002X');
  });
});

describe('parseIdNumber', () => {
  it.each(VALID)('should accept %s when it is a valid number', (input, birthDate, sex, region) => {
    const parsed = parseIdNumber(input, { today: TODAY });
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({
        value: input,
        regionCode: input.slice(0, 6),
        birthDate,
        sex,
      }),
    });
    expect(regionText(input)).toBe(region);
  });

  it('should accept the GB 11643 example born in 1880 when checked on the day the standard was issued', () => {
    const parsed = parseIdNumber('440524188001010014', {
      today: new Date('1999-07-01T00:00:00+08:00'),
    });
    expect(parsed).toMatchObject({ ok: true, value: { birthDate: '1880-01-01', sex: 'male' } });
  });

  it('should return the normalised value when typed in full width with lower-case x', () => {
    expect(parseIdNumber('１１０１０５１９４９１２３１００２ｘ', { today: TODAY })).toMatchObject({
      ok: true,
      value: { value: '11010519491231002X' },
    });
  });

  it('should check against the current date when no day is given', () => {
    expect(parseIdNumber('522301199001011236').ok).toBe(true);
  });

  it('should accept a birth date of today when the baby is registered the day it is born', () => {
    const born = makeIdNumber('522301', '2016-11-01', '001');
    expect(parseIdNumber(born, { today: TODAY }).ok).toBe(true);
  });

  it('should accept 2,000 random valid numbers when each has a known region, a real date and its check character', () => {
    const failures = randomValidIdNumbers(2000, 20161101).filter(
      (input) => !parseIdNumber(input, { today: TODAY }).ok,
    );
    expect(failures).toEqual([]);
  });

  describe('the invalid corpus', () => {
    const base = '522301199001011236';
    const corpus: Array<[string, IdNumberErrorCode]> = [
      ['', 'EMPTY'],
      ['   ', 'EMPTY'],
      ['522301900101123', 'LEGACY_15_DIGIT'],
      ['52230119900101123', 'LENGTH'],
      ['5223011990010112366', 'LENGTH'],
      ['52230119900101123A', 'FORMAT'],
      ['52230119900101123Y', 'FORMAT'],
      ['5223011990010X1236', 'FORMAT'],
      // Look-alikes: Cyrillic Х for X, letter O for zero, letter l for one.
      ['11010519491231002\u0425', 'FORMAT'],
      ['522301199OO1011236', 'FORMAT'],
      ['522301l99001011236', 'FORMAT'],
      ["' OR 1=1--", 'FORMAT'],
      ["522301199001011236' OR 1=1--", 'FORMAT'],
      ['<script>alert(1)</script>', 'FORMAT'],
      ['=HYPERLINK("http://x")', 'FORMAT'],
      // Hidden characters, wherever they sit.
      ['\u200B522301199001011236', 'INVISIBLE_CHARACTER'],
      ['522301199001011236\uFEFF', 'INVISIBLE_CHARACTER'],
      ['5223011990\u200D01011236', 'INVISIBLE_CHARACTER'],
      ['\u202E522301199001011236', 'INVISIBLE_CHARACTER'],
      ['522301199001011236\n', 'INVISIBLE_CHARACTER'],
      ['522301\t199001011236', 'INVISIBLE_CHARACTER'],
      // Dates: 30 February, 29 February in a common year, month 13, day 0, future, too old.
      [makeIdNumber('522301', '1990-02-30', '123'), 'BIRTH_DATE_INVALID'],
      [makeIdNumber('522301', '1900-02-29', '123'), 'BIRTH_DATE_INVALID'],
      [makeIdNumber('522301', '2015-02-29', '123'), 'BIRTH_DATE_INVALID'],
      [makeIdNumber('522301', '1990-13-01', '123'), 'BIRTH_DATE_INVALID'],
      [makeIdNumber('522301', '1990-00-10', '123'), 'BIRTH_DATE_INVALID'],
      [makeIdNumber('522301', '1990-04-31', '123'), 'BIRTH_DATE_INVALID'],
      [makeIdNumber('522301', '1990-01-00', '123'), 'BIRTH_DATE_INVALID'],
      [makeIdNumber('522301', '2016-11-02', '123'), 'BIRTH_DATE_FUTURE'],
      [makeIdNumber('522301', '2099-01-01', '123'), 'BIRTH_DATE_FUTURE'],
      [makeIdNumber('522301', '1885-01-01', '123'), 'BIRTH_DATE_TOO_OLD'],
      // Regions that never existed, a province code, and a prefecture with no such county.
      [makeIdNumber('000000', '1990-01-01', '123'), 'REGION_UNKNOWN'],
      [makeIdNumber('999999', '1990-01-01', '123'), 'REGION_UNKNOWN'],
      [makeIdNumber('520000', '1990-01-01', '123'), 'REGION_UNKNOWN'],
      [makeIdNumber('522399', '1990-01-01', '123'), 'REGION_UNKNOWN'],
      [makeIdNumber('910101', '1990-01-01', '123'), 'REGION_UNKNOWN'],
    ];

    // Every single-character typo: each of the 18 positions replaced by each other character.
    for (let position = 0; position < 18; position++) {
      for (const replacement of '0123456789X') {
        if (replacement === base[position] || (replacement === 'X' && position < 17)) continue;
        const typo = base.slice(0, position) + replacement + base.slice(position + 1);
        corpus.push([typo, 'CHECKSUM']);
      }
    }
    // Two neighbouring digits swapped, the commonest slip after a wrong digit.
    for (let position = 0; position < 17; position++) {
      const swapped =
        base.slice(0, position) + base[position + 1] + base[position] + base.slice(position + 2);
      if (swapped !== base) corpus.push([swapped, 'CHECKSUM']);
    }
    // The right first 17 digits with every wrong check character.
    for (const wrong of '0123456789X'.replace(base.charAt(17), '')) {
      corpus.push([base.slice(0, 17) + wrong, 'CHECKSUM']);
    }

    it('should hold over 200 generated invalid numbers', () => {
      expect(corpus.length).toBeGreaterThan(200);
    });

    it.each(corpus)('should reject %j when it is malformed', (input, code) => {
      const parsed = parseIdNumber(input, { today: TODAY });
      expect(parsed).toEqual({ ok: false, code, message: expect.any(String) });
    });
  });

  it('should accept the oldest possible age and refuse one day more when the birth date is MAX_AGE_YEARS ago', () => {
    const oldest = makeIdNumber('522301', `${2016 - MAX_AGE_YEARS - 1}-11-02`, '001');
    const tooOld = makeIdNumber('522301', `${2016 - MAX_AGE_YEARS - 1}-11-01`, '001');
    expect(parseIdNumber(oldest, { today: TODAY }).ok).toBe(true);
    expect(parseIdNumber(tooOld, { today: TODAY })).toMatchObject({
      ok: false,
      code: 'BIRTH_DATE_TOO_OLD',
    });
  });

  it('should tell the subscriber in Chinese what to do when the check character is wrong', () => {
    expect(parseIdNumber('522301199001011237', { today: TODAY })).toEqual({
      ok: false,
      code: 'CHECKSUM',
      message: '身份证号码不正确，请对照身份证逐位核对。',
    });
  });
});

describe('ageAt', () => {
  it('should count completed years when the birthday has passed or is today', () => {
    expect(ageAt('1990-01-01', TODAY)).toBe(26);
    expect(ageAt('2000-11-01', TODAY)).toBe(16);
  });

  it('should not count the current year when the birthday is still to come', () => {
    expect(ageAt('2000-11-02', TODAY)).toBe(15);
    expect(ageAt('2000-12-01', TODAY)).toBe(15);
  });

  it('should use the date in China when the instant is still the previous day in UTC', () => {
    expect(ageAt('2000-11-01', new Date('2016-10-31T16:30:00Z'))).toBe(16);
  });

  it('should count a 29 February birthday on 1 March when the year is not a leap year', () => {
    expect(ageAt('2000-02-29', new Date('2017-02-28T12:00:00+08:00'))).toBe(16);
    expect(ageAt('2000-02-29', new Date('2017-03-01T12:00:00+08:00'))).toBe(17);
  });
});
