/**
 * The payload of a `deliver-notification` job: one message over one external channel.
 *
 * Unlike the other jobs it carries the rendered-to-be content (template name and parameters) and the
 * recipient, not only ids: it is written in the business transaction that decides to notify, and the
 * message must say what was true then (the due time of *that* escalation step), not what the case
 * says when a retry finally gets through.
 */

/** External channels a worker can deliver over. The in-app channel is the `notifications` table. */
export const NOTIFY_CHANNELS = ['webhook', 'log'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** Who reads it: department staff, or the petitioner by SMS. */
export const NOTIFICATION_KINDS = ['staff', 'petitioner_sms'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationRecipient {
  /** A person (AB岗 already applied by the producer: the present user, not the absent one). */
  userId?: string;
  /** A whole department (the gateway maps it to the department's duty phone or group). */
  departmentId?: string;
  /** The petitioner's phone (petitioner_sms only). Never logged unmasked. */
  phone?: string;
}

export interface DeliverNotificationPayload {
  /**
   * Idempotency key of the message, the same for every channel, e.g.
   * `escalated-<caseId>-v3-reply-overdue`. Part of the jobId and sent as `X-Hotline-Delivery`, so the
   * gateway can drop a duplicate we could not rule out (a timeout after it already accepted).
   */
  key: string;
  channel: NotifyChannel;
  kind: NotificationKind;
  recipient: NotificationRecipient;
  /** A template name of `@hotline/domain` sms-templates (checked when rendered). */
  template: string;
  params: Record<string, string | number>;
  caseId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** BullMQ reserves ":" in job ids; keys stay in a safe alphabet. */
const KEY = /^[A-Za-z0-9_.-]{1,200}$/;
const TEMPLATE = /^[a-z][a-z0-9_]{0,63}$/;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Digits with the usual separators and an optional leading "+". */
const PHONE = /^\+?[0-9][0-9 ()-]{2,30}$/;
/** Longest accepted parameter value (an SMS is a few hundred characters at most). */
const MAX_PARAM_LENGTH = 500;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first problem with a deliver-notification payload, or null when it is valid. */
export function deliverNotificationProblem(data: unknown): string | null {
  if (!isRecord(data)) return 'payload must be an object';
  const d = data;
  if (typeof d.key !== 'string' || !KEY.test(d.key)) return 'key must be 1-200 of A-Z a-z 0-9 _ . -';
  if (!(NOTIFY_CHANNELS as readonly unknown[]).includes(d.channel)) return `channel must be one of ${NOTIFY_CHANNELS.join(', ')}`;
  if (!(NOTIFICATION_KINDS as readonly unknown[]).includes(d.kind)) return `kind must be one of ${NOTIFICATION_KINDS.join(', ')}`;
  if (typeof d.template !== 'string' || !TEMPLATE.test(d.template)) return 'template must be a snake_case template name';
  if (d.caseId !== undefined && (typeof d.caseId !== 'string' || !UUID.test(d.caseId))) return 'caseId must be a uuid';
  const r = d.recipient;
  if (!isRecord(r)) return 'recipient must be an object';
  for (const k of Object.keys(r)) if (!['userId', 'departmentId', 'phone'].includes(k)) return `recipient.${k} is not allowed`;
  if (r.userId !== undefined && (typeof r.userId !== 'string' || !UUID.test(r.userId))) return 'recipient.userId must be a uuid';
  if (r.departmentId !== undefined && (typeof r.departmentId !== 'string' || !UUID.test(r.departmentId))) return 'recipient.departmentId must be a uuid';
  if (r.phone !== undefined && (typeof r.phone !== 'string' || !PHONE.test(r.phone))) return 'recipient.phone must be a phone number';
  if (d.kind === 'petitioner_sms' && r.phone === undefined) return 'recipient.phone is required for petitioner_sms';
  if (d.kind === 'staff' && r.userId === undefined && r.departmentId === undefined) return 'recipient.userId or recipient.departmentId is required for staff';
  if (!isRecord(d.params)) return 'params must be an object';
  for (const [k, v] of Object.entries(d.params)) {
    if (!PARAM_NAME.test(k)) return `params.${k}: invalid parameter name`;
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' || v.length > MAX_PARAM_LENGTH) {
      return `params.${k} must be a finite number or a string of at most ${MAX_PARAM_LENGTH} characters`;
    }
  }
  return null;
}

/** Validated copy (unknown top-level fields dropped); throws naming the first problem. */
export function parseDeliverNotificationPayload(data: unknown): DeliverNotificationPayload {
  const problem = deliverNotificationProblem(data);
  if (problem) throw new Error(`invalid deliver-notification payload: ${problem}`);
  const d = data as unknown as DeliverNotificationPayload;
  const recipient: NotificationRecipient = {};
  if (d.recipient.userId !== undefined) recipient.userId = d.recipient.userId;
  if (d.recipient.departmentId !== undefined) recipient.departmentId = d.recipient.departmentId;
  if (d.recipient.phone !== undefined) recipient.phone = d.recipient.phone;
  const out: DeliverNotificationPayload = { key: d.key, channel: d.channel, kind: d.kind, recipient, template: d.template, params: { ...d.params } };
  if (d.caseId !== undefined) out.caseId = d.caseId;
  return out;
}

/** `notify-<channel>-<key>`: one delivery per channel and message, however often the row is published. */
export function notificationJobId(p: Pick<DeliverNotificationPayload, 'channel' | 'key'>): string {
  return `notify-${p.channel}-${p.key}`;
}
