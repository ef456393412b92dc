import { startEmbeddedPostgres } from '@passend/platform';

/**
 * Runs embedded PostgreSQL for the launcher in a process group of its own, so that Ctrl-C in the
 * terminal reaches the launcher only: it stops the api and the worker first, then asks this
 * process to stop the database. If the launcher disappears, the database stops too.
 */
const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  process.stderr.write('database-host: started without a data folder or an IPC channel\n');
  process.exit(64);
}

let postgres: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
try {
  postgres = await startEmbeddedPostgres({ dataDir, password: process.env.PASSEND_EMBEDDED_PASSWORD });
} catch (error) {
  // the launcher says what went wrong and what to do; a stack trace would only hide it
  process.send({ type: 'failed', message: (error as Error).message }, () => process.exit(1));
  await new Promise(() => undefined);
  throw error;
}
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await postgres.stop().catch(() => undefined);
  process.exit(0);
};
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send({ type: 'ready', adminUrl: postgres.adminUrl, port: postgres.port });
