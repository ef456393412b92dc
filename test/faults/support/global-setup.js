import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import globalSetup from '../../support/global-setup.js';

/** `npm run test:faults`: the usual set-up, and an empty .data/faults for this run's figures. */
export default async function faultsGlobalSetup() {
  const dir = resolve(import.meta.dirname, '../../../.data/faults');
  rmSync(dir, { recursive: true, force: true });
  process.env.PASSEND_FAULTS_DIR = dir;
  await globalSetup();
}
