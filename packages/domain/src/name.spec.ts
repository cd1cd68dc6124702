import { MAX_NAME_LENGTH, MIDDLE_DOT, validateName, type NameErrorCode } from './name';

describe('validateName', () => {
  it.each([
    ['张三', '张三'],
    ['欧阳娜娜', '欧阳娜娜'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
    ['爱新觉罗·溥仪', '爱新觉罗·溥仪'],
    ['𠀋', '𠀋'],
    ['王𠀋𪚥', '王𠀋𪚥'],
    ['李〇', '李〇'],
    ['JOHN SMITH', 'JOHN SMITH'],
    ['Mary-Jane WATSON', 'Mary-Jane WATSON'],
    ['JOSÉ GARCÍA', 'JOSÉ GARCÍA'],
  ])('should accept %s when it is a real name', (input, expected) => {
    expect(validateName(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['阿依古丽・买买提', '阿依古丽·买买提'],
    ['阿依古丽•买买提', '阿依古丽·买买提'],
    ['阿依古丽．买买提', '阿依古丽·买买提'],
    ['阿依古丽‧买买提', '阿依古丽·买买提'],
    ['阿依古丽\u0387买买提', '阿依古丽·买买提'],
    ['  张三\u3000', '张三'],
    ['张 三', '张三'],
    ['张\u3000三', '张三'],
    ['JOHN   SMITH', 'JOHN SMITH'],
    ['e\u0301', 'é'],
  ])(
    'should normalise %j when it is typed with a look-alike dot or extra spaces',
    (input, expected) => {
      expect(validateName(input)).toEqual({ ok: true, value: expected });
    },
  );

  it('should accept a name of 50 Han characters with dots when it is a long minority name', () => {
    const name = Array.from({ length: 10 }, () => '阿卜杜热合曼').join(MIDDLE_DOT);
    expect(Array.from(name).length).toBeGreaterThanOrEqual(50);
    expect(validateName(name)).toEqual({ ok: true, value: name });
  });

  it('should count characters outside the BMP once when checking the length', () => {
    expect(validateName('𠀋'.repeat(MAX_NAME_LENGTH)).ok).toBe(true);
    expect(validateName('𠀋'.repeat(MAX_NAME_LENGTH + 1))).toMatchObject({
      ok: false,
      code: 'TOO_LONG',
    });
  });

  it.each<[string, NameErrorCode]>([
    ['', 'EMPTY'],
    [' \u3000 ', 'EMPTY'],
    ['张\u200B三', 'INVISIBLE_CHARACTER'],
    ['\uFEFF张三', 'INVISIBLE_CHARACTER'],
    ['张三\u00AD', 'INVISIBLE_CHARACTER'],
    ['张\u2060三', 'INVISIBLE_CHARACTER'],
    ['葛\u{E0100}', 'INVISIBLE_CHARACTER'],
    ['张\n三', 'CONTROL_CHARACTER'],
    ['张\u0000三', 'CONTROL_CHARACTER'],
    ['张\u0085三', 'CONTROL_CHARACTER'],
    ['\u202E三张', 'BIDI_CONTROL'],
    ['张三\u200F', 'BIDI_CONTROL'],
    ['张\u2066三\u2069', 'BIDI_CONTROL'],
    ['\u0410lice', 'MIXED_SCRIPT'],
    ['J\u041EHN SMITH', 'MIXED_SCRIPT'],
    ['\u0391lice', 'MIXED_SCRIPT'],
    ['\u0410\u0391', 'MIXED_SCRIPT'],
    ['张A', 'MIXED_SCRIPT'],
    ['张Ж', 'MIXED_SCRIPT'],
    ['Иван', 'INVALID_CHARACTER'],
    ['Αλέξης', 'INVALID_CHARACTER'],
    ['张三1', 'INVALID_CHARACTER'],
    ['张三３', 'INVALID_CHARACTER'],
    ["张三' OR 1=1--", 'INVALID_CHARACTER'],
    ["O'BRIEN", 'INVALID_CHARACTER'],
    ['<script>alert(1)</script>', 'INVALID_CHARACTER'],
    ['=HYPERLINK("http://x","张三")', 'INVALID_CHARACTER'],
    ['=张三', 'INVALID_CHARACTER'],
    ['+张三', 'INVALID_CHARACTER'],
    ['-张三', 'INVALID_CHARACTER'],
    ['@张三', 'INVALID_CHARACTER'],
    ['-JOHN', 'INVALID_CHARACTER'],
    ['JOHN-', 'INVALID_CHARACTER'],
    ['·张三', 'INVALID_CHARACTER'],
    ['张三·', 'INVALID_CHARACTER'],
    ['阿依古丽··买买提', 'INVALID_CHARACTER'],
    ['张-三', 'INVALID_CHARACTER'],
    ['JOHN·SMITH', 'INVALID_CHARACTER'],
    ['·', 'INVALID_CHARACTER'],
    ['😀', 'INVALID_CHARACTER'],
    ['\uD840', 'INVALID_CHARACTER'],
    ['김철수', 'INVALID_CHARACTER'],
  ])('should reject %j when it is %s', (input, code) => {
    expect(validateName(input)).toEqual({ ok: false, code, message: expect.any(String) });
  });

  it('should explain in Chinese what is allowed when the name has a digit', () => {
    const result = validateName('张三1');
    expect(!result.ok && result.message).toContain('汉字');
  });
});
