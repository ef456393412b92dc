import { canConnect, ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from '@passend/platform';
import { randomBytes } from 'node:crypto';

export interface BenchDatabase {
  adminUrl: string;
  /** a database of the benchmark's own on that server, not created yet */
  database: string;
  databaseUrl: string;
  /** a unique stamp for names of this run (queue namespaces, ...) */
  stamp: string;
  /** the embedded server started for this run, when there was no PostgreSQL */
  embedded?: EmbeddedPostgresHandle;
}

/**
 * Where a benchmark runs: BENCH_DATABASE_ADMIN_URL (default the local PostgreSQL), or an embedded
 * PostgreSQL of its own when none answers; and the name of a database of its own there.
 */
export async function benchDatabase(prefix: string, adminUrlSetting: string | undefined, say: (line: string) => void): Promise<BenchDatabase> {
  let adminUrl = adminUrlSetting ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let embedded: EmbeddedPostgresHandle | undefined;
  if (!(await canConnect(adminUrl))) {
    say(`no PostgreSQL at ${new URL(adminUrl).host}: starting embedded PostgreSQL`);
    embedded = await startEmbeddedPostgres({ dataDir: `.data/bench-postgres-${Date.now().toString(36)}`, persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const stamp = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${randomBytes(2).toString('hex')}`;
  const database = `${prefix}_${stamp}`;
  return { adminUrl, database, databaseUrl: withDatabase(adminUrl, database), stamp, embedded };
}

