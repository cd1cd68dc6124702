import {
  crossCheckIdCard,
  isCardExpired,
  readIdCardBack,
  readIdCardFront,
  VALID_FOR_LIFE,
} from './id-card-text';
import { makeIdNumber } from './testing/id-numbers';

const TODAY = new Date('2026-11-28T04:00:00Z');
const ZHANG = makeIdNumber('420302', '1962-04-09', '015');
const WITH_X = '11010519491231002X';

/** What PaddleOCR read on a sharp synthetic card (bench/ocr), line by line. */
const SHARP_FRONT = [
  '姓名 张三丰',
  '性别 男 民族汉',
  '出生 1962年4月9日',
  '住址 湖北省十堰市茅箭区武当',
  '路128号3栋2单元5',
  '01室',
  `公民身份号码 ${ZHANG}`,
];

describe('readIdCardFront', () => {
  it('should read the name and the number when the card is sharp', () => {
    expect(readIdCardFront(SHARP_FRONT, { today: TODAY })).toEqual({
      name: '张三丰',
      idNumber: ZHANG,
      number: 'read',
    });
  });

  it('should take the name from the next line when label and name are read apart', () => {
    expect(readIdCardFront(['姓 名', '李娜', '性别 女'], { today: TODAY }).name).toBe('李娜');
  });

  it('should read no name when the line after a lone label is another label or missing', () => {
    expect(readIdCardFront(['姓名', '性别 女'], { today: TODAY }).name).toBeUndefined();
    expect(readIdCardFront(['姓名：'], { today: TODAY }).name).toBeUndefined();
    expect(readIdCardFront(['性别 女'], { today: TODAY }).name).toBeUndefined();
  });

  it('should read no name when what follows the label is not a valid name', () => {
    expect(readIdCardFront(['姓名 张3丰'], { today: TODAY }).name).toBeUndefined();
  });

  it('should take the line above 性别/民族 as the name when blur or over-exposure lost the labels', () => {
    // What PaddleOCR read on the blur-3 synthetic card: the light-blue labels are gone.
    const blurred = ['张三丰', '男 民族汉', '1962年4月9', '湖北省十堰市茅精区武当', ZHANG];
    expect(readIdCardFront(blurred, { today: TODAY })).toEqual({
      name: '张三丰',
      idNumber: ZHANG,
      number: 'read',
    });
    expect(readIdCardFront(['李娜', '性别 女 民族 汉'], { today: TODAY }).name).toBe('李娜');
  });

  it('should see past labels OCR misread on a blurred or over-exposed card', () => {
    // Read on the bench's blur-3 and over-exposed cards.
    expect(readIdCardFront(['维名 李娜', '性制 女 民族汉'], { today: TODAY }).name).toBe('李娜');
    expect(readIdCardFront(['欧阳晓明', '生别 男 民族汉'], { today: TODAY }).name).toBe('欧阳晓明');
    expect(
      readIdCardFront(['阿依古丽·买买提', '生别 女 \u3000民族\u3000维吾尔'], { today: TODAY }).name,
    ).toBe('阿依古丽·买买提');
    // Two parts without a label-like first part: one name read with a gap.
    expect(readIdCardFront(['阿依古丽 买买提', '女 民族维吾尔'], { today: TODAY }).name).toBe(
      '阿依古丽买买提',
    );
  });

  it('should read no name when nothing valid stands above the 性别/民族 line', () => {
    expect(readIdCardFront(['女 民族汉', ZHANG], { today: TODAY }).name).toBeUndefined();
    expect(readIdCardFront(['1962年4月9', '男 民族汉'], { today: TODAY }).name).toBeUndefined();
  });

  it('should turn a dot OCR read between Han parts into the middle dot', () => {
    expect(readIdCardFront(['姓名 阿依古丽.买买提'], { today: TODAY }).name).toBe(
      '阿依古丽·买买提',
    );
    expect(readIdCardFront(['姓名：阿依古丽•买买提'], { today: TODAY }).name).toBe(
      '阿依古丽·买买提',
    );
  });

  it('should use the default today when none is given', () => {
    expect(readIdCardFront([ZHANG]).number).toBe('read');
  });

  it('should read a number ending in X written in lower case, and with spaces', () => {
    expect(readIdCardFront(['1101 0519 4912 31002x'], { today: TODAY })).toEqual({
      idNumber: WITH_X,
      number: 'read',
    });
  });

  it('should read O and l as 0 and 1 inside a number when the result passes the checks', () => {
    const lookalike = ZHANG.replace(/0/g, 'O').replace(/1/g, 'l');
    expect(readIdCardFront([`公民身份号码${lookalike}`], { today: TODAY }).idNumber).toBe(ZHANG);
  });

  it('should find the number in a longer run when a stray digit was read next to it', () => {
    expect(readIdCardFront([`${ZHANG}7`], { today: TODAY }).idNumber).toBe(ZHANG);
  });

  it('should offer no number and say invalid when 18 characters fail the checksum', () => {
    const wrong = ZHANG.slice(0, 17) + (ZHANG.endsWith('9') ? '8' : '9');
    expect(readIdCardFront([`公民身份号码 ${wrong}`], { today: TODAY })).toEqual({
      number: 'invalid',
    });
  });

  it('should say invalid when a digit was lost (17 read)', () => {
    expect(readIdCardFront([ZHANG.slice(1)], { today: TODAY }).number).toBe('invalid');
  });

  it('should say invalid and offer neither when two different valid numbers are read', () => {
    expect(readIdCardFront([ZHANG, WITH_X], { today: TODAY })).toEqual({ number: 'invalid' });
  });

  it('should say unreadable when glare left only a few digits', () => {
    expect(readIdCardFront(['姓名 李娜', '公民身份号码 11'], { today: TODAY })).toEqual({
      name: '李娜',
      number: 'unreadable',
    });
  });
});

