import { parsePhoneNumber, type PhoneErrorCode } from './phone';

describe('parsePhoneNumber', () => {
  it.each([
    ['13800138000', '13800138000', 'mobile'],
    ['+86 138 0013 8000', '13800138000', 'mobile'],
    ['+8613800138000', '13800138000', 'mobile'],
    ['0086-138-0013-8000', '13800138000', 'mobile'],
    ['(+86)13800138000', '13800138000', 'mobile'],
    ['１３８００１３８０００', '13800138000', 'mobile'],
    [' 186 0859 0000 ', '18608590000', 'unicom'],
  ])(
    'should read %j as mobile %s when typed with prefixes or separators',
    (input, value, carrier) => {
      expect(parsePhoneNumber(input)).toEqual({
        ok: true,
        value: { value, lineType: 'mobile', carrier },
      });
    },
  );

  it('should accept a China Broadnet number without a carrier when the segment is 192', () => {
    expect(parsePhoneNumber('19212345678')).toEqual({
      ok: true,
      value: { value: '19212345678', lineType: 'mobile' },
    });
  });

  it.each([
    ['0859-3221234', '0859-3221234', '0859'],
    ['08593221234', '0859-3221234', '0859'],
    ['(0859) 3221234', '0859-3221234', '0859'],
    ['（0859）3221234', '0859-3221234', '0859'],
    ['0859 322 1234', '0859-3221234', '0859'],
    ['+86 859 3221234', '0859-3221234', '0859'],
    ['+86 0859 3221234', '0859-3221234', '0859'],
    ['+868593221234', '0859-3221234', '0859'],
    ['010-62345678', '010-62345678', '010'],
    ['01062345678', '010-62345678', '010'],
    ['021 87654321', '021-87654321', '021'],
    ['０８５９－３２２１２３４', '0859-3221234', '0859'],
  ])('should read %j as fixed line %s when the area code is given', (input, value, areaCode) => {
    expect(parsePhoneNumber(input)).toEqual({
      ok: true,
      value: { value, lineType: 'fixed', areaCode },
    });
  });

  it.each<[string, PhoneErrorCode]>([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['1380013800', 'FORMAT'],
    ['138001380001', 'FORMAT'],
    ['138-0013-800O', 'FORMAT'],
    ["13800138000' OR 1=1--", 'FORMAT'],
    ['<script>', 'FORMAT'],
    ['=HYPERLINK("x")', 'FORMAT'],
    ['4008001234', 'FORMAT'],
    ['86 13800138000', 'FORMAT'],
    ['0859-12345', 'FORMAT'],
    ['0859-32212345678', 'FORMAT'],
    ['010-12345678', 'FORMAT'],
    ['12012345678', 'UNKNOWN_PREFIX'],
    ['10012345678', 'UNKNOWN_PREFIX'],
    ['3221234', 'AREA_CODE'],
    ['62345678', 'AREA_CODE'],
    ['0123-4567890', 'AREA_CODE'],
    ['085-93221234', 'AREA_CODE'],
    ['00593221234', 'AREA_CODE'],
  ])('should reject %j with %s', (input, code) => {
    expect(parsePhoneNumber(input)).toEqual({ ok: false, code, message: expect.any(String) });
  });
});
