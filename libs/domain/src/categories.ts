/** 诉求分类: a category of the default catalogue (domain.md §7). Codes are stable API values. */
export interface CategoryDef {
  code: string;
  nameZh: string;
  nameEn: string;
  /** 属地: handled by the street/town office of the place (直派街乡镇), with a copy to the district. */
  territorial: boolean;
  /** City-level owner for non-territorial categories; null = territorial, or a dispatcher decides. */
  ownerDepartmentCode: string | null;
}

export const DEFAULT_CATEGORIES: CategoryDef[] = [
  { code: 'water', nameZh: '供水排水', nameEn: 'Water supply and drainage', territorial: false, ownerDepartmentCode: 'utility-water' },
  { code: 'power', nameZh: '供电', nameEn: 'Power supply', territorial: false, ownerDepartmentCode: 'utility-power' },
  { code: 'gas_heating', nameZh: '燃气供暖', nameEn: 'Gas and heating', territorial: false, ownerDepartmentCode: 'utility-gas' },
  { code: 'roads', nameZh: '道路设施', nameEn: 'Roads and street furniture', territorial: false, ownerDepartmentCode: 'bureau-urban-management' },
  { code: 'traffic', nameZh: '交通出行', nameEn: 'Transport and traffic', territorial: false, ownerDepartmentCode: 'bureau-transport' },
  { code: 'sanitation', nameZh: '市容环卫', nameEn: 'City appearance and sanitation', territorial: true, ownerDepartmentCode: null },
  { code: 'noise', nameZh: '噪声扰民', nameEn: 'Noise nuisance', territorial: true, ownerDepartmentCode: null },
  { code: 'pollution', nameZh: '生态环境', nameEn: 'Pollution and environment', territorial: false, ownerDepartmentCode: 'bureau-ecology' },
  { code: 'property', nameZh: '房屋物业', nameEn: 'Housing and property management', territorial: true, ownerDepartmentCode: null },
  { code: 'illegal_building', nameZh: '违法建设', nameEn: 'Illegal construction', territorial: true, ownerDepartmentCode: null },
  { code: 'market', nameZh: '市场监管', nameEn: 'Market regulation and consumer rights', territorial: false, ownerDepartmentCode: 'bureau-market' },
  { code: 'labor', nameZh: '劳动保障', nameEn: 'Labour and social security', territorial: false, ownerDepartmentCode: 'bureau-hrss' },
  { code: 'education', nameZh: '教育', nameEn: 'Education', territorial: false, ownerDepartmentCode: 'bureau-education' },
  { code: 'health', nameZh: '医疗卫生', nameEn: 'Health care', territorial: false, ownerDepartmentCode: 'bureau-health' },
  { code: 'social_aid', nameZh: '民政救助', nameEn: 'Social assistance', territorial: false, ownerDepartmentCode: 'bureau-civil-affairs' },
  { code: 'land_demolition', nameZh: '征地拆迁', nameEn: 'Land requisition and demolition', territorial: false, ownerDepartmentCode: 'bureau-planning' },
  { code: 'safety', nameZh: '安全隐患', nameEn: 'Safety hazards', territorial: false, ownerDepartmentCode: 'bureau-emergency' },
  { code: 'public_order', nameZh: '社会治安', nameEn: 'Public order', territorial: false, ownerDepartmentCode: 'bureau-public-security' },
  { code: 'gov_service', nameZh: '政务服务', nameEn: 'Government services', territorial: false, ownerDepartmentCode: 'bureau-gov-service' },
  // 检举控告 goes to 纪委监委, never to the accused unit (信访工作条例 第30条, 第46条).
  { code: 'integrity', nameZh: '检举控告', nameEn: 'Integrity accusations', territorial: false, ownerDepartmentCode: 'discipline' },
  // A suggestion's owner depends on its subject, so a dispatcher decides.
  { code: 'suggestion', nameZh: '意见建议', nameEn: 'Suggestions', territorial: false, ownerDepartmentCode: null },
  // Consultations are answered at first contact by the hotline centre from the knowledge base.
  { code: 'consultation', nameZh: '政策咨询', nameEn: 'Policy consultation', territorial: false, ownerDepartmentCode: 'hotline' },
];

export const CATEGORY_CODES: readonly string[] = DEFAULT_CATEGORIES.map((c) => c.code);

/** The default category with this code, or undefined. */
export function findCategory(code: string): CategoryDef | undefined {
  return DEFAULT_CATEGORIES.find((c) => c.code === code);
}
