import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CATEGORIES } from './categories.js';
import {
  CATEGORY_KEYWORDS,
  classifyByKeywords,
  decideDispatch,
  defaultResponsibilityRules,
  detectUrgency,
  type RegionRef,
  type ResponsibilityRule,
} from './routing.js';

describe('keyword table', () => {
  it('covers all 22 categories with 6–20 keywords each, no keyword in two categories', () => {
    expect(Object.keys(CATEGORY_KEYWORDS)).toEqual(DEFAULT_CATEGORIES.map((c) => c.code));
    const seen = new Map<string, string>();
    for (const [code, keywords] of Object.entries(CATEGORY_KEYWORDS)) {
      expect(keywords.length).toBeGreaterThanOrEqual(6);
      expect(keywords.length).toBeLessThanOrEqual(20);
      for (const k of keywords) {
        expect(k).toBe(k.toLowerCase());
        expect(seen.get(k) ?? code).toBe(code);
        seen.set(k, code);
      }
    }
  });
});

describe('classifyByKeywords', () => {
  it.each([
    ['楼上漏水，天花板一直在滴水', 'property', ['楼上漏水']],
    ['Water leak from upstairs neighbour, ceiling is wet', 'property', ['leak from upstairs']],
    ['小区广场舞太吵了，晚上十点还在放音响', 'noise', ['广场舞', '太吵', '音响']],
    ['家里停水两天了，水压也很低', 'water', ['停水', '水压']],
    ['楼下饭店油烟太大，一股异味', 'pollution', ['油烟', '异味']],
    ['厨房闻到煤气味', 'safety', ['闻到煤气']],
    ['燃气费收得太高', 'gas_heating', ['燃气费']],
    ['公司拖欠工资三个月了', 'labor', ['拖欠工资']],
    ['超市卖过期食品', 'market', ['过期食品']],
    ['请问办理居住证需要什么材料', 'consultation', ['请问', '需要什么材料']],
    ['建议增设一个公交站', 'suggestion', ['建议增设']],
    ['窗口工作人员收受好处', 'integrity', ['收受好处']],
    ['路边井盖丢了，路灯也不亮', 'roads', ['井盖', '路灯']],
    ['夫妻吵架闹到派出所', 'public_order', ['吵架']],
    ['Ｔｈｅ ｂｕｓ never comes on time', 'traffic', ['bus']],
    ['The neighbours are so noisy at night', 'noise', ['noisy']],
  ])('%s → %s', (text, categoryCode, evidence) => {
    const result = classifyByKeywords(text);
    expect(result).not.toBeNull();
    expect(result!.categoryCode).toBe(categoryCode);
    expect(result!.evidence).toEqual(evidence);
    expect(result!.confidence).toBeGreaterThan(0);
    expect(result!.confidence).toBeLessThanOrEqual(1);
  });

  it('gives full confidence to a single category and a share otherwise', () => {
    expect(classifyByKeywords('广场舞扰民')!.confidence).toBe(1);
    // 噪音 (2) vs 漏水 (2): a tie goes to the category listed first (noise), confidence 0.5.
    expect(classifyByKeywords('楼上噪音，还漏水')).toEqual({ categoryCode: 'noise', confidence: 0.5, evidence: ['噪音'] });
    // 楼上漏水 (4) + 物业 (2) vs 水管 (2) → 6 / 8.
    expect(classifyByKeywords('楼上漏水，物业说是水管的问题')).toEqual({
      categoryCode: 'property',
      confidence: 0.75,
      evidence: ['楼上漏水', '物业'],
    });
  });

  it('counts a repeated keyword once', () => {
    expect(classifyByKeywords('吵吵吵吵吵，停水')).toEqual({ categoryCode: 'water', confidence: 2 / 3, evidence: ['停水'] });
  });

  it.each(['今天天气不错', '', 'business hours', '   '])('returns null for %p', (text) => {
    expect(classifyByKeywords(text)).toBeNull();
  });
});

