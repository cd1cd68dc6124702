import {
  SMS_REGISTRATION_SERVICE_NUMBER,
  parseSmsRegistration,
  type SmsParseErrorCode,
} from './sms-channel';

const TODAY = { today: new Date('2016-11-01T10:00:00+08:00') };

describe('parseSmsRegistration', () => {
  it.each([
    '40#张三#522301199001011236',
    ' 40 # 张三 # 522301199001011236 ',
    '４０＃张三＃５２２３０１１９９００１０１１２３６',
  ])('should read name and ID number from %j when the format is followed', (text) => {
    expect(parseSmsRegistration(text, TODAY)).toEqual({
      ok: true,
      value: { name: '张三', idNumber: '522301199001011236' },
    });
  });

  it('should normalise a lower-case x and a look-alike dot when the subscriber types them', () => {
    expect(parseSmsRegistration('40#阿依古丽・买买提#11010519491231002x', TODAY)).toEqual({
      ok: true,
      value: { name: '阿依古丽·买买提', idNumber: '11010519491231002X' },
    });
  });

  it('should check against the current date when no day is given', () => {
    expect(parseSmsRegistration('40#张三#522301199001011236').ok).toBe(true);
  });

  it.each<[string, SmsParseErrorCode]>([
    ['', 'NOT_REGISTRATION'],
    ['查话费', 'NOT_REGISTRATION'],
    ['41#张三#522301199001011236', 'NOT_REGISTRATION'],
    ['40', 'FORMAT'],
    ['40#张三', 'FORMAT'],
    ['40#张三#522301199001011236#', 'FORMAT'],
    ['40##522301199001011236', 'NAME'],
    ['40#张三1#522301199001011236', 'NAME'],
    ['40#张三#522301199001011237', 'ID_NUMBER'],
    ['40#张三#', 'ID_NUMBER'],
  ])('should reject %j with %s', (text, code) => {
    expect(parseSmsRegistration(text, TODAY)).toEqual({
      ok: false,
      code,
      message: expect.any(String),
    });
  });

  it('should show the format and where to send it when the text is not a registration', () => {
    expect(parseSmsRegistration('查话费', TODAY)).toMatchObject({
      message: expect.stringContaining(
        `40#机主姓名#身份证号码”的格式发送到${SMS_REGISTRATION_SERVICE_NUMBER}`,
      ),
    });
  });

  it('should pass on the reason when the ID number is wrong', () => {
    expect(parseSmsRegistration('40#张三#522301199001011237', TODAY)).toMatchObject({
      message: '身份证号码不正确，请对照身份证逐位核对。',
    });
  });

  it('should refuse an ID number with a BOM in front, as the form does', () => {
    expect(parseSmsRegistration('40#张三#\uFEFF522301199001011236', TODAY)).toMatchObject({
      ok: false,
      code: 'ID_NUMBER',
    });
    expect(parseSmsRegistration(' 40 # 张三 #\u3000522301199001011236 ', TODAY)).toMatchObject({
      ok: true,
    });
  });
});
