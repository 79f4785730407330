import { describe, expect, it } from '@jest/globals';
import { matchRegionInText, type RegionEntry } from './region-match.js';

const regions: RegionEntry[] = [
  { code: '330106', name: '西湖区', level: 'district', districtCode: null },
  { code: '330105', name: '拱墅区', level: 'district', districtCode: null },
  { code: '330106005', name: '翠苑街道', level: 'street', districtCode: '330106' },
  { code: '330106001', name: '北山街道', level: 'street', districtCode: '330106' },
  // The same street name in two districts (as happens with 城关镇 in real data).
  { code: '330105901', name: '城关镇', level: 'street', districtCode: '330105' },
  { code: '330106901', name: '城关镇', level: 'street', districtCode: '330106' },
];

describe('matchRegionInText', () => {
  it.each([
    ['full street name', '翠苑街道文二路某小区晚上噪音', { districtCode: '330106', streetCode: '330106005' }],
    ['district and street', '西湖区翠苑街道', { districtCode: '330106', streetCode: '330106005' }],
    ['district only', '西湖区某路口路灯坏了', { districtCode: '330106', streetCode: null }],
    ['ambiguous street without district', '城关镇菜市场占道经营', null],
    ['ambiguous street with district', '拱墅区城关镇菜市场', { districtCode: '330105', streetCode: '330105901' }],
    ['street contradicting the district keeps the district', '拱墅区翠苑街道', { districtCode: '330105', streetCode: null }],
    ['nothing', '公交车太挤了', null],
  ])('%s', (_label, text, expected) => {
    const m = matchRegionInText(text, regions);
    if (expected === null) expect(m).toBeNull();
    else expect(m).toMatchObject(expected);
  });
});
