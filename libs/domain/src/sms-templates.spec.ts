import { describe, expect, it } from '@jest/globals';
import { DomainError } from './errors.js';
import { SMS_SIGNATURE, SMS_TEMPLATES, SMS_TEMPLATE_NAMES, TemplateError, renderTemplate, smsSegments, smsTemplate } from './sms-templates.js';

/** A real-looking case: 15-character case number, 14-character tracking code. */
const CASE = { caseNo: '20261125-000001', trackingCode: 'ABCD-EFGH-JKMN' };
/** 23:59:59+08:00 of 2026-11-25, as a day-based deadline is stored (UTC). */
const DUE = '2026-11-25T15:59:59.000Z';

describe('SMS templates: shape', () => {
  it.each(SMS_TEMPLATE_NAMES)('%s: signed, and its placeholders are exactly its declared parameters', (name) => {
    const t = SMS_TEMPLATES[name];
    expect(t.text.startsWith(SMS_SIGNATURE)).toBe(true);
    const used = [...t.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(Object.keys(t.params)));
  });

  it('has the petitioner and the escalation-ladder templates', () => {
    const byAudience = (a: string) => SMS_TEMPLATE_NAMES.filter((n) => SMS_TEMPLATES[n].audience === a).sort();
    expect(byAudience('petitioner')).toEqual(['acknowledgement', 'auto_closed', 'extension', 'reply', 'supplement_request']);
    expect(byAudience('staff')).toEqual(['escalation_accountability', 'escalation_notice', 'escalation_overdue', 'escalation_supervision', 'escalation_warning']);
  });
});

describe('renderTemplate', () => {
  it.each([
    ['acknowledgement', CASE, '【12345热线】诉求已受理，编号20261125-000001，查询码ABCD-EFGH-JKMN，凭此码和手机尾号在12345网站查进度'],
    [
      'supplement_request',
      { ...CASE, items: '噪声时段、商铺门牌号', dueDate: '2026-12-02' },
      '【12345热线】您的诉求20261125-000001需一次性补充：噪声时段、商铺门牌号。请于2026年12月2日前致电12345补充，逾期将办结。',
    ],
    [
      'extension',
      { ...CASE, reason: '需多部门联合现场核查', newDueDate: '2026-12-09' },
      '【12345热线】您的诉求20261125-000001因需多部门联合现场核查，办理期限延长至2026年12月9日，感谢理解。',
    ],
    ['reply', CASE, '【12345热线】您的诉求20261125-000001已答复，请凭查询码在12345网站查看并评价办理结果。'],
    ['auto_closed', CASE, '【12345热线】您的诉求20261125-000001因逾期未补充材料已办结，如仍需办理请再次致电12345。'],
    ['escalation_warning', { ...CASE, stage: 'sign', dueAt: '2026-11-25T09:30:00Z' }, '【12345热线】预警：案件20261125-000001签收时限将于11月25日17:30到期，请抓紧办理。'],
    ['escalation_overdue', { ...CASE, stage: 'reply', dueAt: DUE }, '【12345热线】超期：案件20261125-000001办结时限已于11月25日23:59届满，请督促办理。'],
    ['escalation_supervision', { ...CASE, stage: 'reply', dueAt: '2026-11-27T15:59:59Z' }, '【12345热线】督办：案件20261125-000001办结超期未办，请于11月27日23:59前办结并反馈。'],
    ['escalation_notice', { ...CASE, stage: 'firstContact', dueAt: DUE }, '【12345热线】通报：案件20261125-000001首次联系时限11月25日23:59届满后仍未办结，将列入本月通报。'],
    ['escalation_accountability', { ...CASE, stage: 'reply', dueAt: '2026-11-27T15:59:59Z' }, '【12345热线】问责：案件20261125-000001办结超期且督办期限11月27日23:59已过仍未办结，已记录问责。'],
  ] as const)('%s', (name, params, expected) => {
    expect(renderTemplate(name, params)).toBe(expected);
  });

  it('fits one SMS segment (70 characters) with real identifiers, except for long free text', () => {
    const fixed = { ...CASE, stage: 'firstContact', dueAt: DUE, reason: '需多部门联合现场核查', newDueDate: '2026-12-09' };
    for (const name of SMS_TEMPLATE_NAMES.filter((n) => n !== 'supplement_request')) {
      expect({ name, segments: smsSegments(renderTemplate(name, fixed)) }).toEqual({ name, segments: 1 });
    }
    // 一次性告知 lists every item; a short list still fits in two segments.
    expect(smsSegments(renderTemplate('supplement_request', { ...CASE, items: '噪声发生的具体时段和商铺门牌号', dueDate: '2026-12-02' }))).toBe(2);
  });

  it('formats instants in +08:00, whatever offset they were given in', () => {
    const p = { ...CASE, stage: 'sign' };
    const at = (dueAt: string | number) => renderTemplate('escalation_warning', { ...p, dueAt }).match(/于(.+)到期/)![1];
    expect(at('2026-12-31T16:05:00Z')).toBe('1月1日00:05'); // the next Shanghai day (and year)
    expect(at('2026-11-25T17:30:00+08:00')).toBe('11月25日17:30');
    expect(at(Date.UTC(2026, 10, 25, 1, 2))).toBe('11月25日09:02');
  });

  it('takes a date as a Shanghai day, or as an instant read in +08:00', () => {
    const p = { ...CASE, reason: '需现场核查' };
    expect(renderTemplate('extension', { ...p, newDueDate: '2026-12-09T15:59:59Z' })).toContain('延长至2026年12月9日');
    expect(renderTemplate('extension', { ...p, newDueDate: '2026-12-09T16:00:00Z' })).toContain('延长至2026年12月10日');
  });

  it('collapses whitespace in text parameters (one paragraph)', () => {
    expect(renderTemplate('supplement_request', { ...CASE, items: '1. 现场照片\n 2. 门牌号  ', dueDate: '2026-12-02' })).toContain('补充：1. 现场照片 2. 门牌号。');
  });

  it('ignores parameters the template does not use', () => {
    expect(renderTemplate('reply', { ...CASE, extra: 'x' })).toBe(renderTemplate('reply', CASE));
  });

  it('passes a Chinese stage label through and refuses an unknown code', () => {
    expect(renderTemplate('escalation_overdue', { ...CASE, stage: '复查', dueAt: DUE })).toContain('案件20261125-000001复查时限');
    expect(() => renderTemplate('escalation_overdue', { ...CASE, stage: 'returnWindowX', dueAt: DUE })).toThrow(/parameter "stage" must be a stage/);
  });
});

