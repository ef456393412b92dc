import { readConfigOrExit } from '../../shared/boot.js';
import { createWorker } from './create-worker.js';

const config = readConfigOrExit(process.env);
await createWorker(config);
process.send?.({ type: 'ready' });
