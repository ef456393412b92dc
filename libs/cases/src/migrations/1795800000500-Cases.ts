import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Children under a protection measure and their case records: the measure (the case root), the
 * guardian assignments with their history, needs, the three milestones of the inspection norms,
 * the family's experience of the help, the client's voice and the append-only timeline.
 *
 * Personal data is encrypted at rest by the application (PersonalDataCipher, AES-256-GCM): every
 * `*_enc` column holds `pd1.<keyId>.…` (a CHECK refuses anything else, so plaintext cannot land
 * there by mistake). The BSN is also kept as an HMAC (`bsn_hmac`, key derived from the personal
 * data key) to find a child again without decrypting. Nothing in clear identifies a child.
 */
export class Cases1795800000500 implements MigrationInterface {
  name = 'Cases1795800000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS cases`);

    await q.query(`CREATE TABLE cases.child (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      given_names_enc text NOT NULL,
      family_name_enc text NOT NULL,
      bsn_enc text NOT NULL,
      date_of_birth_enc text NOT NULL,
      bsn_hmac char(64) NOT NULL,
      key_id varchar(40) NOT NULL,
      home_municipality_code varchar(6) NOT NULL,
      network_municipality_code varchar(6) NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT child_pk PRIMARY KEY (id),
      CONSTRAINT child_bsn_hmac_uq UNIQUE (bsn_hmac),
      CONSTRAINT child_home_municipality_fk FOREIGN KEY (home_municipality_code) REFERENCES reference.municipality(code),
      CONSTRAINT child_network_municipality_fk FOREIGN KEY (network_municipality_code) REFERENCES reference.municipality(code),
      CONSTRAINT child_bsn_hmac_ck CHECK (bsn_hmac ~ '^[0-9a-f]{64}$'),
      CONSTRAINT child_encrypted_ck CHECK (given_names_enc LIKE 'pd1.%' AND family_name_enc LIKE 'pd1.%' AND bsn_enc LIKE 'pd1.%' AND date_of_birth_enc LIKE 'pd1.%')
    )`);
    await q.query(`CREATE INDEX child_home_municipality_idx ON cases.child (home_municipality_code)`);

    await q.query(`CREATE TABLE cases.measure (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL,
      kind varchar(40) NOT NULL,
      ruling_date date NOT NULL,
      end_date date NULL,
      institution_id uuid NOT NULL,
      urgent boolean NOT NULL DEFAULT false,
      urgent_help_due_on date NULL,
      status varchar(10) NOT NULL DEFAULT 'open',
      created_by uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version int NOT NULL DEFAULT 1,
      CONSTRAINT measure_pk PRIMARY KEY (id),
      CONSTRAINT measure_child_fk FOREIGN KEY (child_id) REFERENCES cases.child(id) ON DELETE RESTRICT,
      CONSTRAINT measure_institution_fk FOREIGN KEY (institution_id) REFERENCES identity.organisation(id) ON DELETE RESTRICT,
      CONSTRAINT measure_created_by_fk FOREIGN KEY (created_by) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT measure_kind_ck CHECK (kind IN ('supervision_order','provisional_supervision_order','guardianship','juvenile_probation')),
      CONSTRAINT measure_status_ck CHECK (status IN ('open','closed')),
      CONSTRAINT measure_end_ck CHECK (end_date IS NULL OR end_date >= ruling_date),
      CONSTRAINT measure_urgent_help_ck CHECK (urgent_help_due_on IS NULL OR (urgent AND urgent_help_due_on >= ruling_date))
    )`);
    await q.query(`CREATE INDEX measure_child_idx ON cases.measure (child_id)`);
    await q.query(`CREATE INDEX measure_institution_idx ON cases.measure (institution_id, status)`);
    // a double submission of the same ruling is refused by the database, not by a read first
    await q.query(`CREATE UNIQUE INDEX measure_same_ruling_uq ON cases.measure (child_id, kind, ruling_date, institution_id) WHERE status = 'open'`);
    // the responsible organisation carries out measures: a certified institution (a foreign key cannot say which kind)
    await q.query(`CREATE FUNCTION cases.check_measure_institution() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM identity.organisation WHERE id = NEW.institution_id AND kind = 'certified_institution') THEN
          RAISE EXCEPTION 'cases.measure: institution % is not a certified institution', NEW.institution_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER measure_institution_kind BEFORE INSERT OR UPDATE OF institution_id ON cases.measure
      FOR EACH ROW EXECUTE FUNCTION cases.check_measure_institution()`);

