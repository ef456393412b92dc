import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `npm run bench -- <suite> [options]`: benchmarks on the compiled code (dist/). Prints a table and
 * writes the figures as JSON to .data/bench/<suite>-<timestamp>.json and .data/bench/<suite>.json
 * (the latest). Reports numbers; asserts nothing. Suites are loaded on demand, so a run loads only
 * its own code (the matching suite's memory figure does not include Nest and TypeORM).
 */
type Suite = (args: readonly string[]) => Promise<{ report: unknown; table: string }>;
const suites: Record<string, Suite> = {
  'social-map': async () => {
    const { formatReport, runSocialMapBench } = await import('./social-map.bench.js');
    const report = await runSocialMapBench();
    return { report, table: formatReport(report) };
  },
  audit: async () => {
    const { formatAuditReport, runAuditBench } = await import('./audit.bench.js');
    const report = await runAuditBench();
    return { report, table: formatAuditReport(report) };
  },
  matching: async (args) => {
    const { formatMatchingReport, InstanceFileError, runMatchingBench, UsageError } = await import('./matching.bench.js');
    try {
      const report = await runMatchingBench(args);
      return { report, table: formatMatchingReport(report) };
    } catch (error) {
      // a malformed instance file or a wrong option: the message, never a stack trace
      if (error instanceof InstanceFileError) {
        process.stderr.write(`bench matching: invalid instance file ${error.message}\n`);
        process.exit(2);
      }
      if (error instanceof UsageError) {
        process.stderr.write(`bench matching: ${error.message}\n`);
        process.exit(64);
      }
      throw error;
    }
  },
};

const name = process.argv[2] ?? '';
const suite = suites[name];
if (!suite) {
  console.error(`usage: npm run bench -- <${Object.keys(suites).join('|')}> [options]`);
  process.exit(64);
}
const { report, table } = await suite(process.argv.slice(3));
const dir = resolve(process.env.PASSEND_DATA_DIR ?? '.data', 'bench');
mkdirSync(dir, { recursive: true });
const file = resolve(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const json = `${JSON.stringify(report, null, 2)}\n`;
writeFileSync(file, json);
writeFileSync(resolve(dir, `${name}.json`), json);
process.stdout.write(`\n${table}\n\nfigures: ${file} (latest: ${resolve(dir, `${name}.json`)})\n`);
// pools, listeners and timers of the in-process apps are closed; anything left must not keep the run alive
process.exit(0);
