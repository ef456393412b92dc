import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SETTINGS } from '@passend/reference/domain';
import { SPECIALISM_SEED } from '../domain/taxonomy.js';

/**
 * The live social map: providers (organisations of kind provider), their locations, offerings
 * with capacity, the append-only capacity events and the holds on free places.
 * The database is the source of truth for capacity: CHECK 0 <= free <= total <= 10,000 is the
 * backstop behind every conditional UPDATE.
 */
export class SocialMap1795800000400 implements MigrationInterface {
  name = 'SocialMap1795800000400';

  async up(q: QueryRunner): Promise<void> {
    for (const extension of ['pg_trgm', 'cube', 'earthdistance', 'unaccent']) await q.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS social_map`);
    // unaccent() is only STABLE; this wrapper pins the dictionary so it can feed indexes and generated columns
    await q.query(`CREATE FUNCTION social_map.immutable_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
      $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);

    await q.query(`CREATE TABLE social_map.specialism (
      code varchar(60) NOT NULL,
      label_nl varchar(120) NOT NULL,
      label_en varchar(120) NOT NULL,
      synonyms text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT specialism_pk PRIMARY KEY (code),
      CONSTRAINT specialism_code_ck CHECK (code ~ '^[a-z][a-z0-9_]{1,59}$')
    )`);
    for (const s of SPECIALISM_SEED) {
      await q.query(`INSERT INTO social_map.specialism (code, label_nl, label_en, synonyms) VALUES ($1, $2, $3, $4)`, [s.code, s.labelNl, s.labelEn, s.synonyms]);
    }

    await q.query(`CREATE TABLE social_map.provider (
      id uuid NOT NULL,
      name varchar(200) NOT NULL,
      description text NOT NULL DEFAULT '',
      website varchar(300) NULL,
      email varchar(254) NULL,
      phone varchar(40) NULL,
      kvk_number varchar(8) NULL,
      synthetic boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT provider_pk PRIMARY KEY (id),
      CONSTRAINT provider_organisation_fk FOREIGN KEY (id) REFERENCES identity.organisation(id) ON DELETE RESTRICT,
      CONSTRAINT provider_kvk_ck CHECK (kvk_number IS NULL OR kvk_number ~ '^[0-9]{8}$')
    )`);

    await q.query(`CREATE TABLE social_map.location (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      provider_id uuid NOT NULL,
      name varchar(200) NOT NULL,
      street varchar(200) NULL,
      postcode varchar(7) NULL,
      city varchar(100) NOT NULL,
      municipality_code varchar(6) NOT NULL,
      latitude double precision NOT NULL,
      longitude double precision NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT location_pk PRIMARY KEY (id),
      CONSTRAINT location_provider_fk FOREIGN KEY (provider_id) REFERENCES social_map.provider(id) ON DELETE RESTRICT,
      CONSTRAINT location_municipality_fk FOREIGN KEY (municipality_code) REFERENCES reference.municipality(code),
      CONSTRAINT location_in_netherlands_ck CHECK (latitude BETWEEN 50.7 AND 53.7 AND longitude BETWEEN 3.2 AND 7.3),
      CONSTRAINT location_postcode_ck CHECK (postcode IS NULL OR postcode ~ '^[1-9][0-9]{3} ?[A-Z]{2}$')
    )`);
    await q.query(`CREATE INDEX location_provider_idx ON social_map.location (provider_id)`);
    await q.query(`CREATE INDEX location_municipality_idx ON social_map.location (municipality_code)`);
    await q.query(`CREATE INDEX location_earth_idx ON social_map.location USING gist (ll_to_earth(latitude, longitude))`);

    await q.query(`CREATE TABLE social_map.offering (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      provider_id uuid NOT NULL,
      location_id uuid NOT NULL,
      name varchar(200) NOT NULL,
      category_code varchar(4) NOT NULL,
      setting varchar(30) NOT NULL,
      min_age numeric(3,1) NOT NULL,
      max_age numeric(3,1) NOT NULL,
      exclusion_criteria text[] NOT NULL DEFAULT '{}',
      requires_secure_authorisation boolean NOT NULL DEFAULT false,
      accepts_other_regions boolean NOT NULL DEFAULT true,
      description_nl text NOT NULL DEFAULT '',
      total_places int NOT NULL,
      free_places int NOT NULL,
      wait_weeks int NOT NULL DEFAULT 0,
      capacity_confirmed_at timestamptz NOT NULL DEFAULT now(),
      capacity_confirmed_by uuid NULL,
      version int NOT NULL DEFAULT 1,
      active boolean NOT NULL DEFAULT true,
      search_text text NOT NULL DEFAULT '',
      search_vector tsvector GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, social_map.immutable_unaccent(search_text))) STORED,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT offering_pk PRIMARY KEY (id),
      CONSTRAINT offering_provider_fk FOREIGN KEY (provider_id) REFERENCES social_map.provider(id) ON DELETE RESTRICT,
      CONSTRAINT offering_location_fk FOREIGN KEY (location_id) REFERENCES social_map.location(id) ON DELETE RESTRICT,
      CONSTRAINT offering_capacity_ck CHECK (0 <= free_places AND free_places <= total_places AND total_places <= 10000),
      CONSTRAINT offering_wait_ck CHECK (wait_weeks BETWEEN 0 AND 520),
      CONSTRAINT offering_age_ck CHECK (0 <= min_age AND min_age <= max_age AND max_age <= 27),
      CONSTRAINT offering_setting_ck CHECK (setting IN (${SETTINGS.map((s) => `'${s}'`).join(',')}))
    )`);
    await q.query(`CREATE INDEX offering_provider_idx ON social_map.offering (provider_id)`);
    await q.query(`CREATE INDEX offering_location_idx ON social_map.offering (location_id)`);
    await q.query(`CREATE INDEX offering_category_idx ON social_map.offering (category_code)`);
    await q.query(`CREATE INDEX offering_free_idx ON social_map.offering (free_places) WHERE active AND free_places > 0`);
    await q.query(`CREATE INDEX offering_confirmed_idx ON social_map.offering (capacity_confirmed_at) WHERE active`);
    await q.query(`CREATE INDEX offering_search_vector_idx ON social_map.offering USING gin (search_vector)`);
    await q.query(`CREATE INDEX offering_search_trgm_idx ON social_map.offering USING gin (social_map.immutable_unaccent(lower(search_text)) gin_trgm_ops)`);

