import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching: runs of the solver, proposals with their funnel, expert tables with members,
 * referrals and decisions, and shortage signals.
 *
 * Matching is downstream of cases, the social map and identity: its foreign keys point up to
 * their tables (a need, an offering, a user), never the other way. A proposal stores what the
 * provider may see (the pseudonymised profile) and what explains it (factors, alternatives),
 * and never a name, a BSN or a date of birth; free text (decline notes, a decision's rationale,
 * the family's view) is encrypted like the case records.
 *
 * - `run`: one matching run (scope, input hash, parameters, duration, objective, counts).
 * - `proposal`: at most one active proposal per need (partial unique index), so a run repeated
 *   on the same input creates no duplicates.
 * - `proposal_event`: every state change, with its reason, append-only: the funnel from proposal
 *   to offered, accepted and started, and where proposals fell out.
 * - `expert_table`, `expert_table_member`: tables per youth-care region and supra-regional ones
 *   (region_code NULL), membership managed by admins.
 * - `referral`, `decision`, `shortage_signal`: a case on a table's queue, the table's decisions
 *   (each with its rationale and the family's view), and "no fitting help exists" per category
 *   and region.
 */
export class Matching1795800000700 implements MigrationInterface {
  name = 'Matching1795800000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS matching`);

    await q.query(`CREATE TABLE matching.run (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      scope_kind varchar(10) NOT NULL,
      scope_code varchar(20),
      trigger varchar(20) NOT NULL,
      input_hash char(64) NOT NULL,
      parameters jsonb NOT NULL,
      started_at timestamptz NOT NULL,
      duration_ms int NOT NULL,
      children int NOT NULL,
      offerings int NOT NULL,
      edges int NOT NULL,
      placed int NOT NULL,
      total_fit bigint NOT NULL,
      objective double precision NOT NULL,
      dual_bound double precision NOT NULL,
      proposals_created int NOT NULL,
      proposals_withdrawn int NOT NULL,
      CONSTRAINT run_pk PRIMARY KEY (id),
      CONSTRAINT run_scope_ck CHECK (scope_kind IN ('region','area','national') AND (scope_kind = 'national') = (scope_code IS NULL)),
      CONSTRAINT run_trigger_ck CHECK (trigger IN ('event','nightly','decline','manual','startup')),
      CONSTRAINT run_hash_ck CHECK (input_hash ~ '^[0-9a-f]{64}$')
    )`);
    await q.query(`CREATE INDEX run_scope_idx ON matching.run (scope_kind, scope_code, started_at)`);

    await q.query(`CREATE TABLE matching.expert_table (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name varchar(200) NOT NULL,
      region_code varchar(10),
      escalates_to uuid,
      organisation_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT expert_table_pk PRIMARY KEY (id),
      CONSTRAINT expert_table_name_uq UNIQUE (name),
      CONSTRAINT expert_table_region_fk FOREIGN KEY (region_code) REFERENCES reference.region(code),
      CONSTRAINT expert_table_escalates_fk FOREIGN KEY (escalates_to) REFERENCES matching.expert_table(id),
      CONSTRAINT expert_table_organisation_fk FOREIGN KEY (organisation_id) REFERENCES identity.organisation(id) ON DELETE RESTRICT,
      CONSTRAINT expert_table_escalates_ck CHECK (escalates_to IS NULL OR escalates_to <> id)
    )`);
    await q.query(`CREATE UNIQUE INDEX expert_table_region_uq ON matching.expert_table (region_code) WHERE region_code IS NOT NULL`);

    await q.query(`CREATE TABLE matching.expert_table_member (
      table_id uuid NOT NULL,
      user_id uuid NOT NULL,
      added_by uuid,
      added_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT expert_table_member_pk PRIMARY KEY (table_id, user_id),
      CONSTRAINT expert_table_member_table_fk FOREIGN KEY (table_id) REFERENCES matching.expert_table(id) ON DELETE CASCADE,
      CONSTRAINT expert_table_member_user_fk FOREIGN KEY (user_id) REFERENCES identity."user"(id) ON DELETE RESTRICT
    )`);
    await q.query(`CREATE INDEX expert_table_member_user_idx ON matching.expert_table_member (user_id)`);

    await q.query(`CREATE TABLE matching.referral (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      table_id uuid NOT NULL,
      measure_id uuid NOT NULL,
      need_id uuid NOT NULL,
      institution_id uuid NOT NULL,
      home_region_code varchar(10) NOT NULL,
      category_code varchar(4) NOT NULL,
      urgency varchar(10) NOT NULL,
      reasons text[] NOT NULL,
      state varchar(30) NOT NULL DEFAULT 'open',
      referred_by uuid,
      referred_at timestamptz NOT NULL DEFAULT now(),
      decision_due_on date NOT NULL,
      fitting_help_due_on date NOT NULL,
      escalated_from uuid,
      closed_at timestamptz,
      CONSTRAINT referral_pk PRIMARY KEY (id),
      CONSTRAINT referral_table_fk FOREIGN KEY (table_id) REFERENCES matching.expert_table(id) ON DELETE RESTRICT,
      CONSTRAINT referral_need_fk FOREIGN KEY (need_id) REFERENCES cases.need(id) ON DELETE RESTRICT,
      CONSTRAINT referral_measure_fk FOREIGN KEY (measure_id) REFERENCES cases.measure(id) ON DELETE RESTRICT,
      CONSTRAINT referral_escalated_from_fk FOREIGN KEY (escalated_from) REFERENCES matching.referral(id),
      CONSTRAINT referral_state_ck CHECK (state IN ('open','waiting_for_information','decided','escalated','withdrawn')),
      CONSTRAINT referral_closed_ck CHECK ((state IN ('open','waiting_for_information')) = (closed_at IS NULL)),
      CONSTRAINT referral_urgency_ck CHECK (urgency IN ('regular','urgent','acute')),
      CONSTRAINT referral_reasons_ck CHECK (cardinality(reasons) >= 1 AND reasons <@ ARRAY['several_kinds_of_help','placements_broke_down','no_eligible_offering_in_region','secure_care','guardian_asks']::text[])
    )`);
    await q.query(`CREATE UNIQUE INDEX referral_open_need_uq ON matching.referral (need_id) WHERE state IN ('open','waiting_for_information')`);
    await q.query(`CREATE INDEX referral_table_queue_idx ON matching.referral (table_id, state)`);

    await q.query(`CREATE TABLE matching.proposal (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      run_id uuid,
      measure_id uuid NOT NULL,
      need_id uuid NOT NULL,
      institution_id uuid NOT NULL,
      home_region_code varchar(10) NOT NULL,
      category_code varchar(4) NOT NULL,
      urgency varchar(10) NOT NULL,
      offering_id uuid NOT NULL,
      provider_id uuid NOT NULL,
      offering_region_code varchar(10) NOT NULL,
      source varchar(20) NOT NULL,
      state varchar(12) NOT NULL DEFAULT 'proposed',
      fit_score int,
      fit_rank int,
      best_option_rank smallint,
      explanation jsonb NOT NULL,
      alternatives jsonb NOT NULL DEFAULT '[]',
      profile jsonb NOT NULL,
      ineligible_reasons text[] NOT NULL DEFAULT '{}',
      overrule_reason varchar(40),
      passed_over_reason varchar(40),
      note_enc text,
      referral_id uuid,
      expected_start date NOT NULL,
      hold_id uuid,
      hold_expires_at timestamptz,
      planned_start date,
      started_on date,
      decline_reason_code varchar(4),
      decline_note_enc text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      offered_at timestamptz,
      answered_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      version int NOT NULL DEFAULT 1,
      CONSTRAINT proposal_pk PRIMARY KEY (id),
      CONSTRAINT proposal_run_fk FOREIGN KEY (run_id) REFERENCES matching.run(id) ON DELETE RESTRICT,
      CONSTRAINT proposal_need_fk FOREIGN KEY (need_id) REFERENCES cases.need(id) ON DELETE RESTRICT,
      CONSTRAINT proposal_measure_fk FOREIGN KEY (measure_id) REFERENCES cases.measure(id) ON DELETE RESTRICT,
      CONSTRAINT proposal_offering_fk FOREIGN KEY (offering_id) REFERENCES social_map.offering(id) ON DELETE RESTRICT,
      CONSTRAINT proposal_referral_fk FOREIGN KEY (referral_id) REFERENCES matching.referral(id) ON DELETE RESTRICT,
      CONSTRAINT proposal_created_by_fk FOREIGN KEY (created_by) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT proposal_source_ck CHECK (source IN ('solver','guardian','expert_table')),
      CONSTRAINT proposal_state_ck CHECK (state IN ('proposed','in_review','offered','accepted','declined','expired','withdrawn','started')),
      CONSTRAINT proposal_fit_ck CHECK (fit_score IS NULL OR fit_score BETWEEN 1 AND 1000),
      CONSTRAINT proposal_rank_ck CHECK (best_option_rank IS NULL OR best_option_rank BETWEEN 1 AND 4),
      CONSTRAINT proposal_urgency_ck CHECK (urgency IN ('regular','urgent','acute')),
      CONSTRAINT proposal_overrule_ck CHECK ((cardinality(ineligible_reasons) = 0) OR overrule_reason IS NOT NULL),
      CONSTRAINT proposal_hold_ck CHECK (state NOT IN ('offered','accepted','started') OR hold_id IS NOT NULL),
      CONSTRAINT proposal_decline_ck CHECK ((state = 'declined') = (decline_reason_code IS NOT NULL)),
      CONSTRAINT proposal_started_ck CHECK ((state = 'started') = (started_on IS NOT NULL)),
      CONSTRAINT proposal_encrypted_ck CHECK ((note_enc IS NULL OR note_enc LIKE 'pd1.%') AND (decline_note_enc IS NULL OR decline_note_enc LIKE 'pd1.%'))
    )`);
    await q.query(`CREATE UNIQUE INDEX proposal_active_need_uq ON matching.proposal (need_id) WHERE state IN ('proposed','in_review','offered','accepted')`);
    await q.query(`CREATE INDEX proposal_provider_idx ON matching.proposal (provider_id, state)`);
    await q.query(`CREATE INDEX proposal_institution_idx ON matching.proposal (institution_id, state)`);
    await q.query(`CREATE INDEX proposal_measure_idx ON matching.proposal (measure_id)`);
    await q.query(`CREATE INDEX proposal_offering_idx ON matching.proposal (offering_id, state)`);
    await q.query(`CREATE UNIQUE INDEX proposal_hold_uq ON matching.proposal (hold_id) WHERE hold_id IS NOT NULL`);

    await q.query(`CREATE TABLE matching.proposal_event (
      id bigserial,
      proposal_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid,
      from_state varchar(12),
      to_state varchar(12) NOT NULL,
      reason_code varchar(60),
      CONSTRAINT proposal_event_pk PRIMARY KEY (id),
      CONSTRAINT proposal_event_proposal_fk FOREIGN KEY (proposal_id) REFERENCES matching.proposal(id) ON DELETE RESTRICT
    )`);
    await q.query(`CREATE INDEX proposal_event_proposal_idx ON matching.proposal_event (proposal_id, id)`);
    await q.query(`CREATE FUNCTION matching.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER proposal_event_append_only BEFORE UPDATE OR DELETE ON matching.proposal_event FOR EACH ROW EXECUTE FUNCTION matching.refuse_change()`);
    await q.query(`CREATE TRIGGER proposal_event_no_truncate BEFORE TRUNCATE ON matching.proposal_event FOR EACH STATEMENT EXECUTE FUNCTION matching.refuse_change()`);

    await q.query(`CREATE TABLE matching.decision (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      referral_id uuid NOT NULL,
      kind varchar(20) NOT NULL,
      proposal_id uuid,
      rationale_enc text NOT NULL,
      family_view_enc text NOT NULL,
      decided_by uuid NOT NULL,
      decided_at timestamptz NOT NULL DEFAULT now(),
      on_time boolean NOT NULL,
      CONSTRAINT decision_pk PRIMARY KEY (id),
      CONSTRAINT decision_referral_fk FOREIGN KEY (referral_id) REFERENCES matching.referral(id) ON DELETE RESTRICT,
      CONSTRAINT decision_proposal_fk FOREIGN KEY (proposal_id) REFERENCES matching.proposal(id) ON DELETE RESTRICT,
      CONSTRAINT decision_decided_by_fk FOREIGN KEY (decided_by) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT decision_kind_ck CHECK (kind IN ('approve','choose_other','ask_information','escalate','no_fitting_help')),
      CONSTRAINT decision_proposal_ck CHECK ((kind IN ('approve','choose_other')) = (proposal_id IS NOT NULL)),
      CONSTRAINT decision_encrypted_ck CHECK (rationale_enc LIKE 'pd1.%' AND family_view_enc LIKE 'pd1.%')
    )`);
    await q.query(`CREATE INDEX decision_referral_idx ON matching.decision (referral_id)`);

    await q.query(`CREATE TABLE matching.shortage_signal (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      referral_id uuid NOT NULL,
      category_code varchar(4) NOT NULL,
      region_code varchar(10) NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT shortage_signal_pk PRIMARY KEY (id),
      CONSTRAINT shortage_signal_referral_uq UNIQUE (referral_id),
      CONSTRAINT shortage_signal_referral_fk FOREIGN KEY (referral_id) REFERENCES matching.referral(id) ON DELETE RESTRICT,
      CONSTRAINT shortage_signal_region_fk FOREIGN KEY (region_code) REFERENCES reference.region(code)
    )`);
    await q.query(`CREATE INDEX shortage_signal_cell_idx ON matching.shortage_signal (region_code, category_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA matching CASCADE`);
  }
}
