import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The row hash of an access-log entry `r` chained to `previous`; the same canonical form as domain/hash-chain.ts. */
const HASH_OF = (r: string, previous: string): string => `encode(sha256(convert_to(
          ${previous}
          || audit.field(${r}.seq::text)
          || audit.field(to_char(${r}.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          || audit.field(${r}.user_id::text)
          || audit.field(${r}.on_behalf_of)
          || audit.field(${r}.organisation_id::text)
          || audit.field(${r}.role)
          || audit.field(${r}.action)
          || audit.field(${r}.subject_type)
          || audit.field(${r}.subject_id)
          || audit.field(${r}.purpose)
          || audit.field(${r}.outcome)
          || audit.field(${r}.client_address)
          || audit.field(${r}.correlation_id), 'UTF8')), 'hex')`;

/**
 * The chain is sealed after commit instead of inside the writer's transaction.
 *
 * Before, the insert trigger locked the chain's head row until the writer's transaction ended: every
 * audit write in the system waited for the slowest open transaction that had written one (a
 * transaction left open in psql stalled a case read for 7.2 s; 30 parallel case lists raised another
 * user's sign-in from 0.2 to 2.4 s), and a denial could not be logged, awaited, from inside a
 * transaction that had logged an access already (it would wait for itself).
 *
 * Now an insert takes no lock: the trigger numbers the entry and stamps its time, and leaves
 * `prev_hash`, `hash` and `chain_pos` empty. The sealer, `audit.seal_access_log(max)`, chains the
 * committed entries not chained yet, in seq order, to the head, and gives each the next position in
 * the chain; an entry of a transaction still open is invisible to it and is chained after its
 * commit. The chain's order is therefore `chain_pos` (commit order, roughly), not `seq`: an entry
 * of a long transaction comes after entries numbered later. Sealers take the head row's lock in
 * turn (one at work, the others skip); writers never touch it. Every process that writes entries
 * seals within a second of writing, and `audit:verify` seals first.
 *
 * The append-only trigger still refuses every DELETE and TRUNCATE and every UPDATE, except the one
 * the sealer makes: filling in the empty chain fields of an entry, all its other fields unchanged.
 * The application role has no UPDATE right at all; it runs the sealer (SECURITY DEFINER).
 *
 * What sealing later costs: an entry is protected by the chain from the moment it is sealed (a
 * second, normally); before that, the database owner could remove it unnoticed, as the owner could
 * always disable the triggers. Entries written before this migration keep their hashes; their
 * position is their seq.
 */
