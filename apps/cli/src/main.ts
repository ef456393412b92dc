import 'reflect-metadata';
import { readConfigOrExit } from '../../shared/boot.js';
import { createProgressBar, SEED_SCALES, type SeedScale } from '@passend/social-map';
import { migrate, reindex, revertLastMigration, rotateKeys, seedDemo, verifyAuditChain } from '../../shared/operations.js';

/**
 * Operator commands:
 *   migrate          schema migrations + this release's reference data
 *   migrate:revert   undo the last schema migration
 *   seed [--scale demo|national]
 *                    demo accounts and the synthetic social map (idempotent; national for benchmarks)
 *   reindex          rebuild the offerings' search text and (MEILI_URL) the Meilisearch index
 *   audit:verify     recompute the access log's hash chain; exit 1 when it is broken
 *   keys:rotate      re-encrypt personal data under PERSONAL_DATA_KEY (old keys in PERSONAL_DATA_PREVIOUS_KEYS)
 */
const commands: Record<string, () => Promise<number>> = {
  async migrate() {
    const report = await migrate(readConfigOrExit(process.env));
    console.log(report.applied.length ? `applied: ${report.applied.join(', ')}` : 'schema up to date');
    console.log(`reference data: ${report.reference.regions} regions, ${report.reference.municipalities} municipalities, ${report.reference.codes} codes`);
    return 0;
  },
  async 'migrate:revert'() {
    await revertLastMigration(readConfigOrExit(process.env));
    console.log('reverted the last migration');
    return 0;
  },
  async seed() {
    const scale = option('--scale') ?? 'demo';
    if (!(scale in SEED_SCALES)) {
      console.error(`--scale must be one of ${Object.keys(SEED_SCALES).join(', ')}`);
      return 64;
    }
    const bar = createProgressBar({ label: `seed ${scale}` });
    const report = await seedDemo(readConfigOrExit(process.env), { scale: scale as SeedScale, onProgress: (done, total) => bar.update(done, total) });
    bar.finish();
    console.log(`demo data: ${report.accounts} accounts, ${report.providers} providers, ${report.offerings} offerings and ${report.measures} measures added`);
    return 0;
  },
  async reindex() {
    const bar = createProgressBar({ label: 'reindex' });
    const report = await reindex(readConfigOrExit(process.env), (done, total) => bar.update(done, total));
    bar.finish();
    console.log(`reindexed ${report.documents} offerings on ${report.engine} in ${(report.durationMs / 1000).toFixed(1)} s`);
    return 0;
  },
  async 'keys:rotate'() {
    const config = readConfigOrExit(process.env);
    const bar = createProgressBar({ label: `re-encrypt under ${config.personalDataKey.id}` });
    const report = await rotateKeys(config, { onProgress: (done, total) => bar.update(done, total) });
    bar.finish();
    for (const t of report.tables) console.log(`${t.table}: ${t.rows} rows, ${t.values} values re-encrypted${t.skippedChangedMeanwhile ? `, ${t.skippedChangedMeanwhile} changed meanwhile (already under the new key or picked up by a next run)` : ''}`);
    if (report.remaining > 0) {
      console.error(`${report.remaining} rows still hold a value under another key (changed while this ran): run keys:rotate again`);
      return 1;
    }
    console.log(`every personal-data value is under key ${report.currentKeyId} (${(report.durationMs / 1000).toFixed(1)} s); PERSONAL_DATA_PREVIOUS_KEYS can go`);
    return 0;
  },
  async 'audit:verify'() {
    const report = await verifyAuditChain(readConfigOrExit(process.env));
    if (report.intact) {
      console.log(`audit log intact: ${report.checked} entries, last seq ${report.lastSeq ?? '-'}, head ${report.lastHash}${report.head ? '' : ' (the stored head was not readable with this role: not compared)'}`);
      return 0;
    }
    console.error(`AUDIT LOG TAMPERED: chain broken at seq ${report.broken!.seq} (${report.broken!.reason}); ${report.checked} entries before it are intact`);
    return 1;
  },
};

function option(flag: string): string | undefined {
  const args = process.argv.slice(3);
  const at = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (at < 0) return undefined;
  return args[at]!.includes('=') ? args[at]!.split('=')[1] : args[at + 1];
}

const name = process.argv[2] ?? '';
const command = commands[name];
if (!command) {
  console.error(`usage: passend <${Object.keys(commands).join('|')}>`);
  process.exit(64);
}
process.exitCode = await command();
