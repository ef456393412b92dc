import { afterAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from './data-source.js';

/**
 * The migrations define the schema; the entities must describe the same schema, or
 * `npm run migration:generate` produces a drift migration (dropped constraints, renamed foreign
 * keys, re-created columns) and repository queries work on a different idea of the tables.
 * TypeORM's own schema diff between the entities and the migrated database must be empty.
 */
describe('schema drift between entities and migrations', () => {
  let db: TestDatabase | undefined;
  let dataSource: DataSource | undefined;

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  it('TypeORM finds no difference between the entities and the migrated database', async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(passendDataSourceOptions({ databaseUrl: db.url }, 'schema-drift-int-spec'));
    await dataSource.initialize();

    const sql = await dataSource.driver.createSchemaBuilder().log();
    const drift = sql.upQueries.map((q) => q.query + (q.parameters?.length ? ` -- ${JSON.stringify(q.parameters)}` : ''));

    // on failure jest prints the queries TypeORM would run: make the entity decorators match the migrations
    expect(drift).toEqual([]);
  });
});
