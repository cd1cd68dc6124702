import { ApiError, toUserMessage } from '../../src/services/api/errors';

describe('ApiError.fromResponse', () => {
  it('should keep the API code and its Chinese message when the body has the contract shape', () => {
    const err = ApiError.fromResponse(400, {
      error: { code: 'CODE_INVALID', message: '验证码不对', attemptsLeft: 2 },
    });
    expect(err.code).toBe('CODE_INVALID');
    expect(err.message).toBe('验证码不对');
    expect(err.status).toBe(400);
    expect(err.details.attemptsLeft).toBe(2);
    expect(err.retryable).toBe(false);
  });

  it('should read details sent beside the error object when they are not inside it', () => {
    const err = ApiError.fromResponse(409, {
      error: { code: 'NUMBER_CANNOT_RECEIVE_SMS', message: '收不到短信' },
      remainingWays: ['带身份证到营业厅', '拨打 10086'],
    });
    expect(err.details.remainingWays).toEqual(['带身份证到营业厅', '拨打 10086']);
  });

  it('should use a Chinese fallback when a known code comes without a message', () => {
    expect(ApiError.fromResponse(422, { error: { code: 'DOCUMENTS_MISSING' } }).message).toBe(
      '还有照片没有上传。',
    );
  });

  it('should explain a 5xx without internals when the body is not JSON', () => {
    const err = ApiError.fromResponse(502, '<html>Bad gateway</html>');
    expect(err.code).toBe('HTTP_502');
    expect(err.message).toBe('服务器暂时出了问题，请稍后再试。');
    expect(err.retryable).toBe(true);
  });

  it('should give field errors of a validation answer', () => {
    const err = ApiError.fromResponse(400, {
      error: { code: 'VALIDATION', message: '信息有误', fields: { idNumber: '校验位不对', n: 3 } },
    });
    expect(err.details.fields).toEqual({ idNumber: '校验位不对' });
  });
});

describe('ApiError details of the API as built', () => {
  it('should carry what the submit refusals name when the API adds them', () => {
    expect(
      ApiError.fromResponse(422, {
        error: { code: 'DOCUMENTS_MISSING', message: '还缺少：身份证国徽面', missing: ['id_back'] },
      }).details.missing,
    ).toEqual(['id_back']);
    expect(
      ApiError.fromResponse(409, {
        error: { code: 'CONSENT_VERSION_OUTDATED', message: '同意书已更新', currentVersion: 'v2' },
      }).details.currentVersion,
    ).toBe('v2');
    expect(
      ApiError.fromResponse(422, {
        error: { code: 'NUMBER_CANCELLED', message: '这个号码已经销号', hotline: '10086' },
      }).details.hotline,
    ).toBe('10086');
  });

  it('should keep the domain error codes of the applicant fields beside their messages', () => {
    const err = ApiError.fromResponse(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '提交的信息有误，请检查后重试',
        fields: { idNumber: '身份证号码校验位不正确' },
        fieldCodes: { idNumber: 'CHECKSUM' },
      },
    });
    expect(err.details).toMatchObject({
      fields: { idNumber: '身份证号码校验位不正确' },
      fieldCodes: { idNumber: 'CHECKSUM' },
    });
  });

  it('should show Chinese when an answer carries an English message (a proxy, a framework page)', () => {
    expect(
      ApiError.fromResponse(404, {
        error: { code: 'NUMBER_ALREADY_REGISTERED', message: 'Not Found' },
      }).message,
    ).toBe('这个号码已经完成实名登记，不需要再办理。');
    expect(
      ApiError.fromResponse(401, { error: { code: 'SESSION_EXPIRED', message: '' } }).message,
    ).toBe('登录已过期，请重新验证手机号。');
  });

  it('should have a Chinese fallback for every code the subscriber routes of the API can answer', () => {
    const codes = [
      'UNAUTHENTICATED',
      'SESSION_EXPIRED',
      'NUMBER_NOT_PROVEN',
      'TENANT_NOT_FOUND',
      'VALIDATION_FAILED',
      'RATE_LIMITED',
      'NUMBER_CANNOT_RECEIVE_SMS',
      'NUMBER_NOT_OURS',
      'CODE_INVALID',
      'CODE_EXPIRED',
      'SMS_UNAVAILABLE',
      'WECHAT_CODE_INVALID',
      'WECHAT_LOGIN_REQUIRED',
      'WECHAT_UNAVAILABLE',
      'PROXY_NOT_ALLOWED',
      'ENTERPRISE_NOT_ALLOWED',
      'CASE_ALREADY_OPEN',
      'NUMBER_CANCELLED',
      'NUMBER_ALREADY_REGISTERED',
      'CASE_NOT_FOUND',
      'CASE_NOT_EDITABLE',
      'ILLEGAL_TRANSITION',
      'NOT_AN_IMAGE',
      'FILE_TOO_LARGE',
      'IMAGE_TOO_LARGE',
      'FILE_MISSING',
      'UPLOAD_MALFORMED',
      'DOCUMENT_KIND_INVALID',
      'CONSENT_VERSION_OUTDATED',
      'DOCUMENTS_MISSING',
      'CONSENT_MISSING',
      'APPLICANT_MISSING',
      'IDENTITY_QUOTA_EXCEEDED',
      'UNDERAGE',
      'IDEMPOTENCY_KEY_MISSING',
      'IDEMPOTENCY_KEY_REUSED',
      'QUERY_REQUIRED',
    ];
    for (const code of codes) {
      const message = ApiError.fromResponse(400, { error: { code } }).message;
      expect([code, message]).toEqual([code, expect.stringMatching(/\p{Script=Han}/u)]);
      expect([code, message]).not.toEqual([code, '请求没有成功，请稍后再试。']);
    }
  });
});

describe('toUserMessage', () => {
  it('should never show a raw exception to the subscriber', () => {
    expect(toUserMessage(new TypeError('x is undefined'))).toContain('出了点问题');
    expect(toUserMessage(ApiError.client('OFFLINE'))).toContain('没有连上网络');
  });
});
