import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import type { Actor } from '@passend/platform';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../apps/shared/data-source.js';
import { verifyAuditChain } from '../../../apps/shared/operations.js';
import { AuditLog, type AnonymousActor, type AuditEvent } from './audit-log.js';
import { ChainSealer } from './chain-sealer.js';
import { ChainVerifier } from './chain-verifier.js';
import { entryHash, GENESIS_HASH, type ChainEntry } from './domain/hash-chain.js';

const actor: Actor = {
  principal: { userId: '00000000-0000-4000-8000-000000000001', role: 'guardian', organisationId: '00000000-0000-4000-8000-0000000000aa', organisationKind: 'certified_institution' },
  clientAddress: '10.1.2.3',
  correlationId: 'corr-audit-int',
};
const anonymous: AnonymousActor = { userId: null, clientAddress: '10.9.9.9', correlationId: undefined };
const event = (subjectId: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  action: 'read', subjectType: 'case', subjectId, purpose: 'care', outcome: 'success', ...extra,
});

/** Every entry in the form the hash chain sees it, in chain order, read independently of ChainVerifier (after sealing what can be sealed). */
async function entries(ds: DataSource): Promise<(ChainEntry & { chainPos: string })[]> {
  await new ChainSealer(ds).sealNow();
  return (await ds.query(
    `SELECT seq::text AS "seq", to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
            user_id::text AS "userId", on_behalf_of AS "onBehalfOf", organisation_id::text AS "organisationId", role, action,
            subject_type AS "subjectType", subject_id AS "subjectId", purpose, outcome, client_address AS "clientAddress",
            correlation_id AS "correlationId", prev_hash AS "prevHash", hash, chain_pos::text AS "chainPos"
       FROM audit.access_log l ORDER BY l.chain_pos`,
  )) as (ChainEntry & { chainPos: string })[];
}

const count = async (ds: DataSource): Promise<number> =>
  ((await ds.query(`SELECT count(*)::int AS n FROM audit.access_log`)) as { n: number }[])[0]!.n;

async function openDatabase(): Promise<{ db: TestDatabase; ds: DataSource }> {
  const db = await createTestDatabase();
  // logging off: the refused statements below would otherwise print as query errors
  const ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl: db.url }, 'audit-int-spec'), logging: false });
  await ds.initialize();
  return { db, ds };
}

