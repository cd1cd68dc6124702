import { UNREGISTERED_KINDS } from './unregistered';

describe('UNREGISTERED_KINDS', () => {
  it('should label the four kinds as carriers name them when listed', () => {
    expect(Object.values(UNREGISTERED_KINDS).map((kind) => kind.label)).toEqual([
      '临时账户',
      '资料不全',
      '机主与使用人不符',
      '集团卡',
    ]);
  });
});
