import { IllegalTransitionError } from './errors.js';

export { ACTION_LABELS, STATUS_LABELS } from './case-status-labels.js';

/** Case lifecycle states (domain.md §3). Values are stable API/database values. */
export const CASE_STATUSES = [
  'registered',
  'pending_dispatch',
  'dispatched',
  'signed', // 签收 signed for, being handled
  'awaiting_supplement', // 一次性告知: clock paused until the petitioner answers
  'return_requested', // 退单 awaiting the dispatcher's decision
  'replied',
  'reopened', // 重办 after an unsatisfied callback
  'closed',
  'answered', // consultation answered at first contact
  'rejected',
  'merged', // 并单 folded into a master case
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Everything that can happen to a case; each one is an event in the case history. */
export const CASE_ACTIONS = [
  'answer',
  'reject',
  'merge',
  'route_pending',
  'dispatch',
  'sign',
  'request_supplement',
  'receive_supplement',
  'reply',
  'request_return',
  'approve_return',
  'deny_return',
  'close',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * The whole lifecycle as data: status → action → next status. An action missing from a row is
 * illegal in that status. Extension (延期) and supervision (督办) are flags on an open case, not
 * states, so they do not appear here.
 */
export const TRANSITIONS: Readonly<Record<CaseStatus, Readonly<Partial<Record<CaseAction, CaseStatus>>>>> = {
  registered: {
    answer: 'answered',
    reject: 'rejected',
    merge: 'merged',
    route_pending: 'pending_dispatch',
    dispatch: 'dispatched',
  },
  pending_dispatch: {
    dispatch: 'dispatched',
    reject: 'rejected',
    merge: 'merged',
    answer: 'answered',
  },
  dispatched: {
    sign: 'signed',
    request_return: 'return_requested',
    // A dispatcher may re-dispatch before anyone signs (wrong department picked by hand or by a rule).
    dispatch: 'dispatched',
    // 并单: routing takes a fraction of a second, so a repeat is usually dispatched before the operator
    // sees the earlier case; until someone signs, it can still be folded into its master.
    merge: 'merged',
  },
  signed: {
    request_supplement: 'awaiting_supplement',
    reply: 'replied',
    // A department may still find after signing that the matter is not theirs (within the return window).
    request_return: 'return_requested',
  },
  awaiting_supplement: {
    receive_supplement: 'signed',
    // The petitioner never supplied the material: the case is closed with that outcome.
    close: 'closed',
  },
  return_requested: {
    approve_return: 'pending_dispatch',
    deny_return: 'dispatched',
  },
  replied: {
    close: 'closed',
    reopen: 'reopened',
  },
  reopened: {
    sign: 'signed',
  },
  closed: {},
  answered: {},
  rejected: {},
  merged: {},
};

/** Next status after `action`; throws IllegalTransitionError when the action is not allowed. */
export function transition(status: CaseStatus, action: CaseAction): CaseStatus {
  const next = TRANSITIONS[status][action];
  if (next === undefined) {
    throw new IllegalTransitionError(status, action, allowedActions(status));
  }
  return next;
}

/** Actions allowed in `status`, in CASE_ACTIONS order (stable for UIs and messages). */
export function allowedActions(status: CaseStatus): CaseAction[] {
  const row = TRANSITIONS[status];
  return CASE_ACTIONS.filter((action) => row[action] !== undefined);
}

/** A terminal status has no outgoing transition (closed, answered, rejected, merged). */
export function isTerminal(status: CaseStatus): boolean {
  return allowedActions(status).length === 0;
}

/** Open = still somebody's work; open cases are the ones deadlines and escalations apply to. */
export function isOpen(status: CaseStatus): boolean {
  return !isTerminal(status);
}

export function isCaseStatus(x: unknown): x is CaseStatus {
  return typeof x === 'string' && (CASE_STATUSES as readonly string[]).includes(x);
}

export function isCaseAction(x: unknown): x is CaseAction {
  return typeof x === 'string' && (CASE_ACTIONS as readonly string[]).includes(x);
}
