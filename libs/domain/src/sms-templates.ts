import { DomainError } from './errors.js';
import { isYmd, shanghaiYmd } from './work-calendar.js';

/**
 * Text templates of outbound SMS (短信) and staff messages. Plain data plus one renderer, so wording
 * is reviewed in one place and every parameter is checked before a message leaves the system.
 *
 * Length: a Chinese SMS is UCS-2, 70 characters in one segment, 67 per segment once split. Templates
 * are worded to fit one segment with a real case number (15 chars) and tracking code (14 chars) where
 * the content allows; free-text parameters (supplement items, extension reason) may make two.
 */

/** Carrier-registered signature (短信签名); operators reject unsigned messages. */
export const SMS_SIGNATURE = '【12345热线】';

/** How a parameter is checked and formatted. */
export type TemplateParamKind =
  /** Free text, whitespace collapsed (an SMS is one paragraph). */
  | 'text'
  /** An instant (ISO 8601 with Z or an offset, or epoch ms), shown as `M月D日HH:mm` in +08:00. */
  | 'instant'
  /** A Shanghai calendar day `YYYY-MM-DD` (or an instant, taken in +08:00), shown as `YYYY年M月D日`. */
  | 'date'
  /** A deadline stage code (`sign`, `firstContact`, `reply`, `supervision`) or a Chinese label. */
  | 'stage';

export type SmsAudience = 'petitioner' | 'staff';

export interface SmsTemplate {
  audience: SmsAudience;
  /** With `{param}` placeholders; starts with the signature. */
  text: string;
  params: Readonly<Record<string, TemplateParamKind>>;
}

const CASE_DEADLINE = { caseNo: 'text', stage: 'stage', dueAt: 'instant' } as const;

export const SMS_TEMPLATES = {
  /** 受理告知 (GB/T 33358: acknowledgement within 3 min): case number, tracking code, how to look up. */
  acknowledgement: {
    audience: 'petitioner',
    text: `${SMS_SIGNATURE}诉求已受理，编号{caseNo}，查询码{trackingCode}，凭此码和手机尾号在12345网站查进度`,
    params: { caseNo: 'text', trackingCode: 'text' },
  },
  /** 一次性告知制: every missing item in one request; the clock pauses until the petitioner answers. */
  supplement_request: {
    audience: 'petitioner',
    text: `${SMS_SIGNATURE}您的诉求{caseNo}需一次性补充：{items}。请于{dueDate}前致电12345补充，逾期将办结。`,
    params: { caseNo: 'text', items: 'text', dueDate: 'date' },
  },
  /** 延期告知: the new date and the reason (信访工作条例 第34条: the petitioner is told why). */
  extension: {
    audience: 'petitioner',
    text: `${SMS_SIGNATURE}您的诉求{caseNo}因{reason}，办理期限延长至{newDueDate}，感谢理解。`,
    params: { caseNo: 'text', reason: 'text', newDueDate: 'date' },
  },
  /** 已答复: the answer is on the public status page; invites the 回访 rating. */
  reply: {
    audience: 'petitioner',
    text: `${SMS_SIGNATURE}您的诉求{caseNo}已答复，请凭查询码在12345网站查看并评价办理结果。`,
    params: { caseNo: 'text' },
  },
  /** 补正超期: the supplement deadline passed without an answer, so the case was closed. */
  auto_closed: {
    audience: 'petitioner',
    text: `${SMS_SIGNATURE}您的诉求{caseNo}因逾期未补充材料已办结，如仍需办理请再次致电12345。`,
    params: { caseNo: 'text' },
  },
  /** 预警: 80 % of the allowed time has elapsed; to the handler and department head. `dueAt`: the deadline. */
  escalation_warning: {
    audience: 'staff',
    text: `${SMS_SIGNATURE}预警：案件{caseNo}{stage}时限将于{dueAt}到期，请抓紧办理。`,
    params: CASE_DEADLINE,
  },
  /** 超期: the deadline passed; to the supervisor. `dueAt`: the deadline. */
  escalation_overdue: {
    audience: 'staff',
    text: `${SMS_SIGNATURE}超期：案件{caseNo}{stage}时限已于{dueAt}届满，请督促办理。`,
    params: CASE_DEADLINE,
  },
  /** 督办: a supervision order to the department head. `dueAt`: the order's own deadline. */
  escalation_supervision: {
    audience: 'staff',
    text: `${SMS_SIGNATURE}督办：案件{caseNo}{stage}超期未办，请于{dueAt}前办结并反馈。`,
    params: CASE_DEADLINE,
  },
  /** 通报: listed in the monthly report. `dueAt`: the missed deadline. */
  escalation_notice: {
    audience: 'staff',
    text: `${SMS_SIGNATURE}通报：案件{caseNo}{stage}时限{dueAt}届满后仍未办结，将列入本月通报。`,
    params: CASE_DEADLINE,
  },
  /** 问责: the supervision order's deadline was missed too. `stage`: the original one; `dueAt`: the order's deadline. */
  escalation_accountability: {
    audience: 'staff',
    text: `${SMS_SIGNATURE}问责：案件{caseNo}{stage}超期且督办期限{dueAt}已过仍未办结，已记录问责。`,
    params: CASE_DEADLINE,
  },
} as const satisfies Record<string, SmsTemplate>;

