import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795800000100 implements MigrationInterface {
  name = 'Identity1795800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS identity`);
    await q.query(`CREATE TABLE identity.organisation (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind varchar(40) NOT NULL,
      name varchar(200) NOT NULL,
      region_code varchar(4) NULL,
      synthetic boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT organisation_pk PRIMARY KEY (id),
      CONSTRAINT organisation_kind_ck CHECK (kind IN ('certified_institution','provider','expert_table','region','inspection','platform'))
    )`);
    await q.query(`CREATE TABLE identity."user" (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL,
      email varchar(254) NOT NULL,
      display_name varchar(200) NOT NULL,
      role varchar(40) NOT NULL,
      password_hash varchar(200) NULL,
      oidc_subject varchar(200) NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT user_pk PRIMARY KEY (id),
      CONSTRAINT user_email_uq UNIQUE (email),
      CONSTRAINT user_oidc_subject_uq UNIQUE (oidc_subject),
      CONSTRAINT user_email_lower_ck CHECK (email = lower(email)),
      CONSTRAINT user_role_ck CHECK (role IN ('guardian','provider_staff','expert_member','region_officer','admin')),
      CONSTRAINT user_organisation_fk FOREIGN KEY (organisation_id) REFERENCES identity.organisation(id) ON DELETE RESTRICT
    )`);
    await q.query(`CREATE INDEX user_organisation_idx ON identity."user" (organisation_id)`);
    await q.query(`CREATE TABLE identity.login_failure (
      id bigserial NOT NULL,
      client_address varchar(64) NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT login_failure_pk PRIMARY KEY (id)
    )`);
    await q.query(`CREATE INDEX login_failure_address_idx ON identity.login_failure (client_address, failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.login_failure`);
    await q.query(`DROP TABLE identity."user"`);
    await q.query(`DROP TABLE identity.organisation`);
    await q.query(`DROP SCHEMA identity`);
  }
}
