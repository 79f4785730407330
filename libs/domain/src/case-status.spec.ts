import { describe, expect, it } from '@jest/globals';
import {
  CASE_ACTIONS,
  CASE_STATUSES,
  STATUS_LABELS,
  allowedActions,
  isCaseStatus,
  isOpen,
  isTerminal,
  transition,
  type CaseAction,
  type CaseStatus,
} from './case-status.js';
import { DomainError, IllegalTransitionError } from './errors.js';

// Written out by hand from domain.md §3 on purpose: the test must not be derived from TRANSITIONS.
const EXPECTED: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  registered: {
    answer: 'answered',
    reject: 'rejected',
    merge: 'merged',
    route_pending: 'pending_dispatch',
    dispatch: 'dispatched',
  },
  pending_dispatch: { dispatch: 'dispatched', reject: 'rejected', merge: 'merged', answer: 'answered' },
  dispatched: { sign: 'signed', request_return: 'return_requested', dispatch: 'dispatched', merge: 'merged' },
  signed: { request_supplement: 'awaiting_supplement', reply: 'replied', request_return: 'return_requested' },
  awaiting_supplement: { receive_supplement: 'signed', close: 'closed' },
  return_requested: { approve_return: 'pending_dispatch', deny_return: 'dispatched' },
  replied: { close: 'closed', reopen: 'reopened' },
  reopened: { sign: 'signed' },
  closed: {},
  answered: {},
  rejected: {},
  merged: {},
};

const TERMINAL: CaseStatus[] = ['closed', 'answered', 'rejected', 'merged'];

const cases = CASE_STATUSES.flatMap((status) =>
  CASE_ACTIONS.map((action) => ({ status, action, expected: EXPECTED[status][action] ?? null })),
);

describe('case status transition table', () => {
  it('covers 12 statuses × 14 actions', () => {
    expect(CASE_STATUSES).toHaveLength(12);
    expect(CASE_ACTIONS).toHaveLength(14);
    expect(cases).toHaveLength(168);
  });

  it.each(cases)('$status + $action → $expected', ({ status, action, expected }) => {
    if (expected !== null) {
      expect(transition(status, action)).toBe(expected);
      return;
    }
    const allowed = CASE_ACTIONS.filter((a) => EXPECTED[status][a] !== undefined);
    let caught: unknown;
    try {
      transition(status, action);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toBeInstanceOf(DomainError);
    const err = caught as IllegalTransitionError;
    expect(err.code).toBe('ILLEGAL_TRANSITION');
    expect(err.currentStatus).toBe(status);
    expect(err.action).toBe(action);
    expect(err.allowedActions).toEqual(allowed);
    expect(err.details).toMatchObject({ currentStatus: status, action, allowedActions: allowed });
  });

  it.each(CASE_STATUSES.map((s) => [s]))('allowedActions(%s) lists exactly the expected actions', (status) => {
    expect(allowedActions(status)).toEqual(CASE_ACTIONS.filter((a) => EXPECTED[status][a] !== undefined));
  });

  it('names the current status (zh) and allowed actions in the message', () => {
    expect(() => transition('replied', 'sign')).toThrow(
      'Cannot sign a case in status "replied" (当前状态：已答复); allowed actions: close, reopen',
    );
    try {
      transition('closed', 'reopen');
    } catch (error) {
      const err = error as IllegalTransitionError;
      expect(err.message).toContain('allowed actions: none');
      expect(err.allowedActions).toEqual([]);
      expect(err.name).toBe('IllegalTransitionError');
      expect(err.details?.['messageZh']).toBe('当前状态“已办结”不能执行“重办”；可执行：无（已是终态）');
    }
  });

  it.each(CASE_STATUSES.map((s) => [s]))('isTerminal / isOpen agree for %s', (status) => {
    expect(isTerminal(status)).toBe(TERMINAL.includes(status));
    expect(isOpen(status)).toBe(!TERMINAL.includes(status));
  });

  it('recognises statuses', () => {
    expect(isCaseStatus('signed')).toBe(true);
    expect(isCaseStatus('SIGNED')).toBe(false);
    expect(isCaseStatus('toString')).toBe(false);
    expect(isCaseStatus(3)).toBe(false);
    expect(isCaseStatus(null)).toBe(false);
  });

  it('has a zh and en label for every status', () => {
    for (const status of CASE_STATUSES) {
      expect(STATUS_LABELS[status].zh.length).toBeGreaterThan(0);
      expect(STATUS_LABELS[status].en.length).toBeGreaterThan(0);
    }
    expect(STATUS_LABELS.pending_dispatch.zh).toBe('待派单');
    expect(STATUS_LABELS.merged.zh).toBe('已并单');
  });
});