export type SmsTemplateName = keyof typeof SMS_TEMPLATES;

export const SMS_TEMPLATE_NAMES = Object.keys(SMS_TEMPLATES) as SmsTemplateName[];

/** Display names of the deadline stages (the keys of a case's deadlines). */
export const SMS_STAGE_LABELS: Readonly<Record<string, string>> = {
  sign: '签收',
  firstContact: '首次联系',
  first_contact: '首次联系',
  reply: '办结',
  supervision: '督办',
};

/** A template that cannot be rendered: unknown name, missing or malformed parameter. */
export class TemplateError extends DomainError {}

export function isSmsTemplateName(name: string): name is SmsTemplateName {
  return Object.hasOwn(SMS_TEMPLATES, name);
}

/** The template of that name; throws TemplateError('UNKNOWN_TEMPLATE') otherwise. */
export function smsTemplate(name: string): SmsTemplate {
  if (!isSmsTemplateName(name)) {
    throw new TemplateError('UNKNOWN_TEMPLATE', `Unknown SMS template "${name}"; known: ${SMS_TEMPLATE_NAMES.join(', ')}`, { template: name });
  }
  return SMS_TEMPLATES[name];
}

/** Segments a carrier bills for this text: 1 up to 70 characters (UCS-2), then 67 per segment. */
export function smsSegments(text: string): number {
  const n = [...text].length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
/** An ISO instant must say its offset: a bare local time would be read in the server's zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ASCII_ONLY = /^[\x20-\x7e]*$/;

function toInstant(value: string | number): Date | null {
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : null;
  if (!ISO_INSTANT.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** '2026-11-25T09:30:00Z' → '11月25日17:30' (+08:00). */
function formatInstant(d: Date): string {
  const s = new Date(d.getTime() + SHANGHAI_OFFSET_MS);
  const hh = String(s.getUTCHours()).padStart(2, '0');
  const mm = String(s.getUTCMinutes()).padStart(2, '0');
  return `${s.getUTCMonth() + 1}月${s.getUTCDate()}日${hh}:${mm}`;
}

/** '2026-12-09' → '2026年12月9日'. */
function formatYmd(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function formatParam(template: string, name: string, kind: TemplateParamKind, value: string | number): string {
  const invalid = (expected: string) =>
    new TemplateError('TEMPLATE_PARAM_INVALID', `SMS template "${template}": parameter "${name}" must be ${expected}, got ${JSON.stringify(value)}`, { template, param: name });
  switch (kind) {
    case 'text':
      return String(value).replace(/\s+/g, ' ').trim();
    case 'instant': {
      const d = toInstant(value);
      if (!d) throw invalid('an ISO 8601 instant with Z or an offset, or epoch milliseconds');
      return formatInstant(d);
    }
    case 'date': {
      if (typeof value === 'string' && isYmd(value)) return formatYmd(value);
      const d = toInstant(value);
      if (!d) throw invalid('a YYYY-MM-DD day or an ISO 8601 instant');
      return formatYmd(shanghaiYmd(d));
    }
    case 'stage': {
      const v = String(value).trim();
      if (Object.hasOwn(SMS_STAGE_LABELS, v)) return SMS_STAGE_LABELS[v]!;
      // A code we do not know must not reach a Chinese message as English; a Chinese label may.
      if (ASCII_ONLY.test(v)) throw invalid(`a stage (${Object.keys(SMS_STAGE_LABELS).join(', ')}) or a Chinese label`);
      return v;
    }
  }
}

/**
 * The message text of a template. Throws TemplateError naming the template and the parameter when one
 * is missing (or empty) or malformed; parameters the template does not use are ignored.
 */
export function renderTemplate(name: string, params: Readonly<Record<string, string | number>>): string {
  const template = smsTemplate(name);
  const values = new Map<string, string>();
  for (const [param, kind] of Object.entries(template.params)) {
    const raw = Object.hasOwn(params, param) ? params[param] : undefined;
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      throw new TemplateError('TEMPLATE_PARAM_MISSING', `SMS template "${name}" needs parameter "${param}" (${kind}); given: ${Object.keys(params).join(', ') || 'none'}`, {
        template: name,
        param,
      });
    }
    values.set(param, formatParam(name, param, kind, raw));
  }
  return template.text.replace(/\{(\w+)\}/g, (_, param: string) => values.get(param)!);
}
