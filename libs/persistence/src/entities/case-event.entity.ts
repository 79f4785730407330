import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Append-only case history; never updated or deleted. */
@Entity('case_events')
export class CaseEventEntity {
  @PrimaryColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'uuid', name: 'case_id' }) caseId: string;
  @Column({ type: 'varchar' }) type: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'uuid', name: 'actor_id', nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', name: 'actor_role', nullable: true }) actorRole: string | null;
  @Column({ type: 'varchar', name: 'from_status', nullable: true }) fromStatus: string | null;
  @Column({ type: 'varchar', name: 'to_status', nullable: true }) toStatus: string | null;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
}
