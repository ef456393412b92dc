import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { freePort } from '@passend/platform';

/**
 * A private Redis server for fault tests, which stop and start it: never the machine's shared
 * Redis, which other test runs use. In memory only (`--save '' --appendonly no`), on 127.0.0.1 and
 * a free port that it keeps across stop() and start(). The binary: REDIS_SERVER_BINARY, else
 * /usr/bin/redis-server, else `redis-server` on PATH.
 */
export interface RedisServer {
  url: string;
  port: number;
  /** stops the server (SIGTERM, SIGKILL after 3 s); clients see the connection refused */
  stop(): Promise<void>;
  /** starts it again on the same port, empty */
  start(): Promise<void>;
}

export async function startRedisServer(options: { timeoutMs?: number } = {}): Promise<RedisServer> {
  const binary = process.env.REDIS_SERVER_BINARY ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server');
  const port = await freePort();
  const timeoutMs = options.timeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let output = '';
  const onExit = () => child?.kill('SIGKILL');

  const start = async () => {
    output = '';
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    process.once('exit', onExit);
    const deadline = Date.now() + timeoutMs;
    while (!(await answersPing(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server on port ${port} did not start within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    process.removeListener('exit', onExit);
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const killer = setTimeout(() => running.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killer);
  };

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

/** true when something on the port answers PING with PONG */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