describe('the audit log', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let auditLog: AuditLog;
  let verifier: ChainVerifier;

  beforeAll(async () => {
    ({ db, ds } = await openDatabase());
    auditLog = new AuditLog(ds);
    verifier = new ChainVerifier(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('starts empty and intact', async () => {
    expect(await count(ds)).toBe(0);
    expect(await verifier.verify()).toEqual({ intact: true, checked: 0, lastSeq: null, lastHash: GENESIS_HASH, head: { seq: null, hash: GENESIS_HASH }, unsealed: 0 });
  });

  it('records who did what, with seq, time and hash set by the database, chained to the entry before', async () => {
    const before = Date.now();
    await auditLog.record(actor, event('case-1', { onBehalfOf: 'parent of case-1' }));
    await auditLog.record(anonymous, { action: 'login', subjectType: 'user', purpose: 'authentication', outcome: 'failure' });
    const [first, second] = await entries(ds);
    expect(first).toMatchObject({
      userId: actor.principal.userId, organisationId: actor.principal.organisationId, role: 'guardian', onBehalfOf: 'parent of case-1',
      action: 'read', subjectType: 'case', subjectId: 'case-1', purpose: 'care', outcome: 'success',
      clientAddress: '10.1.2.3', correlationId: 'corr-audit-int', prevHash: GENESIS_HASH,
    });
    expect(second).toMatchObject({
      userId: null, organisationId: null, role: null, onBehalfOf: null, action: 'login', subjectType: 'user', subjectId: null,
      outcome: 'failure', clientAddress: '10.9.9.9', correlationId: null, prevHash: first!.hash,
    });
    expect(Number(second!.seq)).toBeGreaterThan(Number(first!.seq));
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    // the database's hash is the one the verifier recomputes independently
    expect(entryHash(first!)).toBe(first!.hash);
    expect(entryHash(second!)).toBe(second!.hash);
    expect(Date.parse(first!.occurredAt)).toBeGreaterThanOrEqual(before - 5_000);
    expect(Date.parse(first!.occurredAt)).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it('ignores seq, time, chain position and hashes a writer supplies: the trigger and the sealer set them', async () => {
    const [last] = (await entries(ds)).slice(-1);
    await ds.query(
      `INSERT INTO audit.access_log (seq, occurred_at, action, subject_type, purpose, outcome, prev_hash, hash, chain_pos)
       VALUES (999999, '2001-01-01T00:00:00Z', 'read', 'case', 'care', 'success', $1, $1, 1)`,
      ['f'.repeat(64)],
    );
    const [forged] = (await entries(ds)).slice(-1);
    expect(forged!.seq).not.toBe('999999');
    expect(Number(forged!.seq)).toBeGreaterThan(Number(last!.seq));
    expect(forged!.occurredAt.startsWith('2001')).toBe(false);
    expect(forged!.prevHash).toBe(last!.hash);
    expect(forged!.hash).toBe(entryHash(forged!));
    expect(Number(forged!.chainPos)).toBe(Number(last!.chainPos) + 1);
  });

  it('hashes text outside ASCII and field-like text the same way the verifier does', async () => {
    await auditLog.record({ ...actor, correlationId: 'zoë-€-🧒' }, event('3:abc~', { onBehalfOf: '~', action: 'read', subjectType: 'case' }));
    await auditLog.record(actor, event('', { onBehalfOf: '' }));
    expect(await verifier.verify()).toMatchObject({ intact: true });
  });

  it.each([
    ['UPDATE', `UPDATE audit.access_log SET subject_id = 'changed'`],
    ['UPDATE of one row', `UPDATE audit.access_log SET outcome = 'denied' WHERE seq = (SELECT min(seq) FROM audit.access_log)`],
    ['DELETE', `DELETE FROM audit.access_log`],
    ['DELETE of one row', `DELETE FROM audit.access_log WHERE seq = (SELECT max(seq) FROM audit.access_log)`],
    ['TRUNCATE', `TRUNCATE audit.access_log`],
  ])('refuses %s, even for the superuser', async (_, sql) => {
    const before = await entries(ds);
    await expect(ds.query(sql)).rejects.toThrow(/append-only/);
    expect(await entries(ds)).toEqual(before);
  });

  it('lets an application role add and read entries, but not change them or move the chain head', async () => {
    // the grants the first audit migration gives passend_app, to a role of this test's own
    const role = `passend_app_t_${randomBytes(4).toString('hex')}`;
    await ds.query(`CREATE ROLE ${role} NOLOGIN`);
    await ds.query(`GRANT USAGE ON SCHEMA audit TO ${role}`);
    await ds.query(`GRANT INSERT, SELECT ON audit.access_log TO ${role}`);
    await ds.query(`GRANT USAGE ON SEQUENCE audit.access_log_seq TO ${role}`);
    await ds.query(`GRANT EXECUTE ON FUNCTION audit.seal_access_log(integer) TO ${role}`);
    const asApp = async (sql: string): Promise<unknown> => {
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query(`SET LOCAL ROLE ${role}`);
        const result = await runner.query(sql);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      } finally {
        await runner.release();
      }
    };
    try {
      const before = await count(ds);
      await asApp(`INSERT INTO audit.access_log (action, subject_type, purpose, outcome) VALUES ('read', 'case', 'care', 'success')`);
      expect(await count(ds)).toBe(before + 1);
      // it seals through the sealer (SECURITY DEFINER), but cannot fill in a hash itself
      expect(await asApp(`SELECT audit.seal_access_log(100) AS sealed`)).toEqual([{ sealed: 1 }]);
      await asApp(`INSERT INTO audit.access_log (action, subject_type, purpose, outcome) VALUES ('read', 'case', 'care', 'success')`);
      await expect(asApp(`UPDATE audit.access_log SET hash = repeat('a', 64), prev_hash = repeat('a', 64), chain_pos = 999999 WHERE hash IS NULL`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`UPDATE audit.access_log SET outcome = 'denied'`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`DELETE FROM audit.access_log`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`TRUNCATE audit.access_log`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`UPDATE audit.access_log_head SET hash = repeat('f', 64)`)).rejects.toThrow(/permission denied/);
      expect(await verifier.verify()).toMatchObject({ intact: true, checked: before + 2 });
    } finally {
      await ds.query(`DROP OWNED BY ${role}`);
      await ds.query(`DROP ROLE ${role}`);
    }
  });

  it('keeps no entry of a transaction that rolls back, and the chain goes on from the last committed one', async () => {
    const before = await count(ds);
    await expect(
      ds.transaction(async (tx) => {
        await auditLog.record(actor, event('rolled-back'), tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count(ds)).toBe(before);
    await auditLog.record(actor, event('after-rollback'));
    expect(await verifier.verify()).toMatchObject({ intact: true, checked: before + 1 });
  });

  it('stays one linear chain under 200 concurrent writers', async () => {
    const before = await count(ds);
    await Promise.all(Array.from({ length: 200 }, (_, i) => auditLog.record(actor, event(`concurrent-${i}`))));
    const all = await entries(ds);
    expect(all).toHaveLength(before + 200);
    expect(new Set(all.map((e) => e.prevHash)).size).toBe(all.length); // no two entries follow the same one: no fork
    const report = await verifier.verify();
    expect(report).toMatchObject({ intact: true, checked: all.length, lastSeq: all.at(-1)!.seq, lastHash: all.at(-1)!.hash });
  });

  it('stays linear when writers are slow transactions that commit or roll back', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const before = await count(ds);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        ds.transaction(async (tx) => {
          await auditLog.record(actor, event(`tx-${i}-a`), tx);
          await sleep((i * 7) % 25);
          await auditLog.record(actor, event(`tx-${i}-b`), tx);
          if (i % 3 === 0) throw new Error('roll back');
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(await count(ds)).toBe(before + 40);
    expect(await verifier.verify()).toMatchObject({ intact: true, checked: before + 40 });
  });

  it('chains an entry of a REPEATABLE READ transaction that began before another entry was written, without a fork or a retry', async () => {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`SELECT count(*) FROM audit.access_log`); // the transaction's snapshot is taken here
      await auditLog.record(actor, event('written-meanwhile')); // commits after that snapshot
      await verifier.verify(); // and is sealed, moving the head
      await auditLog.record(actor, event('from-old-snapshot'), runner.manager);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const all = await entries(ds);
    expect(all.slice(-2).map((e) => e.subjectId)).toEqual(['written-meanwhile', 'from-old-snapshot']);
    expect(new Set(all.map((e) => e.prevHash)).size).toBe(all.length);
    expect(await verifier.verify()).toMatchObject({ intact: true, checked: all.length, unsealed: 0 });
  });

  it('never makes a writer wait for another transaction that has written an entry and is still open', async () => {
    const holder = ds.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await auditLog.record(actor, event('held-open'), holder.manager);
      // before, this waited for the holder's commit (the chain's lock): with a lock timeout it now fails if it ever waits
      await ds.transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '2s'`);
        await auditLog.record(actor, event('not-waiting'), tx);
      });
      await ds.transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '2s'`);
        await verifier.verify(); // sealing does not wait for the open transaction either
      });
      await holder.commitTransaction();
    } finally {
      await holder.release();
    }
    // the entry of the long transaction is chained when it has committed: after an entry numbered later
    const all = await entries(ds);
    const held = all.find((e) => e.subjectId === 'held-open')!;
    const later = all.find((e) => e.subjectId === 'not-waiting')!;
    expect(Number(held.seq)).toBeLessThan(Number(later.seq));
    expect(Number(held.chainPos)).toBeGreaterThan(Number(later.chainPos));
    expect(await verifier.verify()).toMatchObject({ intact: true, checked: all.length, unsealed: 0 });
  });

  it('lets only one of several concurrent sealers chain an entry', async () => {
    for (let i = 0; i < 50; i++) await ds.query(`INSERT INTO audit.access_log (action, subject_type, subject_id, purpose, outcome) VALUES ('read', 'case', $1, 'care', 'success')`, [`unsealed-${i}`]);
    const sealed = await Promise.all(Array.from({ length: 8 }, () => new ChainSealer(ds).sealNow()));
    const more = await new ChainSealer(ds).sealNow();
    expect(sealed.reduce((a, b) => a + b, 0) + more).toBe(50);
    expect(await verifier.verify()).toMatchObject({ intact: true, unsealed: 0 });
  });

  it('gives the same verdict whatever the batch size', async () => {
    const whole = await verifier.verify();
    expect(whole.checked).toBeGreaterThan(200);
    for (const batchSize of [1, 7, 100, whole.checked, whole.checked + 1]) {
      expect(await verifier.verify(batchSize)).toEqual(whole);
    }
  });
});

describe('tampering with the audit log', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let seqs: string[];

  /** What only a database superuser can do: switch the append-only trigger off for a moment. */
  async function asSuperuserWithoutGuard(sql: string, params: unknown[] = []): Promise<void> {
    await ds.query(`ALTER TABLE audit.access_log DISABLE TRIGGER access_log_append_only`);
    try {
      await ds.query(sql, params);
    } finally {
      await ds.query(`ALTER TABLE audit.access_log ENABLE TRIGGER access_log_append_only`);
    }
  }

  // each test tampers with a database of its own
  beforeEach(async () => {
    ({ db, ds } = await openDatabase());
  });
  afterEach(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  async function writeTen(): Promise<void> {
    const auditLog = new AuditLog(ds);
    for (let i = 0; i < 10; i++) await auditLog.record(actor, event(`case-${i}`));
    seqs = (await entries(ds)).map((e) => e.seq);
    expect(seqs).toHaveLength(10);
    expect(await new ChainVerifier(ds).verify()).toMatchObject({ intact: true, checked: 10 });
  }

  it('finds an edited field at the edited entry (content_altered)', async () => {
    await writeTen();
    await asSuperuserWithoutGuard(`UPDATE audit.access_log SET subject_id = 'someone-else' WHERE seq = $1`, [seqs[4]]);
    const report = await new ChainVerifier(ds).verify();
    expect(report).toMatchObject({ intact: false, checked: 4, broken: { seq: seqs[4], reason: 'content_altered' } });
  });

  it('finds it with any batch size, also when the edited entry starts a batch', async () => {
    await writeTen();
    await asSuperuserWithoutGuard(`UPDATE audit.access_log SET outcome = 'denied' WHERE seq = $1`, [seqs[6]]);
    for (const batchSize of [1, 2, 3, 6, 1000]) {
      expect(await new ChainVerifier(ds).verify(batchSize)).toMatchObject({ intact: false, broken: { seq: seqs[6], reason: 'content_altered' } });
    }
  });

  it('finds a removed entry at the entry after it (link_broken)', async () => {
    await writeTen();
    await asSuperuserWithoutGuard(`DELETE FROM audit.access_log WHERE seq = $1`, [seqs[5]]);
    expect(await new ChainVerifier(ds).verify()).toMatchObject({ intact: false, checked: 5, broken: { seq: seqs[6], reason: 'link_broken' } });
  });

  it('finds an edit whose hash was recomputed, at the next entry (link_broken)', async () => {
    await writeTen();
    const edited = { ...(await entries(ds))[2]!, userId: '00000000-0000-4000-8000-000000000099' };
    await asSuperuserWithoutGuard(`UPDATE audit.access_log SET user_id = $1, hash = $2 WHERE seq = $3`, [edited.userId, entryHash(edited), seqs[2]]);
    expect(await new ChainVerifier(ds).verify()).toMatchObject({ intact: false, broken: { seq: seqs[3], reason: 'link_broken' } });
  });

  it('finds removed newest entries at once: the log ends before its head (head_mismatch)', async () => {
    await writeTen();
    await asSuperuserWithoutGuard(`DELETE FROM audit.access_log WHERE seq >= $1`, [seqs[8]]);
    expect(await new ChainVerifier(ds).verify()).toMatchObject({ intact: false, checked: 8, lastSeq: seqs[7], head: { seq: seqs[9] }, broken: { seq: seqs[9], reason: 'head_mismatch' } });
  });

  it('finds removed newest entries as soon as the next entry is written', async () => {
    await writeTen();
    await asSuperuserWithoutGuard(`DELETE FROM audit.access_log WHERE seq >= $1`, [seqs[8]]);
    await new AuditLog(ds).record(actor, event('after-the-cut'));
    const after = (await entries(ds)).at(-1)!;
    expect(await new ChainVerifier(ds).verify()).toMatchObject({ intact: false, broken: { seq: after.seq, reason: 'link_broken' } });
  });

  it('makes `npm run audit:verify` (verifyAuditChain) report the break', async () => {
    await writeTen();
    expect(await verifyAuditChain({ databaseUrl: db.url })).toMatchObject({ intact: true, checked: 10 });
    await asSuperuserWithoutGuard(`UPDATE audit.access_log SET subject_id = 'someone-else' WHERE seq = $1`, [seqs[1]]);
    expect(await verifyAuditChain({ databaseUrl: db.url })).toMatchObject({ intact: false, broken: { seq: seqs[1], reason: 'content_altered' } });
  });
});
