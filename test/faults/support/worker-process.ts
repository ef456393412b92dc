import type { PassendConfig } from '@passend/platform';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The worker as production runs it: `dist/apps/worker/src/main.js` in a process of its own (so that
 * SIGKILL is real), configured through its environment like a deployment, on the api's database,
 * queue and secrets. `npm run test:faults` builds first.
 */
export interface WorkerProcess {
  child: ChildProcess;
  /** everything it printed (its JSON log lines) */
  output(): string;
  /** SIGKILL, and wait until it is gone */
  kill(): Promise<void>;
  /** SIGTERM (a clean shutdown), SIGKILL after 10 s */
  stop(): Promise<void>;
}

const main = resolve(import.meta.dirname, '../../../dist/apps/worker/src/main.js');

export async function startWorkerProcess(config: PassendConfig, env: Record<string, string> = {}): Promise<WorkerProcess> {
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first (npm run test:faults does)`);
  const child = fork(main, [], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: config.databaseUrl,
      ...(config.redisUrl ? { REDIS_URL: config.redisUrl } : {}),
      ...(config.queueNamespace ? { QUEUE_NAMESPACE: config.queueNamespace } : {}),
      JWT_SECRET: config.jwt.secret,
      PERSONAL_DATA_KEY: config.personalDataKey.key.toString('base64'),
      PERSONAL_DATA_KEY_ID: config.personalDataKey.id,
      LOG_LEVEL: 'info',
      ...env,
    },
    cwd: join(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let text = '';
  const collect = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-200_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`the worker did not start within 60 s:\n${text.slice(-3000)}`)), 60_000);
    child.on('message', (m: { type?: string }) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      failed(new Error(`the worker exited with ${code} before it was ready:\n${text.slice(-3000)}`));
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    output: () => text,
    async kill() {
      process.removeListener('exit', onExit);
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      process.removeListener('exit', onExit);
      if (!gone()) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}
