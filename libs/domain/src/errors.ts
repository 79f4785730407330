import type { CaseAction, CaseStatus } from './case-status.js';
import { ACTION_LABELS, STATUS_LABELS } from './case-status-labels.js';

/**
 * Base class of every rule violation the domain reports. `code` is a stable, machine-readable
 * value (the API maps it to an HTTP status and a bilingual message); `details` carries the
 * offending values so the caller never has to parse `message`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * An action that the case's current status does not allow (domain.md §3: a 409 naming the current
 * state and the allowed actions). `details.messageZh` holds the Chinese wording for people.
 */
export class IllegalTransitionError extends DomainError {
  readonly currentStatus: CaseStatus;
  readonly action: CaseAction;
  readonly allowedActions: CaseAction[];

  constructor(currentStatus: CaseStatus, action: CaseAction, allowedActions: readonly CaseAction[]) {
    const allowed = [...allowedActions];
    const label = STATUS_LABELS[currentStatus];
    const allowedEn = allowed.length > 0 ? allowed.join(', ') : 'none (final status)';
    const allowedZh = allowed.length > 0 ? allowed.map((a) => ACTION_LABELS[a].zh).join('、') : '无（已是终态）';
    super(
      'ILLEGAL_TRANSITION',
      `Cannot ${action} a case in status "${currentStatus}" (当前状态：${label.zh}); allowed actions: ${allowedEn}`,
      {
        currentStatus,
        action,
        allowedActions: allowed,
        messageZh: `当前状态“${label.zh}”不能执行“${ACTION_LABELS[action].zh}”；可执行：${allowedZh}`,
      },
    );
    this.currentStatus = currentStatus;
    this.action = action;
    this.allowedActions = allowed;
  }
}
