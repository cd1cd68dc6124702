import { computeIdCheckCharacter, findRegion } from '@shiming/domain';

/** A fictional holder of a second-generation resident identity card. */
export interface CardPerson {
  /** Short ASCII key, used in fixture file names. */
  key: string;
  name: string;
  sex: '男' | '女';
  /** 民族 as printed (without 族). */
  ethnicity: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** 住址, as printed (wrapped on the card at 11 characters a line). */
  address: string;
  /** 18 characters, valid check character (GB 11643), region code that exists. */
  idNumber: string;
  /** 签发机关 */
  issuer: string;
  /** 有效期限 start, YYYY-MM-DD. */
  validFrom: string;
  /** 有效期限 end, YYYY-MM-DD, or '长期' for a card valid for life. */
  validUntil: string;
}

/** A valid number for a region, birth date (YYYY-MM-DD) and a three-digit sequence (odd = male). */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: string): string {
  if (!findRegion(regionCode)) throw new RangeError(`unknown region code ${regionCode}`);
  const first17 = regionCode + birthDate.replace(/-/g, '') + sequence;
  return first17 + computeIdCheckCharacter(first17);
}

/**
 * Fictional people only: any likeness of name, number and address to a real person is chance.
 * The set covers a two-character name, a compound surname, a Uyghur name with a middle dot, a
 * card valid for life, an expired card and a number ending in X.
 */
export const PEOPLE: readonly CardPerson[] = [
  {
    key: 'zhangsanfeng',
    name: '张三丰',
    sex: '男',
    ethnicity: '汉',
    birthDate: '1962-04-09',
    address: '湖北省十堰市茅箭区武当路128号3栋2单元501室',
    idNumber: makeIdNumber('420302', '1962-04-09', '015'),
    issuer: '十堰市公安局茅箭分局',
    validFrom: '2012-06-18',
    validUntil: '长期',
  },
  {
    key: 'lina',
    name: '李娜',
    sex: '女',
    ethnicity: '汉',
    birthDate: '1988-11-23',
    address: '北京市朝阳区建国路88号院6号楼1单元1203',
    idNumber: makeIdNumber('110105', '1988-11-23', '046'),
    issuer: '北京市公安局朝阳分局',
    validFrom: '2010-05-12',
    validUntil: '2020-05-12',
  },
  {
    key: 'ouyangxiaoming',
    name: '欧阳晓明',
    sex: '男',
    ethnicity: '汉',
    birthDate: '1995-07-02',
    address: '广东省深圳市南山区科技园南路16号海岸城公寓A座908',
    idNumber: makeIdNumber('440305', '1995-07-02', '273'),
    issuer: '深圳市公安局南山分局',
    validFrom: '2019-08-30',
    validUntil: '2029-08-30',
  },
  {
    key: 'ayiguli',
    name: '阿依古丽·买买提',
    sex: '女',
    ethnicity: '维吾尔',
    birthDate: '1991-03-15',
    address: '新疆乌鲁木齐市天山区解放南路209号7栋3单元402',
    idNumber: makeIdNumber('650102', '1991-03-15', '128'),
    issuer: '乌鲁木齐市公安局天山区分局',
    validFrom: '2021-01-06',
    validUntil: '2041-01-06',
  },
  {
    key: 'chensiyuan',
    name: '陈思远',
    sex: '男',
    ethnicity: '汉',
    birthDate: '2001-09-30',
    address: '浙江省杭州市西湖区文三路398号东信大厦北楼1106',
    idNumber: makeIdNumber('330106', '2001-09-30', '307'),
    issuer: '杭州市公安局西湖区分局',
    validFrom: '2018-10-08',
    validUntil: '2028-10-08',
  },
];

export function findPerson(key: string): CardPerson {
  const person = PEOPLE.find((p) => p.key === key);
  if (!person) throw new RangeError(`no fixture person ${key}`);
  return person;
}
