import { DEFAULT_CATEGORIES } from './categories.js';
import { districtCodeOfStreet, districtGovernmentCode, streetOfficeCode } from './departments.js';
import type { Urgency } from './policies.js';
import { CATEGORY_KEYWORDS, IMMEDIATE_KEYWORDS, URGENT_KEYWORDS } from './routing-keywords.js';

export { CATEGORY_KEYWORDS, IMMEDIATE_KEYWORDS, URGENT_KEYWORDS } from './routing-keywords.js';

// ---------------------------------------------------------------------------------------------
// Keyword classification (routing v1)
// ---------------------------------------------------------------------------------------------

export interface KeywordClassification {
  categoryCode: string;
  /** Share of the top category in the total keyword score, in (0, 1]. */
  confidence: number;
  /** The keywords of the winning category found in the text (recorded with the dispatch). */
  evidence: string[];
}

interface KeywordEntry {
  keyword: string;
  categoryCode: string;
}

interface KeywordHit extends KeywordEntry {
  start: number;
}

/** Longest first, so that 楼上漏水 claims its characters before 漏水 can. Stable within a length. */
const CATEGORY_ENTRIES: readonly KeywordEntry[] = Object.entries(CATEGORY_KEYWORDS)
  .flatMap(([categoryCode, keywords]) => keywords.map((keyword) => ({ keyword, categoryCode })))
  .sort((a, b) => b.keyword.length - a.keyword.length);

const CATEGORY_ORDER: ReadonlyMap<string, number> = new Map(Object.keys(CATEGORY_KEYWORDS).map((code, i) => [code, i]));

