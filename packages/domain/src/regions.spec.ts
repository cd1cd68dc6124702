import { findRegion, listRegionCodes } from './regions';

describe('findRegion', () => {
  it('should name province, prefecture and county when the code is a county of 黔西南', () => {
    expect(findRegion('522301')).toEqual({
      province: '贵州省',
      prefecture: '黔西南布依族苗族自治州',
      county: '兴义市',
    });
  });

  it.each([
    '522301',
    '522302',
    '522321',
    '522322',
    '522323',
    '522324',
    '522325',
    '522326',
    '522327',
    '522328',
  ])('should know %s when it is a current or former county of 黔西南', (code) => {
    expect(findRegion(code)?.prefecture).toBe('黔西南布依族苗族自治州');
  });

  it('should leave out the grouping name when a municipality lists its districts under 市辖区', () => {
    expect(findRegion('110101')).toEqual({ province: '北京市', county: '东城区' });
  });

  it('should leave out the prefecture when a county-level city answers to the province', () => {
    expect(findRegion('429004')).toEqual({ province: '湖北省', county: '仙桃市' });
  });

  it('should give no county when the code is a prefecture or its 市辖区', () => {
    expect(findRegion('522300')).toEqual({
      province: '贵州省',
      prefecture: '黔西南布依族苗族自治州',
    });
    expect(findRegion('520101')).toEqual({ province: '贵州省', prefecture: '贵阳市' });
  });

  it('should give the province only when the code is a province', () => {
    expect(findRegion('520000')).toEqual({ province: '贵州省' });
  });

  it('should return undefined when the code never existed or is not six digits', () => {
    expect(findRegion('999999')).toBeUndefined();
    expect(findRegion('522399')).toBeUndefined();
    expect(findRegion('5223')).toBeUndefined();
    expect(findRegion('52230a')).toBeUndefined();
  });
});

describe('listRegionCodes', () => {
  it('should list thousands of sorted six-digit codes when the table is loaded', () => {
    const codes = listRegionCodes();
    expect(codes.length).toBeGreaterThan(6000);
    expect(codes.every((code) => /^\d{6}$/.test(code))).toBe(true);
    expect([...codes].sort()).toEqual(codes);
  });

  it('should have a province for every code when the table is consistent', () => {
    const codes = listRegionCodes();
    expect(codes.filter((code) => findRegion(code) === undefined)).toEqual([]);
  });
});
