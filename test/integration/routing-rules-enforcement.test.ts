import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { ApiHarness, DEMO_PASSWORD, WorkerProcess, db, noiseCase, waitFor } from '../support/harness.js';

/**
 * The rules of domain.md §5 that routing and department work must enforce, end to end on the real
 * API, a real worker process, Postgres and Redis: AB岗, 协办 gating, 并单 (repeats and merge) and
 * confidentiality of accusations. Each part uses its own streets/departments and phone numbers, so it
 * does not depend on cases other suites leave in the shared database.
 */
describe('routing rules enforcement', () => {
  let api: ApiHarness;
  let worker: WorkerProcess;
  let pool: pg.Pool;
  let operator: string;
  let dispatcher: string;
  let admin: string;

  /** The rule this suite adds (before the worker starts, so the worker's rule cache has it). */
  const ASSIST_RULE = 'test-assist-pollution';

  const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);
  const ids = (body: { items: { id: string }[] }) => body.items.map((c) => c.id);

  async function login(username: string): Promise<{ token: string; id: string; departmentId: string | null }> {
    const res = await api.post('/auth/login', { username, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    return { token: res.body.accessToken, id: res.body.user.id, departmentId: res.body.user.departmentId };
  }

  async function deptId(code: string): Promise<string> {
    const rows = (await pool.query(`SELECT id FROM departments WHERE code = $1`, [code])).rows;
    expect(rows).toHaveLength(1);
    return rows[0].id;
  }

  /** Registers a case and waits until the worker has routed it (dispatched or pending_dispatch). */
  async function routedCase(body: Record<string, unknown>): Promise<any> {
    const created = await api.post('/cases', body, operator);
    expect(created.status).toBe(201);
    return waitFor(async () => {
      const res = await api.get(`/cases/${created.body.id}`, operator);
      return res.body.status !== 'registered' ? { ...res.body, trackingCode: created.body.trackingCode } : null;
    }, 15_000, `routing of ${created.body.id}`);
  }

  async function activeAssignments(caseId: string): Promise<{ code: string; role: string }[]> {
    return (
      await pool.query(
        `SELECT d.code, a.role FROM case_assignments a JOIN departments d ON d.id = a.department_id
         WHERE a.case_id = $1 AND a.active ORDER BY a.role, d.code`,
        [caseId],
      )
    ).rows;
  }

  async function eventTypes(caseId: string): Promise<string[]> {
    return (await pool.query(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY id`, [caseId])).rows.map((r) => r.type);
  }

  beforeAll(async () => {
    api = await ApiHarness.start();
    pool = await db();
    operator = await api.login('operator1');
    dispatcher = await api.login('dispatcher1');
    admin = await api.login('admin');
    // 协办 by rule: pollution → 生态环境局 leads, 城市管理局 and 卫健委 assist.
    const rule = await api.post(
      '/admin/responsibility-rules',
      {
        id: ASSIST_RULE,
        categoryCode: 'pollution',
        regionLevel: 'any',
        targetType: 'department',
        targetDepartmentCode: 'bureau-ecology',
        assistingDepartmentCodes: ['bureau-urban-management', 'bureau-health'],
        priority: 10,
        explanation: 'test: 油烟扰民由生态环境局主办，城管、卫健协办',
      },
      admin,
    );
    expect(rule.status).toBe(201);
    worker = await WorkerProcess.start();
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    if (pool) {
      // Shared database: leave the rules and the people as other suites expect them.
      await pool.query(`DELETE FROM responsibility_rules WHERE id = $1`, [ASSIST_RULE]);
      await pool.query(`UPDATE users SET absent = false WHERE absent`);
      await pool.query(
        `UPDATE users h SET backup_user_id = b.id FROM users b
         WHERE h.username = 'handler.street-330102004' AND b.username = 'head.street-330102004'`,
      );
      await pool.query(`UPDATE users SET backup_user_id = NULL WHERE username = 'head.street-330102004'`);
    }
    await api?.stop();
    await pool?.end();
  });

  // ---------------------------------------------------------------------------------------------
  describe('AB岗 (A/B posts)', () => {
    const DEPT = 'street-330102004'; // 上城区小营街道: used by no other suite
    const xiaoying = (content: string, phone: string) =>
      noiseCase({ content, petitioner: { name: '李四', phone }, address: '杭州市上城区小营街道', regionCode: '330102004' });

    async function assignee(caseId: string): Promise<{ assignee: string | null; original: string | null }> {
      const r = (await pool.query(`SELECT assignee_user_id AS assignee, original_assignee_id AS original FROM cases WHERE id = $1`, [caseId])).rows[0];
      return r;
    }

    it("moves A's open cases and the cover notice to B while A is absent, and back when A returns", async () => {
      const a = await login(`handler.${DEPT}`);
      const b = await login(`head.${DEPT}`);
      const me = await api.get('/users/me', a.token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: a.id, absent: false, backup: { id: b.id, username: `head.${DEPT}`, absent: false } });

      const c1 = await routedCase(xiaoying('小营街道菜市场旁的歌厅每晚十二点后还在唱歌，吵得无法入睡。', '13711110001'));
      const c2 = await routedCase(xiaoying('小营街道某工地夜间十一点后还在打桩施工，噪声很大。', '13711110002'));
      const c3 = await routedCase(xiaoying('小营街道一楼商铺门口音箱整天放促销广告，非常吵。', '13711110003'));
      for (const c of [c1, c2, c3]) expect(c).toMatchObject({ status: 'dispatched', leadDepartment: { code: DEPT } });
      for (const c of [c1, c2]) expect((await api.post(`/cases/${c.id}/sign`, {}, a.token)).status).toBe(200);
      expect(await assignee(c1.id)).toEqual({ assignee: a.id, original: null });

      // A goes on leave: both signed cases move to B (c3 is nobody's yet and stays untouched).
      const away = await api.post(`/users/${a.id}/absence`, { absent: true }, a.token);
      expect(away.status).toBe(200);
      expect(away.body).toEqual({ userId: a.id, absent: true, casesMoved: 2 });
      expect((await pool.query(`SELECT absent FROM users WHERE id = $1`, [a.id])).rows[0].absent).toBe(true);
      for (const c of [c1, c2]) {
        expect(await assignee(c.id)).toEqual({ assignee: b.id, original: a.id });
        const moved = (await pool.query(`SELECT data FROM case_events WHERE case_id = $1 AND type = 'assignee_changed' ORDER BY id`, [c.id])).rows;
        expect(moved.map((e) => e.data)).toEqual([{ from: a.id, to: b.id, reason: 'ab_post_absent' }]);
      }
      expect(await assignee(c3.id)).toEqual({ assignee: null, original: null });
      expect((await api.get(`/cases/${c1.id}`, b.token)).body.assigneeUserId).toBe(b.id);

      // B's work queue has them, A's does not.
      const bQueue = await api.get('/cases?assignee=me&pageSize=100', b.token);
      expect(ids(bQueue.body)).toEqual(expect.arrayContaining([c1.id, c2.id]));
      expect(ids((await api.get('/cases?assignee=me&pageSize=100', a.token)).body)).not.toContain(c1.id);

      // The cover notice is B's, personally; A does not get it.
      const bNotes = (await api.get('/notifications', b.token)).body.items.filter((n: { type: string }) => n.type === 'ab_post_cover');
      expect(bNotes).toHaveLength(1);
      expect(bNotes[0]).toMatchObject({ personal: true, data: { for: a.id } });
      expect([...bNotes[0].data.cases].sort()).toEqual([c1.id, c2.id].sort());
      const aNotes = (await api.get('/notifications', a.token)).body.items.filter((n: { type: string }) => n.type === 'ab_post_cover');
      expect(aNotes).toHaveLength(0);
      // Only B can mark it read; to anyone else it does not exist.
      expect((await api.post(`/notifications/${bNotes[0].id}/read`, {}, a.token)).status).toBe(404);
      expect((await pool.query(`SELECT read_at FROM notifications WHERE id = $1`, [bNotes[0].id])).rows[0].read_at).toBeNull();
      const read = await api.post(`/notifications/${bNotes[0].id}/read`, {}, b.token);
      expect(read.status).toBe(200);
      expect((await pool.query(`SELECT read_at FROM notifications WHERE id = $1`, [bNotes[0].id])).rows[0].read_at).not.toBeNull();
      expect((await api.get('/notifications?unread=true', b.token)).body.items.map((n: { id: string }) => n.id)).not.toContain(bNotes[0].id);

      // While covering, B signs the case nobody had yet: that one is B's own and stays with B.
      expect((await api.post(`/cases/${c3.id}/sign`, {}, b.token)).status).toBe(200);
      expect(await assignee(c3.id)).toEqual({ assignee: b.id, original: null });

      // A is back: A's cases return to A, B keeps only B's own.
      const back = await api.post(`/users/${a.id}/absence`, { absent: false }, a.token);
      expect(back.status).toBe(200);
      expect(back.body).toEqual({ userId: a.id, absent: false, casesMoved: 2 });
      for (const c of [c1, c2]) expect(await assignee(c.id)).toEqual({ assignee: a.id, original: null });
      expect(await assignee(c3.id)).toEqual({ assignee: b.id, original: null });
      const returned = (await pool.query(`SELECT data FROM case_events WHERE case_id = $1 AND type = 'assignee_changed' ORDER BY id`, [c1.id])).rows;
      expect(returned.map((e) => e.data.reason)).toEqual(['ab_post_absent', 'ab_post_returned']);
      const bAfter = ids((await api.get('/cases?assignee=me&pageSize=100', b.token)).body);
      expect(bAfter).toContain(c3.id);
      expect(bAfter).not.toContain(c1.id);
      expect(bAfter).not.toContain(c2.id);
      // And it stopped: a case A signs now is A's, and nothing new reaches B.
      const c4 = await routedCase(xiaoying('小营街道夜宵摊深夜喧哗，影响居民休息。', '13711110004'));
      expect((await api.post(`/cases/${c4.id}/sign`, {}, a.token)).status).toBe(200);
      expect(await assignee(c4.id)).toEqual({ assignee: a.id, original: null });
      const notesAfter = (await api.get('/notifications', b.token)).body.items.filter((n: { type: string }) => n.type === 'ab_post_cover');
      expect(notesAfter).toHaveLength(1);
    });

    it('validates the backup and who may mark someone absent', async () => {
      const a = await login(`handler.${DEPT}`);
      const b = await login(`head.${DEPT}`);
      const otherHandler = await login('handler.street-330102003');
      const otherHead = await login('head.street-330102003');

      const self = await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: a.id } });
      expect(self.status).toBe(400);
      expect(fields(self.body)).toEqual(['backupUserId']);
      const elsewhere = await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: otherHandler.id } });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.details[0]).toMatchObject({ field: 'backupUserId', rule: 'sameDepartment' });
      const nobody = await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: '00000000-0000-4000-8000-000000000000' } });
      expect(nobody.status).toBe(400);
      expect(fields(nobody.body)).toEqual(['backupUserId']);
      const notUuid = await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: 'head' } });
      expect(notUuid.status).toBe(400);
      expect(fields(notUuid.body)).toEqual(['backupUserId']);
      const extra = await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: b.id, until: '2030-01-01' } });
      expect(extra.status).toBe(400);
      expect(fields(extra.body)).toEqual(['until']);
      expect((await api.request('PUT', '/users/me/backup', { token: operator, body: { backupUserId: null } })).status).toBe(403);
      // None of the refused requests changed the backup.
      expect((await api.get('/users/me', a.token)).body.backup.id).toBe(b.id);

      // Who may mark A absent: A, A's head, an admin; not a colleague's subordinate, not another department.
      expect((await api.post(`/users/${a.id}/absence`, { absent: true }, otherHead.token)).status).toBe(403);
      expect((await api.post(`/users/${b.id}/absence`, { absent: true }, a.token)).status).toBe(403);
      expect((await api.post(`/users/${a.id}/absence`, { absent: true }, operator)).status).toBe(403);
      expect((await pool.query(`SELECT absent FROM users WHERE id = $1`, [a.id])).rows[0].absent).toBe(false);
      const byHead = await api.post(`/users/${a.id}/absence`, { absent: true }, b.token);
      expect(byHead.status).toBe(200);
      const byAdmin = await api.post(`/users/${a.id}/absence`, { absent: false }, admin);
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.absent).toBe(false);

      const badId = await api.post('/users/not-a-uuid/absence', { absent: true }, admin);
      expect(badId.status).toBe(400);
      expect(fields(badId.body)).toEqual(['id']);
      expect((await api.post('/users/00000000-0000-4000-8000-000000000000/absence', { absent: true }, admin)).status).toBe(404);
      const noFlag = await api.post(`/users/${a.id}/absence`, {}, a.token);
      expect(noFlag.status).toBe(400);
      expect(fields(noFlag.body)).toEqual(['absent']);
      const wrongType = await api.post(`/users/${a.id}/absence`, { absent: 'yes' }, a.token);
      expect(wrongType.status).toBe(400);
      expect(fields(wrongType.body)).toEqual(['absent']);

      // No backup named → cannot go absent (the cases would wait on nobody).
      expect((await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: null } })).body.backup).toBeNull();
      const noBackup = await api.post(`/users/${a.id}/absence`, { absent: true }, a.token);
      expect(noBackup.status).toBe(409);
      expect(noBackup.body.code).toBe('NO_BACKUP');
      expect((await pool.query(`SELECT absent FROM users WHERE id = $1`, [a.id])).rows[0].absent).toBe(false);
      expect((await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: b.id } })).status).toBe(200);
    });

    it('follows the chain past an absent backup, keeps whose case it is, and never hands cases to an absent person', async () => {
      // The seed has one handler and one head per department; a third colleague is added here (there
      // is no user-administration API yet), with the demo password hash.
      const dept = await deptId(`${DEPT}`);
      await pool.query(
        `INSERT INTO users (id, username, password_hash, display_name, role, department_id)
         SELECT gen_random_uuid(), 'handler2.${DEPT}', password_hash, '小营街道承办人二', 'handler', $1
         FROM users WHERE username = 'handler.${DEPT}' ON CONFLICT (username) DO NOTHING`,
        [dept],
      );
      const a = await login(`handler.${DEPT}`);
      const b = await login(`head.${DEPT}`);
      const c = await login(`handler2.${DEPT}`);
      // A → C → B.
      expect((await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: c.id } })).status).toBe(200);
      expect((await api.request('PUT', '/users/me/backup', { token: c.token, body: { backupUserId: b.id } })).status).toBe(200);

      const x = await routedCase(xiaoying('小营街道一处酒吧后半夜还在放音乐，低音炮震得窗户响。', '13711110005'));
      expect((await api.post(`/cases/${x.id}/sign`, {}, a.token)).status).toBe(200);

      // casesMoved must count exactly the open cases that changed hands.
      const OPEN = `status NOT IN ('closed','answered','rejected','merged')`;
      const heldBy = async (id: string) => (await pool.query(`SELECT count(*)::int AS n FROM cases WHERE assignee_user_id = $1 AND ${OPEN}`, [id])).rows[0].n;
      const ownedBy = async (id: string) => (await pool.query(`SELECT count(*)::int AS n FROM cases WHERE original_assignee_id = $1 AND ${OPEN}`, [id])).rows[0].n;
      const away = async (u: { id: string; token: string }) => {
        const expected = await heldBy(u.id);
        const res = await api.post(`/users/${u.id}/absence`, { absent: true }, u.token);
        expect(res.status).toBe(200);
        expect(res.body.casesMoved).toBe(expected);
      };
      const back = async (u: { id: string; token: string }) => {
        const expected = await ownedBy(u.id);
        const res = await api.post(`/users/${u.id}/absence`, { absent: false }, u.token);
        expect(res.status).toBe(200);
        expect(res.body.casesMoved).toBe(expected);
        expect(await ownedBy(u.id)).toBe(0);
      };

      // C is away first, then A: A's case skips the absent C and lands with B.
      await away(c);
      await away(a);
      expect(await assignee(x.id)).toEqual({ assignee: b.id, original: a.id });

      // C is back and B leaves in turn (B's backup: C): the case moves on to C but is still A's.
      await back(c);
      expect((await api.request('PUT', '/users/me/backup', { token: b.token, body: { backupUserId: c.id } })).status).toBe(200);
      await away(b);
      expect(await assignee(x.id)).toEqual({ assignee: c.id, original: a.id });

      // A returns: A's case comes back to A, from wherever the chain had put it.
      await back(a);
      expect(await assignee(x.id)).toEqual({ assignee: a.id, original: null });
      // C still holds B's own cases while B is away, and nothing of A's.
      expect((await pool.query(`SELECT count(*)::int AS n FROM cases WHERE assignee_user_id = $1 AND original_assignee_id IS DISTINCT FROM $2 AND ${OPEN}`, [c.id, b.id])).rows[0].n).toBe(0);
      expect(ids((await api.get('/cases?assignee=me&pageSize=100', c.token)).body)).not.toContain(x.id);
      // B returning later takes back only B's own cases.
      await back(b);
      expect(await assignee(x.id)).toEqual({ assignee: a.id, original: null });

      // Nobody present to cover: A (backup C) is away and C's backup is A → C may not go absent.
      await away(a);
      expect(await assignee(x.id)).toEqual({ assignee: c.id, original: a.id });
      expect((await api.request('PUT', '/users/me/backup', { token: c.token, body: { backupUserId: a.id } })).status).toBe(200);
      const stuck = await api.post(`/users/${c.id}/absence`, { absent: true }, c.token);
      expect(stuck.status).toBe(409);
      expect((await pool.query(`SELECT absent FROM users WHERE id = $1`, [c.id])).rows[0].absent).toBe(false);
      expect(await assignee(x.id)).toEqual({ assignee: c.id, original: a.id });
      await back(a);
      expect(await assignee(x.id)).toEqual({ assignee: a.id, original: null });
      expect((await api.request('PUT', '/users/me/backup', { token: a.token, body: { backupUserId: b.id } })).status).toBe(200);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('协办 (assisting departments)', () => {
    const pollution = (phone: string) => ({
      channel: 'hotline',
      type: 'request',
      content: '楼下饭店的油烟直排，厨房排风口正对居民窗户，油烟味很重。',
      petitioner: { name: '王五', phone },
      address: '杭州市西湖区西溪街道',
      regionCode: '330106004',
      categoryCode: 'pollution',
    });

    it('keeps the lead from replying until every assisting department has given its opinion or was waived', async () => {
      const c = await routedCase(pollution('13722220001'));
      expect(c).toMatchObject({ status: 'dispatched', leadDepartment: { code: 'bureau-ecology' }, routing: { ruleId: ASSIST_RULE } });
      expect(c.assistingDepartments.map((d: { code: string }) => d.code).sort()).toEqual(['bureau-health', 'bureau-urban-management']);
      expect(c.assistingParts.every((p: { pending: boolean }) => p.pending)).toBe(true);
      expect(await activeAssignments(c.id)).toEqual([
        { code: 'bureau-health', role: 'assisting' },
        { code: 'bureau-urban-management', role: 'assisting' },
        { code: 'bureau-ecology', role: 'lead' },
      ]);

      const lead = await login('handler.bureau-ecology');
      const urban = await login('handler.bureau-urban-management');
      const health = await login('head.bureau-health');
      const market = await login('handler.bureau-market');

      // An assisting department sees the case, but it is not theirs to sign or answer.
      expect((await api.get(`/cases/${c.id}`, urban.token)).status).toBe(200);
      expect(ids((await api.get('/cases?pageSize=100', urban.token)).body)).toContain(c.id);
      expect((await api.post(`/cases/${c.id}/sign`, {}, urban.token)).status).toBe(403);

      expect((await api.post(`/cases/${c.id}/sign`, {}, lead.token)).status).toBe(200);
      const early = await api.post(`/cases/${c.id}/reply`, { reply: '已责令饭店加装油烟净化器。', resolved: true }, lead.token);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('ASSISTING_PENDING');
      expect(early.body.message).toContain('bureau-urban-management');
      expect(early.body.message).toContain('bureau-health');
      expect((await pool.query(`SELECT status FROM cases WHERE id = $1`, [c.id])).rows[0].status).toBe('signed');
      expect((await api.post(`/cases/${c.id}/reply`, { reply: '已处理', resolved: true }, urban.token)).status).toBe(403);

      // Opinions: only an assisting department gives one, and it must say something.
      expect((await api.post(`/cases/${c.id}/assist-opinion`, { opinion: '城管已到场检查。' }, market.token)).status).toBe(403);
      expect((await api.post(`/cases/${c.id}/assist-opinion`, { opinion: '本局主办。' }, lead.token)).status).toBe(403);
      const blank = await api.post(`/cases/${c.id}/assist-opinion`, { opinion: '   ' }, urban.token);
      expect(blank.status).toBe(400);
      expect(fields(blank.body)).toEqual(['opinion']);
      const opinion = await api.post(`/cases/${c.id}/assist-opinion`, { opinion: '城管执法队已到场，责令店家整改排烟管道。' }, urban.token);
      expect(opinion.status).toBe(200);
      const urbanPart = opinion.body.assistingParts.find((p: { department: { code: string } }) => p.department.code === 'bureau-urban-management');
      expect(urbanPart).toMatchObject({ pending: false, waived: false, opinion: '城管执法队已到场，责令店家整改排烟管道。' });
      const row = (await pool.query(
        `SELECT a.opinion, a.opinion_by FROM case_assignments a JOIN departments d ON d.id = a.department_id
         WHERE a.case_id = $1 AND a.active AND d.code = 'bureau-urban-management'`,
        [c.id],
      )).rows[0];
      expect(row).toEqual({ opinion: '城管执法队已到场，责令店家整改排烟管道。', opinion_by: urban.id });
      // The lead department is told.
      const leadNotes = (await api.get('/notifications', lead.token)).body.items;
      expect(leadNotes.some((n: { type: string; caseId: string }) => n.type === 'assist_opinion' && n.caseId === c.id)).toBe(true);

      // Still one missing: the 409 now names only that one.
      const stillEarly = await api.post(`/cases/${c.id}/reply`, { reply: '已处理', resolved: true }, lead.token);
      expect(stillEarly.status).toBe(409);
      expect(stillEarly.body.code).toBe('ASSISTING_PENDING');
      expect(stillEarly.body.message).toContain('bureau-health');
      expect(stillEarly.body.message).not.toContain('bureau-urban-management');

      // The health commission gives its part too; the lead can answer.
      expect((await api.post(`/cases/${c.id}/assist-opinion`, { opinion: '油烟对居民健康影响已告知店家。' }, health.token)).status).toBe(200);
      const replied = await api.post(`/cases/${c.id}/reply`, { reply: '已责令饭店加装油烟净化器并改造排烟口。', resolved: true }, lead.token);
      expect(replied.status).toBe(200);
      expect(replied.body.status).toBe('replied');
      expect(await eventTypes(c.id)).toEqual(['registered', 'dispatched', 'signed', 'assist_opinion', 'assist_opinion', 'replied']);
    });

    it('lets the dispatcher waive a missing part (and only the dispatcher, only a pending assisting part)', async () => {
      const c = await routedCase(pollution('13722220002'));
      expect(c.status).toBe('dispatched');
      const lead = await login('head.bureau-ecology');
      const urban = await login('handler.bureau-urban-management');
      const health = await deptId('bureau-health');
      const urbanId = await deptId('bureau-urban-management');
      const market = await deptId('bureau-market');
      expect((await api.post(`/cases/${c.id}/sign`, {}, lead.token)).status).toBe(200);

      expect((await api.post(`/cases/${c.id}/assisting/${health}/waive`, {}, lead.token)).status).toBe(403);
      expect((await api.post(`/cases/${c.id}/assisting/${market}/waive`, {}, dispatcher)).status).toBe(404);
      const badDept = await api.post(`/cases/${c.id}/assisting/not-a-uuid/waive`, {}, dispatcher);
      expect(badDept.status).toBe(400);
      expect(fields(badDept.body)).toEqual(['departmentId']);

      const waived = await api.post(`/cases/${c.id}/assisting/${health}/waive`, { note: '卫健委无需参与' }, dispatcher);
      expect(waived.status).toBe(200);
      const healthPart = waived.body.assistingParts.find((p: { department: { code: string } }) => p.department.code === 'bureau-health');
      expect(healthPart).toMatchObject({ waived: true, pending: false, opinion: null });
      // Waiving twice, or a part already given, finds nothing pending.
      expect((await api.post(`/cases/${c.id}/assisting/${health}/waive`, {}, dispatcher)).status).toBe(404);

      const early = await api.post(`/cases/${c.id}/reply`, { reply: '已处理', resolved: true }, lead.token);
      expect(early.status).toBe(409);
      expect(early.body.message).toContain('bureau-urban-management');
      expect(early.body.message).not.toContain('bureau-health');

      expect((await api.post(`/cases/${c.id}/assist-opinion`, { opinion: '已配合检查。' }, urban.token)).status).toBe(200);
      expect((await api.post(`/cases/${c.id}/assisting/${urbanId}/waive`, {}, dispatcher)).status).toBe(404);
      const replied = await api.post(`/cases/${c.id}/reply`, { reply: '已整改。', resolved: true }, lead.token);
      expect(replied.status).toBe(200);
      expect(replied.body.status).toBe('replied');
      const waiveEvent = (await pool.query(`SELECT data, actor_role FROM case_events WHERE case_id = $1 AND type = 'assist_waived'`, [c.id])).rows;
      expect(waiveEvent).toEqual([{ data: { departmentId: health, note: '卫健委无需参与' }, actor_role: 'dispatcher' }]);
    });

    it('gates a reply on assisting departments a dispatcher added by hand', async () => {
      // No rule for suggestions: the case waits for a dispatcher, who names a lead and an assisting unit.
      const c = await routedCase({ channel: 'web', type: 'suggestion', content: '建议在文三路增设一处公共自行车停放点。', petitioner: { phone: '13722220003' }, categoryCode: 'suggestion' });
      expect(c.status).toBe('pending_dispatch');
      const transport = await deptId('bureau-transport');
      const urbanId = await deptId('bureau-urban-management');
      const dispatched = await api.post(`/cases/${c.id}/dispatch`, { departmentId: transport, assistingDepartmentIds: [urbanId] }, dispatcher);
      expect(dispatched.status).toBe(200);
      expect(dispatched.body.assistingParts).toEqual([expect.objectContaining({ department: expect.objectContaining({ code: 'bureau-urban-management' }), pending: true })]);
      const lead = await login('handler.bureau-transport');
      expect((await api.post(`/cases/${c.id}/sign`, {}, lead.token)).status).toBe(200);
      const early = await api.post(`/cases/${c.id}/reply`, { reply: '已采纳。', resolved: true }, lead.token);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('ASSISTING_PENDING');
      const urban = await login('head.bureau-urban-management');
      expect((await api.post(`/cases/${c.id}/assist-opinion`, { opinion: '同意在人行道外侧设置。' }, urban.token)).status).toBe(200);
      expect((await api.post(`/cases/${c.id}/reply`, { reply: '已采纳，将于下月设置。', resolved: true }, lead.token)).status).toBe(200);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('并单 (repeats and merge)', () => {
    // 上城区湖滨街道 (330102003) and 采荷街道 (330102012): used by no other suite.
    const MASTER_TEXT = '湖滨路一家酒吧每天凌晨两点还在放很大声的音乐，吵得整栋楼睡不着。';
    const SIMILAR_TEXT = '湖滨路那家酒吧每天凌晨两点还放很大声的音乐，整栋楼都睡不着觉。';
    const hubin = (content: string, phone: string, regionCode = '330102003') =>
      noiseCase({ content, petitioner: { name: '赵六', phone }, address: '杭州市上城区', regionCode });

    it('finds open cases with the same phone, or the same street and similar text, best first', async () => {
      const master = await routedCase(hubin(MASTER_TEXT, '13733330001'));
      const samePhone = await routedCase(hubin('采荷街道小区门口夜市摊位很吵，希望管一管。', '13733330001', '330102012'));
      const samePlace = await routedCase(hubin(SIMILAR_TEXT, '13733330002'));
      const both = await routedCase(hubin(SIMILAR_TEXT, '13733330001'));
      const otherText = await routedCase(hubin('湖滨街道某小区门口垃圾桶满了好几天没人清运，臭味很大。', '13733330003'));
      const otherStreet = await routedCase(hubin(MASTER_TEXT, '13733330004', '330102012'));
      for (const c of [master, samePhone, samePlace, both, otherText, otherStreet]) expect(c.status).toBe('dispatched');
      expect(master.streetCode).toBe('330102003');

      const res = await api.get(`/cases/${master.id}/repeats`, operator);
      expect(res.status).toBe(200);
      const found = res.body as { id: string; reasons: string[]; similarity: number; caseNo: string; status: string }[];
      const byId = new Map(found.map((r) => [r.id, r]));
      expect(found[0]).toMatchObject({ id: both.id, reasons: ['same_phone', 'same_place_similar_text'] });
      expect(byId.get(samePhone.id)).toMatchObject({ reasons: ['same_phone'], caseNo: samePhone.caseNo, status: 'dispatched' });
      expect(byId.get(samePlace.id)?.reasons).toEqual(['same_place_similar_text']);
      expect(byId.get(samePlace.id)!.similarity).toBeGreaterThanOrEqual(0.3);
      for (const absent of [master.id, otherText.id, otherStreet.id]) expect(byId.has(absent)).toBe(false);

      // Who may look: the hotline centre and supervision, not departments.
      const handler = await api.login('handler.street-330102003');
      expect((await api.get(`/cases/${master.id}/repeats`, handler)).status).toBe(403);
      expect((await api.get('/cases/00000000-0000-4000-8000-000000000000/repeats', operator)).status).toBe(404);
      const bad = await api.get('/cases/123/repeats', operator);
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['id']);
    });

    it('folds a repeat into its master: merged, merged_into, the citizen follows the master', async () => {
      const master = await routedCase(hubin(MASTER_TEXT, '13733330011'));
      const repeat = await routedCase(hubin(SIMILAR_TEXT, '13733330012'));
      expect((await api.get(`/cases/${master.id}/repeats`, operator)).body.map((r: { id: string }) => r.id)).toContain(repeat.id);

      const handler = await api.login('handler.street-330102003');
      expect((await api.post(`/cases/${repeat.id}/merge`, { masterId: master.id }, handler)).status).toBe(403);
      const merged = await api.post(`/cases/${repeat.id}/merge`, { masterId: master.id }, operator);
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({ id: repeat.id, status: 'merged', mergedInto: master.id, leadDepartment: expect.objectContaining({ code: 'street-330102003' }) });
      expect(merged.body.closedAt).not.toBeNull();

      const rows = (await pool.query(`SELECT id, status, merged_into FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id`, [[master.id, repeat.id]])).rows;
      expect(rows).toEqual(
        expect.arrayContaining([
          { id: repeat.id, status: 'merged', merged_into: master.id },
          { id: master.id, status: 'dispatched', merged_into: null },
        ]),
      );
      // The repeat is nobody's work any more: no active assignment, the department is told.
      expect(await activeAssignments(repeat.id)).toEqual([]);
      expect(await eventTypes(repeat.id)).toEqual(['registered', 'dispatched', 'merged']);
      expect(await eventTypes(master.id)).toEqual(['registered', 'dispatched', 'repeat_merged']);
      const mergeEvent = (await pool.query(`SELECT data, from_status, to_status FROM case_events WHERE case_id = $1 AND type = 'merged'`, [repeat.id])).rows[0];
      expect(mergeEvent).toEqual({ data: { masterId: master.id, masterCaseNo: master.caseNo }, from_status: 'dispatched', to_status: 'merged' });
      const notes = (await api.get('/notifications', handler)).body.items;
      expect(notes.some((n: { type: string; caseId: string }) => n.type === 'case_merged' && n.caseId === repeat.id)).toBe(true);
      // A merged case is no longer a repeat candidate.
      expect((await api.get(`/cases/${master.id}/repeats`, operator)).body.map((r: { id: string }) => r.id)).not.toContain(repeat.id);

      // The citizen who called second sees the master's progress, step by step.
      const publicOf = async () => (await api.get(`/public/cases/${repeat.trackingCode}?verify=0012`)).body;
      expect(await publicOf()).toMatchObject({ caseNo: repeat.caseNo, status: 'dispatched' });
      expect((await publicOf()).timeline.map((t: { label: string }) => t.label)).toContain('已与相同诉求合并办理');
      expect((await api.post(`/cases/${master.id}/sign`, {}, handler)).status).toBe(200);
      expect((await publicOf()).status).toBe('signed');
      expect((await api.post(`/cases/${master.id}/reply`, { reply: '已约谈酒吧经营者，十一点后停止外放。', resolved: true }, handler)).status).toBe(200);
      const final = await publicOf();
      expect(final).toMatchObject({ status: 'replied', statusLabel: '已答复', departmentName: expect.stringContaining('湖滨街道') });
      expect(final.timeline.map((t: { label: string }) => t.label)).toEqual(expect.arrayContaining(['已与相同诉求合并办理', '承办单位已签收', '承办单位已答复']));
      expect(JSON.stringify(final)).not.toContain('13733330011');
    });

    it('refuses wrong merges with 4xx and changes nothing', async () => {
      const master = await routedCase(hubin(MASTER_TEXT, '13733330021'));
      const a = await routedCase(hubin(SIMILAR_TEXT, '13733330022'));
      const b = await routedCase(hubin(SIMILAR_TEXT, '13733330023'));
      const closed = await routedCase(hubin(SIMILAR_TEXT, '13733330024'));
      // No endpoint closes a case yet (callbacks come later): close this one in the database.
      await pool.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [closed.id]);
      expect((await api.post(`/cases/${b.id}/merge`, { masterId: master.id }, operator)).status).toBe(200);

      const self = await api.post(`/cases/${a.id}/merge`, { masterId: a.id }, operator);
      expect(self.status).toBe(400);
      expect(fields(self.body)).toEqual(['masterId']);
      const intoMerged = await api.post(`/cases/${a.id}/merge`, { masterId: b.id }, operator);
      expect(intoMerged.status).toBe(409);
      expect(intoMerged.body.code).toBe('MASTER_NOT_OPEN');
      const intoClosed = await api.post(`/cases/${a.id}/merge`, { masterId: closed.id }, dispatcher);
      expect(intoClosed.status).toBe(409);
      expect(intoClosed.body.code).toBe('MASTER_NOT_OPEN');
      const again = await api.post(`/cases/${b.id}/merge`, { masterId: a.id }, operator);
      expect(again.status).toBe(409);
      expect(again.body.details[0]).toMatchObject({ field: 'status' });
      const noMaster = await api.post(`/cases/${a.id}/merge`, { masterId: '00000000-0000-4000-8000-000000000000' }, operator);
      expect(noMaster.status).toBe(400);
      expect(fields(noMaster.body)).toEqual(['masterId']);
      const notUuid = await api.post(`/cases/${a.id}/merge`, { masterId: 'CASE-1' }, operator);
      expect(notUuid.status).toBe(400);
      expect(fields(notUuid.body)).toEqual(['masterId']);
      const missing = await api.post(`/cases/${a.id}/merge`, {}, operator);
      expect(missing.status).toBe(400);
      expect(fields(missing.body)).toEqual(['masterId']);
      expect((await api.post(`/cases/00000000-0000-4000-8000-000000000000/merge`, { masterId: master.id }, operator)).status).toBe(404);

      // A case someone has signed for is being handled: it is not folded away.
      const handler = await api.login('handler.street-330102003');
      expect((await api.post(`/cases/${a.id}/sign`, {}, handler)).status).toBe(200);
      const signed = await api.post(`/cases/${a.id}/merge`, { masterId: master.id }, operator);
      expect(signed.status).toBe(409);
      expect(signed.body.details[0].message).toContain('signed');

      const rows = (await pool.query(`SELECT id, status, merged_into FROM cases WHERE id = ANY($1::uuid[])`, [[master.id, a.id, closed.id]])).rows;
      expect(new Map(rows.map((r) => [r.id, [r.status, r.merged_into]]))).toEqual(
        new Map([
          [master.id, ['dispatched', null]],
          [a.id, ['signed', null]],
          [closed.id, ['closed', null]],
        ]),
      );
      expect(await eventTypes(a.id)).toEqual(['registered', 'dispatched', 'signed']);
    });

    it('keeps earlier repeats following when their master is itself merged into another case', async () => {
      const first = await routedCase(hubin(MASTER_TEXT, '13733330031'));
      const second = await routedCase(hubin(SIMILAR_TEXT, '13733330032'));
      const repeat = await routedCase(hubin(SIMILAR_TEXT, '13733330033'));
      expect((await api.post(`/cases/${repeat.id}/merge`, { masterId: second.id }, operator)).status).toBe(200);
      // The operator then finds that `second` repeats `first`.
      expect((await api.post(`/cases/${second.id}/merge`, { masterId: first.id }, operator)).status).toBe(200);
      const handler = await api.login('handler.street-330102003');
      expect((await api.post(`/cases/${first.id}/sign`, {}, handler)).status).toBe(200);
      // The citizen of the first repeat follows the case that is actually being handled.
      const pub = await api.get(`/public/cases/${repeat.trackingCode}?verify=0033`);
      expect(pub.status).toBe(200);
      expect(pub.body.status).toBe('signed');
      const row = (await pool.query(`SELECT merged_into FROM cases WHERE id = $1`, [repeat.id])).rows[0];
      expect(row.merged_into).toBe(first.id);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('confidentiality of accusations (信访工作条例 第30条)', () => {
    async function assertHidden(caseId: string, username: string) {
      const t = await api.login(username);
      expect([403, 404]).toContain((await api.get(`/cases/${caseId}`, t)).status);
      expect([403, 404]).toContain((await api.get(`/cases/${caseId}/events`, t)).status);
      expect(ids((await api.get('/cases?pageSize=100', t)).body)).not.toContain(caseId);
      const notes = (await api.get('/notifications?limit=200', t)).body.items;
      expect(notes.map((n: { caseId: string }) => n.caseId)).not.toContain(caseId);
    }

    it('never dispatches to the accused unit: a market complaint against the market bureau waits for a dispatcher', async () => {
      const c = await routedCase({
        channel: 'hotline',
        type: 'accusation',
        content: '市场监管所执法人员检查时向商户索要好处费，不给就罚款。',
        petitioner: { name: '钱七', phone: '13744440001' },
        categoryCode: 'market',
        accusedUnit: '杭州市市场监督管理局',
      });
      expect(c.status).toBe('pending_dispatch');
      expect(c.leadDepartment).toBeNull();
      expect(c.routing.accusedDepartmentCodes).toContain('bureau-market');
      expect(c.routing.reason).toContain('accused');
      expect(await activeAssignments(c.id)).toEqual([]);
      expect((await pool.query(`SELECT count(*)::int AS n FROM case_assignments a JOIN departments d ON d.id = a.department_id WHERE a.case_id = $1 AND d.code = 'bureau-market'`, [c.id])).rows[0].n).toBe(0);
      await assertHidden(c.id, 'handler.bureau-market');
      await assertHidden(c.id, 'head.bureau-market');

      // Nor by hand: the dispatcher cannot give it to the accused unit, as lead or assisting.
      const marketId = await deptId('bureau-market');
      const discipline = await deptId('discipline');
      const toAccused = await api.post(`/cases/${c.id}/dispatch`, { departmentId: marketId }, dispatcher);
      expect(toAccused.status).toBe(400);
      expect(fields(toAccused.body)).toEqual(['departmentId']);
      const assistAccused = await api.post(`/cases/${c.id}/dispatch`, { departmentId: discipline, assistingDepartmentIds: [marketId] }, dispatcher);
      expect(assistAccused.status).toBe(400);
      expect(fields(assistAccused.body)).toEqual(['assistingDepartmentIds']);
      expect((await pool.query(`SELECT status FROM cases WHERE id = $1`, [c.id])).rows[0].status).toBe('pending_dispatch');
      const ok = await api.post(`/cases/${c.id}/dispatch`, { departmentId: discipline, note: '转纪委监委' }, dispatcher);
      expect(ok.status).toBe(200);
      expect(ok.body.leadDepartment.code).toBe('discipline');
      await assertHidden(c.id, 'handler.bureau-market');
      // Still refused on a later re-dispatch (the accused list survives a manual dispatch).
      const redispatch = await api.post(`/cases/${c.id}/dispatch`, { departmentId: marketId }, dispatcher);
      expect(redispatch.status).toBe(400);
    });

    it('drops an accused district government from the copy list of a territorial case', async () => {
      const c = await routedCase(noiseCase({ content: '翠苑一区旁工地夜间施工扰民，区政府对投诉置之不理。', petitioner: { phone: '13744440002' }, accusedUnit: '西湖区人民政府' }));
      expect(c.status).toBe('dispatched');
      expect(c.leadDepartment.code).toBe('street-330106005');
      expect(c.copyDepartments).toEqual([]);
      expect(c.routing.accusedDepartmentCodes).toEqual(['district-330106']);
      expect(await activeAssignments(c.id)).toEqual([{ code: 'street-330106005', role: 'lead' }]);
      await assertHidden(c.id, 'handler.district-330106');
    });

    it('sends a noise complaint accusing the street office itself to a dispatcher, not to that office or its district', async () => {
      const c = await routedCase(noiseCase({ content: '翠苑一区商铺噪音扰民，街道办一直包庇。', petitioner: { phone: '13744440003' }, accusedUnit: '翠苑街道办事处' }));
      expect(c.status).toBe('pending_dispatch');
      expect(c.routing.accusedDepartmentCodes).toEqual(['street-330106005']);
      expect(await activeAssignments(c.id)).toEqual([]);
      await assertHidden(c.id, 'handler.street-330106005');
    });

    it('routes an integrity accusation to the discipline office; the unit its text names never sees it', async () => {
      const c = await routedCase({
        channel: 'hotline',
        type: 'accusation',
        content: '翠苑街道城管中队有队员长期向摊贩吃拿卡要，收受好处后放任占道经营。',
        petitioner: { name: '孙八', phone: '13744440004' },
        // No address: only the complaint's own words name the unit.
        regionCode: '330106005',
        categoryCode: 'integrity',
      });
      expect(c.status).toBe('dispatched');
      expect(c.leadDepartment.code).toBe('discipline');
      expect(c.routing.accusedDepartmentCodes).toContain('street-330106005');
      expect(await activeAssignments(c.id)).toEqual([{ code: 'discipline', role: 'lead' }]);
      await assertHidden(c.id, 'handler.street-330106005');
      await assertHidden(c.id, 'handler.district-330106');
      const discipline = await api.login('handler.discipline');
      expect((await api.get(`/cases/${c.id}`, discipline)).status).toBe(200);
      // The public status says nothing that points at the unit or the matter.
      const pub = await api.get(`/public/cases/${c.trackingCode}?verify=0004`);
      expect(pub.status).toBe(200);
      expect(pub.body).toMatchObject({ status: 'dispatched', departmentName: null, categoryName: null });
      expect(JSON.stringify(pub.body)).not.toMatch(/翠苑|城管|纪委/);
    });

    it('does not hand an accusation to the street office its text names, whatever the category', async () => {
      // An accusation filed under noise: the rule would send it to 翠苑街道, which the text accuses.
      const c = await routedCase(noiseCase({
        type: 'accusation',
        content: '翠苑街道的工作人员收了商铺的钱，商铺深夜噪音扰民他们一直不管。',
        petitioner: { phone: '13744440005' },
        // No address: only the complaint's own words name the unit.
        address: undefined,
      }));
      expect(c.routing.accusedDepartmentCodes).toContain('street-330106005');
      expect(c.status).toBe('pending_dispatch');
      expect(await activeAssignments(c.id)).toEqual([]);
      await assertHidden(c.id, 'handler.street-330106005');
    });
  });
});