function prepare(text: string): string {
  // NFKC folds full-width Latin letters and digits typed with a Chinese IME.
  return (text ?? '').normalize('NFKC').toLowerCase();
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[a-z0-9]/.test(ch);

/**
 * Non-overlapping keyword occurrences, longest keyword first. Latin keywords must stand as whole
 * words ("bus" is not in "business"); Chinese has no word boundaries, so substrings count.
 */
function findHits(text: string, entries: readonly KeywordEntry[]): KeywordHit[] {
  const claimed = new Uint8Array(text.length);
  const hits: KeywordHit[] = [];
  for (const entry of entries) {
    const { keyword } = entry;
    const latin = /^[\x20-\x7e]+$/.test(keyword);
    for (let from = 0, at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, from)) {
      const end = at + keyword.length;
      from = at + 1;
      if (latin && (isWordChar(text[at - 1]) || isWordChar(text[end]))) continue;
      if (claimed.subarray(at, end).some((c) => c === 1)) continue;
      claimed.fill(1, at, end);
      hits.push({ ...entry, start: at });
      from = end;
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * Guesses the category from keywords. Score of a category = total length of the distinct keywords
 * found (longer phrases are more specific); confidence = the top score's share of all scores.
 * Ties go to the category listed first in CATEGORY_KEYWORDS. Null when no keyword is found.
 */
export function classifyByKeywords(text: string): KeywordClassification | null {
  const hits = findHits(prepare(text), CATEGORY_ENTRIES);
  const keywordsByCategory = new Map<string, Set<string>>();
  for (const hit of hits) {
    const set = keywordsByCategory.get(hit.categoryCode) ?? new Set<string>();
    set.add(hit.keyword);
    keywordsByCategory.set(hit.categoryCode, set);
  }
  if (keywordsByCategory.size === 0) {
    return null;
  }
  const scored = [...keywordsByCategory.entries()].map(([categoryCode, keywords]) => ({
    categoryCode,
    keywords: [...keywords],
    score: [...keywords].reduce((sum, k) => sum + k.length, 0),
  }));
  scored.sort((a, b) => b.score - a.score || CATEGORY_ORDER.get(a.categoryCode)! - CATEGORY_ORDER.get(b.categoryCode)!);
  const total = scored.reduce((sum, s) => sum + s.score, 0);
  const top = scored[0]!;
  return { categoryCode: top.categoryCode, confidence: top.score / total, evidence: top.keywords };
}

const toEntries = (keywords: readonly string[]): KeywordEntry[] =>
  [...keywords].sort((a, b) => b.length - a.length).map((keyword) => ({ keyword, categoryCode: '' }));
const IMMEDIATE_ENTRIES = toEntries(IMMEDIATE_KEYWORDS);
const URGENT_ENTRIES = toEntries(URGENT_KEYWORDS);

/**
 * 马上办 detection: `immediate` when the text signals danger to life or property now (gas leak, fire,
 * people trapped, collapse, live wires, flooding); `urgent` for the loss of water, power, gas or
 * heating; otherwise `normal`. Operators can always raise or lower it.
 */
export function detectUrgency(text: string): Urgency {
  const prepared = prepare(text);
  if (findHits(prepared, IMMEDIATE_ENTRIES).length > 0) return 'immediate';
  if (findHits(prepared, URGENT_ENTRIES).length > 0) return 'urgent';
  return 'normal';
}

// ---------------------------------------------------------------------------------------------
// Responsibility list (权责清单 / 派单目录) and dispatch decision
// ---------------------------------------------------------------------------------------------

/** One line of the 派单目录: category × region level → lead (主办) and assisting (协办) departments. */
export interface ResponsibilityRule {
  id: string;
  categoryCode: string;
  /** The region the case must be located to for the rule to apply: 'street' needs the street/town, 'district' the district. */
  regionLevel: 'street' | 'district' | 'any';
  /** 属地 (the street/town office of the place, district government as fallback) or a named department. */
  target: { type: 'territorial' } | { type: 'department'; departmentCode: string };
  assistingDepartmentCodes: string[];
  /** Lower number = tried first. */
  priority: number;
  explanation: string;
}

/** Where the matter is, as far as known: national division codes (district 6 digits, street 9). */
export interface RegionRef {
  districtCode: string | null;
  streetCode: string | null;
}

export type DispatchDecision =
  | {
      kind: 'dispatch';
      leadDepartmentCode: string;
      assistingDepartmentCodes: string[];
      /** 抄送: informed, read-only (the district government for territorial matters). */
      copyDepartmentCodes: string[];
      ruleId: string;
      reason: string;
    }
  | { kind: 'pending'; reason: string };

export interface DispatchInput {
  categoryCode: string | null;
  region: RegionRef;
  rules: ResponsibilityRule[];
  /** Units named as accused in the case (检举控告); never lead, assist or copy. */
  accusedDepartmentCodes?: string[];
}

/** Priority given to generated default rules, so rules an admin adds (lower numbers) come first. */
export const DEFAULT_RULE_PRIORITY = 1000;

function effectiveDistrict(region: RegionRef): string | null {
  return (region.streetCode !== null ? districtCodeOfStreet(region.streetCode) : null) ?? region.districtCode;
}

function ruleApplies(rule: ResponsibilityRule, region: RegionRef): boolean {
  switch (rule.regionLevel) {
    case 'street':
      return region.streetCode !== null;
    case 'district':
      return effectiveDistrict(region) !== null;
    case 'any':
      return true;
  }
}

function describeRegion(region: RegionRef): string {
  return `district ${region.districtCode ?? 'unknown'}, street ${region.streetCode ?? 'unknown'}`;
}

const unique = (codes: string[]): string[] => [...new Set(codes)];

/**
 * Decides who handles a case (domain.md §5). Rules for the category are tried by priority (lower
 * first; equal priorities keep their order) and the first rule that can name a lead decides:
 * - territorial (属地, 直派街乡镇): the street/town office, with a copy to its district government;
 *   with only the district known, the district government leads; with no region the rule cannot
 *   apply and the next rule is tried;
 * - department: that department.
 * No category, or no rule able to decide → `pending` for a dispatcher. An accused unit is never the
 * lead (信访工作条例 第30条: an accusation is not sent to the accused): the case goes to a dispatcher,
 * who routes it to the superior or 纪委监委; accused units are also dropped from assist and copy lists.
 */
export function decideDispatch(input: DispatchInput): DispatchDecision {
  const { categoryCode, region, rules } = input;
  const accused = new Set(input.accusedDepartmentCodes ?? []);
  if (categoryCode === null) {
    return { kind: 'pending', reason: 'No category yet: a dispatcher must classify the case (待派单)' };
  }
  const candidates = rules
    .filter((rule) => rule.categoryCode === categoryCode)
    .sort((a, b) => a.priority - b.priority)
    .filter((rule) => ruleApplies(rule, region));

  const district = effectiveDistrict(region);
  let territorialWithoutRegion: ResponsibilityRule | null = null;
  for (const rule of candidates) {
    let lead: string;
    let copies: string[] = [];
    let where: string;
    if (rule.target.type === 'territorial') {
      if (region.streetCode !== null) {
        lead = streetOfficeCode(region.streetCode);
        copies = district !== null ? [districtGovernmentCode(district)] : [];
        where = `street/town office of ${region.streetCode}`;
      } else if (district !== null) {
        lead = districtGovernmentCode(district);
        where = `district government of ${district} (street unknown)`;
      } else {
        territorialWithoutRegion ??= rule;
        continue;
      }
    } else {
      lead = rule.target.departmentCode;
      where = 'as named by the rule';
    }

    if (accused.has(lead)) {
      return {
        kind: 'pending',
        reason:
          `Rule ${rule.id} would make ${lead} lead, but ${lead} is named as accused; a dispatcher must route ` +
          `the case to its superior or the discipline office (信访工作条例 第30条)`,
      };
    }
    const assisting = unique(rule.assistingDepartmentCodes).filter((code) => code !== lead && !accused.has(code));
    const copyDepartmentCodes = unique(copies).filter((code) => code !== lead && !assisting.includes(code) && !accused.has(code));
    return {
      kind: 'dispatch',
      leadDepartmentCode: lead,
      assistingDepartmentCodes: assisting,
      copyDepartmentCodes,
      ruleId: rule.id,
      reason:
        `Rule ${rule.id} (priority ${rule.priority}): ${rule.explanation} → lead ${lead} (${where})` +
        (copyDepartmentCodes.length > 0 ? `, copy ${copyDepartmentCodes.join(', ')}` : ''),
    };
  }

  if (territorialWithoutRegion !== null) {
    return {
      kind: 'pending',
      reason: `Category "${categoryCode}" is territorial (属地, rule ${territorialWithoutRegion.id}) but neither the street nor the district is known`,
    };
  }
  return {
    kind: 'pending',
    reason: `No responsibility rule for category "${categoryCode}" applies (${describeRegion(region)})`,
  };
}

/**
 * The default 派单目录 derived from DEFAULT_CATEGORIES: territorial categories → 属地 at any
 * level, others → their owner; a category without owner (建议) gets no rule and waits for a dispatcher.
 */
export function defaultResponsibilityRules(): ResponsibilityRule[] {
  return DEFAULT_CATEGORIES.flatMap((category): ResponsibilityRule[] => {
    const base = {
      id: `default-${category.code}`,
      categoryCode: category.code,
      regionLevel: 'any' as const,
      assistingDepartmentCodes: [],
      priority: DEFAULT_RULE_PRIORITY,
    };
    if (category.territorial) {
      return [
        {
          ...base,
          target: { type: 'territorial' },
          explanation: `${category.nameZh} (${category.code}) is a territorial matter: 属地管理, 直派街乡镇 with a copy to the district government`,
        },
      ];
    }
    if (category.ownerDepartmentCode !== null) {
      return [
        {
          ...base,
          target: { type: 'department', departmentCode: category.ownerDepartmentCode },
          explanation: `${category.nameZh} (${category.code}) is owned by ${category.ownerDepartmentCode} (default catalogue)`,
        },
      ];
    }
    return [];
  });
}
