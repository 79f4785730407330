import { describe, expect, it } from '@jest/globals';
import {
  CITY_DEPARTMENTS,
  cityDepartmentName,
  districtCodeOfStreet,
  districtGovernmentCode,
  districtGovernmentDef,
  streetOfficeCode,
  streetOfficeDef,
} from './departments.js';

describe('departments', () => {
  it('has unique codes and no city name in the stored names', () => {
    expect(new Set(CITY_DEPARTMENTS.map((d) => d.code)).size).toBe(CITY_DEPARTMENTS.length);
    expect(CITY_DEPARTMENTS).toHaveLength(19);
    for (const d of CITY_DEPARTMENTS) expect(d.nameZh).not.toMatch(/^市(?!场)|杭州/);
  });

  it('prefixes the city name', () => {
    const byCode = (code: string) => CITY_DEPARTMENTS.find((d) => d.code === code)!;
    expect(cityDepartmentName(byCode('bureau-urban-management'), '杭州市')).toBe('杭州市城市管理局');
    expect(cityDepartmentName(byCode('hotline'), '杭州市')).toBe('杭州市12345政务服务便民热线中心');
    expect(cityDepartmentName(byCode('utility-power'), '杭州市')).toBe('国网杭州市供电公司');
  });

  it('derives territorial codes and names', () => {
    expect(districtGovernmentCode('330106')).toBe('district-330106');
    expect(streetOfficeCode('330106005')).toBe('street-330106005');
    expect(districtCodeOfStreet('330106005')).toBe('330106');
    expect(districtCodeOfStreet('x')).toBeNull();
    expect(districtGovernmentDef('330106', '西湖区')).toEqual({
      code: 'district-330106', nameZh: '西湖区人民政府', nameEn: '西湖区 District Government', kind: 'district',
    });
    expect(streetOfficeDef('330106005', '翠苑街道').nameZh).toBe('翠苑街道办事处');
    expect(streetOfficeDef('330122100', '分水镇').nameZh).toBe('分水镇人民政府');
  });
});
