import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { jobIdFor, type AnyJob } from '@hotline/queue';
import { CaseEntity } from '../entities/case.entity.js';
import { DepartmentEntity } from '../entities/department.entity.js';

export interface NewCaseEvent {
  caseId: string;
  type: string;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  data?: Record<string, unknown>;
}

/**
 * Low-level writes shared by the API and the worker. Every method takes the transaction's
 * EntityManager: a state change, its event and its outbox row always commit together.
 */
export interface NewNotification {
  /** A person; AB岗: while they are absent it goes to their backup instead. */
  recipientUserId?: string | null;
  /** A whole department (its handlers and head see it). */
  recipientDepartmentId?: string | null;
  caseId: string | null;
  type: string;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
  at: Date;
}

/** Follows the AB岗 chain from an absent user to the first present backup (at most 3 hops). */
async function presentUser(m: EntityManager, userId: string): Promise<{ userId: string; coveringFor: string | null }> {
  let current = userId;
  for (let hop = 0; hop < 3; hop++) {
    const rows: { absent: boolean; backup_user_id: string | null }[] = await m.query(`SELECT absent, backup_user_id FROM users WHERE id = $1`, [current]);
    const u = rows[0];
    if (!u || !u.absent || !u.backup_user_id) break;
    current = u.backup_user_id;
  }
  return { userId: current, coveringFor: current === userId ? null : userId };
}

export const caseStore = {
  presentUser,

  /** Records an in-app notification in the same transaction as the change it announces. */
  async notify(m: EntityManager, n: NewNotification): Promise<void> {
    let userId = n.recipientUserId ?? null;
    let data = n.data ?? {};
    if (userId) {
      const present = await presentUser(m, userId);
      if (present.coveringFor) data = { ...data, abPostFor: present.coveringFor };
      userId = present.userId;
    }
    await m.query(
      `INSERT INTO notifications (recipient_user_id, recipient_department_id, case_id, type, title, body, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [userId, n.recipientDepartmentId ?? null, n.caseId, n.type, n.title, n.body ?? '', JSON.stringify(data), n.at],
    );
  },

  /** Loads a case and locks its row until the transaction ends (serialises concurrent actions). */
  async lock(m: EntityManager, id: string): Promise<CaseEntity | null> {
    return m.getRepository(CaseEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  },

  async appendEvent(m: EntityManager, e: NewCaseEvent): Promise<void> {
    await m.query(
      `INSERT INTO case_events (case_id, type, at, actor_id, actor_role, from_status, to_status, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.caseId, e.type, e.at, e.actorId, e.actorRole, e.fromStatus, e.toStatus, JSON.stringify(e.data ?? {})],
    );
  },

  /** Transactional outbox: the relay publishes this row to BullMQ after commit. */
  async enqueue(m: EntityManager, job: AnyJob): Promise<void> {
    await m.query(`INSERT INTO outbox (job_name, job_id, payload) VALUES ($1, $2, $3)`, [job.name, jobIdFor(job), JSON.stringify(job.data)]);
  },

  async update(m: EntityManager, id: string, patch: Partial<CaseEntity>): Promise<void> {
    await m.getRepository(CaseEntity).update({ id }, { ...patch, updatedAt: patch.updatedAt ?? new Date() } as QueryDeepPartialEntity<CaseEntity>);
  },

  /** Ends the case's active assignments and records the new lead / assisting / copy departments. */
  async replaceAssignments(
    m: EntityManager,
    caseId: string,
    at: Date,
    parts: { departmentId: string; role: 'lead' | 'assisting' | 'copy' }[],
  ): Promise<void> {
    await m.query(`UPDATE case_assignments SET active = false, ended_at = $2 WHERE case_id = $1 AND active`, [caseId, at]);
    if (parts.length === 0) return;
    await m.query(
      `INSERT INTO case_assignments (id, case_id, department_id, role, assigned_at)
       SELECT x.id, $1, x.department_id, x.role, $2 FROM unnest($3::uuid[], $4::uuid[], $5::varchar[]) AS x(id, department_id, role)`,
      [caseId, at, parts.map(() => randomUUID()), parts.map((p) => p.departmentId), parts.map((p) => p.role)],
    );
  },

  async departmentsByCode(m: EntityManager, codes: string[]): Promise<Map<string, DepartmentEntity>> {
    if (codes.length === 0) return new Map();
    const rows = await m.getRepository(DepartmentEntity).createQueryBuilder('d').where('d.code = ANY(:codes)', { codes }).getMany();
    return new Map(rows.map((d) => [d.code, d]));
  },

  async departmentsById(m: EntityManager, ids: string[]): Promise<Map<string, DepartmentEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await m.getRepository(DepartmentEntity).createQueryBuilder('d').where('d.id = ANY(:ids)', { ids }).getMany();
    return new Map(rows.map((d) => [d.id, d]));
  },
};