export class AuditChainSealedAfterCommit1795800000730 implements MigrationInterface {
  name = 'AuditChainSealedAfterCommit1795800000730';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.access_log DISABLE TRIGGER access_log_append_only`);
    await q.query(`ALTER TABLE audit.access_log
      ADD COLUMN chain_pos bigint NULL,
      ALTER COLUMN prev_hash DROP NOT NULL,
      ALTER COLUMN hash DROP NOT NULL`);
    await q.query(`UPDATE audit.access_log SET chain_pos = seq`);
    await q.query(`ALTER TABLE audit.access_log ENABLE TRIGGER access_log_append_only`);
    await q.query(`ALTER TABLE audit.access_log ADD CONSTRAINT access_log_sealed_ck
      CHECK ((hash IS NULL AND prev_hash IS NULL AND chain_pos IS NULL) OR (hash IS NOT NULL AND prev_hash IS NOT NULL AND chain_pos IS NOT NULL))`);
    await q.query(`CREATE UNIQUE INDEX access_log_chain_pos_uq ON audit.access_log (chain_pos)`);
    await q.query(`CREATE INDEX access_log_unsealed_idx ON audit.access_log (seq) WHERE hash IS NULL`);
    await q.query(`ALTER TABLE audit.access_log_head ADD COLUMN pos bigint NULL`);
    await q.query(`UPDATE audit.access_log_head SET pos = seq`);

    await q.query(`CREATE OR REPLACE FUNCTION audit.chain_access_log() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        -- no lock: the entry is chained by audit.seal_access_log once its transaction has ended
        NEW.seq := nextval('audit.access_log_seq');
        NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
        NEW.prev_hash := NULL;
        NEW.hash := NULL;
        NEW.chain_pos := NULL;
        RETURN NEW;
      END $$`);

    await q.query(`CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (NEW.seq, NEW.occurred_at, NEW.user_id, NEW.on_behalf_of, NEW.organisation_id, NEW.role, NEW.action,
                NEW.subject_type, NEW.subject_id, NEW.purpose, NEW.outcome, NEW.client_address, NEW.correlation_id)
               IS NOT DISTINCT FROM
               (OLD.seq, OLD.occurred_at, OLD.user_id, OLD.on_behalf_of, OLD.organisation_id, OLD.role, OLD.action,
                OLD.subject_type, OLD.subject_id, OLD.purpose, OLD.outcome, OLD.client_address, OLD.correlation_id)
        THEN
          RETURN NEW; -- sealing: the chain fields of an unsealed entry are filled in, nothing else changes
        END IF;
        RAISE EXCEPTION 'audit.access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await q.query(`CREATE FUNCTION audit.seal_access_log(max_entries integer) RETURNS integer LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        head record;
        entry record;
        previous text;
        position bigint;
        last_seq bigint;
        sealed integer := 0;
      BEGIN
        -- one sealer at a time; another one at work means there is nothing to do here
        SELECT hash, pos INTO head FROM audit.access_log_head WHERE id = 1 FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN RETURN 0; END IF;
        previous := head.hash;
        position := coalesce(head.pos, 0);
        FOR entry IN
          SELECT * FROM audit.access_log
           WHERE hash IS NULL
           ORDER BY seq LIMIT greatest(max_entries, 1)
        LOOP
          position := position + 1;
          previous := ${HASH_OF('entry', 'previous')};
          UPDATE audit.access_log SET prev_hash = head.hash, hash = previous, chain_pos = position WHERE seq = entry.seq;
          head.hash := previous;
          last_seq := entry.seq;
          sealed := sealed + 1;
        END LOOP;
        IF sealed > 0 THEN
          UPDATE audit.access_log_head SET seq = last_seq, hash = previous, pos = position WHERE id = 1;
        END IF;
        RETURN sealed;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit.seal_access_log(integer) FROM PUBLIC`);
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'passend_app') THEN
        GRANT EXECUTE ON FUNCTION audit.seal_access_log(integer) TO passend_app;
      END IF; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // seal what is left, so every entry has its hash again under the old scheme
    await q.query(`SELECT audit.seal_access_log(2147483647)`);
    await q.query(`DROP FUNCTION audit.seal_access_log(integer)`);
    await q.query(`CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit.access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION audit.chain_access_log() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE previous text;
      BEGIN
        SELECT hash INTO STRICT previous FROM audit.access_log_head WHERE id = 1 FOR UPDATE;
        NEW.seq := nextval('audit.access_log_seq');
        NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
        NEW.prev_hash := previous;
        NEW.hash := ${HASH_OF('NEW', 'NEW.prev_hash')};
        UPDATE audit.access_log_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`);
    await q.query(`ALTER TABLE audit.access_log_head DROP COLUMN pos`);
    await q.query(`DROP INDEX audit.access_log_unsealed_idx`);
    await q.query(`DROP INDEX audit.access_log_chain_pos_uq`);
    await q.query(`ALTER TABLE audit.access_log DROP CONSTRAINT access_log_sealed_ck`);
    await q.query(`ALTER TABLE audit.access_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    // the chain's order was seq before: a chain sealed out of seq order cannot go back (its links follow chain_pos)
    await q.query(`ALTER TABLE audit.access_log DISABLE TRIGGER access_log_append_only`);
    await q.query(`ALTER TABLE audit.access_log DROP COLUMN chain_pos`);
    await q.query(`ALTER TABLE audit.access_log ENABLE TRIGGER access_log_append_only`);
  }
}
