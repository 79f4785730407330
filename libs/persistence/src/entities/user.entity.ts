import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ROLES = ['operator', 'dispatcher', 'handler', 'dept_head', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'varchar' }) username: string;
  @Column({ type: 'text', name: 'password_hash', select: false }) passwordHash: string;
  @Column({ type: 'text', name: 'display_name' }) displayName: string;
  @Column({ type: 'varchar' }) role: Role;
  @Column({ type: 'uuid', name: 'department_id', nullable: true }) departmentId: string | null;
  /** AB岗: the backup (B post) who takes over while this user is absent. */
  @Column({ type: 'uuid', name: 'backup_user_id', nullable: true }) backupUserId: string | null;
  @Column({ type: 'boolean' }) absent: boolean;
  @Column({ type: 'boolean' }) active: boolean;
}
