import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';

/** The layering rules (.dependency-cruiser.cjs, `npm run lint:layers`) can fail: each deliberate violation of test/fixtures/layering is reported. */
describe('layering rules', () => {
  const cruise = (target: string) => {
    const run = spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', target, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const result = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from.replace(/^.*fixtures\/layering\//, '')} -> ${v.to.replace(/^.*(node_modules\/|fixtures\/layering\/)/, '')}`);
  };

  it('reports a sibling import, a framework and a file-system import in domain/, and a barrel in domain/', () => {
    const violations = cruise('test/fixtures/layering');
    expect(violations).toEqual(
      expect.arrayContaining([
        'cases-imports-downstream: libs/cases/src/service.ts -> libs/social-map/src/index.ts',
        'domain-imports-framework: libs/cases/src/domain/clock.ts -> @nestjs/common/index.js',
        'domain-imports-io: libs/cases/src/domain/clock.ts -> fs',
        'domain-imports-non-domain: libs/cases/src/domain/barrel.ts -> libs/cases/src/index.ts',
      ]),
    );
  }, 60_000);
});
