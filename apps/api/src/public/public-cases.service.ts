import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@hotline/config';
import { STATUS_LABELS, formatShanghaiIso, normalizeTrackingCode, type CaseStatus } from '@hotline/domain';
import { ClockService } from '../cases/clock.service.js';
import type { CallbackDto } from '../cases/clock.dto.js';
import { ApiError } from '../common/api-error.js';
import { API_REDIS } from '../redis/redis.module.js';

/** What the citizen sees of each event; events not listed (internal steps) are not shown. */
const PUBLIC_TIMELINE: Record<string, { zh: string; en: string }> = {
  registered: { zh: '诉求已受理', en: 'Request received' },
  dispatched: { zh: '已转交承办单位办理', en: 'Passed to the responsible department' },
  pending_dispatch: { zh: '正在确定承办单位', en: 'Finding the responsible department' },
  signed: { zh: '承办单位已签收', en: 'Accepted by the department' },
  return_approved: { zh: '正在重新确定承办单位', en: 'Being reassigned' },
  replied: { zh: '承办单位已答复', en: 'The department has replied' },
  closed: { zh: '已办结', en: 'Closed' },
  reopened: { zh: '重新办理', en: 'Reopened' },
  merged: { zh: '已与相同诉求合并办理', en: 'Merged with an identical request' },
  supplement_requested: { zh: '需补充材料（办理时限暂停）', en: 'Supplement needed (clock paused)' },
  supplement_received: { zh: '已收到补充材料，继续办理', en: 'Supplement received, handling resumes' },
  extension_approved: { zh: '办理期限已延长', en: 'Time limit extended' },
  callback_recorded: { zh: '已回访', en: 'Feedback recorded' },
  review_requested: { zh: '已受理复查/复核申请', en: 'Review requested' },
};

/** Same answer for a wrong code and wrong digits: no oracle for guessing either (api-contract.md, Public). */
const NOT_FOUND = () => ApiError.notFound('未找到该诉求，请核对查询码和手机号后四位 / no case matches this tracking code and phone digits');

const CONFIDENTIAL_TYPES = new Set(['accusation']);
const CONFIDENTIAL_CATEGORIES = new Set(['integrity']);

@Injectable()
export class PublicCasesService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    @Inject(API_REDIS) private readonly redis: Redis,
    private readonly clock: ClockService,
  ) {}

  /**
   * 回访 by the citizen: rate the answer of a replied case (satisfied → closed; unsatisfied → 重办 with
   * fresh deadlines). Same code + digits check and throttle as the status look-up.
   */
  async rate(rawCode: string, verify: string, clientIp: string, dto: CallbackDto) {
    const c = await this.verified(rawCode, verify, clientIp);
    if (c.merged_into) throw ApiError.conflict('CASE_MERGED', '该诉求已合并办理，请对主案件评价 / this request was merged; rate the master case');
    await this.clock.callback(c.id, dto, { id: null, role: 'petitioner' });
    return this.status(rawCode, verify, clientIp);
  }

  private async verified(rawCode: string, verify: string, clientIp: string) {
    const throttleKey = `${this.config.QUEUE_PREFIX}:public-lookup-failures:${clientIp}`;
    const failures = Number(await this.redis.get(throttleKey).catch(() => null)) || 0;
    if (failures >= this.config.PUBLIC_LOOKUP_FAILURES_PER_WINDOW) {
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', '查询失败次数过多，请稍后再试 / too many failed look-ups, try again later');
    }
    const code = normalizeTrackingCode(rawCode);
    const rows: { id: string; phone_last4: string | null; merged_into: string | null }[] = code
      ? await this.ds.query(`SELECT id, phone_last4, merged_into FROM cases WHERE tracking_code = $1`, [code])
      : [];
    const c = rows[0];
    if (!c || !c.phone_last4 || !sameDigits(c.phone_last4, verify)) {
      await this.countFailure(throttleKey);
      throw NOT_FOUND();
    }
    return c;
  }

  async status(rawCode: string, verify: string, clientIp: string) {
    const throttleKey = `${this.config.QUEUE_PREFIX}:public-lookup-failures:${clientIp}`;
    const failures = Number(await this.redis.get(throttleKey).catch(() => null)) || 0;
    if (failures >= this.config.PUBLIC_LOOKUP_FAILURES_PER_WINDOW) {
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', '查询失败次数过多，请稍后再试 / too many failed look-ups, try again later');
    }
    const code = normalizeTrackingCode(rawCode);
    const rows = code
      ? await this.ds.query(
          `SELECT c.id, c.case_no, c.status, c.type, c.category_code, c.phone_last4, c.created_at, c.reply_due_at, c.merged_into,
                  cat.name_zh AS category_name, d.name_zh AS department_name
           FROM cases c LEFT JOIN categories cat ON cat.code = c.category_code LEFT JOIN departments d ON d.id = c.lead_department_id
           WHERE c.tracking_code = $1`,
          [code],
        )
      : [];
    const c = rows[0];
    if (!c || !c.phone_last4 || !sameDigits(c.phone_last4, verify)) {
      await this.countFailure(throttleKey);
      throw NOT_FOUND();
    }
    // 并单: a merged repeat shows its master's progress (the citizen is told so in the timeline).
    const master = c.merged_into
      ? (
          await this.ds.query(
            `SELECT c.id, c.status, c.reply_due_at, d.name_zh AS department_name FROM cases c LEFT JOIN departments d ON d.id = c.lead_department_id WHERE c.id = $1`,
            [c.merged_into],
          )
        )[0]
      : null;
    const events: { type: string; at: Date }[] = await this.ds.query(
      `SELECT type, at FROM case_events WHERE case_id = $1 OR (case_id = $2 AND type <> 'registered' AND at >= $3) ORDER BY at, id`,
      [c.id, master?.id ?? null, c.created_at],
    );
    if (master) {
      c.status = master.status;
      c.reply_due_at = master.reply_due_at;
      c.department_name = master.department_name;
    }
    const confidential = CONFIDENTIAL_TYPES.has(c.type) || CONFIDENTIAL_CATEGORIES.has(c.category_code);
    const label = STATUS_LABELS[c.status as CaseStatus];
    return {
      caseNo: c.case_no,
      status: c.status,
      statusLabel: label?.zh ?? c.status,
      statusLabelEn: label?.en ?? c.status,
      categoryName: confidential ? null : (c.category_name ?? null),
      // Nothing that could point at the accused or the accuser leaves a confidential case (条例 第30条).
      departmentName: confidential ? null : (c.department_name ?? null),
      submittedAt: formatShanghaiIso(c.created_at),
      deadline: c.reply_due_at ? formatShanghaiIso(c.reply_due_at) : null,
      timeline: events
        .filter((e) => PUBLIC_TIMELINE[e.type])
        .map((e) => ({ at: formatShanghaiIso(e.at), label: PUBLIC_TIMELINE[e.type].zh, labelEn: PUBLIC_TIMELINE[e.type].en })),
    };
  }

  private async countFailure(key: string): Promise<void> {
    try {
      const n = await this.redis.incr(key);
      if (n === 1) await this.redis.expire(key, this.config.PUBLIC_LOOKUP_WINDOW_SECONDS);
    } catch {
      // Redis away: the look-up still answers; throttling resumes when Redis is back.
    }
  }
}

function sameDigits(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