describe('detectUrgency', () => {
  it.each([
    ['厨房燃气泄漏了', 'immediate'],
    ['一进门就闻到煤气味', 'immediate'],
    ['电梯困人，有老人被困在里面', 'immediate'],
    ['楼下仓库起火了', 'immediate'],
    ['老房子墙体倒塌', 'immediate'],
    ['地下车库内涝严重', 'immediate'],
    ['There is a gas leak in the kitchen', 'immediate'],
    ['停水了而且有人被困', 'immediate'],
    ['小区停电一整天了', 'urgent'],
    ['家里没水了', 'urgent'],
    ['power outage since this morning', 'urgent'],
    ['广场舞太吵', 'normal'],
    ['I was fired by my employer', 'normal'],
    ['', 'normal'],
  ])('%p → %s', (text, urgency) => {
    expect(detectUrgency(text)).toBe(urgency);
  });
});

const defaults = defaultResponsibilityRules();
const region = (districtCode: string | null, streetCode: string | null): RegionRef => ({ districtCode, streetCode });
const rule = (over: Partial<ResponsibilityRule> & Pick<ResponsibilityRule, 'id'>): ResponsibilityRule => ({
  categoryCode: 'noise',
  regionLevel: 'any',
  target: { type: 'territorial' },
  assistingDepartmentCodes: [],
  priority: 100,
  explanation: 'test rule',
  ...over,
});

describe('decideDispatch with the default rules', () => {
  it.each([
    ['noise in a known street', 'noise', region('330106', '330106005'), [], 'street-330106005', [], ['district-330106'], 'default-noise'],
    ['noise, street only: district derived from the code', 'noise', region(null, '330106005'), [], 'street-330106005', [], ['district-330106'], 'default-noise'],
    ['noise, district only → district government', 'noise', region('330106', null), [], 'district-330106', [], [], 'default-noise'],
    ['property in a town', 'property', region('330122', '330122100'), [], 'street-330122100', [], ['district-330122'], 'default-property'],
    ['market → market bureau', 'market', region('330106', '330106005'), [], 'bureau-market', [], [], 'default-market'],
    ['market without region', 'market', region(null, null), [], 'bureau-market', [], [], 'default-market'],
    ['integrity → discipline office', 'integrity', region(null, null), ['bureau-market'], 'discipline', [], [], 'default-integrity'],
    ['accused district government is not copied', 'noise', region('330106', '330106005'), ['district-330106'], 'street-330106005', [], [], 'default-noise'],
  ] as const)('%s', (_label, categoryCode, reg, accused, lead, assisting, copy, ruleId) => {
    const decision = decideDispatch({ categoryCode, region: reg, rules: defaults, accusedDepartmentCodes: [...accused] });
    expect(decision).toMatchObject({
      kind: 'dispatch',
      leadDepartmentCode: lead,
      assistingDepartmentCodes: assisting,
      copyDepartmentCodes: copy,
      ruleId,
    });
    if (decision.kind === 'dispatch') expect(decision.reason).toContain(ruleId);
  });

  it.each([
    ['no category', null, region('330106', '330106005'), [], /classify/],
    ['suggestion has no default rule', 'suggestion', region('330106', null), [], /No responsibility rule/],
    ['unknown category', 'ufo', region('330106', null), [], /No responsibility rule for category "ufo"/],
    ['territorial without any region', 'noise', region(null, null), [], /territorial/],
    ['accused lead department', 'market', region(null, null), ['bureau-market'], /第30条/],
    ['accused street office', 'noise', region('330106', '330106005'), ['street-330106005'], /accused/],
    ['accused discipline office', 'integrity', region(null, null), ['discipline'], /discipline/],
  ] as const)('pending: %s', (_label, categoryCode, reg, accused, reason) => {
    const decision = decideDispatch({ categoryCode, region: reg, rules: defaults, accusedDepartmentCodes: [...accused] });
    expect(decision.kind).toBe('pending');
    expect(decision.reason).toMatch(reason);
  });
});

