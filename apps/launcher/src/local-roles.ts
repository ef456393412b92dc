import { withDatabase } from '@passend/platform';
import pg from 'pg';

/** The schemas Passend's migrations fill, and the PostgreSQL queue's; reference data is read-only for the application. */
const APP_SCHEMAS = ['platform', 'identity', 'social_map', 'cases', 'matching', 'bullmq'];
const READ_ONLY_SCHEMAS = ['reference'];
/** The audit schema gets no default privileges: its migrations grant INSERT and SELECT on the log and nothing else. */
const AUDIT_SCHEMA = 'audit';
/** The extensions the social map's migration asks for; earthdistance is not a trusted extension, so the superuser creates them beforehand. */
const EXTENSIONS = ['pg_trgm', 'cube', 'earthdistance', 'unaccent'];

export interface LocalDatabase {
  /** the owner: runs the migrations and the seeds */
  ownerUrl: string;
  /** the restricted application role the api and the worker connect as */
  appUrl: string;
  /** a database made before the two roles existed: everything runs as the superuser (delete .data/ to start over) */
  legacy: boolean;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'passend-launcher' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const userUrl = (url: string, user: string, password: string) => {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
};

/**
 * The embedded database set up as production sets up its own (README, "Database roles in
 * production"; infra/postgres/10-passend-roles.sh for Docker Compose): `passend_owner` owns the
 * database and its schemas and runs the migrations; the api and the worker connect as
 * `passend_app`, which reads and writes the feature tables, may only add to and read the audit
 * log, and cannot change the schema. The superuser is used only here.
 */
export async function prepareLocalDatabase(adminUrl: string, passwords: { owner: string; app: string }, database = 'passend'): Promise<LocalDatabase> {
  const legacy = await withClient(adminUrl, async (client) => {
    for (const [role, password] of [['passend_owner', passwords.owner], ['passend_app', passwords.app]] as const) {
      const exists = (await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role])).rowCount === 1;
      await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(password)}`);
    }
    const [db] = (await client.query(`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1`, [database])).rows as { owner: string }[];
    if (!db) await client.query(`CREATE DATABASE ${database} OWNER passend_owner`);
    return db !== undefined && db.owner !== 'passend_owner';
  });
  const superuserUrl = withDatabase(adminUrl, database);
  if (legacy) return { ownerUrl: superuserUrl, appUrl: superuserUrl, legacy: true };
  await withClient(superuserUrl, async (client) => {
    await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO passend_app`);
    for (const extension of EXTENSIONS) await client.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    for (const schema of [...APP_SCHEMAS, ...READ_ONLY_SCHEMAS, AUDIT_SCHEMA]) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION passend_owner`);
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO passend_app`);
    }
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE passend_owner IN SCHEMA ${APP_SCHEMAS.join(', ')} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO passend_app`);
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE passend_owner IN SCHEMA ${APP_SCHEMAS.join(', ')} GRANT USAGE, SELECT ON SEQUENCES TO passend_app`);
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE passend_owner IN SCHEMA ${READ_ONLY_SCHEMAS.join(', ')} GRANT SELECT ON TABLES TO passend_app`);
    // the queue on PostgreSQL creates a job-id sequence for a queue the first time it is used; the
    // schema holds the queue's machinery only (job payloads carry ids, never personal data)
    await client.query(`GRANT CREATE ON SCHEMA bullmq TO passend_app`);
  });
  return {
    ownerUrl: userUrl(superuserUrl, 'passend_owner', passwords.owner),
    appUrl: userUrl(superuserUrl, 'passend_app', passwords.app),
    legacy: false,
  };
}
