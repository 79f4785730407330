import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AssignmentRole = 'lead' | 'assisting' | 'copy';

/** 主办 (lead) / 协办 (assisting) / 抄送 (copy, read-only) part of a department in a case. */
@Entity('case_assignments')
export class CaseAssignmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'uuid', name: 'case_id' }) caseId: string;
  @Column({ type: 'uuid', name: 'department_id' }) departmentId: string;
  @Column({ type: 'varchar' }) role: AssignmentRole;
  @Column({ type: 'boolean' }) active: boolean;
  @Column({ type: 'timestamptz', name: 'assigned_at' }) assignedAt: Date;
  @Column({ type: 'timestamptz', name: 'ended_at', nullable: true }) endedAt: Date | null;
}