describe('readIdCardBack', () => {
  it('should read a validity period with two dates', () => {
    expect(
      readIdCardBack(['中华人民共和国', '居民身份证', '有效期限2010.05.12-2020.05.12']),
    ).toEqual({ validFrom: '2010-05-12', validUntil: '2020-05-12' });
  });

  it('should read 长期 for a card valid for life, with spaces and full-width digits', () => {
    expect(readIdCardBack(['有效期限 ２０１２．０６．１８ - 长 期'])).toEqual({
      validFrom: '2012-06-18',
      validUntil: VALID_FOR_LIFE,
    });
  });

  it('should read a period on its own line, with 至 and single-digit months', () => {
    expect(readIdCardBack(['有效期限', '2019.8.30至2029.8.30'])).toEqual({
      validFrom: '2019-08-30',
      validUntil: '2029-08-30',
    });
  });

  it('should skip periods whose dates are not real days or whose end is not after the start', () => {
    expect(readIdCardBack(['2010.13.12-2020.05.12'])).toEqual({});
    expect(readIdCardBack(['2010.05.12-2020.02.30'])).toEqual({});
    expect(readIdCardBack(['2020.05.12-2010.05.12'])).toEqual({});
    expect(readIdCardBack(['签发机关北京市公安局朝阳分局'])).toEqual({});
  });
});

describe('isCardExpired', () => {
  it('should hold a card valid through its last day and expired the day after, in China', () => {
    expect(isCardExpired('2026-11-28', TODAY)).toBe(false);
    expect(isCardExpired('2026-11-27', TODAY)).toBe(true);
    // 2026-11-27T17:00Z is already the 28th in China.
    expect(isCardExpired('2026-11-27', new Date('2026-11-27T17:00:00Z'))).toBe(true);
  });

  it('should never call a card valid for life expired', () => {
    expect(isCardExpired(VALID_FOR_LIFE, TODAY)).toBe(false);
  });
});

describe('crossCheckIdCard', () => {
  const front = readIdCardFront(SHARP_FRONT, { today: TODAY });
  const typed = { name: '张三丰', idNumber: ZHANG };

  it('should find nothing when the typed name and number match the card', () => {
    expect(crossCheckIdCard({ typed, front, back: {}, today: TODAY })).toEqual([]);
  });

  it('should not call a name read without its middle dot a mismatch', () => {
    expect(
      crossCheckIdCard({
        typed: { name: '阿依古丽·买买提', idNumber: ZHANG },
        front: { name: '阿依古丽买买提', idNumber: ZHANG, number: 'read' },
        today: TODAY,
      }),
    ).toEqual([]);
  });

  it('should find nothing when typed values differ only in spaces and case', () => {
    const latin = { name: 'Anna Smith', idNumber: WITH_X };
    expect(
      crossCheckIdCard({
        typed: { name: ' anna  smith', idNumber: '11010519491231002x' },
        front: { name: latin.name, idNumber: WITH_X, number: 'read' },
        today: TODAY,
      }),
    ).toEqual([]);
  });

  it('should flag a typed number that differs from the card as critical, suggesting name_id_mismatch', () => {
    const other = makeIdNumber('420302', '1962-04-09', '027');
    expect(crossCheckIdCard({ typed: { ...typed, idNumber: other }, front, today: TODAY })).toEqual(
      [
        {
          code: 'OCR_NUMBER_MISMATCH',
          severity: 'critical',
          side: 'front',
          message: '填写的身份证号码与人像面识别结果不一致',
          suggestedReason: 'name_id_mismatch',
        },
      ],
    );
  });

  it('should flag a typed name that differs from the card, or is not a valid name', () => {
    for (const name of ['张三峰', '张3丰']) {
      const found = crossCheckIdCard({ typed: { ...typed, name }, front, today: TODAY });
      expect(found.map((f) => [f.code, f.severity, f.suggestedReason])).toEqual([
        ['OCR_NAME_MISMATCH', 'critical', 'name_id_mismatch'],
      ]);
    }
  });

  it('should warn when the number could not be read, saying whether it failed the checks', () => {
    const unreadable = crossCheckIdCard({
      typed,
      front: { name: '张三丰', number: 'unreadable' },
      today: TODAY,
    });
    const invalid = crossCheckIdCard({ typed: null, front: { number: 'invalid' }, today: TODAY });
    expect(unreadable).toEqual([
      expect.objectContaining({ code: 'OCR_NUMBER_UNREADABLE', severity: 'warning' }),
    ]);
    expect(unreadable[0]?.message).toContain('未能识别');
    expect(invalid[0]?.message).toContain('未通过校验');
  });

  it('should compare nothing when the applicant has not been typed yet', () => {
    expect(crossCheckIdCard({ typed: null, front, today: TODAY })).toEqual([]);
  });

  it('should flag an expired card as critical, suggesting document_expired', () => {
    expect(
      crossCheckIdCard({
        typed,
        back: { validFrom: '2010-05-12', validUntil: '2020-05-12' },
        today: TODAY,
      }),
    ).toEqual([
      {
        code: 'CARD_EXPIRED',
        severity: 'critical',
        side: 'back',
        message: '身份证已过有效期（有效期至2020.05.12）',
        suggestedReason: 'document_expired',
      },
    ]);
  });

  it('should not flag a card still valid or valid for life', () => {
    for (const validUntil of ['2029-08-30', VALID_FOR_LIFE]) {
      expect(crossCheckIdCard({ typed, back: { validUntil }, today: TODAY })).toEqual([]);
    }
  });
});
