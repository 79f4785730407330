import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 限时办结制 and 督查督办 (issue "time limits and escalation"): calendar overrides, policy versions,
 * escalation timers, supplement (一次性告知) and extension (延期) requests, first contact, supervision
 * orders and accountability records, callbacks.
 */
export class TimeLimits1764200000000 implements MigrationInterface {
  name = 'TimeLimits1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Admin overrides of the chinese-days calendar, e.g. next year's State Council schedule the day
      -- it is published, or a local rest day.
      CREATE TABLE calendar_overrides (
        day        date PRIMARY KEY,
        working    boolean NOT NULL,
        note       text NOT NULL DEFAULT '',
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      ALTER TABLE time_limit_policies
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        -- 一次性告知: an unanswered supplement request closes the case after this long.
        ADD COLUMN supplement_timeout jsonb NOT NULL DEFAULT '{"amount": 30, "unit": "calendar_days"}';

      ALTER TABLE cases
        ADD COLUMN policy_version          integer,
        ADD COLUMN first_contacted_at      timestamptz,
        -- When the allowed time of each stage began (the 80 % warning is measured from it).
        ADD COLUMN clock_started_at        timestamptz,
        ADD COLUMN paused_at               timestamptz,
        -- ms left per stage when the clock paused (一次性告知), restored on resume.
        ADD COLUMN paused_remaining        jsonb,
        ADD COLUMN supplement_request_count integer NOT NULL DEFAULT 0,
        ADD COLUMN extension_count         integer NOT NULL DEFAULT 0,
        ADD COLUMN reopen_count            integer NOT NULL DEFAULT 0,
        ADD COLUMN satisfaction            varchar(24),
        -- When the case's BullMQ wake-up job is due: a new plan replaces (moves) that job.
        ADD COLUMN timer_wake_at           timestamptz;
      CREATE INDEX cases_overdue_open_idx ON cases (lead_department_id) WHERE overdue;

      -- Escalation timers: one row per step of a deadline version (the plan), fired or cancelled at
      -- most once. Postgres is the source of truth; BullMQ delayed jobs only wake the worker on time,
      -- and a sweep finds due rows by the partial index after a Redis wipe or a long outage.
      CREATE TABLE case_timers (
        id               bigserial PRIMARY KEY,
        case_id          uuid NOT NULL REFERENCES cases(id),
        deadline_version integer NOT NULL,
        stage            varchar(16) NOT NULL,
        level            varchar(16) NOT NULL,
        due_at           timestamptz NOT NULL,
        fire_at          timestamptz NOT NULL,
        fired_at         timestamptz,
        cancelled_at     timestamptz,
        UNIQUE (case_id, deadline_version, stage, level)
      );
      CREATE INDEX case_timers_pending_idx ON case_timers (fire_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
      CREATE INDEX case_timers_case_pending_idx ON case_timers (case_id, fire_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;

      CREATE TABLE supplement_requests (
        id            uuid PRIMARY KEY,
        case_id       uuid NOT NULL REFERENCES cases(id),
        items         jsonb NOT NULL,
        note          text,
        requested_by  uuid REFERENCES users(id),
        requested_at  timestamptz NOT NULL,
        override      boolean NOT NULL DEFAULT false,
        auto_close_at timestamptz NOT NULL,
        answered_at   timestamptz,
        answered_by   uuid REFERENCES users(id),
        answer        text,
        closed_at     timestamptz
      );
      CREATE INDEX supplement_requests_case_idx ON supplement_requests (case_id, requested_at);

      CREATE TABLE extension_requests (
        id            uuid PRIMARY KEY,
        case_id       uuid NOT NULL REFERENCES cases(id),
        amount        numeric NOT NULL,
        unit          varchar(16) NOT NULL,
        reason        text NOT NULL,
        status        varchar(12) NOT NULL CHECK (status IN ('pending','approved','denied')),
        requested_by  uuid REFERENCES users(id),
        requested_at  timestamptz NOT NULL,
        previous_due  timestamptz,
        new_due       timestamptz,
        decided_by    uuid REFERENCES users(id),
        decided_at    timestamptz,
        decision_note text
      );
      CREATE INDEX extension_requests_case_idx ON extension_requests (case_id);
      CREATE UNIQUE INDEX extension_requests_one_pending ON extension_requests (case_id) WHERE status = 'pending';
      CREATE INDEX extension_requests_pending_idx ON extension_requests (requested_at) WHERE status = 'pending';

      -- 督办: issued to the department head when the reply is still missing a working day late.
      CREATE TABLE supervision_orders (
        id               uuid PRIMARY KEY,
        case_id          uuid NOT NULL REFERENCES cases(id),
        department_id    uuid REFERENCES departments(id),
        deadline_version integer NOT NULL,
        issued_at        timestamptz NOT NULL,
        due_at           timestamptz NOT NULL,
        status           varchar(12) NOT NULL DEFAULT 'open' CHECK (status IN ('open','met','missed')),
        UNIQUE (case_id, deadline_version)
      );
      CREATE INDEX supervision_orders_department_idx ON supervision_orders (department_id, issued_at);

      -- 问责: the supervision order's deadline was missed; reviewed under 失职追究.
      CREATE TABLE accountability_records (
        id                   uuid PRIMARY KEY,
        case_id              uuid NOT NULL REFERENCES cases(id),
        department_id        uuid REFERENCES departments(id),
        handler_user_id      uuid REFERENCES users(id),
        supervision_order_id uuid REFERENCES supervision_orders(id),
        deadline_version     integer NOT NULL,
        reason               text NOT NULL,
        created_at           timestamptz NOT NULL,
        UNIQUE (case_id, deadline_version)
      );
      CREATE INDEX accountability_records_department_idx ON accountability_records (department_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS accountability_records, supervision_orders, extension_requests, supplement_requests, case_timers, calendar_overrides;
      DROP INDEX IF EXISTS cases_overdue_open_idx;
      ALTER TABLE cases DROP COLUMN IF EXISTS policy_version, DROP COLUMN IF EXISTS first_contacted_at, DROP COLUMN IF EXISTS clock_started_at,
        DROP COLUMN IF EXISTS paused_at, DROP COLUMN IF EXISTS paused_remaining, DROP COLUMN IF EXISTS supplement_request_count,
        DROP COLUMN IF EXISTS extension_count, DROP COLUMN IF EXISTS reopen_count, DROP COLUMN IF EXISTS satisfaction, DROP COLUMN IF EXISTS timer_wake_at;
      ALTER TABLE time_limit_policies DROP COLUMN IF EXISTS version, DROP COLUMN IF EXISTS supplement_timeout;
    `);
  }
}