    await q.query(`CREATE TABLE cases.guardian_assignment (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      measure_id uuid NOT NULL,
      guardian_user_id uuid NOT NULL,
      kind varchar(10) NOT NULL,
      from_date date NOT NULL,
      to_date date NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT guardian_assignment_pk PRIMARY KEY (id),
      CONSTRAINT guardian_assignment_measure_fk FOREIGN KEY (measure_id) REFERENCES cases.measure(id) ON DELETE RESTRICT,
      CONSTRAINT guardian_assignment_guardian_fk FOREIGN KEY (guardian_user_id) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT guardian_assignment_created_by_fk FOREIGN KEY (created_by) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT guardian_assignment_kind_ck CHECK (kind IN ('permanent','temporary')),
      CONSTRAINT guardian_assignment_dates_ck CHECK (to_date IS NULL OR to_date >= from_date)
    )`);
    await q.query(`CREATE INDEX guardian_assignment_measure_idx ON cases.guardian_assignment (measure_id)`);
    await q.query(`CREATE INDEX guardian_assignment_open_idx ON cases.guardian_assignment (guardian_user_id) WHERE to_date IS NULL`);
    // at most one open assignment of each kind per measure: one permanent guardian, one duty guardian
    await q.query(`CREATE UNIQUE INDEX guardian_assignment_open_uq ON cases.guardian_assignment (measure_id, kind) WHERE to_date IS NULL`);
    // the guardian is a guardian of the measure's own institution
    await q.query(`CREATE FUNCTION cases.check_guardian_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM identity."user" u JOIN cases.measure m ON m.institution_id = u.organisation_id
                        WHERE u.id = NEW.guardian_user_id AND u.role = 'guardian' AND m.id = NEW.measure_id) THEN
          RAISE EXCEPTION 'cases.guardian_assignment: user % is not a guardian of the measure''s institution', NEW.guardian_user_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER guardian_assignment_guardian BEFORE INSERT OR UPDATE OF guardian_user_id, measure_id ON cases.guardian_assignment
      FOR EACH ROW EXECUTE FUNCTION cases.check_guardian_assignment()`);

    await q.query(`CREATE TABLE cases.need (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      measure_id uuid NOT NULL,
      category_code varchar(4) NOT NULL,
      specialism_codes text[] NOT NULL DEFAULT '{}',
      setting_constraints text[] NOT NULL DEFAULT '{}',
      secure_authorisation_from date NULL,
      secure_authorisation_to date NULL,
      urgency varchar(10) NOT NULL,
      keep_with_siblings boolean NOT NULL DEFAULT false,
      max_distance_km int NULL,
      notes_enc text NULL,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT need_pk PRIMARY KEY (id),
      CONSTRAINT need_measure_fk FOREIGN KEY (measure_id) REFERENCES cases.measure(id) ON DELETE RESTRICT,
      CONSTRAINT need_recorded_by_fk FOREIGN KEY (recorded_by) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT need_urgency_ck CHECK (urgency IN ('regular','urgent','acute')),
      CONSTRAINT need_distance_ck CHECK (max_distance_km IS NULL OR max_distance_km BETWEEN 1 AND 400),
      CONSTRAINT need_secure_authorisation_ck CHECK ((secure_authorisation_from IS NULL) = (secure_authorisation_to IS NULL)
        AND (secure_authorisation_to IS NULL OR secure_authorisation_to >= secure_authorisation_from)),
      CONSTRAINT need_secure_setting_ck CHECK (NOT ('secure_residential' = ANY (setting_constraints)) OR secure_authorisation_from IS NOT NULL),
      CONSTRAINT need_notes_encrypted_ck CHECK (notes_enc IS NULL OR notes_enc LIKE 'pd1.%')
    )`);
    await q.query(`CREATE INDEX need_measure_idx ON cases.need (measure_id)`);

