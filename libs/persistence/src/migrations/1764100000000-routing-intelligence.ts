import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing intelligence: versioned classifier models (a retrain can be rolled back by activating an
 * older version), the operators' confirmations/corrections the model learns from, assisting
 * departments' opinions, AB岗 assignees, 并单 (merged repeats) and in-app notifications.
 */
export class RoutingIntelligence1764100000000 implements MigrationInterface {
  name = 'RoutingIntelligence1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE classifier_models (
        version     serial PRIMARY KEY,
        model_id    varchar(16) NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  uuid REFERENCES users(id),
        active      boolean NOT NULL DEFAULT false,
        trained_on  jsonb NOT NULL,
        metrics     jsonb,
        model       jsonb NOT NULL
      );
      -- At most one active model.
      CREATE UNIQUE INDEX classifier_models_one_active ON classifier_models (active) WHERE active;

      CREATE TABLE classification_feedback (
        id                 bigserial PRIMARY KEY,
        case_id            uuid NOT NULL UNIQUE REFERENCES cases(id),
        text               text NOT NULL,
        category_code      varchar(32) NOT NULL REFERENCES categories(code),
        urgency            varchar(16) NOT NULL,
        predicted_category varchar(32),
        kind               varchar(16) NOT NULL CHECK (kind IN ('confirmed', 'corrected')),
        actor_id           uuid REFERENCES users(id),
        created_at         timestamptz NOT NULL DEFAULT now()
      );

      -- 协办意见: an assisting department's part; the lead replies only when all are in or waived.
      ALTER TABLE case_assignments
        ADD COLUMN opinion    text,
        ADD COLUMN opinion_at timestamptz,
        ADD COLUMN opinion_by uuid REFERENCES users(id),
        ADD COLUMN waived_at  timestamptz,
        ADD COLUMN waived_by  uuid REFERENCES users(id);

      -- The handler who works the case (set at sign-for); AB岗 moves it to the backup while absent and
      -- back on return (original_assignee_id remembers whose it was).
      ALTER TABLE cases
        ADD COLUMN assignee_user_id     uuid REFERENCES users(id),
        ADD COLUMN original_assignee_id uuid REFERENCES users(id),
        -- 并单: the master case this repeat was folded into.
        ADD COLUMN merged_into          uuid REFERENCES cases(id);
      CREATE INDEX cases_assignee_idx ON cases (assignee_user_id) WHERE assignee_user_id IS NOT NULL;
      CREATE INDEX cases_merged_into_idx ON cases (merged_into) WHERE merged_into IS NOT NULL;
      CREATE INDEX cases_street_created_idx ON cases (street_code, created_at DESC) WHERE street_code IS NOT NULL;

      -- In-app notifications, to a user or to a whole department (首问负责制: the first unit is told of
      -- every transfer and of the outcome).
      CREATE TABLE notifications (
        id                      bigserial PRIMARY KEY,
        recipient_user_id       uuid REFERENCES users(id),
        recipient_department_id uuid REFERENCES departments(id),
        case_id                 uuid REFERENCES cases(id),
        type                    varchar(32) NOT NULL,
        title                   text NOT NULL,
        body                    text NOT NULL DEFAULT '',
        data                    jsonb NOT NULL DEFAULT '{}',
        created_at              timestamptz NOT NULL DEFAULT now(),
        read_at                 timestamptz,
        CHECK (recipient_user_id IS NOT NULL OR recipient_department_id IS NOT NULL)
      );
      CREATE INDEX notifications_user_idx ON notifications (recipient_user_id, id DESC) WHERE recipient_user_id IS NOT NULL;
      CREATE INDEX notifications_department_idx ON notifications (recipient_department_id, id DESC) WHERE recipient_department_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS notifications, classification_feedback, classifier_models;
      ALTER TABLE cases DROP COLUMN IF EXISTS assignee_user_id, DROP COLUMN IF EXISTS original_assignee_id, DROP COLUMN IF EXISTS merged_into;
      ALTER TABLE case_assignments DROP COLUMN IF EXISTS opinion, DROP COLUMN IF EXISTS opinion_at, DROP COLUMN IF EXISTS opinion_by,
        DROP COLUMN IF EXISTS waived_at, DROP COLUMN IF EXISTS waived_by;
    `);
  }
}
