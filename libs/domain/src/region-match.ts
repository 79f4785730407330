import type { RegionRef } from './routing.js';

/** A district or street/town of the configured city. */
export interface RegionEntry {
  code: string;
  name: string;
  level: 'district' | 'street';
  /** The district of a street; null for a district. */
  districtCode: string | null;
}

export interface RegionMatch extends RegionRef {
  /** The names found in the text, for the dispatch explanation. */
  evidence: string[];
}

/**
 * 属地 v1: finds the district and street/town a text names by their full official names
 * (e.g. "西湖区", "翠苑街道"). A street name that exists in two districts is only taken when the text also
 * names one of those districts; otherwise the match stays at the district level (a guess would send the
 * case to the wrong office). Short forms and community names come with the routing-intelligence work.
 */
export function matchRegionInText(text: string, regions: readonly RegionEntry[]): RegionMatch | null {
  const districts = regions.filter((r) => r.level === 'district' && text.includes(r.name));
  const streets = regions.filter((r) => r.level === 'street' && text.includes(r.name));
  const districtCodes = new Set(districts.map((d) => d.code));

  let street: RegionEntry | undefined;
  if (streets.length === 1 && (districtCodes.size === 0 || districtCodes.has(streets[0].districtCode ?? ''))) {
    street = streets[0];
  } else if (streets.length > 1 && districtCodes.size > 0) {
    const inNamed = streets.filter((s) => districtCodes.has(s.districtCode ?? ''));
    if (inNamed.length === 1) street = inNamed[0];
  }
  if (street) {
    const district = regions.find((r) => r.code === street.districtCode);
    return { districtCode: street.districtCode, streetCode: street.code, evidence: [district && districtCodes.has(district.code) ? district.name : null, street.name].filter((x): x is string => !!x) };
  }
  if (districts.length === 1) return { districtCode: districts[0].code, streetCode: null, evidence: [districts[0].name] };
  return null;
}
