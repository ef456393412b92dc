import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention: once the retention term after a child's last measure has passed, the institution's
 * record of the child is anonymised (RecordRetention): the identity and every free text of its
 * cases are removed, the BSN lookup hash is replaced by a random value, and what the statistics
 * need stays (measures, dates, regions, categories, milestones and their explanation codes).
 *
 * - `cases.child`: the four identity columns may be empty, then and only then with `anonymised_at`;
 * - `cases.milestone`: an explanation's code may stay without its text (not the other way round);
 * - `cases.help_experience`, `cases.client_voice`: the free text may be empty.
 */
export class Retention1795800000735 implements MigrationInterface {
  name = 'Retention1795800000735';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.child
      ADD COLUMN anonymised_at timestamptz NULL,
      ALTER COLUMN given_names_enc DROP NOT NULL,
      ALTER COLUMN family_name_enc DROP NOT NULL,
      ALTER COLUMN bsn_enc DROP NOT NULL,
      ALTER COLUMN date_of_birth_enc DROP NOT NULL,
      DROP CONSTRAINT child_encrypted_ck`);
    await q.query(`ALTER TABLE cases.child ADD CONSTRAINT child_encrypted_ck CHECK (
      (anonymised_at IS NULL AND given_names_enc LIKE 'pd1.%' AND family_name_enc LIKE 'pd1.%' AND bsn_enc LIKE 'pd1.%' AND date_of_birth_enc LIKE 'pd1.%')
      OR (anonymised_at IS NOT NULL AND given_names_enc IS NULL AND family_name_enc IS NULL AND bsn_enc IS NULL AND date_of_birth_enc IS NULL))`);
    await q.query(`ALTER TABLE cases.milestone DROP CONSTRAINT milestone_explanation_ck`);
    await q.query(`ALTER TABLE cases.milestone ADD CONSTRAINT milestone_explanation_ck CHECK (explanation_text_enc IS NULL OR explanation_code IS NOT NULL)`);
    await q.query(`ALTER TABLE cases.help_experience ALTER COLUMN professional_explanation_enc DROP NOT NULL, DROP CONSTRAINT help_experience_encrypted_ck`);
    await q.query(`ALTER TABLE cases.help_experience ADD CONSTRAINT help_experience_encrypted_ck CHECK (professional_explanation_enc IS NULL OR professional_explanation_enc LIKE 'pd1.%')`);
    await q.query(`ALTER TABLE cases.client_voice ALTER COLUMN statement_enc DROP NOT NULL, DROP CONSTRAINT client_voice_encrypted_ck`);
    await q.query(`ALTER TABLE cases.client_voice ADD CONSTRAINT client_voice_encrypted_ck CHECK (statement_enc IS NULL OR statement_enc LIKE 'pd1.%')`);
    await q.query(`CREATE INDEX child_retention_idx ON cases.child (id) WHERE anonymised_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases.child_retention_idx`);
    // anonymised records cannot go back: their data is gone; the old constraints would refuse them
    await q.query(`ALTER TABLE cases.client_voice DROP CONSTRAINT client_voice_encrypted_ck, ALTER COLUMN statement_enc SET NOT NULL`);
    await q.query(`ALTER TABLE cases.client_voice ADD CONSTRAINT client_voice_encrypted_ck CHECK (statement_enc LIKE 'pd1.%')`);
    await q.query(`ALTER TABLE cases.help_experience DROP CONSTRAINT help_experience_encrypted_ck, ALTER COLUMN professional_explanation_enc SET NOT NULL`);
    await q.query(`ALTER TABLE cases.help_experience ADD CONSTRAINT help_experience_encrypted_ck CHECK (professional_explanation_enc LIKE 'pd1.%')`);
    await q.query(`ALTER TABLE cases.milestone DROP CONSTRAINT milestone_explanation_ck`);
    await q.query(`ALTER TABLE cases.milestone ADD CONSTRAINT milestone_explanation_ck CHECK ((explanation_code IS NULL) = (explanation_text_enc IS NULL))`);
    await q.query(`ALTER TABLE cases.child DROP CONSTRAINT child_encrypted_ck`);
    await q.query(`ALTER TABLE cases.child
      ALTER COLUMN given_names_enc SET NOT NULL, ALTER COLUMN family_name_enc SET NOT NULL,
      ALTER COLUMN bsn_enc SET NOT NULL, ALTER COLUMN date_of_birth_enc SET NOT NULL,
      DROP COLUMN anonymised_at`);
    await q.query(`ALTER TABLE cases.child ADD CONSTRAINT child_encrypted_ck CHECK (given_names_enc LIKE 'pd1.%' AND family_name_enc LIKE 'pd1.%' AND bsn_enc LIKE 'pd1.%' AND date_of_birth_enc LIKE 'pd1.%')`);
  }
}
