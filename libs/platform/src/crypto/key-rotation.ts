import type { DataSource } from 'typeorm';
import { PersonalDataCipher } from './personal-data-cipher.js';

/** A table with encrypted columns: `<schema>.<table>`, its `*_enc` columns, and whether it keeps a `key_id`. */
export interface EncryptedTable {
  schema: string;
  table: string;
  columns: string[];
  hasKeyId: boolean;
}

/**
 * More to change in a row while its values are re-encrypted, from their plaintexts (the cases lib
 * recomputes a child's BSN lookup hash under the new key). Returns column → new value.
 */
export type RotationRowHook = (table: EncryptedTable, plaintexts: Record<string, string | null>, rowId: string) => Record<string, string> | Promise<Record<string, string>>;

export interface RotationReport {
  currentKeyId: string;
  tables: { table: string; rows: number; values: number; skippedChangedMeanwhile: number }[];
  /** values still under another key afterwards: 0 unless rows changed under an old key while it ran (run it again) */
  remaining: number;
  durationMs: number;
}

/**
 * Where a value lives, as every lib binds it (AES-GCM associated data): `<schema>.<table>/<row id>/<column>`.
 * The libs encrypt with exactly this form (`personalDataPlace` in cases, the matching services).
 */
export function encryptedValuePlace(schema: string, table: string, rowId: string, column: string): string {
  return `${schema}.${table}/${rowId}/${column}`;
}

/** Every table of the application schemas with `*_enc` columns and an `id` (found in the catalogue, so a new one is never missed). */
export async function encryptedTables(dataSource: DataSource): Promise<EncryptedTable[]> {
  const rows = (await dataSource.query(
    `SELECT c.table_schema AS schema, c.table_name AS "table",
            array_agg(c.column_name::text ORDER BY c.column_name) FILTER (WHERE c.column_name LIKE '%\\_enc') AS columns,
            bool_or(c.column_name = 'key_id') AS "hasKeyId",
            bool_or(c.column_name = 'id') AS "hasId"
       FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
      GROUP BY c.table_schema, c.table_name
     HAVING bool_or(c.column_name LIKE '%\\_enc')
      ORDER BY 1, 2`,
  )) as (EncryptedTable & { hasId: boolean })[];
  const withoutId = rows.filter((r) => !r.hasId);
  if (withoutId.length > 0) throw new Error(`encrypted columns in tables without an id column: ${withoutId.map((r) => `${r.schema}.${r.table}`).join(', ')}`);
  return rows.map(({ schema, table, columns, hasKeyId }) => ({ schema, table, columns, hasKeyId }));
}

const quote = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
};

/**
 * Re-encrypts every personal-data value not under the cipher's current key, in small batches, while
 * the platform runs: each row is rewritten only if it still holds what was read (a value changed
 * meanwhile was written under the current key already), so no write is lost and nothing is locked
 * for longer than one row's update. The cipher must know the old keys (PERSONAL_DATA_PREVIOUS_KEYS).
 */
export async function rotatePersonalData(
  dataSource: DataSource,
  cipher: PersonalDataCipher,
  options: { batchSize?: number; hook?: RotationRowHook; onProgress?: (done: number, total: number) => void } = {},
): Promise<RotationReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 500;
  const current = cipher.currentKeyId;
  const tables = await encryptedTables(dataSource);
  const stale = (t: EncryptedTable) => `(${t.columns.map((c) => `(${quote(c)} IS NOT NULL AND split_part(${quote(c)}, '.', 2) <> $1)`).join(' OR ')})`;
  const from = (t: EncryptedTable) => `${quote(t.schema)}.${quote(t.table)}`;
  let total = 0;
  for (const t of tables) {
    total += ((await dataSource.query(`SELECT count(*)::int AS n FROM ${from(t)} WHERE ${stale(t)}`, [current])) as { n: number }[])[0]!.n;
  }
  let done = 0;
  options.onProgress?.(done, total);
  const report: RotationReport = { currentKeyId: current, tables: [], remaining: 0, durationMs: 0 };
  for (const t of tables) {
    const figures = { table: `${t.schema}.${t.table}`, rows: 0, values: 0, skippedChangedMeanwhile: 0 };
    let after = '';
    for (;;) {
      const rows = (await dataSource.query(
        `SELECT id::text AS id, ${t.columns.map(quote).join(', ')} FROM ${from(t)} WHERE ${stale(t)} AND id::text > $2 ORDER BY id::text LIMIT $3`,
        [current, after, batchSize],
      )) as Record<string, string | null>[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const id = row.id!;
        const plaintexts: Record<string, string | null> = {};
        const changes: Record<string, string> = {};
        for (const column of t.columns) {
          const stored = row[column] ?? null;
          if (stored === null) {
            plaintexts[column] = null;
            continue;
          }
          const place = encryptedValuePlace(t.schema, t.table, id, column);
          const plaintext = cipher.decrypt(stored, place);
          plaintexts[column] = plaintext;
          if (PersonalDataCipher.keyIdOf(stored) !== current) changes[column] = cipher.encrypt(plaintext, place);
        }
        Object.assign(changes, (await options.hook?.(t, plaintexts, id)) ?? {});
        if (t.hasKeyId) changes.key_id = current;
        const names = Object.keys(changes);
        const params: unknown[] = [id, ...names.map((n) => changes[n])];
        const set = names.map((n, i) => `${quote(n)} = $${i + 2}`).join(', ');
        // compare-and-set: only if every encrypted value is still what was read
        const unchanged = t.columns.map((c) => {
          params.push(row[c] ?? null);
          return `${quote(c)} IS NOT DISTINCT FROM $${params.length}::text`;
        });
        const updated = (await dataSource.query(`UPDATE ${from(t)} SET ${set} WHERE id::text = $1 AND ${unchanged.join(' AND ')}`, params)) as [unknown, number];
        if (updated[1] === 1) {
          figures.rows++;
          figures.values += names.filter((n) => n.endsWith('_enc')).length;
        } else {
          figures.skippedChangedMeanwhile++;
        }
        done++;
      }
      after = rows[rows.length - 1]!.id!;
      options.onProgress?.(Math.min(done, total), total);
    }
    report.tables.push(figures);
  }
  for (const t of tables) {
    report.remaining += ((await dataSource.query(`SELECT count(*)::int AS n FROM ${from(t)} WHERE ${stale(t)}`, [current])) as { n: number }[])[0]!.n;
  }
  report.durationMs = Date.now() - started;
  return report;
}
