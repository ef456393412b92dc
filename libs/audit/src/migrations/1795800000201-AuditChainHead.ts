import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The row hash of a new access-log entry; the same canonical form as domain/hash-chain.ts. */
const HASH_OF_NEW = `encode(sha256(convert_to(
          NEW.prev_hash
          || audit.field(NEW.seq::text)
          || audit.field(to_char(NEW.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          || audit.field(NEW.user_id::text)
          || audit.field(NEW.on_behalf_of)
          || audit.field(NEW.organisation_id::text)
          || audit.field(NEW.role)
          || audit.field(NEW.action)
          || audit.field(NEW.subject_type)
          || audit.field(NEW.subject_id)
          || audit.field(NEW.purpose)
          || audit.field(NEW.outcome)
          || audit.field(NEW.client_address)
          || audit.field(NEW.correlation_id), 'UTF8')), 'hex')`;

/**
 * The chain's head (last seq and hash) in a row of its own, locked FOR UPDATE by the insert trigger.
 *
 * Before, the trigger took an advisory lock and read the newest entry with a SELECT. In a
 * REPEATABLE READ or SERIALIZABLE transaction that SELECT sees the transaction's snapshot, so an
 * entry committed by someone else after the snapshot was invisible and the new entry was chained
 * to an older one: a fork that the verifier reports as tampering. Locking the head row instead
 * serialises writers the same way at READ COMMITTED (the lock waits, then reads the newest head),
 * and makes a writer with a stale snapshot fail with a serialization failure (40001, retryable)
 * instead of forking the chain. It also makes removing the newest entries detectable: the next
 * entry links to the removed one's hash.
 *
 * The trigger function runs as its owner (SECURITY DEFINER), so the application role needs no
 * rights on the head table and cannot move it.
 */
export class AuditChainHead1795800000201 implements MigrationInterface {
  name = 'AuditChainHead1795800000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit.access_log_head (
      id smallint NOT NULL DEFAULT 1,
      seq bigint NULL,
      hash char(64) NOT NULL,
      CONSTRAINT access_log_head_pk PRIMARY KEY (id),
      CONSTRAINT access_log_head_single_ck CHECK (id = 1)
    )`);
    await q.query(`INSERT INTO audit.access_log_head (id, seq, hash)
      SELECT 1, last.seq, coalesce(last.hash, repeat('0', 64))
        FROM (SELECT NULL) AS one LEFT JOIN LATERAL (SELECT l.seq, l.hash FROM audit.access_log l ORDER BY l.seq DESC LIMIT 1) AS last ON true`);
    await q.query(`REVOKE ALL ON audit.access_log_head FROM PUBLIC`);
    await q.query(`CREATE OR REPLACE FUNCTION audit.chain_access_log() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE previous text;
      BEGIN
        -- one writer at a time, until commit: rows are numbered and linked in commit order
        SELECT hash INTO STRICT previous FROM audit.access_log_head WHERE id = 1 FOR UPDATE;
        NEW.seq := nextval('audit.access_log_seq');
        NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
        NEW.prev_hash := previous;
        NEW.hash := ${HASH_OF_NEW};
        UPDATE audit.access_log_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION audit.chain_access_log() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$
      DECLARE previous text;
      BEGIN
        PERFORM pg_advisory_xact_lock(7513, 1);
        SELECT hash INTO previous FROM audit.access_log ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit.access_log_seq');
        NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
        NEW.prev_hash := coalesce(previous, repeat('0', 64));
        NEW.hash := ${HASH_OF_NEW};
        RETURN NEW;
      END $$`);
    await q.query(`ALTER FUNCTION audit.chain_access_log() RESET search_path`);
    await q.query(`DROP TABLE audit.access_log_head`);
  }
}
