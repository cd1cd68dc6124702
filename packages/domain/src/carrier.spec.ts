import { carrierOfMobile } from './carrier';

describe('carrierOfMobile', () => {
  it.each([
    ['13800138000', 'mobile'],
    ['13488888888', 'mobile'],
    ['15885901234', 'mobile'],
    ['19812345678', 'mobile'],
    ['13012345678', 'unicom'],
    ['18608590000', 'unicom'],
    ['16612345678', 'unicom'],
    ['13312345678', 'telecom'],
    ['18908590000', 'telecom'],
    ['19912345678', 'telecom'],
  ])('should give %s to %s when the segment is its own', (number, carrier) => {
    expect(carrierOfMobile(number)).toBe(carrier);
  });

  it.each([
    ['17001234567', 'telecom'],
    ['17031234567', 'mobile'],
    ['17041234567', 'unicom'],
    ['17112345678', 'unicom'],
    ['16212345678', 'telecom'],
    ['16512345678', 'mobile'],
    ['16712345678', 'unicom'],
  ])(
    'should map virtual-operator number %s to its host %s when the host is known',
    (number, carrier) => {
      expect(carrierOfMobile(number)).toBe(carrier);
    },
  );

  it('should give telecom when the number is on the 1349 satellite segment', () => {
    expect(carrierOfMobile('13491234567')).toBe('telecom');
  });

  it.each(['12012345678', '19212345678', '1380013800', '138001380001', '2380013800a'])(
    'should return undefined when %s has no known carrier or is not 11 digits',
    (number) => {
      expect(carrierOfMobile(number)).toBeUndefined();
    },
  );
});
