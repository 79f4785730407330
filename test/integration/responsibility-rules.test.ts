import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { ApiHarness, db } from '../support/harness.js';

const BASE = '/admin/responsibility-rules';
const HEADER = 'id,categoryCode,regionLevel,targetType,targetDepartmentCode,assistingDepartmentCodes,priority,explanation,active';

interface Rule {
  id: string;
  categoryCode: string;
  regionLevel: string;
  targetType: string;
  targetDepartmentCode: string | null;
  assistingDepartmentCodes: string[];
  priority: number;
  explanation: string;
  active: boolean;
}

/**
 * 权责清单 administration through HTTP on the seeded database: list, create/patch/delete with their
 * validation, roles, CSV export and import. The suites share one database, so afterAll puts every rule
 * back as it was found.
 */
describe('responsibility rules', () => {
  let api: ApiHarness;
  let pool: pg.Pool;
  let admin: string;
  let dispatcher: string;
  let supervisor: string;
  let handler: string;
  let snapshot: Record<string, unknown>[];

  const patch = (path: string, body: unknown, token: string) => api.request('PATCH', path, { token, body });
  const del = (path: string, token: string) => api.request('DELETE', path, { token });
  const importCsv = (csv: string, opts: { mode?: string; dryRun?: string } = {}, token = admin) =>
    api.post(`${BASE}/import${opts.dryRun ? `?dryRun=${opts.dryRun}` : ''}`, { csv, ...(opts.mode ? { mode: opts.mode } : {}) }, token);
  const rulesInDb = async () => (await pool.query(`SELECT * FROM responsibility_rules ORDER BY id`)).rows;
  const exportCsv = async (token = admin) => {
    const res = await fetch(`${api.baseUrl}${BASE}/export.csv`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, contentType: res.headers.get('content-type'), bytes, text: bytes.toString('utf8') };
  };
  const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);

  beforeAll(async () => {
    api = await ApiHarness.start();
    pool = await db();
    snapshot = await rulesInDb();
    admin = await api.login('admin');
    dispatcher = await api.login('dispatcher1');
    supervisor = await api.login('supervisor1');
    handler = await api.login('handler.street-330106005');
    // On a fresh database the first API boot trains the classifier (over a minute under Jest's VM modules).
  }, 240_000);

  afterAll(async () => {
    // Leave the rules as they were: drop what the tests created, restore every original row.
    if (pool && snapshot) {
      await pool.query(`DELETE FROM responsibility_rules WHERE NOT (id = ANY($1::varchar[]))`, [snapshot.map((r) => r.id)]);
      for (const r of snapshot) {
        await pool.query(
          `UPDATE responsibility_rules SET category_code = $2, region_level = $3, target_type = $4, target_department_code = $5,
             assisting_department_codes = $6, priority = $7, explanation = $8, active = $9 WHERE id = $1`,
          [r.id, r.category_code, r.region_level, r.target_type, r.target_department_code, r.assisting_department_codes, r.priority, r.explanation, r.active],
        );
      }
    }
    await api?.stop();
    await pool?.end();
  });

  it('lists the 21 seeded default rules, ordered by category and priority, with filters', async () => {
    const res = await api.get(`${BASE}`, admin);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(21);
    expect(res.body.items).toHaveLength(21);
    const items: Rule[] = res.body.items;
    for (const r of items) expect(r.id).toBe(`default-${r.categoryCode}`);
    const codes = items.map((r) => r.categoryCode);
    expect(codes).toEqual([...codes].sort());
    expect(items.find((r) => r.id === 'default-noise')).toEqual({
      id: 'default-noise', categoryCode: 'noise', regionLevel: 'any', targetType: 'territorial', targetDepartmentCode: null,
      assistingDepartmentCodes: [], priority: 1000, explanation: expect.any(String), active: true,
    });
    expect(items.find((r) => r.id === 'default-roads')).toMatchObject({ targetType: 'department', targetDepartmentCode: 'bureau-urban-management' });

    const noise = await api.get(`${BASE}?categoryCode=noise`, dispatcher);
    expect(noise.status).toBe(200);
    expect(noise.body.items.map((r: Rule) => r.id)).toEqual(['default-noise']);
    expect((await api.get(`${BASE}?active=false`, supervisor)).body).toEqual({ items: [], total: 0 });
    expect((await api.get(`${BASE}?active=true`, supervisor)).body.total).toBe(21);

    const bad = await api.get(`${BASE}?active=maybe`, admin);
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['active']);
  });

  it('lets only admins change rules; dispatchers and supervisors read; handlers get 403 everywhere', async () => {
    const body = { categoryCode: 'noise', regionLevel: 'any', targetType: 'territorial' };
    for (const token of [handler, dispatcher, supervisor]) {
      expect((await api.post(BASE, body, token)).status).toBe(403);
      expect((await patch(`${BASE}/default-noise`, { priority: 1 }, token)).status).toBe(403);
      expect((await del(`${BASE}/default-noise`, token)).status).toBe(403);
      expect((await importCsv(HEADER, {}, token)).status).toBe(403);
    }
    expect((await api.get(BASE, handler)).status).toBe(403);
    expect((await exportCsv(handler)).status).toBe(403);
    expect((await exportCsv(dispatcher)).status).toBe(200);
    expect((await exportCsv(supervisor)).status).toBe(200);
    expect((await api.get(BASE)).status).toBe(401);
    expect(await rulesInDb()).toEqual(snapshot);
  });

  it('creates a rule with a given id or a generated rule-<8 hex> one, and refuses a taken id', async () => {
    const given = await api.post(BASE, {
      id: 'noise-night-construction',
      categoryCode: 'noise',
      regionLevel: 'street',
      targetType: 'department',
      targetDepartmentCode: 'bureau-urban-management',
      assistingDepartmentCodes: ['bureau-ecology'],
      priority: 10,
      explanation: '夜间施工噪声由城管主办，生态环境局协办',
    }, admin);
    expect(given.status).toBe(201);
    expect(given.body).toEqual({
      id: 'noise-night-construction', categoryCode: 'noise', regionLevel: 'street', targetType: 'department',
      targetDepartmentCode: 'bureau-urban-management', assistingDepartmentCodes: ['bureau-ecology'], priority: 10,
      explanation: '夜间施工噪声由城管主办，生态环境局协办', active: true,
    });
    const listed = await api.get(`${BASE}?categoryCode=noise`, admin);
    // Priority 10 sorts before the default's 1000.
    expect(listed.body.items.map((r: Rule) => r.id)).toEqual(['noise-night-construction', 'default-noise']);

    const generated = await api.post(BASE, { categoryCode: 'sanitation', regionLevel: 'district', targetType: 'territorial' }, admin);
    expect(generated.status).toBe(201);
    expect(generated.body).toMatchObject({ id: expect.stringMatching(/^rule-[0-9a-f]{8}$/), targetDepartmentCode: null, assistingDepartmentCodes: [], priority: 1000, explanation: '', active: true });
    const row = await pool.query(`SELECT active, priority FROM responsibility_rules WHERE id = $1`, [generated.body.id]);
    expect(row.rows).toEqual([{ active: true, priority: 1000 }]);

    const taken = await api.post(BASE, { id: 'default-noise', categoryCode: 'noise', regionLevel: 'any', targetType: 'territorial' }, admin);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ statusCode: 409, code: 'RULE_EXISTS' });
    expect(fields(taken.body)).toEqual(['id']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown category', { categoryCode: 'no_such_thing' }, 'categoryCode'],
    ['a malformed category code', { categoryCode: 'Noise!' }, 'categoryCode'],
    ['a department rule without a department', { targetDepartmentCode: undefined }, 'targetDepartmentCode'],
    ['an unknown lead department', { targetDepartmentCode: 'bureau-nonexistent' }, 'targetDepartmentCode'],
    ['a territorial rule naming a department', { targetType: 'territorial' }, 'targetDepartmentCode'],
    ['an unknown assisting department', { assistingDepartmentCodes: ['bureau-ecology', 'bureau-nowhere'] }, 'assistingDepartmentCodes'],
    ['the lead as its own assistant', { assistingDepartmentCodes: ['bureau-urban-management'] }, 'assistingDepartmentCodes'],
    ['a repeated assisting department', { assistingDepartmentCodes: ['bureau-ecology', 'bureau-ecology'] }, 'assistingDepartmentCodes'],
    ['a priority above 100000', { priority: 100001 }, 'priority'],
    ['a negative priority', { priority: -1 }, 'priority'],
    ['a fractional priority', { priority: 1.5 }, 'priority'],
    ['an explanation over 500 characters', { explanation: '长'.repeat(501) }, 'explanation'],
    ['a malformed id', { id: 'Not An Id' }, 'id'],
    ['a one-character id', { id: 'x' }, 'id'],
    ['an unknown region level', { regionLevel: 'city' }, 'regionLevel'],
    ['an unknown target type', { targetType: 'lead' }, 'targetType'],
    ['an unknown field', { owner: 'me' }, 'owner'],
  ])('rejects %s with 400 naming the field, in Chinese and English', async (_name, override, field) => {
    const body = { categoryCode: 'roads', regionLevel: 'any', targetType: 'department', targetDepartmentCode: 'bureau-urban-management', ...override };
    const res = await api.post(BASE, body, admin);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
    expect(fields(res.body)).toEqual([field]);
    expect(res.body.details[0].message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z"]/);
    expect(await rulesInDb()).toHaveLength(snapshot.length + 2); // the two created above, nothing more
  });

  it('patches part of a rule and checks the merged result', async () => {
    const res = await patch(`${BASE}/noise-night-construction`, { priority: 20, assistingDepartmentCodes: [] }, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'noise-night-construction', priority: 20, assistingDepartmentCodes: [], targetDepartmentCode: 'bureau-urban-management', regionLevel: 'street' });

    // Switching to territorial while the department stays is contradictory: say so, naming the field.
    const contradictory = await patch(`${BASE}/noise-night-construction`, { targetType: 'territorial' }, admin);
    expect(contradictory.status).toBe(400);
    expect(fields(contradictory.body)).toEqual(['targetDepartmentCode']);
    const territorial = await patch(`${BASE}/noise-night-construction`, { targetType: 'territorial', targetDepartmentCode: null }, admin);
    expect(territorial.status).toBe(200);
    expect(territorial.body).toMatchObject({ targetType: 'territorial', targetDepartmentCode: null, priority: 20 });

    const unknownCategory = await patch(`${BASE}/noise-night-construction`, { categoryCode: 'no_such_thing' }, admin);
    expect(unknownCategory.status).toBe(400);
    expect(fields(unknownCategory.body)).toEqual(['categoryCode']);
    const badPriority = await patch(`${BASE}/noise-night-construction`, { priority: 'high' }, admin);
    expect(fields(badPriority.body)).toContain('priority');
    const noId = await patch(`${BASE}/noise-night-construction`, { id: 'renamed' }, admin);
    expect(noId.status).toBe(400);
    expect(fields(noId.body)).toEqual(['id']);
    const empty = await patch(`${BASE}/noise-night-construction`, {}, admin);
    expect(empty.status).toBe(400);
    expect(fields(empty.body)).toEqual(['body']);

    const missing = await patch(`${BASE}/no-such-rule`, { priority: 1 }, admin);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(missing.body.message).toContain('no such responsibility rule');
    const malformed = await patch(`${BASE}/Bad%20Id`, { priority: 1 }, admin);
    expect(malformed.status).toBe(400);
    expect(fields(malformed.body)).toEqual(['id']);

    const row = await pool.query(`SELECT target_type, target_department_code, priority FROM responsibility_rules WHERE id = 'noise-night-construction'`);
    expect(row.rows).toEqual([{ target_type: 'territorial', target_department_code: null, priority: 20 }]);
  });

  it('deletes softly: the rule is deactivated and returned, and stays listed as inactive', async () => {
    const res = await del(`${BASE}/noise-night-construction`, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'noise-night-construction', active: false });
    expect((await api.get(`${BASE}?active=false`, admin)).body.items.map((r: Rule) => r.id)).toEqual(['noise-night-construction']);
    expect((await del(`${BASE}/noise-night-construction`, admin)).status).toBe(200); // idempotent
    expect((await del(`${BASE}/no-such-rule`, admin)).status).toBe(404);
    const reactivated = await patch(`${BASE}/noise-night-construction`, { active: true }, admin);
    expect(reactivated.body.active).toBe(true);
    expect((await del(`${BASE}/noise-night-construction`, admin)).body.active).toBe(false);
  });

  it('exports every rule, inactive ones too, as UTF-8 CSV with a BOM; re-importing it changes nothing', async () => {
    // An explanation with a comma, quotes and a line break must survive the trip.
    const awkward = '含逗号, "引号"\n和换行';
    expect((await patch(`${BASE}/default-consultation`, { explanation: awkward }, admin)).status).toBe(200);

    const exported = await exportCsv(dispatcher);
    expect(exported.status).toBe(200);
    expect(exported.contentType).toBe('text/csv; charset=utf-8');
    expect([...exported.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = exported.text.slice(1).split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(exported.text).toContain('noise-night-construction,noise,street,territorial,,,20,');
    expect(exported.text).toContain('"含逗号, ""引号""\n和换行"');
    expect(exported.text).toMatch(/\r\n$/);

    const before = await rulesInDb();
    const report = await importCsv(exported.text);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ dryRun: true, valid: true, errors: [], summary: { created: 0, updated: 0, deactivated: 0, unchanged: before.length } });
    expect(report.body.preview).toHaveLength(before.length);
    expect(report.body.preview.every((p: { action: string }) => p.action === 'unchanged')).toBe(true);
    expect(report.body.preview.find((p: { rule: Rule }) => p.rule.id === 'default-consultation').rule.explanation).toBe(awkward);
    // Also in replace mode: the file holds every rule, so nothing is deactivated.
    const replace = await importCsv(exported.text, { mode: 'replace', dryRun: 'false' });
    expect(replace.body).toMatchObject({ dryRun: false, valid: true, summary: { created: 0, updated: 0, deactivated: 0, unchanged: before.length } });
    expect(await rulesInDb()).toEqual(before);
  });

  it('reports each bad row and field, and writes nothing (422 when dryRun=false)', async () => {
    const before = await rulesInDb();
    const csv = [
      HEADER,
      'default-water,water,any,department,utility-water,,5,供水,true', // valid: would be an update
      'default-power,no_such_category,any,department,utility-power,,100,x,true',
      'new-rule,roads,any,department,bureau-urban-management,bureau-urban-management,abc,x,maybe',
      'default-noise,noise,any,territorial,bureau-urban-management,,100,x,true',
      'default-gas_heating,gas_heating,any,department,utility-gas,,100,x',
      'default-roads,roads,any,department,bureau-urban-management,,100,x,true',
      'default-roads,roads,any,department,bureau-urban-management,,100,x,true',
    ].join('\r\n');
    const expected = [
      { row: 2, field: 'categoryCode' },
      { row: 3, field: 'priority' },
      { row: 3, field: 'active' },
      { row: 3, field: 'assistingDepartmentCodes' },
      { row: 4, field: 'targetDepartmentCode' },
      { row: 5, field: 'row' },
      { row: 7, field: 'id' },
    ];

    const dry = await importCsv(csv);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, valid: false });
    expect(dry.body.errors.map((e: { row: number; field: string }) => ({ row: e.row, field: e.field }))).toEqual(expected);
    expect(dry.body.errors[0].message).toBe('分类不存在 / no such category: no_such_category');
    expect(dry.body.preview.find((p: { row: number }) => p.row === 1)).toMatchObject({ action: 'update', rule: { id: 'default-water', priority: 5 } });

    const real = await importCsv(csv, { dryRun: 'false' });
    expect(real.status).toBe(422);
    expect(real.body).toMatchObject({ statusCode: 422, code: 'IMPORT_INVALID', dryRun: false, valid: false });
    expect(real.body.errors.map((e: { row: number; field: string }) => ({ row: e.row, field: e.field }))).toEqual(expected);
    expect(real.body.details[0]).toEqual({ field: 'row 2: categoryCode', message: expect.stringContaining('no such category') });
    expect(await rulesInDb()).toEqual(before);

    const badHeader = await importCsv('id,categoryCode\r\nx,noise', { dryRun: 'false' });
    expect(badHeader.status).toBe(422);
    expect(badHeader.body.errors.every((e: { row: number }) => e.row === 0)).toBe(true);
    expect(badHeader.body.errors.map((e: { field: string }) => e.field)).toContain('targetType');
    const unclosed = await importCsv(`${HEADER}\r\nx,noise,any,territorial,,,1,"oops,true\r\n`);
    expect(unclosed.body.errors).toEqual([{ row: 1, field: 'csv', message: expect.stringContaining('unterminated') }]);
    expect(await rulesInDb()).toEqual(before);
  });

  it('answers 400 naming the field when the body or query itself is malformed', async () => {
    const cases: [unknown, string][] = [
      [{}, 'csv'],
      [{ csv: 42 }, 'csv'],
      [{ csv: HEADER, mode: 'overwrite' }, 'mode'],
      [{ csv: HEADER, extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post(`${BASE}/import`, body, admin);
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain(field);
    }
    const query = await api.post(`${BASE}/import?dryRun=yes`, { csv: HEADER }, admin);
    expect(query.status).toBe(400);
    expect(fields(query.body)).toEqual(['dryRun']);
    const notJson = await api.request('POST', `${BASE}/import`, { token: admin, rawBody: HEADER, headers: { 'content-type': 'text/csv' } });
    expect(notJson.status).toBe(415);
  });

  it('applies a valid merge import in one go: creates, updates, leaves the rest', async () => {
    const csv = [
      HEADER,
      'default-water,water,any,department,utility-water,bureau-urban-management,100,供水 (导入),true',
      'import-noise-market,noise,street,department,bureau-market,bureau-urban-management|bureau-ecology,50,商铺音响由市场监管主办,TRUE',
      ',pollution,district,territorial,,,300,无编号的新规则,false',
    ].join('\n');
    const dry = await importCsv(csv, { dryRun: 'true' });
    expect(dry.body).toMatchObject({ dryRun: true, valid: true, summary: { created: 2, updated: 1, deactivated: 0, unchanged: 0 } });
    expect((await pool.query(`SELECT 1 FROM responsibility_rules WHERE id = 'import-noise-market'`)).rowCount).toBe(0);

    const res = await importCsv(csv, { dryRun: 'false' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, valid: true, errors: [], summary: { created: 2, updated: 1, deactivated: 0, unchanged: 0 } });
    expect(res.body.preview.map((p: { row: number; action: string }) => [p.row, p.action])).toEqual([[1, 'update'], [2, 'create'], [3, 'create']]);
    const generatedId = res.body.preview[2].rule.id;
    expect(generatedId).toMatch(/^rule-[0-9a-f]{8}$/);

    const water = (await api.get(`${BASE}?categoryCode=water`, admin)).body.items[0];
    expect(water).toMatchObject({ id: 'default-water', assistingDepartmentCodes: ['bureau-urban-management'], explanation: '供水 (导入)' });
    const noise = (await api.get(`${BASE}?categoryCode=noise&active=true`, admin)).body.items;
    expect(noise.map((r: Rule) => r.id)).toEqual(['import-noise-market', 'default-noise']);
    expect(noise[0]).toMatchObject({ assistingDepartmentCodes: ['bureau-urban-management', 'bureau-ecology'], priority: 50, active: true });
    const generated = await pool.query(`SELECT category_code, active FROM responsibility_rules WHERE id = $1`, [generatedId]);
    expect(generated.rows).toEqual([{ category_code: 'pollution', active: false }]);
    // Rules not in the file are untouched in merge mode.
    expect((await api.get(`${BASE}?active=true`, admin)).body.total).toBe(23);
  });

  it('replace mode deactivates every active rule missing from the file; re-importing the export restores them', async () => {
    const original = (await exportCsv()).text;
    const activeBefore: number = (await api.get(`${BASE}?active=true`, admin)).body.total;
    const csv = [HEADER, 'default-noise,noise,any,territorial,,,100,只保留噪声,true', 'default-water,water,any,department,utility-water,,100,只保留供水,true'].join('\r\n');

    const dry = await importCsv(csv, { mode: 'replace' });
    expect(dry.body).toMatchObject({ dryRun: true, valid: true, summary: { created: 0, updated: 2, deactivated: activeBefore - 2, unchanged: 0 } });
    const deactivations = dry.body.preview.filter((p: { action: string }) => p.action === 'deactivate');
    expect(deactivations.every((p: { row: number | null; rule: Rule }) => p.row === null && p.rule.active === false)).toBe(true);
    expect((await api.get(`${BASE}?active=true`, admin)).body.total).toBe(activeBefore);

    const empty = await importCsv(HEADER, { mode: 'replace', dryRun: 'false' });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ row: 0, field: 'csv', message: expect.stringContaining('replace mode') }]);

    const res = await importCsv(csv, { mode: 'replace', dryRun: 'false' });
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ created: 0, updated: 2, deactivated: activeBefore - 2, unchanged: 0 });
    const active = await api.get(`${BASE}?active=true`, admin);
    expect(active.body.items.map((r: Rule) => r.id).sort()).toEqual(['default-noise', 'default-water']);

    // Restore through the API: the earlier export holds every rule with its old state.
    const restore = await importCsv(original, { dryRun: 'false' });
    expect(restore.status).toBe(200);
    expect(restore.body.summary).toMatchObject({ created: 0, updated: activeBefore, deactivated: 0 });
    expect((await api.get(`${BASE}?active=true`, admin)).body.total).toBe(activeBefore);
  });
});
