import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { ClassifierStore, KEEP_VERSIONS, createDataSource } from '@hotline/persistence';
import { ApiHarness, WorkerProcess, db, noiseCase, waitFor } from '../support/harness.js';

/**
 * The routing-intelligence endpoints through HTTP on the real API, a real worker, Postgres and Redis:
 * POST /classify (contract shape and bad input), classifier model admin (list, retrain on the worker,
 * activate/rollback), the category catalogue and the cascading regions API.
 */
describe('routing endpoints', () => {
  let api: ApiHarness;
  let worker: WorkerProcess;
  let pool: pg.Pool;
  let operator: string;
  let dispatcher: string;
  let supervisor: string;
  let admin: string;
  let handler: string;
  /** The model active before this suite; put back afterwards (other suites classify with it). */
  let originalActive: number;

  const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);
  /** Each field at fault once (one field may break several rules). */
  const fieldSet = (body: { details?: { field: string }[] }) => [...new Set(fields(body))];
  const patch = (path: string, body: unknown, token: string) => api.request('PATCH', path, { token, body });

  beforeAll(async () => {
    api = await ApiHarness.start();
    worker = await WorkerProcess.start();
    pool = await db();
    operator = await api.login('operator1');
    dispatcher = await api.login('dispatcher1');
    supervisor = await api.login('supervisor1');
    admin = await api.login('admin');
    handler = await api.login('handler.street-330106005');
    originalActive = (await pool.query(`SELECT version FROM classifier_models WHERE active`)).rows[0].version;
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    if (pool) {
      if (originalActive !== undefined) {
        await pool.query(`UPDATE classifier_models SET active = false WHERE active AND version <> $1`, [originalActive]);
        await pool.query(`UPDATE classifier_models SET active = true WHERE version = $1`, [originalActive]);
      }
      await pool.query(`DELETE FROM categories WHERE code LIKE 'zz\\_%' AND parent_code IS NOT NULL`);
      await pool.query(`DELETE FROM categories WHERE code LIKE 'zz\\_%'`);
    }
    await api?.stop();
    await pool?.end();
  });

  // ---------------------------------------------------------------------------------------------
  describe('POST /classify', () => {
    const named = { code: expect.any(String), name: expect.any(String), confidence: expect.any(Number) };

    it('answers in the contract shape: category, alternatives, urgency, region, department, evidence', async () => {
      const res = await api.post('/classify', { content: '楼下商铺每天晚上十一点后还开着音响，噪音很大，影响休息。', address: '杭州市西湖区翠苑街道翠苑一区' }, operator);
      expect(res.status).toBe(200);
      const b = res.body;
      expect(b).toMatchObject({
        category: { ...named, code: 'noise', name: '噪声扰民' },
        alternatives: expect.any(Array),
        urgency: expect.stringMatching(/^(immediate|urgent|normal)$/),
        region: { districtCode: '330106', districtName: '西湖区', streetCode: '330106005', streetName: '翠苑街道' },
        department: { code: 'street-330106005', name: expect.stringContaining('翠苑街道') },
        evidence: expect.any(Array),
      });
      expect(b.category.confidence).toBeGreaterThan(0);
      expect(b.category.confidence).toBeLessThanOrEqual(1);
      expect(b.evidence.length).toBeGreaterThan(0);
      for (const e of b.evidence) expect(typeof e).toBe('string');
      for (const alt of b.alternatives) {
        expect(alt).toEqual(expect.objectContaining(named));
        expect(alt.code).not.toBe('noise');
        expect(alt.confidence).toBeLessThanOrEqual(b.category.confidence);
      }
      const confidences = b.alternatives.map((a: { confidence: number }) => a.confidence);
      expect(confidences).toEqual([...confidences].sort((x, y) => y - x));
      // Read-only, and the same model the list says is active.
      const active = (await api.get('/admin/classifier/models', admin)).body.find((m: { active: boolean }) => m.active);
      expect(b.model.version).toBe(active.version);
    });

    it('gives region null without a place, and the owner department of a non-territorial category', async () => {
      const res = await api.post('/classify', { content: '家里自来水停水两天了，也没有接到任何停水通知。' }, dispatcher);
      expect(res.status).toBe(200);
      expect(res.body.category.code).toBe('water');
      expect(res.body.region).toBeNull();
      expect(res.body.department).toEqual({ code: 'utility-water', name: expect.stringContaining('水务集团') });
      // A territorial matter with no place: no department can be named.
      const noPlace = await api.post('/classify', { content: '楼上邻居每天半夜跳广场舞，噪音扰民严重。' }, supervisor);
      expect(noPlace.status).toBe(200);
      expect(noPlace.body.category.code).toBe('noise');
      expect(noPlace.body.region).toBeNull();
      expect(noPlace.body.department).toBeNull();
    });

    it('is for the hotline centre and supervision: 401 without a token, 403 for departments', async () => {
      expect((await api.post('/classify', { content: '路灯不亮' })).status).toBe(401);
      expect((await api.post('/classify', { content: '路灯不亮' }, handler)).status).toBe(403);
    });

    it('rejects bad input with 400 naming the field, never a 500', async () => {
      const cases: [string, unknown, string][] = [
        ['missing content', {}, 'content'],
        ['empty content', { content: '' }, 'content'],
        ['blank content', { content: ' \n\t ' }, 'content'],
        ['content too long', { content: '噪'.repeat(5001) }, 'content'],
        ['content a number', { content: 12345 }, 'content'],
        ['content an array', { content: ['噪音'] }, 'content'],
        ['content an object', { content: { text: '噪音' } }, 'content'],
        ['control character', { content: '噪音\u0000扰民' }, 'content'],
        ['address a number', { content: '噪音扰民', address: 330106 }, 'address'],
        ['address too long', { content: '噪音扰民', address: '杭'.repeat(501) }, 'address'],
        ['unknown field', { content: '噪音扰民', categoryCode: 'noise' }, 'categoryCode'],
      ];
      for (const [label, body, field] of cases) {
        const res = await api.post('/classify', body, operator);
        expect({ label, status: res.status }).toEqual({ label, status: 400 });
        expect({ label, fields: fields(res.body) }).toEqual({ label, fields: expect.arrayContaining([field]) });
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      }
      // Exactly the field at fault, nothing else, for a single problem.
      expect(fields((await api.post('/classify', { content: '噪'.repeat(5001) }, operator)).body)).toEqual(['content']);
      // 5,000 characters is still fine.
      expect((await api.post('/classify', { content: '噪音扰民'.repeat(1250) }, operator)).status).toBe(200);

      const arrayBody = await api.post('/classify', ['噪音扰民'], operator);
      expect(arrayBody.status).toBe(400);
      expect(fields(arrayBody.body)).toEqual(['body']);
      const notJson = await api.request('POST', '/classify', { token: operator, rawBody: '{"content": "噪音', headers: { 'content-type': 'application/json' } });
      expect(notJson.status).toBe(400);
      expect(fields(notJson.body)).toEqual(['body']);
      // Beyond the body limit (64 KiB): 413, still in the contract's shape.
      const huge = await api.post('/classify', { content: '噪'.repeat(30_000) }, operator);
      expect(huge.status).toBe(413);
      expect(fields(huge.body)).toEqual(['body']);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('classifier models (admin)', () => {
    interface Model { version: number; modelId: string; createdAt: string; active: boolean; trainedOn: { corpus: number; feedback: number } }
    const models = async (): Promise<Model[]> => (await api.get('/admin/classifier/models', admin)).body;
    const activeInDb = async () => (await pool.query(`SELECT version FROM classifier_models WHERE active`)).rows.map((r) => r.version);
    const versions = async (): Promise<number[]> => (await pool.query(`SELECT version FROM classifier_models ORDER BY version DESC`)).rows.map((r) => r.version);

    it('lists model versions to admins, dispatchers and supervisors only', async () => {
      const res = await api.get('/admin/classifier/models', admin);
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThanOrEqual(1);
      expect(res.body[0]).toEqual({
        version: expect.any(Number),
        modelId: expect.any(String),
        createdAt: expect.any(String),
        active: expect.any(Boolean),
        trainedOn: { corpus: expect.any(Number), feedback: expect.any(Number) },
      });
      expect(res.body.filter((m: Model) => m.active).map((m: Model) => m.version)).toEqual(await activeInDb());
      const versions = res.body.map((m: Model) => m.version);
      expect(versions).toEqual([...versions].sort((a: number, b: number) => b - a));
      expect((await api.get('/admin/classifier/models', dispatcher)).status).toBe(200);
      expect((await api.get('/admin/classifier/models', supervisor)).status).toBe(200);
      expect((await api.get('/admin/classifier/models', operator)).status).toBe(403);
      expect((await api.get('/admin/classifier/models', handler)).status).toBe(403);
    });

    it('retrains on the worker (202, then a new active version learned from operator feedback); rollback by activation', async () => {
      // An operator's correction becomes a labelled example for the next retrain.
      const created = await api.post('/cases', noiseCase({ content: '小区门口的共享单车乱停乱放，堵住了消防通道。', petitioner: { phone: '13755550001' }, categoryCode: undefined, regionCode: undefined, address: undefined }), operator);
      expect(created.status).toBe(201);
      await waitFor(async () => (await api.get(`/cases/${created.body.id}`, operator)).body.status !== 'registered', 15_000, 'routing');
      expect((await api.post(`/cases/${created.body.id}/category`, { categoryCode: 'traffic' }, operator)).status).toBe(200);
      const feedback = (await pool.query(`SELECT count(*)::int AS n FROM classification_feedback`)).rows[0].n;
      expect(feedback).toBeGreaterThanOrEqual(1);

      const before = await models();
      const previous = before.find((m) => m.active)!;
      expect((await api.post('/admin/classifier/retrain', {}, dispatcher)).status).toBe(403);
      expect((await api.post('/admin/classifier/retrain', {}, supervisor)).status).toBe(403);
      const queued = await api.post('/admin/classifier/retrain', {}, admin);
      expect(queued.status).toBe(202);
      expect(queued.body).toEqual({ status: 'queued', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const outbox = (await pool.query(`SELECT job_name, payload FROM outbox WHERE payload->>'requestId' = $1`, [queued.body.requestId])).rows;
      expect(outbox).toHaveLength(1);
      expect(outbox[0].job_name).toBe('retrain-classifier');

      // The worker trains (a few seconds) and activates the new version.
      const fresh = await waitFor(async () => (await models()).find((m) => m.version > previous.version) ?? null, 100_000, 'retrained model');
      expect(fresh).toMatchObject({ active: true, trainedOn: { corpus: previous.trainedOn.corpus, feedback } });
      expect(await activeInDb()).toEqual([fresh.version]);
      const adminId = (await pool.query(`SELECT id FROM users WHERE username = 'admin'`)).rows[0].id;
      expect((await pool.query(`SELECT created_by FROM classifier_models WHERE version = $1`, [fresh.version])).rows[0].created_by).toBe(adminId);

      // Rollback: the previous version becomes the only active one, and the API classifies with it at once.
      expect((await api.post(`/admin/classifier/models/${previous.version}/activate`, {}, dispatcher)).status).toBe(403);
      const rolledBack = await api.post(`/admin/classifier/models/${previous.version}/activate`, {}, admin);
      expect(rolledBack.status).toBe(200);
      expect(rolledBack.body).toEqual({ active: previous.version });
      expect(await activeInDb()).toEqual([previous.version]);
      expect((await models()).filter((m) => m.active).map((m) => m.version)).toEqual([previous.version]);
      expect((await api.post('/classify', { content: '路灯坏了' }, operator)).body.model.version).toBe(previous.version);
      // And forward again.
      expect((await api.post(`/admin/classifier/models/${fresh.version}/activate`, {}, admin)).status).toBe(200);
      expect(await activeInDb()).toEqual([fresh.version]);
      expect((await api.post('/classify', { content: '路灯坏了' }, operator)).body.model.version).toBe(fresh.version);

      // Two admins activating different versions at once: never a 500, always exactly one active.
      for (let round = 0; round < 5; round++) {
        const [x, y] = await Promise.all([
          api.post(`/admin/classifier/models/${previous.version}/activate`, {}, admin),
          api.post(`/admin/classifier/models/${fresh.version}/activate`, {}, admin),
        ]);
        expect([x.status, y.status]).toEqual([200, 200]);
        expect(await activeInDb()).toHaveLength(1);
      }
      // Training takes a few seconds in plain Node, longer on a busy machine.
    }, 150_000);

    it('rejects a bad or unknown version', async () => {
      const bad = await api.post('/admin/classifier/models/latest/activate', {}, admin);
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['version']);
      const before = await activeInDb();
      expect((await api.post('/admin/classifier/models/999999/activate', {}, admin)).status).toBe(404);
      expect(await activeInDb()).toEqual(before);
    });

    it('keeps the newest versions and the active one when old versions are pruned', async () => {
      // Weeks of nightly retrains after a rollback: the active model is older than all the others.
      expect((await api.post(`/admin/classifier/models/${originalActive}/activate`, {}, admin)).status).toBe(200);
      const ds = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 1 });
      await ds.initialize();
      try {
        await pool.query(
          `INSERT INTO classifier_models (model_id, active, trained_on, model)
           SELECT 'stand-in', false, '{"corpus":0,"feedback":0}', '{"format":3}' FROM generate_series(1, $1::int)`,
          [KEEP_VERSIONS + 6],
        );
        // The newest of all is of an older format: it cannot be activated, so it does not count.
        await pool.query(`INSERT INTO classifier_models (model_id, active, trained_on, model) VALUES ('stand-in', false, '{"corpus":0,"feedback":0}', '{"format":2}')`);
        const before = await versions();
        const store = new ClassifierStore(ds);
        const deleted = await store.prune();
        const after = await versions();
        expect(after).toEqual([...before.slice(1, 1 + KEEP_VERSIONS), originalActive]);
        expect(deleted).toBe(before.length - after.length);
        expect(deleted).toBeGreaterThanOrEqual(6);
        expect(await activeInDb()).toEqual([originalActive]);
        expect(await store.prune()).toBe(0);
        expect((await api.post('/classify', { content: '路灯坏了' }, operator)).body.model.version).toBe(originalActive);
      } finally {
        await pool.query(`DELETE FROM classifier_models WHERE model_id = 'stand-in'`);
        await ds.destroy();
      }
    });

    it('prunes after a retrain on the worker: the newest versions stay, the new one active', async () => {
      await pool.query(
        `INSERT INTO classifier_models (model_id, active, trained_on, model)
         SELECT 'stand-in', false, '{"corpus":0,"feedback":0}', '{"format":3}' FROM generate_series(1, $1::int)`,
        [KEEP_VERSIONS + 3],
      );
      try {
        const before = await versions();
        expect((await api.post('/admin/classifier/retrain', {}, admin)).status).toBe(202);
        // The new version and the pruning are one transaction: once it is listed, pruning is done.
        const fresh = await waitFor(async () => (await models()).find((m) => m.version > before[0]) ?? null, 100_000, 'retrained model');
        expect(await versions()).toEqual([fresh.version, ...before.slice(0, KEEP_VERSIONS - 1)]);
        expect(await activeInDb()).toEqual([fresh.version]);
        // The version this suite started with is gone now: leave the new one active at the end.
        originalActive = fresh.version;
      } finally {
        await pool.query(`DELETE FROM classifier_models WHERE model_id = 'stand-in' AND NOT active`);
      }
    }, 150_000);
  });

  // ---------------------------------------------------------------------------------------------
  describe('category catalogue', () => {
    it('lists the 22 default categories to any signed-in user', async () => {
      expect((await api.get('/categories')).status).toBe(401);
      const res = await api.get('/categories', handler);
      expect(res.status).toBe(200);
      const defaults = res.body.filter((c: { code: string }) => !c.code.startsWith('zz_'));
      expect(defaults).toHaveLength(22);
      expect(res.body.find((c: { code: string }) => c.code === 'noise')).toEqual({
        code: 'noise', parentCode: null, name: '噪声扰民', nameEn: 'Noise nuisance', territorial: true, ownerDepartmentCode: null, active: true,
      });
      expect(res.body.find((c: { code: string }) => c.code === 'integrity')).toMatchObject({ ownerDepartmentCode: 'discipline', territorial: false });
    });

    it('creates, validates and updates categories (admin only); codes never change', async () => {
      const body = { code: 'zz_pets', nameZh: '宠物管理', nameEn: 'Pets', ownerDepartmentCode: 'bureau-urban-management' };
      expect((await api.post('/admin/categories', body, dispatcher)).status).toBe(403);
      const created = await api.post('/admin/categories', body, admin);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ code: 'zz_pets', parentCode: null, name: '宠物管理', nameEn: 'Pets', territorial: false, ownerDepartmentCode: 'bureau-urban-management', active: true });
      const row = (await pool.query(`SELECT name_zh, owner_department_code, territorial, active FROM categories WHERE code = 'zz_pets'`)).rows[0];
      expect(row).toEqual({ name_zh: '宠物管理', owner_department_code: 'bureau-urban-management', territorial: false, active: true });
      expect((await api.get('/categories', operator)).body.map((c: { code: string }) => c.code)).toContain('zz_pets');

      const dup = await api.post('/admin/categories', { ...body, nameZh: '另一个' }, admin);
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('CATEGORY_EXISTS');
      expect((await api.post('/admin/categories', { ...body, code: 'noise' }, admin)).status).toBe(409);

      const child = await api.post('/admin/categories', { code: 'zz_dogs', parentCode: 'zz_pets', nameZh: '犬只管理', nameEn: 'Dogs', territorial: true }, admin);
      expect(child.status).toBe(201);
      expect(child.body).toMatchObject({ parentCode: 'zz_pets', territorial: true, ownerDepartmentCode: null });

      const invalid: [string, Record<string, unknown>, string][] = [
        ['bad code', { ...body, code: 'Pets!' }, 'code'],
        ['code too short', { ...body, code: 'z' }, 'code'],
        ['missing nameZh', { code: 'zz_a', nameEn: 'A' }, 'nameZh'],
        ['blank nameEn', { code: 'zz_a', nameZh: '甲', nameEn: '  ' }, 'nameEn'],
        ['unknown parent', { code: 'zz_a', nameZh: '甲', nameEn: 'A', parentCode: 'zz_nothing' }, 'parentCode'],
        ['unknown owner', { code: 'zz_a', nameZh: '甲', nameEn: 'A', ownerDepartmentCode: 'bureau-nothing' }, 'ownerDepartmentCode'],
        ['territorial not boolean', { code: 'zz_a', nameZh: '甲', nameEn: 'A', territorial: 'yes' }, 'territorial'],
        ['unknown field', { code: 'zz_a', nameZh: '甲', nameEn: 'A', priority: 1 }, 'priority'],
      ];
      for (const [label, b, field] of invalid) {
        const res = await api.post('/admin/categories', b, admin);
        expect({ label, status: res.status }).toEqual({ label, status: 400 });
        expect({ label, fields: fieldSet(res.body) }).toEqual({ label, fields: [field] });
      }
      expect((await pool.query(`SELECT count(*)::int AS n FROM categories WHERE code = 'zz_a'`)).rows[0].n).toBe(0);

      // Update: names, owner, deactivate. The code itself cannot be changed.
      expect((await patch('/admin/categories/zz_pets', { nameZh: '宠物饲养' }, dispatcher)).status).toBe(403);
      const updated = await patch('/admin/categories/zz_pets', { nameZh: '宠物饲养管理', ownerDepartmentCode: 'bureau-public-security', active: false }, admin);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ code: 'zz_pets', name: '宠物饲养管理', nameEn: 'Pets', ownerDepartmentCode: 'bureau-public-security', active: false });
      expect((await pool.query(`SELECT name_zh, owner_department_code, active FROM categories WHERE code = 'zz_pets'`)).rows[0]).toEqual({
        name_zh: '宠物饲养管理', owner_department_code: 'bureau-public-security', active: false,
      });
      expect((await api.get('/categories', handler)).body.find((c: { code: string }) => c.code === 'zz_pets').active).toBe(false);
      const rename = await patch('/admin/categories/zz_pets', { code: 'zz_animals' }, admin);
      expect(rename.status).toBe(400);
      expect(fields(rename.body)).toEqual(['code']);
      const badOwner = await patch('/admin/categories/zz_pets', { ownerDepartmentCode: 'bureau-nothing' }, admin);
      expect(badOwner.status).toBe(400);
      expect(fields(badOwner.body)).toEqual(['ownerDepartmentCode']);
      const badActive = await patch('/admin/categories/zz_pets', { active: 'no' }, admin);
      expect(badActive.status).toBe(400);
      expect(fields(badActive.body)).toEqual(['active']);
      expect((await patch('/admin/categories/zz_nothing', { nameZh: '无' }, admin)).status).toBe(404);
      // The refused patches changed nothing.
      expect((await pool.query(`SELECT code, owner_department_code, active FROM categories WHERE code LIKE 'zz\\_%' ORDER BY code`)).rows).toEqual([
        { code: 'zz_dogs', owner_department_code: null, active: true },
        { code: 'zz_pets', owner_department_code: 'bureau-public-security', active: false },
      ]);

      // A deactivated category can no longer be given to a case.
      const c = await api.post('/cases', noiseCase({ petitioner: { phone: '13755550002' } }), operator);
      await waitFor(async () => (await api.get(`/cases/${c.body.id}`, operator)).body.status !== 'registered', 15_000, 'routing');
      const inactive = await api.post(`/cases/${c.body.id}/category`, { categoryCode: 'zz_pets' }, operator);
      expect(inactive.status).toBe(400);
      expect(fields(inactive.body)).toEqual(['categoryCode']);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('regions (cascading pickers)', () => {
    it('lists the 13 districts of 杭州, then streets, then communities', async () => {
      const districts = await api.get('/regions', handler);
      expect(districts.status).toBe(200);
      expect(districts.body).toHaveLength(13);
      for (const d of districts.body) expect(d).toEqual({ code: expect.stringMatching(/^3301\d\d$/), name: expect.any(String), level: 'district', parentCode: null, childCount: expect.any(Number) });
      const xihu = districts.body.find((d: { code: string }) => d.code === '330106');
      expect(xihu).toMatchObject({ name: '西湖区', childCount: 12 });
      const codes = districts.body.map((d: { code: string }) => d.code);
      expect(codes).toEqual([...codes].sort());
      const streetsInDb = (await pool.query(`SELECT count(*)::int AS n FROM regions WHERE level = 'street'`)).rows[0].n;
      expect(districts.body.reduce((sum: number, d: { childCount: number }) => sum + d.childCount, 0)).toBe(streetsInDb);

      const streets = await api.get('/regions/330106/children', operator);
      expect(streets.status).toBe(200);
      expect(streets.body).toHaveLength(12);
      expect(streets.body.every((s: { level: string; parentCode: string }) => s.level === 'street' && s.parentCode === '330106')).toBe(true);
      const cuiyuan = streets.body.find((s: { code: string }) => s.code === '330106005');
      expect(cuiyuan).toMatchObject({ name: '翠苑街道', level: 'street', parentCode: '330106' });
      expect(cuiyuan.childCount).toBeGreaterThan(0);

      const communities = await api.get('/regions/330106005/children', handler);
      expect(communities.status).toBe(200);
      expect(communities.body).toHaveLength(cuiyuan.childCount);
      expect(communities.body.every((c: { level: string; parentCode: string; childCount: number }) => c.level === 'community' && c.parentCode === '330106005' && c.childCount === 0)).toBe(true);
      expect(communities.body.find((c: { code: string }) => c.code === '330106005001')).toMatchObject({ name: '宋江苑社区' });

      // A community has no children, and knows its parents.
      const leaf = await api.get('/regions/330106005001/children', handler);
      expect(leaf.status).toBe(200);
      expect(leaf.body).toEqual([]);
      const one = await api.get('/regions/330106005001', handler);
      expect(one.status).toBe(200);
      expect(one.body).toEqual({
        code: '330106005001',
        name: '宋江苑社区',
        level: 'community',
        parentCode: '330106005',
        ancestors: [
          { code: '330106005', name: '翠苑街道', level: 'street' },
          { code: '330106', name: '西湖区', level: 'district' },
        ],
      });
      expect((await api.get('/regions/330106', handler)).body).toMatchObject({ name: '西湖区', level: 'district', parentCode: null, ancestors: [] });
    });

    it('answers 400 naming the code for a malformed code, 404 for one not in this city, 401 without a token', async () => {
      for (const bad of ['abc', '3301', '33010', '3301060', '33010600', '3301060051', '33010600500x', '1234567890123']) {
        for (const path of [`/regions/${bad}`, `/regions/${bad}/children`]) {
          const res = await api.get(path, handler);
          expect({ path, status: res.status }).toEqual({ path, status: 400 });
          expect(fields(res.body)).toEqual(['code']);
        }
      }
      for (const unknown of ['999999', '110101', '330106999', '330106005999']) {
        expect((await api.get(`/regions/${unknown}`, handler)).status).toBe(404);
        expect((await api.get(`/regions/${unknown}/children`, handler)).status).toBe(404);
      }
      expect((await api.get('/regions')).status).toBe(401);
      expect((await api.get('/regions/330106/children')).status).toBe(401);
    });
  });
});
