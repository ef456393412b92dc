import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (see the cases migration Retention1795800000735): once a case's child record is
 * anonymised, an expert table's rationale and the family's view recorded with its decisions are
 * removed too; the decision itself (kind, dates, on time) stays for the statistics.
 */
export class MatchingRetention1795800000736 implements MigrationInterface {
  name = 'MatchingRetention1795800000736';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.decision ALTER COLUMN rationale_enc DROP NOT NULL, ALTER COLUMN family_view_enc DROP NOT NULL, DROP CONSTRAINT decision_encrypted_ck`);
    await q.query(`ALTER TABLE matching.decision ADD CONSTRAINT decision_encrypted_ck CHECK ((rationale_enc IS NULL OR rationale_enc LIKE 'pd1.%') AND (family_view_enc IS NULL OR family_view_enc LIKE 'pd1.%'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.decision DROP CONSTRAINT decision_encrypted_ck`);
    await q.query(`ALTER TABLE matching.decision ALTER COLUMN rationale_enc SET NOT NULL, ALTER COLUMN family_view_enc SET NOT NULL`);
    await q.query(`ALTER TABLE matching.decision ADD CONSTRAINT decision_encrypted_ck CHECK (rationale_enc LIKE 'pd1.%' AND family_view_enc LIKE 'pd1.%')`);
  }
}
