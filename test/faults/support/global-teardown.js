import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import globalTeardown from '../../support/global-teardown.js';

const ms = (value) => (value === null || value === undefined ? '-' : `${(value / 1000).toFixed(1)} s`);

/** Collects every fault's figures into .data/faults/report.json and prints them as a table at the end of the run. */
export default async function faultsGlobalTeardown() {
  const dir = process.env.PASSEND_FAULTS_DIR;
  try {
    if (dir && existsSync(dir)) {
      const faults = readdirSync(dir)
        .filter((f) => f.endsWith('.json') && f !== 'report.json')
        .sort()
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const report = { generatedAt: new Date().toISOString(), faults };
      writeFileSync(join(dir, 'report.json'), JSON.stringify(report, null, 2));
      const rows = faults.map((f) => [
        f.fault,
        ms(f.detectMs),
        `${f.failedRequests}/${f.requests}`,
        Object.entries(f.failedStatuses).map(([s, n]) => `${s}×${n}`).join(' ') || '-',
        ms(f.recoverMs),
        f.backlog ?? '-',
        ms(f.drainMs),
        f.exactlyOnce === null ? '-' : f.exactlyOnce ? 'yes' : 'NO',
      ]);
      const header = ['fault', 'detect', 'failed/sent', 'failed statuses', 'recover', 'backlog', 'drain', 'exactly once'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
      const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
      process.stdout.write(`\n\nFault figures (${join(dir, 'report.json')}):\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n`);
      for (const f of faults) if (f.notes) process.stdout.write(`  ${f.fault}: ${f.notes}\n`);
    }
  } finally {
    await globalTeardown();
  }
}
