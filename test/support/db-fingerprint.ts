import type { DataSource } from 'typeorm';

/**
 * An exact picture of what the application has stored: for every table of its schemas the row
 * count and the sum of a 64-bit hash of each row's text (so an UPDATE that leaves the count alone
 * shows too). One query; the tables of a test database are small, so it takes milliseconds.
 * Two tables are written on their own schedule and are looked at differently:
 *  - audit.access_log: a refusal is audited (outcome denied/failure), so only the successful
 *    entries are counted; audit.access_log_head follows the log and is left out;
 *  - platform.outbox: the relay marks rows dispatched in the background, so only its rows are counted.
 */
export type Fingerprint = Record<string, string>;

const COUNT_ONLY = new Set(['platform.outbox']);
const SKIPPED = new Set(['audit.access_log_head']);

export async function fingerprintQuery(dataSource: DataSource): Promise<string> {
  const tables = (await dataSource.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public')
      ORDER BY 1, 2`,
  )) as { schema: string; name: string }[];
  const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
  const parts = tables
    .map(({ schema, name }) => ({ key: `${schema}.${name}`, from: `${q(schema)}.${q(name)}` }))
    .filter(({ key }) => !SKIPPED.has(key))
    .map(({ key, from }) =>
      key === 'audit.access_log'
        ? `SELECT '${key}' AS t, count(*)::text || ' successful' AS v FROM ${from} WHERE outcome = 'success'`
        : COUNT_ONLY.has(key)
          ? `SELECT '${key}' AS t, count(*)::text AS v FROM ${from}`
          : `SELECT '${key}' AS t, count(*)::text || ' rows, ' || coalesce(sum(hashtextextended(x::text, 0)), 0)::text AS v FROM ${from} x`,
    );
  if (parts.length === 0) throw new Error('no application tables found');
  return parts.join('\nUNION ALL\n');
}

export async function fingerprint(dataSource: DataSource, query: string): Promise<Fingerprint> {
  const rows = (await dataSource.query(query)) as { t: string; v: string }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

/** The tables whose fingerprint differs, with before → after. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);
}
