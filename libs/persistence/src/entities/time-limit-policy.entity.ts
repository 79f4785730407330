import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Duration, StageKey } from '@hotline/domain';

/** 限时办结 policy: the allowed time per stage; edits apply to deadlines computed afterwards. */
@Entity('time_limit_policies')
export class TimeLimitPolicyEntity {
  @PrimaryColumn({ type: 'varchar' }) code: string;
  @Column({ type: 'text', name: 'name_zh' }) nameZh: string;
  @Column({ type: 'text', name: 'name_en' }) nameEn: string;
  @Column({ type: 'jsonb' }) stages: Record<StageKey, Duration>;
  @Column({ type: 'jsonb', nullable: true }) extension: { maxCount: number; maxAmount: Duration } | null;
  /** 一次性告知: an unanswered supplement request closes the case after this long. */
  @Column({ type: 'jsonb', name: 'supplement_timeout' }) supplementTimeout: Duration;
  /** Bumped by every edit; a case records the version its deadlines were computed with. */
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
