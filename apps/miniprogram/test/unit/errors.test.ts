import { ApiError, toUserMessage } from '../../src/services/api/errors';

describe('ApiError.fromResponse', () => {
  it('should keep the API code and its Chinese message when the body has the contract shape', () => {
    const err = ApiError.fromResponse(400, { error: { code: 'CODE_INVALID', message: '验证码不对', attemptsLeft: 2 } });
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
    expect(ApiError.fromResponse(422, { error: { code: 'DOCUMENTS_MISSING' } }).message).toBe('还有照片没有上传。');
  });

  it('should explain a 5xx without internals when the body is not JSON', () => {
    const err = ApiError.fromResponse(502, '<html>Bad gateway</html>');
    expect(err.code).toBe('HTTP_502');
    expect(err.message).toBe('服务器暂时出了问题，请稍后再试。');
    expect(err.retryable).toBe(true);
  });

  it('should give field errors of a validation answer', () => {
    const err = ApiError.fromResponse(400, { error: { code: 'VALIDATION', message: '信息有误', fields: { idNumber: '校验位不对', n: 3 } } });
    expect(err.details.fields).toEqual({ idNumber: '校验位不对' });
  });
});

describe('toUserMessage', () => {
  it('should never show a raw exception to the subscriber', () => {
    expect(toUserMessage(new TypeError('x is undefined'))).toContain('出了点问题');
    expect(toUserMessage(ApiError.client('OFFLINE'))).toContain('没有连上网络');
  });
});
