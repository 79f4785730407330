import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A job to publish, committed with the fact it announces (transactional outbox). */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'varchar', name: 'job_name' }) jobName: string;
  @Column({ type: 'varchar', name: 'job_id' }) jobId: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'published_at', nullable: true }) publishedAt: Date | null;
}
