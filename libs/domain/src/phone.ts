/** Mainland mobile numbers: 1 + [3-9] + 9 digits. */
const MOBILE = /^1[3-9]\d{9}$/;
/** Mobile with a country prefix: +86, 0086 or a bare 86. */
const MOBILE_WITH_COUNTRY = /^(?:\+86|0086|86)(1[3-9]\d{9})$/;
/** Landline: trunk 0, 2–3 digit area code, 7–8 digit local number (e.g. 057187654321, 01012345678). */
const LANDLINE = /^0\d{2,3}\d{7,8}$/;

/**
 * Canonical form of a mainland phone number (digits only), so that repeats are found by phone (并单)
 * and petitioners can check status with the last 4 digits. Returns null for anything that is not a
 * mainland mobile or landline.
 */
export function normalizeMainlandPhone(input: string): string | null {
  if (typeof input !== 'string') {
    return null;
  }
  // NFKC folds full-width digits, ＋ and （） typed with a Chinese IME.
  const compact = input.normalize('NFKC').replace(/[\s\-()]/g, '');
  const withCountry = MOBILE_WITH_COUNTRY.exec(compact);
  if (withCountry) {
    return withCountry[1]!;
  }
  if (MOBILE.test(compact) || LANDLINE.test(compact)) {
    return compact;
  }
  return null;
}

export function isMobileNumber(normalized: string): boolean {
  return MOBILE.test(normalized);
}

/** The last 4 digits, which the petitioner types together with the tracking code (查询验证). */
export function phoneLast4(normalized: string): string {
  return normalized.slice(-4);
}

/**
 * Length of the area code (with the trunk 0) of a normalized landline: 010 and 02x are the 3-digit
 * codes of the largest cities, every other area code has 4 digits.
 */
export function landlineAreaCodeLength(normalized: string): number {
  return /^0(?:10|2\d)/.test(normalized) ? 3 : 4;
}
