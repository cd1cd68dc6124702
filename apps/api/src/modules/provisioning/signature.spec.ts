import { signBody, verifyBodySignature } from './signature';

describe('provisioning body signature', () => {
  it('should accept the signature of the same raw body and secret', () => {
    const body = Buffer.from('{"caseId":"c1"}');
    expect(verifyBodySignature('s3cret', body, signBody('s3cret', body))).toBe(true);
  });

  it('should refuse when one byte of the body, the secret or the header differs', () => {
    const body = '{"caseId":"c1"}';
    const sig = signBody('s3cret', body);
    expect(verifyBodySignature('s3cret', '{"caseId":"c2"}', sig)).toBe(false);
    expect(verifyBodySignature('other', body, sig)).toBe(false);
    expect(verifyBodySignature('s3cret', body, sig.slice(0, -1))).toBe(false);
    expect(verifyBodySignature('s3cret', body, undefined)).toBe(false);
  });
});
