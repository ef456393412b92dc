import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import request from 'supertest';

/**
 * The processes as a newcomer runs them, from the compiled build (`npm test` builds first):
 * `npm start`'s launcher on a machine without any service configured, and the api refusing a
 * bad environment.
 */
const root = resolve(import.meta.dirname, '..');
const dist = (path: string) => join(root, 'dist', path);

/** The environment of a fresh machine: no DATABASE_URL, REDIS_URL, MEILI_URL or secrets. */
function bareEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...extra };
}

function output(child: ChildProcess): { text: () => string; waitFor: (pattern: RegExp, ms: number) => Promise<RegExpMatchArray> } {
  let text = '';
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
    waiters.forEach((w) => w());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    text: () => text,
    waitFor: (pattern, ms) =>
      new Promise((found, failed) => {
        const timer = setTimeout(() => failed(new Error(`timed out waiting for ${pattern}; output:\n${text.slice(-3000)}`)), ms);
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            clearTimeout(timer);
            found(match);
          }
        };
        waiters.push(check);
        child.once('exit', (code) => {
          clearTimeout(timer);
          failed(new Error(`exited with ${code} before ${pattern}; output:\n${text.slice(-3000)}`));
        });
        check();
      }),
  };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code))));

describe('npm start on a machine without services', () => {
  mkdirSync(join(root, '.data'), { recursive: true }); // a clean clone has none yet
  const dataDir = mkdtempSync(join(root, '.data', 'launcher-test-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function startLauncher() {
    const child = spawn(process.execPath, [dist('apps/launcher/src/main.js')], {
      env: bareEnvironment({ PASSEND_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = output(child);
    const [, url] = await out.waitFor(/Passend is running at (http:\/\/localhost:\d+)/, 90_000);
    return { child, out, url: url! };
  }

  it('starts embedded PostgreSQL, migrates, seeds, serves health, docs and demo login, and stops cleanly on Ctrl-C', async () => {
    const { child, out, url } = await startLauncher();
    expect(out.text()).toContain('no DATABASE_URL: starting embedded PostgreSQL');
    expect(out.text()).toContain('queue on PostgreSQL, search on PostgreSQL');
    const health = await request(url).get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    await request(url).get('/api/docs').expect(200);
    expect((await request(url).get('/api/docs-json').expect(200)).body.paths).toHaveProperty(['/api/auth/login']);
    const login = await request(url).post('/api/auth/login').send({ email: 'jeugdbeschermer@demo.passend.nl', password: 'passend-demo' }).expect(200);
    expect(login.body.accessToken).toEqual(expect.any(String));
    await expectRestrictedDatabaseRoles();
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
    expect(out.text()).toContain('[passend] stopped');
  }, 120_000);

  /** The embedded database as production sets one up: its own superuser password, the api and worker as passend_app. */
  async function expectRestrictedDatabaseRoles(): Promise<void> {
    const port = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]!.trim();
    const secrets = JSON.parse(readFileSync(join(dataDir, 'local-secrets.json'), 'utf8')) as Record<string, string>;
    const connect = async (user: string, password: string) => {
      const client = new pg.Client({ host: '127.0.0.1', port: Number(port), user, password, database: 'passend' });
      await client.connect();
      return client;
    };
    // the old fixed password no longer opens it
    await expect(connect('postgres', 'passend-local')).rejects.toMatchObject({ code: '28P01' });
    const superuser = await connect('postgres', secrets.DATABASE_SUPERUSER_PASSWORD!);
    try {
      const { rows } = await superuser.query(
        `SELECT DISTINCT a.usename, r.rolsuper FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename WHERE a.datname = 'passend' AND a.application_name IN ('passend-api', 'passend-worker')`,
      );
      expect(rows).toEqual([{ usename: 'passend_app', rolsuper: false }]);
    } finally {
      await superuser.end();
    }
    const app = await connect('passend_app', secrets.DATABASE_APP_PASSWORD!);
    try {
      await expect(app.query(`UPDATE audit.access_log SET outcome = 'denied'`)).rejects.toMatchObject({ code: '42501' });
      await expect(app.query(`CREATE TABLE identity.intruder (id int)`)).rejects.toMatchObject({ code: '42501' });
      await expect(app.query(`DROP TABLE cases.measure`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.end();
    }
  }

  it('starts again on the same data without re-applying migrations or duplicating demo data', async () => {
    const { child, out } = await startLauncher();
    expect(out.text()).toContain('database ready: 0 migrations applied');
    expect(out.text()).toContain('demo data: 0 accounts, 0 providers, 0 offerings and 0 measures added');
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
  }, 120_000);
});

// Run as root, the embedded database runs as the system user `postgres`; as another user it runs as
// that user, who can always enter its own folders, so the refusal below cannot happen there.
const asRoot = process.getuid?.() === 0;
(asRoot ? describe : describe.skip)('npm start as root with its data under a private folder (mode 0700) [only meaningful as root]', () => {
  const closed = mkdtempSync(join(root, '.data', 'closed-home-'));
  afterAll(() => rmSync(closed, { recursive: true, force: true }));

  it('says which folder the database user cannot enter and what to do, without a stack trace, and exits 1', async () => {
    chmodSync(closed, 0o700);
    const child = spawn(process.execPath, [dist('apps/launcher/src/main.js')], {
      env: bareEnvironment({ PASSEND_DATA_DIR: join(closed, 'passend'), PORT: '0', LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = output(child);
    expect(await exitOf(child)).toBe(1);
    expect(out.text()).toContain(`cannot enter ${closed} (mode 0700)`);
    expect(out.text()).toContain('Set PASSEND_DATA_DIR to a folder it can reach');
    expect(out.text()).not.toMatch(/\n\s+at /);
  });
});

describe('a bad environment', () => {
  it('stops the api before it starts, naming the variable', async () => {
    const child = spawn(process.execPath, [dist('apps/api/src/main.js')], {
      env: bareEnvironment({ DATABASE_URL: 'mysql://nope', JWT_SECRET: 'short', PERSONAL_DATA_KEY: 'x', PORT: 'abc' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = output(child);
    expect(await exitOf(child)).toBe(78);
    for (const variable of ['DATABASE_URL', 'JWT_SECRET', 'PERSONAL_DATA_KEY', 'PORT']) expect(out.text()).toContain(variable);
  });

  it('stops the worker too when a required variable is missing', async () => {
    const child = spawn(process.execPath, [dist('apps/worker/src/main.js')], { env: bareEnvironment({}), stdio: ['ignore', 'pipe', 'pipe'] });
    const out = output(child);
    expect(await exitOf(child)).toBe(78);
    expect(out.text()).toMatch(/DATABASE_URL: DATABASE_URL must be a postgres/);
  });
});
