import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The NEN 7513 access log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE for every
 * role, and PUBLIC has no such grants) and hash-chained (the insert trigger takes a lock, numbers
 * the row and hashes it together with the previous row's hash).
 */
export class AuditAccessLog1795800000200 implements MigrationInterface {
  name = 'AuditAccessLog1795800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await q.query(`CREATE SEQUENCE audit.access_log_seq`);
    await q.query(`CREATE TABLE audit.access_log (
      seq bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      user_id uuid NULL,
      on_behalf_of varchar(200) NULL,
      organisation_id uuid NULL,
      role varchar(40) NULL,
      action varchar(60) NOT NULL,
      subject_type varchar(60) NOT NULL,
      subject_id varchar(100) NULL,
      purpose varchar(200) NOT NULL,
      outcome varchar(20) NOT NULL,
      client_address varchar(64) NULL,
      correlation_id varchar(100) NULL,
      prev_hash char(64) NOT NULL,
      hash char(64) NOT NULL,
      CONSTRAINT access_log_pk PRIMARY KEY (seq),
      CONSTRAINT access_log_outcome_ck CHECK (outcome IN ('success','denied','failure'))
    )`);
    await q.query(`CREATE INDEX access_log_subject_idx ON audit.access_log (subject_type, subject_id, seq)`);
    await q.query(`CREATE INDEX access_log_user_idx ON audit.access_log (user_id, seq)`);
    await q.query(`CREATE FUNCTION audit.field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN v IS NULL THEN '~' ELSE octet_length(v)::text || ':' || v END $$`);
    await q.query(`CREATE FUNCTION audit.chain_access_log() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE previous text;
      BEGIN
        -- one writer at a time, until commit: rows are numbered and linked in commit order
        PERFORM pg_advisory_xact_lock(7513, 1);
        SELECT hash INTO previous FROM audit.access_log ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit.access_log_seq');
        NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
        NEW.prev_hash := coalesce(previous, repeat('0', 64));
        NEW.hash := encode(sha256(convert_to(
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
          || audit.field(NEW.correlation_id), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER access_log_chain BEFORE INSERT ON audit.access_log
      FOR EACH ROW EXECUTE FUNCTION audit.chain_access_log()`);
    await q.query(`CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit.access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON audit.access_log
      FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON audit.access_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit.access_log FROM PUBLIC`);
    // In production the application connects as passend_app (see README): it may add and read, nothing else.
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'passend_app') THEN
        GRANT USAGE ON SCHEMA audit TO passend_app;
        GRANT INSERT, SELECT ON audit.access_log TO passend_app;
        GRANT USAGE ON SEQUENCE audit.access_log_seq TO passend_app;
        REVOKE UPDATE, DELETE, TRUNCATE ON audit.access_log FROM passend_app;
      END IF; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit.access_log`);
    await q.query(`DROP FUNCTION audit.refuse_change()`);
    await q.query(`DROP FUNCTION audit.chain_access_log()`);
    await q.query(`DROP FUNCTION audit.field(text)`);
    await q.query(`DROP SEQUENCE audit.access_log_seq`);
    await q.query(`DROP SCHEMA audit`);
  }
}