    await q.query(`CREATE TABLE cases.milestone (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      measure_id uuid NOT NULL,
      kind varchar(30) NOT NULL,
      met_on date NOT NULL,
      explanation_code varchar(60) NULL,
      explanation_text_enc text NULL,
      agreed_by text[] NULL,
      offering_id uuid NULL,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT milestone_pk PRIMARY KEY (id),
      CONSTRAINT milestone_measure_kind_uq UNIQUE (measure_id, kind),
      CONSTRAINT milestone_measure_fk FOREIGN KEY (measure_id) REFERENCES cases.measure(id) ON DELETE RESTRICT,
      CONSTRAINT milestone_offering_fk FOREIGN KEY (offering_id) REFERENCES social_map.offering(id) ON DELETE RESTRICT,
      CONSTRAINT milestone_recorded_by_fk FOREIGN KEY (recorded_by) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT milestone_kind_ck CHECK (kind IN ('permanent_guardian','agreed_course','fitting_help')),
      CONSTRAINT milestone_explanation_ck CHECK ((explanation_code IS NULL) = (explanation_text_enc IS NULL)),
      CONSTRAINT milestone_explanation_encrypted_ck CHECK (explanation_text_enc IS NULL OR explanation_text_enc LIKE 'pd1.%'),
      -- a course is agreed with the family (the child or the parents), or it is not agreed
      CONSTRAINT milestone_agreed_by_ck CHECK (
        (kind = 'agreed_course') = (agreed_by IS NOT NULL)
        AND (agreed_by IS NULL OR (agreed_by <@ ARRAY['child','parents','network','professionals']::text[] AND agreed_by && ARRAY['child','parents']::text[]))),
      CONSTRAINT milestone_offering_ck CHECK ((kind = 'fitting_help') = (offering_id IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX milestone_offering_idx ON cases.milestone (offering_id) WHERE offering_id IS NOT NULL`);

    await q.query(`CREATE TABLE cases.help_experience (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      milestone_id uuid NOT NULL,
      follow_up_on date NOT NULL,
      child_experiences_fitting boolean NULL,
      parents_experience_fitting boolean NULL,
      professional_explanation_enc text NOT NULL,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT help_experience_pk PRIMARY KEY (id),
      CONSTRAINT help_experience_follow_up_uq UNIQUE (milestone_id, follow_up_on),
      CONSTRAINT help_experience_milestone_fk FOREIGN KEY (milestone_id) REFERENCES cases.milestone(id) ON DELETE RESTRICT,
      CONSTRAINT help_experience_recorded_by_fk FOREIGN KEY (recorded_by) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT help_experience_encrypted_ck CHECK (professional_explanation_enc LIKE 'pd1.%')
    )`);

    await q.query(`CREATE TABLE cases.client_voice (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      measure_id uuid NOT NULL,
      milestone_kind varchar(30) NULL,
      speaker varchar(10) NOT NULL,
      statement_enc text NOT NULL,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT client_voice_pk PRIMARY KEY (id),
      CONSTRAINT client_voice_measure_fk FOREIGN KEY (measure_id) REFERENCES cases.measure(id) ON DELETE RESTRICT,
      CONSTRAINT client_voice_recorded_by_fk FOREIGN KEY (recorded_by) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT client_voice_milestone_kind_ck CHECK (milestone_kind IS NULL OR milestone_kind IN ('permanent_guardian','agreed_course','fitting_help')),
      CONSTRAINT client_voice_speaker_ck CHECK (speaker IN ('child','parents','network')),
      CONSTRAINT client_voice_encrypted_ck CHECK (statement_enc LIKE 'pd1.%')
    )`);
    await q.query(`CREATE INDEX client_voice_measure_idx ON cases.client_voice (measure_id)`);

    // the case's timeline: codes, dates and ids only (never personal data), never changed afterwards
    await q.query(`CREATE TABLE cases.case_event (
      id bigserial NOT NULL,
      measure_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid NULL,
      kind varchar(40) NOT NULL,
      summary varchar(300) NOT NULL,
      refs jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT case_event_pk PRIMARY KEY (id),
      CONSTRAINT case_event_measure_fk FOREIGN KEY (measure_id) REFERENCES cases.measure(id) ON DELETE RESTRICT,
      CONSTRAINT case_event_kind_ck CHECK (kind ~ '^[a-z][a-z_]{2,39}$')
    )`);
    await q.query(`CREATE INDEX case_event_measure_idx ON cases.case_event (measure_id, id)`);
    await q.query(`CREATE FUNCTION cases.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON cases.case_event
      FOR EACH ROW EXECUTE FUNCTION cases.refuse_change()`);
    await q.query(`CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON cases.case_event
      FOR EACH STATEMENT EXECUTE FUNCTION cases.refuse_change()`);
    // the application role (production's passend_app, see README) may add to the timeline and read it, nothing else
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'passend_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON cases.case_event FROM passend_app;
      END IF; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA cases CASCADE`);
  }
}
