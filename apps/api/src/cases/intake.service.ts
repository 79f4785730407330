import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { Clock } from '@hotline/config';
import { caseNoDay, generateTrackingCode, normalizeMainlandPhone, phoneLast4 } from '@hotline/domain';
import { JobName, jobIdFor } from '@hotline/queue';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { CreateCaseDto } from './create-case.dto.js';

export interface IntakeResult {
  /** false when an Idempotency-Key replay returned an existing case (HTTP 200 instead of 201). */
  created: boolean;
  body: { id: string; caseNo: string; trackingCode: string; status: string };
}

/** Foreign keys whose violation means the client named something that does not exist. */
const FK_FIELDS: Record<string, { field: string; message: string }> = {
  cases_region_code_fkey: { field: 'regionCode', message: '行政区划代码不存在 / no such region in this city' },
  cases_category_code_fkey: { field: 'categoryCode', message: '诉求分类不存在 / no such category' },
};

/**
 * 登记 intake. The case row, its `registered` event and the outbox row that asks for routing are one
 * SQL statement (data-modifying CTEs), so they commit together in a single round trip before 201 is
 * sent: an acknowledged case exists after any crash, and routing follows from the outbox.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async register(dto: CreateCaseDto, user: AuthUser, idempotencyKey: string | undefined): Promise<IntakeResult> {
    const anonymous = dto.anonymous ?? false;
    const phone = dto.petitioner?.phone ? normalizeMainlandPhone(dto.petitioner.phone) : null;
    if (!anonymous && !phone) {
      throw ApiError.badRequest('petitioner.phone', '非匿名诉求必须提供联系电话 / required unless anonymous is true', 'isNotEmpty');
    }
    const requestHash = idempotencyKey ? hashRequest(dto) : null;
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await this.insert(dto, user, phone, anonymous, idempotencyKey, requestHash);
        if (row) return { created: true, body: row };
        return await this.replay(user, idempotencyKey!, requestHash!);
      } catch (err) {
        const pgErr = err as { code?: string; constraint?: string };
        if (pgErr.code === '23503' && pgErr.constraint && FK_FIELDS[pgErr.constraint]) {
          const f = FK_FIELDS[pgErr.constraint];
          throw ApiError.badRequest(f.field, f.message, 'exists');
        }
        // A 60-bit tracking code collision: astronomically rare, but retry rather than fail.
        if (pgErr.code === '23505' && pgErr.constraint === 'cases_tracking_code_key' && attempt < 3) continue;
        throw err;
      }
    }
  }

  private async insert(
    dto: CreateCaseDto,
    user: AuthUser,
    phone: string | null,
    anonymous: boolean,
    key: string | undefined,
    requestHash: string | null,
  ): Promise<IntakeResult['body'] | null> {
    const now = this.clock.now();
    const id = uuidv7();
    const trackingCode = generateTrackingCode((n) => randomBytes(n));
    const job = { name: JobName.RouteCase, data: { caseId: id, version: 1 } } as const;
    const params = [
      id, // $1
      caseNoDay(now), // $2
      trackingCode, // $3
      dto.channel, // $4
      dto.type ?? 'request', // $5
      dto.content, // $6
      dto.address ?? null, // $7
      dto.regionCode ?? null, // $8
      dto.categoryCode ?? null, // $9
      dto.urgency ?? null, // $10
      anonymous ? null : (dto.petitioner?.name ?? null), // $11
      phone, // $12
      phone ? phoneLast4(phone) : null, // $13
      anonymous, // $14
      dto.accusedUnit ?? null, // $15
      user.departmentId, // $16
      user.id, // $17
      now, // $18
      user.role, // $19
      JSON.stringify({ channel: dto.channel, type: dto.type ?? 'request', categoryCode: dto.categoryCode ?? null }), // $20
      job.name, // $21
      jobIdFor(job), // $22
      JSON.stringify(job.data), // $23
    ];
    // The case number is YYYYMMDD-NNNNNN from a per-day sequence (see next_case_seq); formatCaseNo in
    // libs/domain is the same format, and the intake test checks the two agree.
    const insertCase = `
      INSERT INTO cases (id, case_no, tracking_code, channel, type, status, content, address, region_code, category_code,
        category_source, urgency, petitioner_name, petitioner_phone, phone_last4, anonymous, accused_unit,
        first_responder_department_id, registered_by, created_at, updated_at)
      SELECT $1, $2 || '-' || (SELECT CASE WHEN s < 1000000 THEN lpad(s::text, 6, '0') ELSE s::text END FROM next_case_seq($2) AS s),
        $3, $4, $5, 'registered', $6, $7, $8, $9, CASE WHEN $9::varchar IS NULL THEN NULL ELSE 'operator' END, $10, $11, $12, $13, $14, $15,
        $16, $17, $18, $18`;
    const tail = `
      e AS (INSERT INTO case_events (case_id, type, at, actor_id, actor_role, from_status, to_status, data)
            SELECT id, 'registered', $18, $17, $19, NULL, 'registered', $20::jsonb FROM c),
      o AS (INSERT INTO outbox (job_name, job_id, payload) SELECT $21, $22, $23::jsonb FROM c)
      SELECT id, case_no AS "caseNo", tracking_code AS "trackingCode", status FROM c`;
    let sql: string;
    if (key) {
      params.push(key, requestHash); // $24, $25
      sql = `WITH ik AS (INSERT INTO idempotency_keys (user_id, key, request_hash, case_id) VALUES ($17, $24, $25, $1)
                         ON CONFLICT DO NOTHING RETURNING 1),
             c AS (${insertCase} WHERE EXISTS (SELECT 1 FROM ik) RETURNING *),${tail}`;
    } else {
      sql = `WITH c AS (${insertCase} RETURNING *),${tail}`;
    }
    // A named statement: each pooled connection parses and plans the intake once, and later calls send
    // only the parameters (the SQL text is ~1.5 kB; re-sending and re-planning it was a large share of
    // the API's CPU under load).
    const pool = (this.ds.driver as unknown as { master: pg.Pool }).master;
    const result = await pool.query<IntakeResult['body']>({ name: key ? 'intake-with-key' : 'intake', text: sql, values: params });
    return result.rows[0] ?? null;
  }

  /** Same key + same body → the same case (200); same key + another body → 409. */
  private async replay(user: AuthUser, key: string, requestHash: string): Promise<IntakeResult> {
    const rows: { request_hash: string; id: string; caseNo: string; trackingCode: string; status: string }[] = await this.ds.query(
      `SELECT k.request_hash, c.id, c.case_no AS "caseNo", c.tracking_code AS "trackingCode", c.status
       FROM idempotency_keys k JOIN cases c ON c.id = k.case_id WHERE k.user_id = $1 AND k.key = $2`,
      [user.id, key],
    );
    const row = rows[0];
    if (!row) throw new Error('idempotency key conflicted but no case was found');
    if (row.request_hash !== requestHash) {
      throw ApiError.conflict('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key 已用于另一请求 / this Idempotency-Key was used with a different request body');
    }
    return { created: false, body: { id: row.id, caseNo: row.caseNo, trackingCode: row.trackingCode, status: row.status } };
  }
}

/** A hash of the request that does not depend on the order of JSON keys. */
export function hashRequest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
