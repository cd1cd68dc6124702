import { DOCUMENT_KINDS, requiredDocuments } from './documents';

describe('requiredDocuments', () => {
  it('should ask for both sides and a hand-held photo when the owner registers', () => {
    expect(requiredDocuments('self')).toEqual(['id_front', 'id_back', 'id_handheld']);
  });

  it("should add the proxy's ID and the signed letter when someone registers for the owner", () => {
    expect(requiredDocuments('proxy')).toEqual([
      'id_front',
      'id_back',
      'id_handheld',
      'proxy_id_front',
      'proxy_id_back',
      'authorization_letter',
    ]);
  });

  it("should ask for the licence, the letter and the end user's ID when an organisation registers", () => {
    expect(requiredDocuments('enterprise')).toEqual([
      'business_licence',
      'introduction_letter',
      'id_front',
      'id_back',
    ]);
  });

  it('should hand out a copy when the caller changes the list', () => {
    requiredDocuments('self').push('business_licence');
    expect(requiredDocuments('self')).toHaveLength(3);
  });
});

describe('DOCUMENT_KINDS', () => {
  it.each(Object.entries(DOCUMENT_KINDS))(
    'should describe %s in Chinese when shown to a subscriber',
    (_, info) => {
      expect(info.label).toMatch(/\p{Script=Han}/u);
      expect(info.hint).toMatch(/\p{Script=Han}/u);
    },
  );

  it('should mark only the identity cards as ID cards when the console decides what to watermark', () => {
    const idCards = Object.entries(DOCUMENT_KINDS)
      .filter(([, info]) => info.isIdCard)
      .map(([kind]) => kind);
    expect(idCards).toEqual([
      'id_front',
      'id_back',
      'id_handheld',
      'proxy_id_front',
      'proxy_id_back',
    ]);
  });
});
