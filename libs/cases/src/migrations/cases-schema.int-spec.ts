import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';

/**
 * The database's own backstops behind the services' checks: what the cases schema refuses even
 * when application code gets it wrong.
 */
describe('cases schema backstops', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let institution: string;
  let otherInstitution: string;
  let guardian: string;
  let otherGuardian: string;

  const enc = () => `pd1.test.${randomBytes(6).toString('base64url')}.${randomBytes(6).toString('base64url')}.${randomBytes(6).toString('base64url')}`;
  const hmac = () => randomBytes(32).toString('hex');

  async function child(overrides: Record<string, string> = {}): Promise<string> {
    const v = { given: enc(), family: enc(), bsn: enc(), dob: enc(), hmac: hmac(), institution, ...overrides };
    const [row] = await ds.query(
      `INSERT INTO cases.child (institution_id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id, home_municipality_code)
       VALUES ($6, $1, $2, $3, $4, $5, 'test', 'GM0344') RETURNING id`,
      [v.given, v.family, v.bsn, v.dob, v.hmac, v.institution],
    );
    return row.id;
  }

  async function measure(institutionId = institution, ruling = '2025-01-06', end: string | null = null): Promise<string> {
    const [row] = await ds.query(
      `INSERT INTO cases.measure (child_id, kind, ruling_date, end_date, institution_id) VALUES ($1, 'supervision_order', $2, $3, $4) RETURNING id`,
      [await child({ institution: institutionId }), ruling, end, institutionId],
    );
    return row.id;
  }

  const assign = (measureId: string, userId: string, kind = 'permanent') =>
    ds.query(`INSERT INTO cases.guardian_assignment (measure_id, guardian_user_id, kind, from_date, created_by) VALUES ($1, $2, $3, '2025-01-07', $2)`, [measureId, userId, kind]);

  const milestone = (measureId: string, kind: string, agreedBy: string[] | null, offeringId: string | null = null) =>
    ds.query(`INSERT INTO cases.milestone (measure_id, kind, met_on, agreed_by, offering_id, recorded_by) VALUES ($1, $2, '2025-02-01', $3, $4, $5)`, [
      measureId,
      kind,
      agreedBy,
      offeringId,
      guardian,
    ]);

  beforeAll(async () => {
    db = await createTestDatabase();
    // logging off: the refused statements below would otherwise print as query errors
    ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl: db.url }, 'cases-schema-int-spec'), logging: false });
    await ds.initialize();
    const orgs = await ds.query(
      `INSERT INTO identity.organisation (kind, name) VALUES ('certified_institution', 'GI A'), ('certified_institution', 'GI B') RETURNING id`,
    );
    [institution, otherInstitution] = orgs.map((o: { id: string }) => o.id);
    const users = await ds.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role) VALUES ($1, 'a@gi.test', 'A', 'guardian'), ($2, 'b@gi.test', 'B', 'guardian') RETURNING id`,
      [institution, otherInstitution],
    );
    [guardian, otherGuardian] = users.map((u: { id: string }) => u.id);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('refuses identity fields that are not encrypted values, and a second record with the same BSN hash at one institution', async () => {
    await expect(child({ family: 'de Vries' })).rejects.toThrow(/child_encrypted_ck/);
    await expect(child({ bsn: '111222333' })).rejects.toThrow(/child_encrypted_ck/);
    await expect(child({ hmac: '111222333' })).rejects.toThrow(/child_bsn_hmac_ck/);
    const same = hmac();
    await child({ hmac: same });
    await expect(child({ hmac: same })).rejects.toThrow(/child_institution_bsn_hmac_uq/);
    // institutions are walls: another institution keeps a record of its own for the same BSN
    await expect(child({ hmac: same, institution: otherInstitution })).resolves.toEqual(expect.any(String));
  });

  it("refuses a measure on another institution's record of the child", async () => {
    const theirs = await child({ institution: otherInstitution });
    await expect(
      ds.query(`INSERT INTO cases.measure (child_id, kind, ruling_date, institution_id) VALUES ($1, 'supervision_order', '2025-01-06', $2)`, [theirs, institution]),
    ).rejects.toThrow(/measure_child_institution_fk/);
  });

  it('refuses a measure carried out by an organisation that is not a certified institution, or ending before its ruling', async () => {
    const [provider] = await ds.query(`INSERT INTO identity.organisation (kind, name) VALUES ('provider', 'Aanbieder') RETURNING id`);
    await expect(measure(provider.id)).rejects.toThrow(/not a certified institution/);
    await expect(measure(institution, '2025-01-06', '2025-01-05')).rejects.toThrow(/measure_end_ck/);
    await expect(measure(institution, '2025-01-06', '2025-01-06')).resolves.toEqual(expect.any(String));
  });

  it("refuses a guardian of another institution, and a second open permanent guardian", async () => {
    const id = await measure();
    await expect(assign(id, otherGuardian)).rejects.toThrow(/not a guardian of the measure's institution/);
    await assign(id, guardian);
    await expect(assign(id, guardian)).rejects.toThrow(/guardian_assignment_open_uq/);
    await expect(assign(id, guardian, 'temporary')).resolves.toBeDefined();
  });

  it('refuses an agreed course without the family, and fitting help without an offering', async () => {
    const id = await measure();
    await expect(milestone(id, 'agreed_course', ['network', 'professionals'])).rejects.toThrow(/milestone_agreed_by_ck/);
    await expect(milestone(id, 'agreed_course', null)).rejects.toThrow(/milestone_agreed_by_ck/);
    await expect(milestone(id, 'agreed_course', ['parents', 'landlord'])).rejects.toThrow(/milestone_agreed_by_ck/);
    await expect(milestone(id, 'fitting_help', null)).rejects.toThrow(/milestone_offering_ck/);
    await expect(milestone(id, 'permanent_guardian', ['parents'])).rejects.toThrow(/milestone_agreed_by_ck/);
    await milestone(id, 'agreed_course', ['child', 'professionals']);
    await expect(milestone(id, 'agreed_course', ['parents'])).rejects.toThrow(/milestone_measure_kind_uq/);
  });

  it('keeps the timeline append-only', async () => {
    const id = await measure();
    await ds.query(`INSERT INTO cases.case_event (measure_id, kind, summary) VALUES ($1, 'case_opened', 'case opened')`, [id]);
    await expect(ds.query(`UPDATE cases.case_event SET summary = 'x' WHERE measure_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM cases.case_event WHERE measure_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE cases.case_event CASCADE`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`INSERT INTO cases.case_event (measure_id, kind, summary) VALUES ($1, 'Bad Kind!', 'x')`, [id])).rejects.toThrow(/case_event_kind_ck/);
  });
});
