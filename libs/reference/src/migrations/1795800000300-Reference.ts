import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reference1795800000300 implements MigrationInterface {
  name = 'Reference1795800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS reference`);
    await q.query(`CREATE TABLE reference.region (
      code varchar(4) NOT NULL,
      name varchar(100) NOT NULL,
      main_province varchar(40) NOT NULL,
      inspection_area varchar(60) NOT NULL,
      municipality_count int NOT NULL,
      population int NOT NULL,
      CONSTRAINT region_pk PRIMARY KEY (code),
      CONSTRAINT region_code_ck CHECK (code ~ '^JZ[0-9]{2}$')
    )`);
    await q.query(`CREATE TABLE reference.municipality (
      code varchar(6) NOT NULL,
      name varchar(100) NOT NULL,
      province varchar(40) NOT NULL,
      region_code varchar(4) NOT NULL,
      latitude double precision NULL,
      longitude double precision NULL,
      population int NOT NULL,
      area_km2 numeric(8,2) NOT NULL,
      region_confidence varchar(10) NOT NULL,
      CONSTRAINT municipality_pk PRIMARY KEY (code),
      CONSTRAINT municipality_code_ck CHECK (code ~ '^GM[0-9]{4}$'),
      CONSTRAINT municipality_region_fk FOREIGN KEY (region_code) REFERENCES reference.region(code)
    )`);
    await q.query(`CREATE INDEX municipality_region_idx ON reference.municipality (region_code)`);
    await q.query(`CREATE TABLE reference.code_list_entry (
      list_code varchar(40) NOT NULL,
      code varchar(10) NOT NULL,
      list_name varchar(100) NOT NULL,
      value varchar(300) NOT NULL,
      historic boolean NOT NULL DEFAULT false,
      CONSTRAINT code_list_entry_pk PRIMARY KEY (list_code, code)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reference.code_list_entry`);
    await q.query(`DROP TABLE reference.municipality`);
    await q.query(`DROP TABLE reference.region`);
    await q.query(`DROP SCHEMA reference`);
  }
}
