import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { ApiHarness, db } from '../support/harness.js';

/**
 * 督查督办 reports against real Postgres: cases and events are written directly with SQL (the event
 * contract of the reports brief) for two departments across October and November 2025 — months no
 * other test writes events in — including events either side of Beijing midnight. Every figure below
 * is worked out by hand from the fixture.
 */
describe('supervision reports', () => {
  let api: ApiHarness;
  let pool: pg.Pool;
  let supervisor: string;
  let admin: string;
  let headA: string;
  let A: { id: string; code: string; name: string };
  let B: { id: string; code: string; name: string };
  const caseIds: Record<string, string> = {};
  const prefix = `R${randomBytes(3).toString('hex')}`;

  async function department(code: string) {
    const r = await pool.query(`SELECT id::text AS id, code, name_zh AS name FROM departments WHERE code = $1`, [code]);
    return r.rows[0] as { id: string; code: string; name: string };
  }

  async function insertCase(key: string, opts: { category: string; lead: string | null; status: string; overdue: boolean }) {
    const id = randomUUID();
    caseIds[key] = id;
    await pool.query(
      `INSERT INTO cases (id, case_no, tracking_code, channel, type, status, content, category_code, lead_department_id, overdue)
       VALUES ($1, $2, $3, 'hotline', 'request', $4, '报表测试案件', $5, $6, $7)`,
      [id, `${prefix}-${key}`, randomBytes(6).toString('hex'), opts.status, opts.category, opts.lead, opts.overdue],
    );
    return id;
  }

  async function ev(key: string, type: string, at: string, data: Record<string, unknown> = {}) {
    await pool.query(`INSERT INTO case_events (case_id, type, at, actor_role, data) VALUES ($1, $2, $3, 'system', $4::jsonb)`, [caseIds[key], type, at, JSON.stringify(data)]);
  }

  const dispatched = (key: string, at: string, lead: { id: string; code: string; name: string }, replyDue: string) =>
    ev(key, 'dispatched', at, { leadDepartment: lead, deadlineVersion: 1, deadlines: { sign: at, firstContact: at, reply: replyDue, returnWindow: at } });
  const escalated = (key: string, at: string, level: string, stage: string, dueAt: string, dept: { id: string }) =>
    ev(key, 'escalated', at, { level, stage, dueAt, deadlineVersion: 1, departmentId: dept.id });

  async function raw(path: string, token: string) {
    const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    api = await ApiHarness.start();
    pool = await db();
    supervisor = await api.login('supervisor1');
    admin = await api.login('admin');
    headA = await api.login('head.bureau-hrss');
    A = await department('bureau-hrss');
    B = await department('bureau-education');

    // A1 (dept A): the whole happy path in October.
    await insertCase('A1', { category: 'labor', lead: A.id, status: 'closed', overdue: false });
    await dispatched('A1', '2025-10-10T02:00:00Z', A, '2025-10-17T15:59:59Z');
    await ev('A1', 'signed', '2025-10-10T03:00:00Z', { departmentId: A.id, onTime: true });
    await ev('A1', 'first_contacted', '2025-10-10T05:00:00Z', { departmentId: A.id, onTime: true });
    await ev('A1', 'replied', '2025-10-12T02:00:00Z', { departmentId: A.id, onTime: true, resolved: true });
    await ev('A1', 'callback_recorded', '2025-10-14T02:00:00Z', { departmentId: A.id, satisfaction: 'satisfied', resolved: true });
    await ev('A1', 'closed', '2025-10-14T02:00:01Z');

    // A2 (dept A): signed late, replied, unsatisfied → reopened, overdue again, supervision (Oct),
    // accountability (Nov), finally replied late and closed in November.
    await insertCase('A2', { category: 'labor', lead: A.id, status: 'closed', overdue: false });
    await dispatched('A2', '2025-10-15T01:00:00Z', A, '2025-10-22T15:59:59Z');
    await escalated('A2', '2025-10-16T10:00:00Z', 'warning', 'sign', '2025-10-16T15:59:59Z', A);
    await escalated('A2', '2025-10-16T16:00:00Z', 'overdue', 'sign', '2025-10-16T15:59:59Z', A);
    await ev('A2', 'signed', '2025-10-16T18:00:00Z', { departmentId: A.id, onTime: false });
    await ev('A2', 'first_contacted', '2025-10-17T02:00:00Z', { departmentId: A.id, onTime: true });
    await ev('A2', 'replied', '2025-10-20T02:00:00Z', { departmentId: A.id, onTime: true, resolved: false });
    await ev('A2', 'callback_recorded', '2025-10-22T02:00:00Z', { departmentId: A.id, satisfaction: 'unsatisfied', resolved: false });
    await ev('A2', 'reopened', '2025-10-22T02:00:01Z', { departmentId: A.id });
    await escalated('A2', '2025-10-29T16:00:10Z', 'overdue', 'reply', '2025-10-29T15:59:59Z', A);
    await escalated('A2', '2025-10-30T16:00:00Z', 'supervision', 'reply', '2025-10-29T15:59:59Z', A);
    await escalated('A2', '2025-11-03T02:00:00Z', 'accountability', 'reply', '2025-10-29T15:59:59Z', A);
    await ev('A2', 'replied', '2025-11-06T02:00:00Z', { departmentId: A.id, onTime: false, resolved: true });
    await ev('A2', 'callback_recorded', '2025-11-08T02:00:00Z', { departmentId: A.id, satisfaction: 'satisfied', resolved: true });
    await ev('A2', 'closed', '2025-11-08T02:00:01Z');

    // A3: dispatched to A, returned, re-dispatched to B; B lets the reply run overdue (Oct), notice (Nov), replies late.
    await insertCase('A3', { category: 'education', lead: B.id, status: 'replied', overdue: true });
    await dispatched('A3', '2025-10-20T02:00:00Z', A, '2025-10-27T15:59:59Z');
    await ev('A3', 'return_requested', '2025-10-20T06:00:00Z', { departmentId: A.id, reasonCode: 'not_our_responsibility' });
    await dispatched('A3', '2025-10-21T02:00:00Z', B, '2025-10-28T15:59:59Z');
    await ev('A3', 'signed', '2025-10-21T03:00:00Z', { departmentId: B.id, onTime: true });
    await ev('A3', 'first_contacted', '2025-10-22T03:00:00Z', { departmentId: B.id, onTime: true });
    await escalated('A3', '2025-10-27T12:00:00Z', 'warning', 'reply', '2025-10-28T15:59:59Z', B);
    await escalated('A3', '2025-10-28T16:00:00Z', 'overdue', 'reply', '2025-10-28T15:59:59Z', B);
    await escalated('A3', '2025-10-29T16:00:00Z', 'supervision', 'reply', '2025-10-28T15:59:59Z', B);
    await escalated('A3', '2025-11-04T02:00:00Z', 'notice', 'reply', '2025-10-28T15:59:59Z', B);
    await ev('A3', 'replied', '2025-11-05T02:00:00Z', { departmentId: B.id, onTime: false, resolved: true });

    // A4: dispatched Oct 31 23:30 Beijing (October), signed Nov 1 00:30 Beijing (November).
    await insertCase('A4', { category: 'labor', lead: A.id, status: 'signed', overdue: false });
    await dispatched('A4', '2025-10-31T15:30:00Z', A, '2025-11-07T15:59:59Z');
    await ev('A4', 'signed', '2025-10-31T16:30:00Z', { departmentId: A.id, onTime: true });
    await ev('A4', 'first_contacted', '2025-11-01T02:00:00Z', { departmentId: A.id, onTime: true });

    // A5: dispatched Nov 1 00:30 Beijing, never signed: overdue and still open (counts in overdueOpen).
    await insertCase('A5', { category: 'labor', lead: A.id, status: 'dispatched', overdue: true });
    await dispatched('A5', '2025-10-31T16:30:00Z', A, '2025-11-10T15:59:59Z');
    await escalated('A5', '2025-11-03T12:00:00Z', 'warning', 'sign', '2025-11-03T15:59:59Z', A);
    await escalated('A5', '2025-11-03T16:00:00Z', 'overdue', 'sign', '2025-11-03T15:59:59Z', A);

    // B1 (dept B): happy path, basically satisfied.
    await insertCase('B1', { category: 'education', lead: B.id, status: 'closed', overdue: false });
    await dispatched('B1', '2025-10-05T02:00:00Z', B, '2025-10-12T15:59:59Z');
    await ev('B1', 'signed', '2025-10-05T03:00:00Z', { departmentId: B.id, onTime: true });
    await ev('B1', 'first_contacted', '2025-10-05T04:00:00Z', { departmentId: B.id, onTime: true });
    await ev('B1', 'replied', '2025-10-08T02:00:00Z', { departmentId: B.id, onTime: true, resolved: true });
    await ev('B1', 'callback_recorded', '2025-10-09T02:00:00Z', { departmentId: B.id, satisfaction: 'basically_satisfied', resolved: true });
    await ev('B1', 'closed', '2025-10-09T02:00:01Z');

    // B2 (dept B): sign overdue on Oct 31 16:00 Beijing, signed Nov 1 00:30 Beijing; still open and overdue.
    await insertCase('B2', { category: 'education', lead: B.id, status: 'signed', overdue: true });
    await dispatched('B2', '2025-10-30T15:00:00Z', B, '2025-11-06T15:59:59Z');
    await escalated('B2', '2025-10-31T08:00:30Z', 'overdue', 'sign', '2025-10-31T08:00:00Z', B);
    await ev('B2', 'signed', '2025-10-31T16:30:00Z', { departmentId: B.id, onTime: false });

    // B3 (dept B, November): reply overdue, replied 12 h late.
    await insertCase('B3', { category: 'education', lead: B.id, status: 'replied', overdue: true });
    await dispatched('B3', '2025-11-10T02:00:00Z', B, '2025-11-17T15:59:59Z');
    await ev('B3', 'signed', '2025-11-10T03:00:00Z', { departmentId: B.id, onTime: true });
    await ev('B3', 'first_contacted', '2025-11-11T03:00:00Z', { departmentId: B.id, onTime: true });
    await escalated('B3', '2025-11-17T16:00:00Z', 'overdue', 'reply', '2025-11-17T15:59:59Z', B);
    await ev('B3', 'replied', '2025-11-18T04:00:00Z', { departmentId: B.id, onTime: false, resolved: true });

    // L1: an older-shape reply naming no department: counts city-wide only.
    await insertCase('L1', { category: 'labor', lead: null, status: 'replied', overdue: false });
    await ev('L1', 'replied', '2025-10-03T02:00:00Z', { onTime: true, resolved: true });
  });

  afterAll(async () => {
    await api?.stop();
    await pool?.end();
  });

  const rowOf = (body: { departments?: any[]; ranking?: any[] }, code: string) => (body.departments ?? body.ranking)!.find((r: any) => r.department.code === code);
  const none = { warning: 0, overdue: 0, supervision: 0, notice: 0, accountability: 0 };

  it('October per department: exact counts and rates, null where there is no denominator', async () => {
    const res = await api.get('/reports/departments?from=2025-10-01&to=2025-10-31', supervisor);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2025-10-01', to: '2025-10-31', timezone: 'Asia/Shanghai', start: '2025-10-01T00:00:00+08:00', end: '2025-11-01T00:00:00+08:00' });
    expect(typeof res.body.generatedAt).toBe('string');
    expect(res.body.labels.metrics.signRate).toMatchObject({ zh: '及时签收率', kind: 'rate' });
    expect(rowOf(res.body, A.code)).toEqual({
      department: { id: A.id, code: A.code, name: A.name, nameEn: expect.any(String) },
      dispatched: 4, signed: 2, signedOnTime: 1, signRate: 0.25,
      firstContacted: 2, firstContactOnTime: 2, responseRate: 0.5,
      replied: 2, repliedOnTime: 2, onTimeReplyRate: 1,
      callbacks: 2, resolved: 1, resolutionRate: 0.5, satisfied: 1, basicallySatisfied: 0, satisfactionRate: 0.5,
      returns: 1, returnRate: 0.25, reopened: 1, reopenRate: 0.5,
      overdueOpen: 1,
      escalations: { ...none, warning: 1, overdue: 2, supervision: 1 },
    });
    expect(rowOf(res.body, B.code)).toMatchObject({
      dispatched: 3, signed: 2, signedOnTime: 2, signRate: 0.6667, firstContactOnTime: 2, responseRate: 0.6667,
      replied: 1, repliedOnTime: 1, onTimeReplyRate: 1, callbacks: 1, resolved: 1, satisfied: 1, basicallySatisfied: 1, satisfactionRate: 1,
      returns: 0, returnRate: 0, reopened: 0, reopenRate: 0, overdueOpen: 1,
      escalations: { ...none, warning: 1, overdue: 2, supervision: 1 },
    });
    // City-wide includes the reply that names no department (L1).
    const { overdueOpen, ...city } = res.body.cityWide;
    expect(city).toEqual({
      dispatched: 7, signed: 4, signedOnTime: 3, signRate: 0.4286, firstContacted: 4, firstContactOnTime: 4, responseRate: 0.5714,
      replied: 4, repliedOnTime: 4, onTimeReplyRate: 1, callbacks: 3, resolved: 2, resolutionRate: 0.6667, satisfied: 2, basicallySatisfied: 1, satisfactionRate: 0.6667,
      returns: 1, returnRate: 0.1429, reopened: 1, reopenRate: 0.25,
      escalations: { ...none, warning: 2, overdue: 4, supervision: 2 },
    });
    // A snapshot of the whole cases table (other tests' cases too): at least A5 and B2.
    expect(overdueOpen).toBeGreaterThanOrEqual(2);
  });

  it('cuts days at Beijing midnight: 2025-10-31T16:30Z belongs to November 1', async () => {
    const oct31 = await api.get('/reports/departments?from=2025-10-31&to=2025-10-31', supervisor);
    expect(rowOf(oct31.body, A.code)).toMatchObject({ dispatched: 1, signed: 0 });
    expect(rowOf(oct31.body, B.code)).toMatchObject({ dispatched: 0, signed: 0, escalations: { ...none, overdue: 1 } });
    const nov1 = await api.get('/reports/departments?from=2025-11-01&to=2025-11-01', supervisor);
    expect(rowOf(nov1.body, A.code)).toMatchObject({ dispatched: 1, signed: 1, signedOnTime: 1, firstContactOnTime: 1, replied: 0, onTimeReplyRate: null, callbacks: 0, satisfactionRate: null, resolutionRate: null, reopenRate: null });
    expect(rowOf(nov1.body, B.code)).toMatchObject({ dispatched: 0, signed: 1, signedOnTime: 0, signRate: null, responseRate: null, returnRate: null });
    expect(nov1.body.cityWide).toMatchObject({ dispatched: 1, signed: 2, signedOnTime: 1, signRate: 1 });
  });

  it('monthly October: ranking by score with the minimum-volume rule, overdue list, escalations', async () => {
    const res = await api.get('/reports/monthly?month=2025-10&minVolume=1', supervisor);
    expect(res.status).toBe(200);
    expect(res.body.period).toMatchObject({ from: '2025-10-01', to: '2025-10-31' });
    expect(res.body.scoring).toMatchObject({ minVolume: 1 });
    const ranked = res.body.ranking.filter((r: any) => [A.code, B.code].includes(r.department.code));
    expect(ranked.map((r: any) => [r.department.code, r.rank])).toEqual([
      [B.code, 1],
      [A.code, 2],
    ]);
    // A: 0.35·1 + 0.30·0.5 + 0.15·0.25 + 0.10·0.5 + 0.10·(1 − 0.25) = 0.6625
    expect(rowOf(res.body, A.code).score).toBe(66.25);
    // B: 0.35·1 + 0.30·1 + 0.15·0.6667 + 0.10·0.6667 + 0.10·1 ≈ 0.9167
    expect(rowOf(res.body, B.code).score).toBeCloseTo(91.67, 1);
    expect(rowOf(res.body, A.code)).toMatchObject({ dispatched: 4, signRate: 0.25, unrankedReason: null });

    expect(res.body.overdue.truncated).toBe(false);
    expect(res.body.overdue.items.map((o: any) => [o.caseNo, o.department.code, o.stage, o.outcome, o.lateMinutes, o.lateText])).toEqual([
      [`${prefix}-A3`, B.code, 'reply', 'open_at_period_end', 4320, '3天'],
      [`${prefix}-A2`, A.code, 'reply', 'open_at_period_end', 2880, '2天'],
      [`${prefix}-B2`, B.code, 'sign', 'open_at_period_end', 480, '8小时'],
      [`${prefix}-A2`, A.code, 'sign', 'completed_late', 120, '2小时'],
    ]);
    expect(res.body.overdue.items[0]).toMatchObject({ category: { code: 'education' }, dueAt: '2025-10-28T23:59:59+08:00', completedAt: null });
    expect(res.body.overdue.items[3]).toMatchObject({ completedAt: '2025-10-17T02:00:00+08:00', category: { code: 'labor', name: expect.any(String) } });

    expect(res.body.escalations.items.map((e: any) => [e.caseNo, e.level, e.department.code, e.at])).toEqual([
      [`${prefix}-A3`, 'supervision', B.code, '2025-10-30T00:00:00+08:00'],
      [`${prefix}-A2`, 'supervision', A.code, '2025-10-31T00:00:00+08:00'],
    ]);

    // Default minimum volume (10 dispatches): neither department is ranked on this small fixture.
    const dflt = await api.get('/reports/monthly?month=2025-10', supervisor);
    expect(dflt.body.scoring.minVolume).toBe(10);
    expect(rowOf(dflt.body, A.code)).toMatchObject({ rank: null, unrankedReason: 'below_min_volume', score: 66.25 });
    expect(rowOf(dflt.body, B.code)).toMatchObject({ rank: null, unrankedReason: 'below_min_volume' });
  });

  it('monthly November: the late reply and the still-open sign overdue, notice and accountability', async () => {
    const res = await api.get('/reports/monthly?month=2025-11&minVolume=1', admin);
    expect(res.status).toBe(200);
    expect(rowOf(res.body, A.code)).toMatchObject({
      dispatched: 1, signed: 1, signedOnTime: 1, replied: 1, repliedOnTime: 0, onTimeReplyRate: 0, callbacks: 1, satisfactionRate: 1,
      escalations: { ...none, warning: 1, overdue: 1, accountability: 1 },
    });
    expect(rowOf(res.body, B.code)).toMatchObject({
      dispatched: 1, signed: 2, signedOnTime: 1, replied: 2, repliedOnTime: 0, onTimeReplyRate: 0, callbacks: 0, satisfactionRate: null, resolutionRate: null,
      escalations: { ...none, overdue: 1, notice: 1 },
    });
    expect(res.body.overdue.items.map((o: any) => [o.caseNo, o.stage, o.outcome, o.lateMinutes, o.lateText])).toEqual([
      [`${prefix}-A5`, 'sign', 'open_at_period_end', 38880, '27天'],
      [`${prefix}-B3`, 'reply', 'completed_late', 720, '12小时'],
    ]);
    expect(res.body.escalations.items.map((e: any) => [e.caseNo, e.level])).toEqual([
      [`${prefix}-A2`, 'accountability'],
      [`${prefix}-A3`, 'notice'],
    ]);
  });

  it('a past month recomputes identically after later events are added', async () => {
    const before = await api.get('/reports/monthly?month=2025-10&minVolume=1', supervisor);
    // December: a new case for A, and late events on October's cases.
    await insertCase('D1', { category: 'labor', lead: A.id, status: 'closed', overdue: false });
    await dispatched('D1', '2025-12-01T02:00:00Z', A, '2025-12-08T15:59:59Z');
    await escalated('D1', '2025-12-09T16:00:00Z', 'overdue', 'reply', '2025-12-09T15:59:59Z', A);
    await ev('A2', 'closed', '2025-12-02T00:00:00Z');
    await escalated('B2', '2025-12-03T00:00:00Z', 'accountability', 'sign', '2025-10-31T08:00:00Z', B);
    const after = await api.get('/reports/monthly?month=2025-10&minVolume=1', supervisor);
    const { generatedAt: g1, ...a } = before.body;
    const { generatedAt: g2, ...b } = after.body;
    expect(b).toEqual(a);
    const dec = await api.get('/reports/departments?from=2025-12-01&to=2025-12-31', supervisor);
    expect(rowOf(dec.body, A.code)).toMatchObject({ dispatched: 1, escalations: { ...none, overdue: 1 } });
  });

  it('CSV: UTF-8 with BOM, bilingual header, attachment named with the month', async () => {
    const res = await raw('/reports/monthly?month=2025-10&format=csv&minVolume=1', supervisor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="monthly-report-2025-10-ranking\.csv"/);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]!.startsWith('排名 Rank,单位编码 Code,单位名称 Department,综合得分 Score')).toBe(true);
    expect(lines.find((l) => l.includes(A.code))).toContain(`2,${A.code},${A.name},66.25,,4,2,1,25.00%`);
    expect(lines.some((l) => l.includes('全市 City-wide'))).toBe(true);

    const overdue = await raw('/reports/monthly?month=2025-10&format=csv&table=overdue', supervisor);
    const text = overdue.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF案件编号 Case no.')).toBe(true);
    expect(text).toContain(`${prefix}-B2`);
    expect(text).toContain('2025-10-31 16:00');
  });

  it('XLSX: a real workbook with the 排名 / 超期清单 / 督办问责 sheets', async () => {
    const res = await raw('/reports/monthly?month=2025-10&format=xlsx&minVolume=1', supervisor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain('monthly-report-2025-10.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['排名', '超期清单', '督办问责']);
    const ranking = wb.getWorksheet('排名')!;
    const rows = ranking.getSheetValues().filter(Boolean) as unknown[][];
    const aRow = rows.find((r) => r.includes(A.code))!;
    expect(aRow[1]).toBe(2);
    expect(aRow[4]).toBe(66.25);
    const overdue = wb.getWorksheet('超期清单')!;
    expect(overdue.rowCount).toBe(5);
    expect(overdue.getCell('A2').value).toBe(`${prefix}-A3`);
    expect(wb.getWorksheet('督办问责')!.rowCount).toBe(3);
  });

  it('bad parameters → 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/reports/departments', 'from'],
      ['/reports/departments?from=2025-10-01', 'to'],
      ['/reports/departments?from=2025-13-01&to=2025-12-01', 'from'],
      ['/reports/departments?from=2025-02-29&to=2025-03-01', 'from'],
      ['/reports/departments?from=2025-10-01&to=31-10-2025', 'to'],
      ['/reports/departments?from=2025-11-02&to=2025-11-01', 'to'],
      ['/reports/departments?from=2024-01-01&to=2025-01-02', 'to'],
      ['/reports/departments?from=2025-10-01&to=2025-10-31&foo=1', 'foo'],
      ['/reports/monthly', 'month'],
      ['/reports/monthly?month=2025-13', 'month'],
      ['/reports/monthly?month=2025-1', 'month'],
      ['/reports/monthly?month=2025-10&format=pdf', 'format'],
      ['/reports/monthly?month=2025-10&format=csv&table=people', 'table'],
      ['/reports/monthly?month=2025-10&minVolume=0', 'minVolume'],
    ];
    for (const [path, field] of cases) {
      const res = await api.get(path, supervisor);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body).toMatchObject({ statusCode: 400 });
      expect([path, res.body.details.map((d: { field: string }) => d.field)]).toEqual([path, expect.arrayContaining([field])]);
    }
  });

  it('403 for handlers, operators and dispatchers; 401 without a token', async () => {
    for (const user of ['handler.bureau-hrss', 'operator1', 'dispatcher1']) {
      const token = await api.login(user);
      expect((await api.get('/reports/departments?from=2025-10-01&to=2025-10-31', token)).status).toBe(403);
      expect((await api.get('/reports/monthly?month=2025-10', token)).status).toBe(403);
    }
    expect((await api.get('/reports/monthly?month=2025-10')).status).toBe(401);
  });

  it("a department head sees only their own department's rows (and keeps their rank)", async () => {
    const res = await api.get('/reports/departments?from=2025-10-01&to=2025-10-31', headA);
    expect(res.status).toBe(200);
    expect(res.body.departments.map((r: any) => r.department.code)).toEqual([A.code]);
    expect(res.body.departments[0]).toMatchObject({ dispatched: 4, signRate: 0.25 });
    expect(res.body.cityWide.dispatched).toBe(7);

    const monthly = await api.get('/reports/monthly?month=2025-10&minVolume=1', headA);
    expect(monthly.body.ranking.map((r: any) => [r.department.code, r.rank])).toEqual([[A.code, 2]]);
    expect(new Set(monthly.body.overdue.items.map((o: any) => o.department.code))).toEqual(new Set([A.code]));
    expect(monthly.body.overdue.items).toHaveLength(2);
    expect(monthly.body.escalations.items.map((e: any) => e.department.code)).toEqual([A.code]);

    const xlsx = await raw('/reports/monthly?month=2025-10&format=xlsx&minVolume=1', headA);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const codes = (wb.getWorksheet('排名')!.getSheetValues().filter(Boolean) as unknown[][]).slice(1).map((r) => r[2]);
    expect(codes).toHaveLength(2);
    expect(codes[0]).toBe(A.code);
  });
});