describe('renderTemplate errors', () => {
  const catchError = (fn: () => unknown): TemplateError => {
    try {
      fn();
    } catch (err) {
      return err as TemplateError;
    }
    throw new Error('expected an error');
  };

  it('names the template and the missing parameter', () => {
    const err = catchError(() => renderTemplate('extension', { caseNo: CASE.caseNo, newDueDate: '2026-12-09' }));
    expect(err).toBeInstanceOf(TemplateError);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('TEMPLATE_PARAM_MISSING');
    expect(err.details).toEqual({ template: 'extension', param: 'reason' });
    expect(err.message).toBe('SMS template "extension" needs parameter "reason" (text); given: caseNo, newDueDate');
  });

  it('treats an empty or blank value as missing (第34条: an extension without a reason is not sent)', () => {
    expect(catchError(() => renderTemplate('extension', { ...CASE, reason: '  ', newDueDate: '2026-12-09' })).code).toBe('TEMPLATE_PARAM_MISSING');
  });

  it('refuses an instant without an offset, and a malformed date', () => {
    const noOffset = catchError(() => renderTemplate('escalation_overdue', { ...CASE, stage: 'reply', dueAt: '2026-11-25T23:59:59' }));
    expect(noOffset.code).toBe('TEMPLATE_PARAM_INVALID');
    expect(noOffset.message).toMatch(/"escalation_overdue": parameter "dueAt" must be an ISO 8601 instant/);
    expect(catchError(() => renderTemplate('extension', { ...CASE, reason: 'x', newDueDate: '2026-02-30' })).code).toBe('TEMPLATE_PARAM_INVALID');
  });

  it('names the unknown template and the known ones', () => {
    const err = catchError(() => smsTemplate('acknowledgment'));
    expect(err.code).toBe('UNKNOWN_TEMPLATE');
    expect(err.message).toMatch(/^Unknown SMS template "acknowledgment"; known: acknowledgement, /);
    expect(catchError(() => renderTemplate('toString', {})).code).toBe('UNKNOWN_TEMPLATE');
  });
});

describe('smsSegments', () => {
  it.each([
    ['', 1],
    ['字'.repeat(70), 1],
    ['字'.repeat(71), 2],
    ['字'.repeat(134), 2],
    ['字'.repeat(135), 3],
  ])('%#: %p characters', (text, segments) => {
    expect(smsSegments(text)).toBe(segments);
  });
});
