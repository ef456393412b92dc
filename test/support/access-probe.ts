import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';

export interface Probe {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** the concrete path, query string included */
  path: string;
  body?: object;
  headers?: Record<string, string>;
  /** a Server-Sent Events stream: read up to the first event (or what arrives within a short while), then hang up */
  stream?: boolean;
  /** for a stream: done once it is open, so that something is sent on it */
  whileOpen?: () => Promise<unknown>;
}

export interface Answer {
  status: number;
  /** the whole body as text (for a stream: what arrived before we hung up) */
  text: string;
}

/**
 * How long an open stream may take to deliver its first event before the probe hangs up anyway
 * (it usually arrives within milliseconds; only a stream that stays silent waits this long).
 */
const STREAM_LISTEN_MS = 10_000;

export async function send(server: Server, probe: Probe): Promise<Answer> {
  if (probe.stream) return listen(server, probe);
  let test = request(server)[probe.method](probe.path);
  for (const [name, value] of Object.entries(probe.headers ?? {})) test = test.set(name, value);
  const res = probe.body === undefined ? await test : await test.send(probe.body);
  return { status: res.status, text: res.text ?? '' };
}

/** Opens the stream, takes its status and the first chunks (or the error body), then aborts. */
async function listen(server: Server, probe: Probe): Promise<Answer> {
  if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: probe.path, method: 'GET', headers: { Accept: 'text/event-stream', ...probe.headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      const finish = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text });
      };
      const timer = setTimeout(finish, STREAM_LISTEN_MS);
      res.on('end', finish);
      res.on('close', finish);
      if (res.statusCode === 200) {
        // Nest opens with a bare newline: the first chunk that counts is the first whole event
        res.on('data', (chunk: string) => {
          text += chunk;
          if (/data: .*\n\n/.test(text)) finish();
        });
        probe.whileOpen?.().catch(reject);
      } else res.on('data', (chunk: string) => (text += chunk));
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}
