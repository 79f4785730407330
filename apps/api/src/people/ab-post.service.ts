import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@hotline/config';
import { caseStore } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';

interface UserRow { id: string; username: string; role: string; department_id: string | null; backup_user_id: string | null; absent: boolean; active: boolean }

/**
 * AB岗 (A/B posts): every handler may name a backup in their department; while A is marked absent,
 * A's open cases move to B (and back when A returns), and notifications for A reach B, so no case
 * waits on an absent person.
 */
@Injectable()
export class AbPostService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async me(user: AuthUser) {
    const u = await this.user(this.ds.manager, user.id);
    const backup = u.backup_user_id ? await this.user(this.ds.manager, u.backup_user_id) : null;
    return { id: u.id, username: u.username, role: u.role, departmentId: u.department_id, absent: u.absent, backup: backup ? { id: backup.id, username: backup.username, absent: backup.absent } : null };
  }

  async setBackup(user: AuthUser, backupUserId: string | null) {
    if (backupUserId !== null) {
      if (backupUserId === user.id) throw ApiError.badRequest('backupUserId', '不能指定自己为 B 岗 / you cannot be your own backup', 'notSelf');
      const b = await this.ds.query(`SELECT department_id, active, role FROM users WHERE id = $1`, [backupUserId]);
      if (!b.length || !b[0].active) throw ApiError.badRequest('backupUserId', '用户不存在 / no such active user', 'exists');
      if (b[0].department_id !== user.departmentId || !['handler', 'dept_head'].includes(b[0].role)) {
        throw ApiError.badRequest('backupUserId', 'B 岗必须是本单位承办人员 / the backup must be a handler or head of your department', 'sameDepartment');
      }
    }
    await this.ds.query(`UPDATE users SET backup_user_id = $2 WHERE id = $1`, [user.id, backupUserId]);
    return this.me(user);
  }

  /** Marks a user absent or back; the user, their department head, or an admin may do it. */
  async setAbsence(actor: AuthUser, userId: string, absent: boolean) {
    return this.ds.transaction(async (m) => {
      const a = await this.user(m, userId, true);
      const allowed = actor.id === userId || actor.role === 'admin' || (actor.role === 'dept_head' && actor.departmentId === a.department_id);
      if (!allowed) throw ApiError.forbidden('只能由本人、本单位负责人或管理员设置 / only the user, their department head or an admin may set this');
      if (absent && !a.backup_user_id) throw ApiError.conflict('NO_BACKUP', '请先指定 B 岗 / name a backup (B post) before going absent');
      const now = this.clock.now();
      await m.query(`UPDATE users SET absent = $2 WHERE id = $1`, [userId, absent]);
      let moved: { id: string; status: string }[] = [];
      if (absent) {
        const { userId: backupId } = await caseStore.presentUser(m, userId);
        // Fix: the chain may end on someone absent too (A → B → A); cases must not wait on them.
        const [cover] = await m.query(`SELECT absent FROM users WHERE id = $1`, [backupId]);
        if (backupId === userId || cover?.absent) {
          throw ApiError.conflict('NO_PRESENT_BACKUP', 'B 岗（及其 B 岗）均不在岗 / every backup in the chain is absent too; name a present backup first');
        }
        // TypeORM returns [rows, affectedCount] for an UPDATE … RETURNING (fix: it was used as the rows).
        // COALESCE (fix): a case B covers for A stays A's when it moves on to C, so it returns to A.
        [moved] = await m.query(
          `UPDATE cases SET assignee_user_id = $2, original_assignee_id = COALESCE(original_assignee_id, $1), updated_at = $3
           WHERE assignee_user_id = $1 AND status NOT IN ('closed','answered','rejected','merged') RETURNING id, status`,
          [userId, backupId, now],
        );
        for (const c of moved) {
          await caseStore.appendEvent(m, { caseId: c.id, type: 'assignee_changed', at: now, actorId: actor.id, actorRole: actor.role, fromStatus: c.status, toStatus: c.status, data: { from: userId, to: backupId, reason: 'ab_post_absent' } });
        }
        if (moved.length) await caseStore.notify(m, { recipientUserId: backupId, caseId: null, type: 'ab_post_cover', title: `B 岗顶岗：${a.username} 的 ${moved.length} 件案件转由您办理`, data: { for: userId, cases: moved.map((c) => c.id) }, at: now });
      } else {
        [moved] = await m.query(
          `UPDATE cases SET assignee_user_id = $1, original_assignee_id = NULL, updated_at = $2
           WHERE original_assignee_id = $1 AND status NOT IN ('closed','answered','rejected','merged') RETURNING id, status`,
          [userId, now],
        );
        for (const c of moved) {
          await caseStore.appendEvent(m, { caseId: c.id, type: 'assignee_changed', at: now, actorId: actor.id, actorRole: actor.role, fromStatus: c.status, toStatus: c.status, data: { to: userId, reason: 'ab_post_returned' } });
        }
      }
      return { userId, absent, casesMoved: moved.length };
    });
  }

  private async user(m: EntityManager, id: string, lock = false): Promise<UserRow> {
    const rows: UserRow[] = await m.query(`SELECT id, username, role, department_id, backup_user_id, absent, active FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!rows.length) throw ApiError.notFound('用户不存在 / no such user');
    return rows[0];
  }
}
