import 'reflect-metadata';
import { readConfigOrExit } from '../../shared/boot.js';
import { migrate, revertLastMigration, seedDemo, verifyAuditChain } from '../../shared/operations.js';

/**
 * Operator commands:
 *   migrate          schema migrations + this release's reference data
 *   migrate:revert   undo the last schema migration
 *   seed             demo organisations and accounts (idempotent)
 *   audit:verify     recompute the access log's hash chain; exit 1 when it is broken
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
    const report = await seedDemo(readConfigOrExit(process.env));
    console.log(`demo data: ${report.organisations} organisations and ${report.accounts} accounts added`);
    return 0;
  },
  async 'audit:verify'() {
    const report = await verifyAuditChain(readConfigOrExit(process.env));
    if (report.intact) {
      console.log(`audit log intact: ${report.checked} entries, last seq ${report.lastSeq ?? '-'}, head ${report.lastHash}`);
      return 0;
    }
    console.error(`AUDIT LOG TAMPERED: chain broken at seq ${report.broken!.seq} (${report.broken!.reason}); ${report.checked} entries before it are intact`);
    return 1;
  },
};

const name = process.argv[2] ?? '';
const command = commands[name];
if (!command) {
  console.error(`usage: passend <${Object.keys(commands).join('|')}>`);
  process.exit(64);
}
process.exitCode = await command();
