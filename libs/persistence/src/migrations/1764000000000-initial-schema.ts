import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The walking skeleton's schema. Plain SQL so the indexes, constraints and the case-number function
 * are exactly what we mean; entities map onto these tables without relations (ids only), which keeps
 * the hot intake path to one statement.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regions (
        code        varchar(12) PRIMARY KEY,
        name        text NOT NULL,
        level       varchar(12) NOT NULL CHECK (level IN ('district', 'street', 'community')),
        parent_code varchar(12) REFERENCES regions(code),
        city_code   varchar(4) NOT NULL
      );
      CREATE INDEX regions_parent_idx ON regions (parent_code);

      CREATE TABLE departments (
        id          uuid PRIMARY KEY,
        code        varchar(64) NOT NULL UNIQUE,
        name_zh     text NOT NULL,
        name_en     text NOT NULL,
        kind        varchar(16) NOT NULL CHECK (kind IN ('bureau','utility','district','street','hotline','supervision','discipline')),
        parent_id   uuid REFERENCES departments(id),
        region_code varchar(12) REFERENCES regions(code),
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX departments_region_idx ON departments (region_code);

      CREATE TABLE users (
        id             uuid PRIMARY KEY,
        username       varchar(64) NOT NULL UNIQUE,
        password_hash  text NOT NULL,
        display_name   text NOT NULL,
        role           varchar(16) NOT NULL CHECK (role IN ('operator','dispatcher','handler','dept_head','supervisor','admin')),
        department_id  uuid REFERENCES departments(id),
        -- AB岗: the backup who takes this user's cases while they are absent.
        backup_user_id uuid REFERENCES users(id),
        absent         boolean NOT NULL DEFAULT false,
        active         boolean NOT NULL DEFAULT true,
        created_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX users_department_idx ON users (department_id);

      CREATE TABLE categories (
        code                  varchar(32) PRIMARY KEY,
        parent_code           varchar(32) REFERENCES categories(code),
        name_zh               text NOT NULL,
        name_en               text NOT NULL,
        territorial           boolean NOT NULL DEFAULT false,
        owner_department_code varchar(64),
        active                boolean NOT NULL DEFAULT true
      );

      -- 权责清单 / 派单目录: category x region level -> lead (+ assisting) department.
      CREATE TABLE responsibility_rules (
        id                         varchar(64) PRIMARY KEY,
        category_code              varchar(32) NOT NULL REFERENCES categories(code),
        region_level               varchar(8) NOT NULL CHECK (region_level IN ('street','district','any')),
        target_type                varchar(16) NOT NULL CHECK (target_type IN ('territorial','department')),
        target_department_code     varchar(64),
        assisting_department_codes text[] NOT NULL DEFAULT '{}',
        priority                   integer NOT NULL DEFAULT 100,
        explanation                text NOT NULL DEFAULT '',
        active                     boolean NOT NULL DEFAULT true,
        CHECK (target_type = 'territorial' OR target_department_code IS NOT NULL)
      );
      CREATE INDEX responsibility_rules_category_idx ON responsibility_rules (category_code, priority);

      CREATE TABLE time_limit_policies (
        code       varchar(32) PRIMARY KEY,
        name_zh    text NOT NULL,
        name_en    text NOT NULL,
        stages     jsonb NOT NULL,
        extension  jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE cases (
        id                            uuid PRIMARY KEY,
        case_no                       varchar(24) NOT NULL UNIQUE,
        tracking_code                 varchar(16) NOT NULL UNIQUE,
        channel                       varchar(16) NOT NULL,
        type                          varchar(16) NOT NULL,
        status                        varchar(24) NOT NULL,
        content                       text NOT NULL,
        address                       text,
        region_code                   varchar(12) REFERENCES regions(code),
        district_code                 varchar(12),
        street_code                   varchar(12),
        category_code                 varchar(32) REFERENCES categories(code),
        category_source               varchar(16),
        urgency                       varchar(16),
        petitioner_name               text,
        petitioner_phone              varchar(20),
        phone_last4                   varchar(4),
        anonymous                     boolean NOT NULL DEFAULT false,
        accused_unit                  text,
        -- 首问负责制: the unit that first took the request stays recorded and informed.
        first_responder_department_id uuid REFERENCES departments(id),
        registered_by                 uuid REFERENCES users(id),
        lead_department_id            uuid REFERENCES departments(id),
        policy_code                   varchar(32),
        deadline_version              integer NOT NULL DEFAULT 0,
        sign_due_at                   timestamptz,
        first_contact_due_at          timestamptz,
        reply_due_at                  timestamptz,
        return_due_at                 timestamptz,
        routing                       jsonb,
        reply                         text,
        resolved                      boolean,
        return_count                  integer NOT NULL DEFAULT 0,
        binding_assignment            boolean NOT NULL DEFAULT false,
        overdue                       boolean NOT NULL DEFAULT false,
        escalation_level              varchar(16),
        dispatched_at                 timestamptz,
        signed_at                     timestamptz,
        replied_at                    timestamptz,
        closed_at                     timestamptz,
        version                       integer NOT NULL DEFAULT 1,
        created_at                    timestamptz NOT NULL DEFAULT now(),
        updated_at                    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX cases_status_created_idx ON cases (status, created_at DESC);
      CREATE INDEX cases_lead_status_idx ON cases (lead_department_id, status);
      CREATE INDEX cases_created_idx ON cases (created_at DESC);
      CREATE INDEX cases_phone_idx ON cases (petitioner_phone);

      -- 主办/协办/抄送: every department that has a part in a case.
      CREATE TABLE case_assignments (
        id            uuid PRIMARY KEY,
        case_id       uuid NOT NULL REFERENCES cases(id),
        department_id uuid NOT NULL REFERENCES departments(id),
        role          varchar(12) NOT NULL CHECK (role IN ('lead','assisting','copy')),
        active        boolean NOT NULL DEFAULT true,
        assigned_at   timestamptz NOT NULL DEFAULT now(),
        ended_at      timestamptz
      );
      CREATE INDEX case_assignments_case_idx ON case_assignments (case_id);
      CREATE INDEX case_assignments_department_idx ON case_assignments (department_id, case_id) WHERE active;

      -- Append-only history; the public timeline and the reports are computed from it.
      CREATE TABLE case_events (
        id          bigserial PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES cases(id),
        type        varchar(32) NOT NULL,
        at          timestamptz NOT NULL DEFAULT now(),
        actor_id    uuid REFERENCES users(id),
        actor_role  varchar(16),
        from_status varchar(24),
        to_status   varchar(24),
        data        jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX case_events_case_idx ON case_events (case_id, id);
      CREATE INDEX case_events_type_at_idx ON case_events (type, at);

      -- Transactional outbox: written in the same transaction as the fact it announces.
      CREATE TABLE outbox (
        id           bigserial PRIMARY KEY,
        job_name     varchar(64) NOT NULL,
        job_id       varchar(128) NOT NULL,
        payload      jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      );
      CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

      CREATE TABLE idempotency_keys (
        user_id      uuid NOT NULL,
        key          varchar(128) NOT NULL,
        request_hash varchar(64) NOT NULL,
        case_id      uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );

      -- Daily case-number sequences (案件编号 = date + daily sequence). One Postgres SEQUENCE per
      -- Beijing day: nextval never blocks a concurrent intake, unlike a counter row would.
      CREATE FUNCTION next_case_seq(p_day text) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        seq_name text := 'case_no_seq_' || p_day;
      BEGIN
        IF p_day !~ '^[0-9]{8}$' THEN
          RAISE EXCEPTION 'bad day %', p_day;
        END IF;
        IF to_regclass(seq_name) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq_name);
          EXCEPTION WHEN unique_violation OR duplicate_table THEN
            NULL; -- created concurrently by another intake
          END;
        END IF;
        RETURN nextval(seq_name);
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS next_case_seq(text);
      DROP TABLE IF EXISTS idempotency_keys, outbox, case_events, case_assignments, cases,
        time_limit_policies, responsibility_rules, categories, users, departments, regions;
    `);
  }
}