describe('decideDispatch rule order and levels', () => {
  const streetRule = rule({
    id: 'street-noise-um',
    regionLevel: 'street',
    target: { type: 'department', departmentCode: 'bureau-urban-management' },
    assistingDepartmentCodes: ['bureau-ecology', 'bureau-market', 'bureau-ecology', 'bureau-urban-management'],
    priority: 10,
  });
  const districtRule = rule({
    id: 'district-noise-eco',
    regionLevel: 'district',
    target: { type: 'department', departmentCode: 'bureau-ecology' },
    priority: 20,
  });
  const rules = [...defaults, districtRule, streetRule]; // array order must not matter, only priority

  it.each([
    ['street known → street rule (priority 10)', region('330106', '330106005'), 'street-noise-um'],
    ['district only → street rule skipped, district rule', region('330106', null), 'district-noise-eco'],
    ['no region → only the "any" default, which needs a region', region(null, null), null],
  ])('%s', (_label, reg, ruleId) => {
    const decision = decideDispatch({ categoryCode: 'noise', region: reg, rules });
    if (ruleId === null) expect(decision.kind).toBe('pending');
    else expect(decision).toMatchObject({ kind: 'dispatch', ruleId });
  });

  it('dedupes assisting departments, drops the lead and accused ones', () => {
    const decision = decideDispatch({
      categoryCode: 'noise',
      region: region('330106', '330106005'),
      rules,
      accusedDepartmentCodes: ['bureau-market'],
    });
    expect(decision).toMatchObject({
      kind: 'dispatch',
      leadDepartmentCode: 'bureau-urban-management',
      assistingDepartmentCodes: ['bureau-ecology'],
      copyDepartmentCodes: [],
    });
  });

  it('keeps input order for equal priorities', () => {
    const a = rule({ id: 'a', target: { type: 'department', departmentCode: 'dept-a' }, priority: 5 });
    const b = rule({ id: 'b', target: { type: 'department', departmentCode: 'dept-b' }, priority: 5 });
    expect(decideDispatch({ categoryCode: 'noise', region: region(null, null), rules: [a, b] })).toMatchObject({ ruleId: 'a' });
    expect(decideDispatch({ categoryCode: 'noise', region: region(null, null), rules: [b, a] })).toMatchObject({ ruleId: 'b' });
  });

  it('falls through from a territorial rule without region to a later department rule', () => {
    const fallback = rule({ id: 'fallback', target: { type: 'department', departmentCode: 'bureau-urban-management' }, priority: 2000 });
    expect(decideDispatch({ categoryCode: 'noise', region: region(null, null), rules: [...defaults, fallback] })).toMatchObject({
      kind: 'dispatch',
      leadDepartmentCode: 'bureau-urban-management',
      ruleId: 'fallback',
    });
  });

  it('does not reorder the caller\'s rules', () => {
    const input = [districtRule, streetRule];
    decideDispatch({ categoryCode: 'noise', region: region('330106', '330106005'), rules: input });
    expect(input.map((r) => r.id)).toEqual(['district-noise-eco', 'street-noise-um']);
  });
});

describe('defaultResponsibilityRules', () => {
  it('has one rule per category with an owner or 属地, none for suggestion', () => {
    expect(defaults).toHaveLength(21);
    expect(defaults.find((r) => r.categoryCode === 'suggestion')).toBeUndefined();
    expect(defaults.every((r) => r.id === `default-${r.categoryCode}` && r.regionLevel === 'any')).toBe(true);
    expect(defaults.filter((r) => r.target.type === 'territorial').map((r) => r.categoryCode)).toEqual([
      'sanitation',
      'noise',
      'property',
      'illegal_building',
    ]);
    expect(defaults.find((r) => r.id === 'default-consultation')?.target).toEqual({ type: 'department', departmentCode: 'hotline' });
  });
});
