import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@passend/identity';
import { freePort } from '@passend/platform';
import { readConfigOrExit } from '../../shared/boot.js';
import { migrate, seedDemo } from '../../shared/operations.js';
import { prepareDemoMatching } from './demo-matching.js';
import { prepareLocalDatabase } from './local-roles.js';
import { localSecrets } from './local-secrets.js';

/**
 * `npm start`: the whole platform on one machine. Uses DATABASE_URL / REDIS_URL / MEILI_URL when
 * set; otherwise embedded PostgreSQL under .data/, BullMQ and search on PostgreSQL. Migrates,
 * seeds reference and demo data, starts the api and the worker, prints the URL and the demo
 * accounts. Ctrl-C (or SIGTERM) stops the children, then the database.
 */
const started = Date.now();
const say = (line: string) => process.stdout.write(`[passend] ${line}\n`);
const env: NodeJS.ProcessEnv = { ...process.env };
const dataDir = resolve(env.PASSEND_DATA_DIR ?? '.data');
const children: { name: string; process: ChildProcess }[] = [];
let database: ChildProcess | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (stopping) return new Promise(() => undefined);
  stopping = true;
  say('stopping…');
  await Promise.all(
    children.map(
      ({ process: child }) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  // the database host may be on its way out already (it failed to start): then there is nobody to tell
  if (database && database.exitCode === null && database.signalCode === null && database.connected) {
    await new Promise<void>((done) => {
      const timer = setTimeout(() => {
        database!.kill('SIGKILL');
        done();
      }, 15_000);
      database!.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      database!.send({ type: 'stop' }, (error) => {
        if (error) done(); // it went away between the check and the message
      });
    });
  }
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

function startChild(name: 'api' | 'worker'): Promise<{ port?: number }> {
  const entry = fileURLToPath(new URL(`../../${name}/src/main.js`, import.meta.url));
  // own process group: Ctrl-C reaches the launcher, which stops the children in order
  const child = fork(entry, [], { env, detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push({ name, process: child });
  return new Promise((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`${name} did not start within 120 s`)), 120_000);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        ready({ port: message.port });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!stopping) {
        say(`${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
        failed(new Error(`${name} exited`));
        void stop(1);
      }
    });
  });
}

try {
  /** the embedded database's owner role: migrations and seeds; the api and the worker get the restricted role */
  let ownerUrl: string | undefined;
  if (!env.DATABASE_URL) {
    say(`no DATABASE_URL: starting embedded PostgreSQL in ${resolve(dataDir, 'postgres')}`);
    const secrets = localSecrets(dataDir);
    const adminUrl = await startDatabaseHost(resolve(dataDir, 'postgres'), secrets.DATABASE_SUPERUSER_PASSWORD);
    const local = await prepareLocalDatabase(adminUrl, { owner: secrets.DATABASE_OWNER_PASSWORD, app: secrets.DATABASE_APP_PASSWORD });
    if (local.legacy) {
      say('this embedded database was made before Passend had its own database roles: the api and the worker connect as its superuser. Delete .data/ while Passend is stopped to start over with a restricted role.');
    }
    env.DATABASE_URL = local.appUrl;
    ownerUrl = local.ownerUrl;
  }
  if (!env.JWT_SECRET || !env.PERSONAL_DATA_KEY) {
    const secrets = localSecrets(dataDir);
    env.JWT_SECRET ??= secrets.JWT_SECRET;
    env.PERSONAL_DATA_KEY ??= secrets.PERSONAL_DATA_KEY;
    say(`development secrets from ${resolve(dataDir, 'local-secrets.json')} (set JWT_SECRET and PERSONAL_DATA_KEY in production)`);
  }
  env.PORT ??= String(await preferredPort(3000));
  env.API_DOCS ??= 'on'; // a local platform shows its API documentation; deployments choose
  const config = readConfigOrExit(env);
  say(`queue on ${config.redisUrl ? 'Redis' : 'PostgreSQL'}, search on ${config.meili ? 'Meilisearch' : 'PostgreSQL'}`);
  const ownerConfig = ownerUrl ? { ...config, databaseUrl: ownerUrl } : config;
  const migration = await migrate(ownerConfig);
  say(`database ready: ${migration.applied.length} migrations applied, ${migration.reference.municipalities} municipalities in ${migration.reference.regions} regions`);
  const seeded = await seedDemo(ownerConfig);
  say(`demo data: ${seeded.accounts} accounts, ${seeded.providers} providers, ${seeded.offerings} offerings and ${seeded.measures} measures added`);
  const [api] = await Promise.all([startChild('api'), startChild('worker')]);
  const url = `http://localhost:${api.port ?? config.port}`;
  try {
    const demo = await prepareDemoMatching(url);
    if (demo.run) say(`matching: ${demo.run.placed} of ${demo.run.children} waiting children proposed a free place (${demo.run.optimal ? 'optimal' : 'not proven optimal'}, ${demo.run.durationMs} ms); ${demo.offered} offered to the demo provider, ${demo.referred} referred to the expert table`);
  } catch (error) {
    say(`the demo's first matching failed (Passend runs on): ${(error as Error).message}`);
  }
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
  process.stdout.write(
    [
      '',
      `Passend is running at ${url}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  API docs   ${url}/api/docs`,
      `  health     ${url}/health`,
      '',
      `Demo accounts (password: ${DEMO_PASSWORD}):`,
      ...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(width)}  ${a.role}`),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (error) {
  say(`start-up failed: ${(error as Error).message}`);
  await stop(1);
}

/** Embedded PostgreSQL in its own process group (see database-host.ts); resolves with its admin URL. */
function startDatabaseHost(folder: string, password: string): Promise<string> {
  const entry = fileURLToPath(new URL('./database-host.js', import.meta.url));
  // the password through the environment, not the command line (which every user can list)
  database = fork(entry, [folder], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, PASSEND_EMBEDDED_PASSWORD: password } });
  database.on('error', () => undefined); // a message to a host that just exited (EPIPE): its exit is handled below
  return new Promise((ready, failed) => {
    database!.on('message', (message: { type?: string; adminUrl?: string; message?: string }) => {
      if (message?.type === 'ready' && message.adminUrl) ready(message.adminUrl);
      if (message?.type === 'failed') failed(new Error(message.message ?? 'embedded PostgreSQL did not start'));
    });
    database!.once('exit', (code) => failed(new Error(`embedded PostgreSQL stopped (code ${code})`)));
  });
}

async function preferredPort(port: number): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((answer) => {
    const server = createServer();
    server.once('error', () => answer(false));
    server.listen(port, '0.0.0.0', () => server.close(() => answer(true)));
  });
  return free ? port : freePort();
}
