import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What matching tells people: a new proposal or a decline (the case's guardians), a child offered
 * (the provider's staff), a hold about to expire (both), a decision of an expert table (the
 * guardians), a case referred (the table's members). One row per recipient and event (UNIQUE,
 * NULLS NOT DISTINCT), so a job or a run repeated notifies once. Ids and codes only: the screens
 * show the proposal to whoever may see it.
 */
export class MatchingNotifications1795800000710 implements MigrationInterface {
  name = 'MatchingNotifications1795800000710';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE matching.notification (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      recipient_user_id uuid NOT NULL,
      kind varchar(30) NOT NULL,
      proposal_id uuid,
      referral_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      CONSTRAINT notification_pk PRIMARY KEY (id),
      CONSTRAINT notification_once_uq UNIQUE NULLS NOT DISTINCT (recipient_user_id, kind, proposal_id, referral_id),
      CONSTRAINT notification_recipient_fk FOREIGN KEY (recipient_user_id) REFERENCES identity."user"(id) ON DELETE RESTRICT,
      CONSTRAINT notification_proposal_fk FOREIGN KEY (proposal_id) REFERENCES matching.proposal(id) ON DELETE RESTRICT,
      CONSTRAINT notification_referral_fk FOREIGN KEY (referral_id) REFERENCES matching.referral(id) ON DELETE RESTRICT,
      CONSTRAINT notification_kind_ck CHECK (kind IN ('proposal_new','proposal_offered','proposal_accepted','proposal_declined','proposal_withdrawn','hold_expiring','referral_new','referral_decided')),
      CONSTRAINT notification_subject_ck CHECK (proposal_id IS NOT NULL OR referral_id IS NOT NULL),
      CONSTRAINT notification_read_ck CHECK (read_at IS NULL OR read_at >= created_at)
    )`);
    await q.query(`CREATE INDEX notification_recipient_idx ON matching.notification (recipient_user_id, created_at)`);
    await q.query(`CREATE INDEX notification_unread_idx ON matching.notification (recipient_user_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE matching.notification`);
  }
}
