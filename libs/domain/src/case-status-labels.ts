import type { CaseAction, CaseStatus } from './case-status.js';

/**
 * Display names of the case statuses. Kept apart from the transition table so that `errors.ts`
 * can use them without an import cycle; re-exported from `case-status.ts`.
 */
export const STATUS_LABELS: Readonly<Record<CaseStatus, { zh: string; en: string }>> = {
  registered: { zh: '已登记', en: 'Registered' },
  pending_dispatch: { zh: '待派单', en: 'Pending dispatch' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  signed: { zh: '已签收/办理中', en: 'Signed for / in progress' },
  awaiting_supplement: { zh: '待补充材料', en: 'Awaiting supplement' },
  return_requested: { zh: '退单审核中', en: 'Return requested' },
  replied: { zh: '已答复', en: 'Replied' },
  reopened: { zh: '重办', en: 'Reopened' },
  closed: { zh: '已办结', en: 'Closed' },
  answered: { zh: '已解答', en: 'Answered at first contact' },
  rejected: { zh: '不予受理', en: 'Rejected' },
  merged: { zh: '已并单', en: 'Merged' },
};

/** Display names of the case actions (used in bilingual error messages and event history). */
export const ACTION_LABELS: Readonly<Record<CaseAction, { zh: string; en: string }>> = {
  answer: { zh: '当场解答', en: 'Answer at first contact' },
  reject: { zh: '不予受理', en: 'Reject' },
  merge: { zh: '并单', en: 'Merge into master case' },
  route_pending: { zh: '转人工派单', en: 'Route to dispatcher' },
  dispatch: { zh: '派单', en: 'Dispatch' },
  sign: { zh: '签收', en: 'Sign for' },
  request_supplement: { zh: '要求补充材料', en: 'Request supplement' },
  receive_supplement: { zh: '收到补充材料', en: 'Receive supplement' },
  reply: { zh: '答复', en: 'Reply' },
  request_return: { zh: '申请退单', en: 'Request return' },
  approve_return: { zh: '同意退单', en: 'Approve return' },
  deny_return: { zh: '驳回退单', en: 'Deny return' },
  close: { zh: '办结', en: 'Close' },
  reopen: { zh: '重办', en: 'Reopen' },
};
