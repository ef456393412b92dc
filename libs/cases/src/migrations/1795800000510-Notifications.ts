import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Norm notifications and the team leads who receive them.
 *
 * `cases.team_lead` lists which guardians lead the team of a certified institution (there is no
 * team-lead role: a team lead is a guardian with this extra duty, so identity's roles stay as they
 * are). A trigger refuses a user who is not a guardian of that institution.
 *
 * `cases.notification`: the daily norm check (CheckNorms) flags milestones that are due soon or
 * overdue for the case's guardian and the institution's team leads. One row per recipient,
 * measure, milestone and kind (UNIQUE), so the check inserts with ON CONFLICT DO NOTHING and can
 * run any number of times: a milestone flagged due_soon is not flagged again, and gets one more
 * notification when it becomes overdue. A notification holds ids, codes and dates only, never
 * personal data: the web app shows the case to whoever may see it.
 */
export class Notifications1795800000510 implements MigrationInterface {
  name = 'Notifications1795800000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.team_lead (
      institution_id uuid NOT NULL,
      user_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT team_lead_pk PRIMARY KEY (institution_id, user_id),
      CONSTRAINT team_lead_institution_fk FOREIGN KEY (institution_id) REFERENCES identity.organisation(id) ON DELETE RESTRICT,
      CONSTRAINT team_lead_user_fk FOREIGN KEY (user_id) REFERENCES identity."user"(id) ON DELETE RESTRICT
    )`);
    await q.query(`CREATE INDEX team_lead_user_idx ON cases.team_lead (user_id)`);
    // a team lead is a guardian of the institution whose team they lead (a foreign key cannot say so)
    await q.query(`CREATE FUNCTION cases.check_team_lead() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM identity."user" u JOIN identity.organisation o ON o.id = u.organisation_id
                        WHERE u.id = NEW.user_id AND u.role = 'guardian' AND o.id = NEW.institution_id AND o.kind = 'certified_institution') THEN
          RAISE EXCEPTION 'cases.team_lead: user % is not a guardian of institution %', NEW.user_id, NEW.institution_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER team_lead_guardian BEFORE INSERT OR UPDATE OF user_id, institution_id ON cases.team_lead
      FOR EACH ROW EXECUTE FUNCTION cases.check_team_lead()`);

    await q.query(`CREATE TABLE cases.notification (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      recipient_user_id uuid NOT NULL,
      measure_id uuid NOT NULL,
      milestone varchar(30) NOT NULL,
      kind varchar(10) NOT NULL,
      due_on date NOT NULL,
      created_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz NULL,
      CONSTRAINT notification_pk PRIMARY KEY (id),
      CONSTRAINT notification_once_uq UNIQUE (recipient_user_id, measure_id, milestone, kind),
      CONSTRAINT notification_recipient_fk FOREIGN KEY (recipient_user_id) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT notification_measure_fk FOREIGN KEY (measure_id) REFERENCES cases.measure(id) ON DELETE RESTRICT,
      CONSTRAINT notification_milestone_ck CHECK (milestone IN ('permanent_guardian','agreed_course','fitting_help')),
      CONSTRAINT notification_kind_ck CHECK (kind IN ('due_soon','overdue')),
      CONSTRAINT notification_read_ck CHECK (read_at IS NULL OR read_at >= created_at)
    )`);
    // the user's list, newest first (scanned backwards), and the unread badge
    await q.query(`CREATE INDEX notification_recipient_idx ON cases.notification (recipient_user_id, created_at)`);
    await q.query(`CREATE INDEX notification_unread_idx ON cases.notification (recipient_user_id) WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX notification_measure_idx ON cases.notification (measure_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.notification`);
    await q.query(`DROP TABLE cases.team_lead`);
    await q.query(`DROP FUNCTION cases.check_team_lead()`);
  }
}