    await q.query(`CREATE TABLE social_map.offering_specialism (
      offering_id uuid NOT NULL,
      specialism_code varchar(60) NOT NULL,
      CONSTRAINT offering_specialism_pk PRIMARY KEY (offering_id, specialism_code),
      CONSTRAINT offering_specialism_offering_fk FOREIGN KEY (offering_id) REFERENCES social_map.offering(id) ON DELETE CASCADE,
      CONSTRAINT offering_specialism_specialism_fk FOREIGN KEY (specialism_code) REFERENCES social_map.specialism(code)
    )`);
    await q.query(`CREATE INDEX offering_specialism_code_idx ON social_map.offering_specialism (specialism_code)`);

    await q.query(`CREATE TABLE social_map.offering_contract (
      offering_id uuid NOT NULL,
      region_code varchar(4) NOT NULL,
      CONSTRAINT offering_contract_pk PRIMARY KEY (offering_id, region_code),
      CONSTRAINT offering_contract_offering_fk FOREIGN KEY (offering_id) REFERENCES social_map.offering(id) ON DELETE CASCADE,
      CONSTRAINT offering_contract_region_fk FOREIGN KEY (region_code) REFERENCES reference.region(code)
    )`);
    await q.query(`CREATE INDEX offering_contract_region_idx ON social_map.offering_contract (region_code)`);

    await q.query(`CREATE TABLE social_map.hold (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      offering_id uuid NOT NULL,
      holder_ref varchar(100) NOT NULL,
      state varchar(12) NOT NULL DEFAULT 'held',
      expires_at timestamptz NOT NULL,
      created_by uuid NULL,
      created_by_organisation uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz NULL,
      resolved_by uuid NULL,
      CONSTRAINT hold_pk PRIMARY KEY (id),
      CONSTRAINT hold_offering_fk FOREIGN KEY (offering_id) REFERENCES social_map.offering(id) ON DELETE RESTRICT,
      CONSTRAINT hold_state_ck CHECK (state IN ('held','confirmed','released','expired')),
      CONSTRAINT hold_resolved_ck CHECK ((state = 'held') = (resolved_at IS NULL))
    )`);
    await q.query(`CREATE INDEX hold_expiry_idx ON social_map.hold (expires_at) WHERE state = 'held'`);
    await q.query(`CREATE INDEX hold_offering_idx ON social_map.hold (offering_id)`);

    await q.query(`CREATE TABLE social_map.capacity_event (
      id bigserial NOT NULL,
      offering_id uuid NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid NULL,
      kind varchar(20) NOT NULL,
      old_total int NULL, new_total int NOT NULL,
      old_free int NULL, new_free int NOT NULL,
      old_wait int NULL, new_wait int NOT NULL,
      reason varchar(300) NULL,
      hold_id uuid NULL,
      CONSTRAINT capacity_event_pk PRIMARY KEY (id),
      CONSTRAINT capacity_event_offering_fk FOREIGN KEY (offering_id) REFERENCES social_map.offering(id) ON DELETE RESTRICT,
      CONSTRAINT capacity_event_kind_ck CHECK (kind IN ('created','updated','confirmed','hold_placed','hold_released','hold_expired','hold_confirmed'))
    )`);
    await q.query(`CREATE INDEX capacity_event_offering_idx ON social_map.capacity_event (offering_id, id)`);
    await q.query(`CREATE FUNCTION social_map.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER capacity_event_append_only BEFORE UPDATE OR DELETE ON social_map.capacity_event
      FOR EACH ROW EXECUTE FUNCTION social_map.refuse_change()`);

    // a day's list of offerings whose capacity nobody confirmed for 14 days, per provider
    await q.query(`CREATE TABLE social_map.stale_report (
      provider_id uuid NOT NULL,
      report_date date NOT NULL,
      offering_ids uuid[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT stale_report_pk PRIMARY KEY (provider_id, report_date),
      CONSTRAINT stale_report_provider_fk FOREIGN KEY (provider_id) REFERENCES social_map.provider(id) ON DELETE CASCADE
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA social_map CASCADE`);
  }
}
