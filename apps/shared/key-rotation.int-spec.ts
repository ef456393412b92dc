import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bsnHmac, bsnLookupKey, casePersonalDataFor, CasePersonalData, childLookupRotation, seedCases, type SealedChildIdentity } from '@passend/cases';
import { seedDemoAccounts } from '@passend/identity';
import { encryptedTables, PersonalDataCipher, rotatePersonalData, type PassendConfig } from '@passend/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@passend/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from './data-source.js';
import { rotateKeys } from './operations.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

type ChildRow = SealedChildIdentity & { id: string };

describe('personal data key rotation (npm run keys:rotate)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let before: { identities: string[]; notes: string[] };
  const rotatedConfig = (): PassendConfig => testConfig(db.url, { personalDataKey: k2, personalDataPreviousKeys: [k1] });

  const children = async () => (await ds.query(`SELECT id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id FROM cases.child ORDER BY id`)) as ChildRow[];
  const identitiesWith = async (personalData: CasePersonalData) => (await children()).map((c) => JSON.stringify(personalData.openChild(c.id, c)));
  const needNotesWith = async (personalData: CasePersonalData) =>
    ((await ds.query(`SELECT id, notes_enc FROM cases.need WHERE notes_enc IS NOT NULL ORDER BY id`)) as { id: string; notes_enc: string }[]).map((n) => personalData.open('need', n.id, 'notes_enc', n.notes_enc));

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(passendDataSourceOptions({ databaseUrl: db.url }, 'key-rotation-int-spec'));
    await ds.initialize();
    await seedDemoAccounts(ds.manager);
    await seedCases(ds.manager, casePersonalDataFor({ personalDataKey: k1 }), { count: 120, offerings: [] });
    const underK1 = casePersonalDataFor({ personalDataKey: k1 });
    before = { identities: await identitiesWith(underK1), notes: await needNotesWith(underK1) };
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('stores only ciphertext: a raw SQL read of identity fields and free text shows no plaintext', async () => {
    const rows = await children();
    expect(rows.length).toBeGreaterThan(100);
    expect(before.notes.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const value of [row.given_names_enc, row.family_name_enc, row.bsn_enc, row.date_of_birth_enc]) expect(value).toMatch(/^pd1\.k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    }
    const raw = JSON.stringify(await ds.query(`SELECT * FROM cases.child`)) + JSON.stringify(await ds.query(`SELECT * FROM cases.need`));
    // (a short name such as "Kai" turns up by chance inside random base64: only longer values are searched as substrings)
    for (const identity of before.identities.slice(0, 20).map((i) => JSON.parse(i) as Record<string, string>)) {
      for (const value of Object.values(identity).filter((v) => v.length >= 8)) expect(raw).not.toContain(value);
    }
    const stored = new Set(rows.flatMap((r) => [r.given_names_enc, r.family_name_enc, r.bsn_enc, r.date_of_birth_enc]));
    for (const identity of before.identities.map((i) => JSON.parse(i) as Record<string, string>)) {
      for (const value of Object.values(identity)) expect(stored.has(value)).toBe(false);
    }
  });

  it('finds every table with encrypted columns in the catalogue, matching\'s included', async () => {
    const tables = (await encryptedTables(ds)).map((t) => `${t.schema}.${t.table}`);
    expect(tables).toEqual(expect.arrayContaining(['cases.child', 'cases.need', 'cases.milestone', 'cases.client_voice', 'cases.help_experience', 'matching.proposal', 'matching.decision']));
  });

  it('re-encrypts everything under the new key, recomputes the BSN lookup hashes, and loses no write made while it runs', async () => {
    const underBoth = casePersonalDataFor({ personalDataKey: k2, personalDataPreviousKeys: [k1] });
    // a child found by BSN during the rotation: its record still carries the old hash
    const first = (await children())[0]!;
    const bsn = underBoth.openChild(first.id, first).bsn;
    expect(underBoth.bsnHmacs(bsn)).toContain(first.bsn_hmac);

    // a guardian corrects a child while the rotation runs, between its read of the row and its write
    let raced: string | undefined;
    const cipher = new PersonalDataCipher(k2, [k1]);
    const lookups = childLookupRotation(k2.key);
    const report = await rotatePersonalData(ds, cipher, {
      batchSize: 7,
      hook: async (table, plaintexts, rowId) => {
        if (table.table === 'child' && !raced) {
          raced = rowId;
          await ds.query(`UPDATE cases.child SET family_name_enc = $2, key_id = 'k2' WHERE id = $1`, [rowId, underBoth.seal('child', rowId, 'family_name_enc', 'Gecorrigeerd')]);
        }
        return lookups(table, plaintexts, rowId);
      },
    });
    expect(report.tables.find((t) => t.table === 'cases.child')).toMatchObject({ skippedChangedMeanwhile: 1 });
    expect(report.remaining).toBe(1); // the raced row still holds its other fields under k1: a second run takes it
    const again = await rotateKeys(rotatedConfig(), { batchSize: 50 });
    expect(again.remaining).toBe(0);
    expect(again.tables.find((t) => t.table === 'cases.child')).toMatchObject({ rows: 1, skippedChangedMeanwhile: 0 });

    // nothing is under k1 any more: a cipher without it reads everything
    const onlyK2 = casePersonalDataFor({ personalDataKey: k2 });
    const rows = await children();
    for (const row of rows) {
      for (const value of [row.given_names_enc, row.family_name_enc, row.bsn_enc, row.date_of_birth_enc]) expect(PersonalDataCipher.keyIdOf(value)).toBe('k2');
      expect(row.key_id).toBe('k2');
      expect(row.bsn_hmac).toBe(bsnHmac(bsnLookupKey(k2.key), onlyK2.openChild(row.id, row).bsn));
    }
    const after = await identitiesWith(onlyK2);
    const expected = before.identities.map((identity, i) => (rows[i]!.id === raced ? JSON.stringify({ ...JSON.parse(identity), familyName: 'Gecorrigeerd' }) : identity));
    expect(after).toEqual(expected);
    expect(await needNotesWith(onlyK2)).toEqual(before.notes);
    const stale = (await ds.query(
      `SELECT count(*)::int AS n FROM cases.need WHERE split_part(notes_enc, '.', 2) = 'k1'`,
    )) as { n: number }[];
    expect(stale[0]!.n).toBe(0);
  }, 60_000);

  it('has nothing to do a second time', async () => {
    const report = await rotateKeys(rotatedConfig());
    expect(report.remaining).toBe(0);
    expect(report.tables.every((t) => t.rows === 0 && t.skippedChangedMeanwhile === 0)).toBe(true);
  });
});
