import { maskFreeText, maskIdNumber, maskName, maskPhone } from './masking';

describe('maskIdNumber', () => {
  it('should keep the first and last four when the number has 18 characters', () => {
    expect(maskIdNumber('522301199001011234')).toBe('5223**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it.each([
    '',
    '5223011990',
    '522301900101123',
    '5223011990010112345',
    '52230119900101123Ａ',
    '张三',
  ])('should hide every character when %j is not an 18-character number', (value) => {
    const masked = maskIdNumber(value);
    expect(masked).toBe('*'.repeat(Array.from(value).length));
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['阿依古丽·买买提', '阿***·***'],
    ['𠀋𠀋', '𠀋*'],
    ['JOHN SMITH', 'J*** *****'],
    ['张', '*'],
    ['', ''],
  ])('should mask %s as %s when shown on a screen', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['0859-3221234', '0859-***1234'],
    ['010-62345678', '010-****5678'],
    ['1380013800', '**********'],
    ['+8613800138000', '**************'],
    ['0859 3221234', '************'],
  ])('should mask %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('maskFreeText', () => {
  it('should mask ID numbers and mobile numbers when they stand in a log line', () => {
    expect(
      maskFreeText('lift 13800138000 for 522301199001011234, retry 52230119900101123X;13900139000'),
    ).toBe('lift 138****8000 for 5223**********1234, retry 5223**********123X;139****9000');
  });

  it('should mask numbers when they touch letters or Chinese', () => {
    expect(maskFreeText('手机13800138000身份证522301199001011234号')).toBe(
      '手机138****8000身份证5223**********1234号',
    );
  });

  it('should leave longer digit runs and other numbers alone when they are not ID or mobile numbers', () => {
    const text = 'order 20161101123456789012 at 0859-3221234, count 12345';
    expect(maskFreeText(text)).toBe(text);
  });
});
