import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatReport, runSocialMapBench } from './social-map.bench.js';

/**
 * `npm run bench -- <suite>`: benchmarks on the compiled code (dist/). Prints a table and writes
 * the figures as JSON to .data/bench/<suite>-<timestamp>.json. Reports numbers; asserts nothing.
 */
const suites: Record<string, () => Promise<{ report: unknown; table: string }>> = {
  'social-map': async () => {
    const report = await runSocialMapBench();
    return { report, table: formatReport(report) };
  },
};

const name = process.argv[2] ?? '';
const suite = suites[name];
if (!suite) {
  console.error(`usage: npm run bench -- <${Object.keys(suites).join('|')}>`);
  process.exit(64);
}
const { report, table } = await suite();
const dir = resolve(process.env.PASSEND_DATA_DIR ?? '.data', 'bench');
mkdirSync(dir, { recursive: true });
const file = resolve(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\n${table}\n\nfigures: ${file}\n`);
// pools, listeners and timers of the in-process apps are closed; anything left must not keep the run alive
process.exit(0);
