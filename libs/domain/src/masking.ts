import { isMobileNumber, landlineAreaCodeLength, normalizeMainlandPhone } from './phone.js';

/**
 * Masking for anything shown beyond the handling department: public listing (透明办), exports,
 * department staff who do not need the full number (个人信息保护法 第6条, minimum necessary).
 */

/** '13812345678' → '138****5678'; landline keeps area code and last 4: '057187654321' → '0571****4321'. */
export function maskPhone(phone: string): string {
  if (!phone) {
    return '';
  }
  const normalized = normalizeMainlandPhone(phone);
  if (normalized !== null) {
    const keepHead = isMobileNumber(normalized) ? 3 : landlineAreaCodeLength(normalized);
    return normalized.slice(0, keepHead) + '*'.repeat(normalized.length - keepHead - 4) + normalized.slice(-4);
  }
  // Unknown format (foreign number, typo): still never show more than the last 4 characters.
  const chars = [...phone.trim()];
  if (chars.length <= 4) {
    return '*'.repeat(chars.length);
  }
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}

/** '张三' → '张*', '欧阳娜娜' → '欧***', 'Li Lei' → 'L*****'; a one-character name is fully masked. */
export function maskName(name: string): string {
  const chars = [...(name ?? '').trim()];
  if (chars.length === 0) {
    return '';
  }
  if (chars.length === 1) {
    return '*';
  }
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * 'ABCD-EFGH-JKMN' → 'ABCD-****-****'. Logs must not hold a tracking code next to a masked phone:
 * the code plus the last 4 digits (which maskPhone keeps) is exactly what the public look-up asks for.
 */
export function maskTrackingCode(code: string): string {
  const chars = [...(code ?? '').trim()];
  return chars.map((ch, i) => (i < 4 || ch === '-' ? ch : '*')).join('');
}
