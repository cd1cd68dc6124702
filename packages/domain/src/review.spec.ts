import { REJECTION_REASONS, RESUBMISSION_REASONS, composeResubmissionMessage } from './review';

describe('composeResubmissionMessage', () => {
  it('should list each document and what to redo when several items are flagged', () => {
    expect(
      composeResubmissionMessage([
        { reason: 'glare', document: 'id_front' },
        { reason: 'letter_missing_or_unsigned', document: 'authorization_letter' },
        { reason: 'name_id_mismatch' },
      ]),
    ).toBe(
      [
        '您的实名登记申请需要补充材料，请按以下提示重新提交：',
        '1. 机主身份证人像面：照片有反光，请避开灯光或窗户重新拍。',
        '2. 实名登记授权委托书：授权委托书缺少或没有机主签名，请机主签名后整页重新拍。',
        '3. 填写的姓名或身份证号码和证件上的不一致，请对照证件重新填写。',
      ].join('\n'),
    );
  });
});

describe('reason tables', () => {
  it.each([...Object.entries(RESUBMISSION_REASONS), ...Object.entries(REJECTION_REASONS)])(
    'should give %s a label and a subscriber text in Chinese when shown',
    (_, text) => {
      expect(text.label).toMatch(/\p{Script=Han}/u);
      expect(text.subscriberText).toMatch(/\p{Script=Han}/u);
    },
  );
});
