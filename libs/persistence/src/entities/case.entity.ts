import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus, Urgency } from '@hotline/domain';

/** A citizen's request (诉求/工单). Instants are UTC; calendar logic happens in Asia/Shanghai. */
@Entity('cases')
export class CaseEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  /** Human-friendly number read out on the phone: YYYYMMDD-NNNNNN. */
  @Column({ type: 'varchar', name: 'case_no' }) caseNo: string;
  /** Unguessable code the citizen uses with the last 4 phone digits. */
  @Column({ type: 'varchar', name: 'tracking_code' }) trackingCode: string;
  @Column({ type: 'varchar' }) channel: string;
  @Column({ type: 'varchar' }) type: string;
  @Column({ type: 'varchar' }) status: CaseStatus;
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'varchar', name: 'region_code', nullable: true }) regionCode: string | null;
  @Column({ type: 'varchar', name: 'district_code', nullable: true }) districtCode: string | null;
  @Column({ type: 'varchar', name: 'street_code', nullable: true }) streetCode: string | null;
  @Column({ type: 'varchar', name: 'category_code', nullable: true }) categoryCode: string | null;
  @Column({ type: 'varchar', name: 'category_source', nullable: true }) categorySource: 'operator' | 'classifier' | 'dispatcher' | null;
  @Column({ type: 'varchar', nullable: true }) urgency: Urgency | null;
  @Column({ type: 'text', name: 'petitioner_name', nullable: true }) petitionerName: string | null;
  @Column({ type: 'varchar', name: 'petitioner_phone', nullable: true }) petitionerPhone: string | null;
  @Column({ type: 'varchar', name: 'phone_last4', nullable: true }) phoneLast4: string | null;
  @Column({ type: 'boolean' }) anonymous: boolean;
  @Column({ type: 'text', name: 'accused_unit', nullable: true }) accusedUnit: string | null;
  @Column({ type: 'uuid', name: 'first_responder_department_id', nullable: true }) firstResponderDepartmentId: string | null;
  @Column({ type: 'uuid', name: 'registered_by', nullable: true }) registeredBy: string | null;
  @Column({ type: 'uuid', name: 'lead_department_id', nullable: true }) leadDepartmentId: string | null;
  @Column({ type: 'varchar', name: 'policy_code', nullable: true }) policyCode: string | null;
  @Column({ type: 'integer', name: 'deadline_version' }) deadlineVersion: number;
  @Column({ type: 'timestamptz', name: 'sign_due_at', nullable: true }) signDueAt: Date | null;
  @Column({ type: 'timestamptz', name: 'first_contact_due_at', nullable: true }) firstContactDueAt: Date | null;
  @Column({ type: 'timestamptz', name: 'reply_due_at', nullable: true }) replyDueAt: Date | null;
  @Column({ type: 'timestamptz', name: 'return_due_at', nullable: true }) returnDueAt: Date | null;
  /** Why the case went where it went: rule id, classifier evidence and confidence, region. */
  @Column({ type: 'jsonb', nullable: true }) routing: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) reply: string | null;
  @Column({ type: 'boolean', nullable: true }) resolved: boolean | null;
  @Column({ type: 'integer', name: 'return_count' }) returnCount: number;
  /** 指定办理: after two returns the dispatcher's assignment binds and cannot be returned. */
  @Column({ type: 'boolean', name: 'binding_assignment' }) bindingAssignment: boolean;
  @Column({ type: 'boolean' }) overdue: boolean;
  @Column({ type: 'varchar', name: 'escalation_level', nullable: true }) escalationLevel: string | null;
  @Column({ type: 'timestamptz', name: 'dispatched_at', nullable: true }) dispatchedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'signed_at', nullable: true }) signedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'replied_at', nullable: true }) repliedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true }) closedAt: Date | null;
  /** The handler working the case (set at sign-for); AB岗 moves it to the backup while absent. */
  @Column({ type: 'uuid', name: 'assignee_user_id', nullable: true }) assigneeUserId: string | null;
  @Column({ type: 'uuid', name: 'original_assignee_id', nullable: true }) originalAssigneeId: string | null;
  /** 并单: the master case this repeat follows. */
  @Column({ type: 'uuid', name: 'merged_into', nullable: true }) mergedInto: string | null;
  @Column({ type: 'integer', name: 'policy_version', nullable: true }) policyVersion: number | null;
  /** 首次联系: when the handler first reached the petitioner. */
  @Column({ type: 'timestamptz', name: 'first_contacted_at', nullable: true }) firstContactedAt: Date | null;
  /** When the allowed time of the current deadline version began (the 80 % warning is measured from it). */
  @Column({ type: 'timestamptz', name: 'clock_started_at', nullable: true }) clockStartedAt: Date | null;
  /** 一次性告知: the clock is paused since this instant, with this much (ms per stage) left. */
  @Column({ type: 'timestamptz', name: 'paused_at', nullable: true }) pausedAt: Date | null;
  @Column({ type: 'jsonb', name: 'paused_remaining', nullable: true }) pausedRemaining: Partial<Record<'sign' | 'firstContact' | 'reply', number>> | null;
  @Column({ type: 'integer', name: 'supplement_request_count' }) supplementRequestCount: number;
  @Column({ type: 'integer', name: 'extension_count' }) extensionCount: number;
  @Column({ type: 'integer', name: 'reopen_count' }) reopenCount: number;
  /** Callback (回访) result: satisfied | basically_satisfied | unsatisfied. */
  @Column({ type: 'varchar', nullable: true }) satisfaction: string | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
