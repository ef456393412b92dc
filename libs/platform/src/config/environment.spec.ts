import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './environment.js';

const KEY = randomBytes(32).toString('base64');
const SECRET = randomBytes(32).toString('base64');

/** The smallest complete environment: what an operator must set. */
function validEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DATABASE_URL: 'postgres://passend@db.internal:5432/passend',
    JWT_SECRET: SECRET,
    PERSONAL_DATA_KEY: KEY,
    ...overrides,
  };
}

/** Runs loadConfig expecting a ConfigError; returns it so the test can look at what it names. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

const variables = (e: ConfigError) => e.problems.map((p) => p.variable);

describe('loadConfig', () => {
  it('builds the typed configuration from a complete environment, with the documented defaults', () => {
    const config = loadConfig(validEnv());
    expect(config).toEqual({
      databaseUrl: 'postgres://passend@db.internal:5432/passend',
      databaseLimits: { statementTimeoutMs: 30_000, lockTimeoutMs: 10_000 },
      apiDocs: false,
      redisUrl: undefined,
      queueNamespace: undefined,
      meili: undefined,
      jwt: { secret: SECRET, ttlSeconds: 900, issuer: 'passend', audience: 'passend-api' },
      sessions: { idleSeconds: 8 * 3600, maxSeconds: 12 * 3600 },
      oidc: undefined,
      personalDataKey: { id: 'k1', key: Buffer.from(KEY, 'base64') },
      personalDataPreviousKeys: [],
      port: 3000,
      logLevel: 'info',
      bodyLimit: '1mb',
      loginFailuresPerMinute: 10,
      loginBackoff: { freeFailures: 5, maxDelaySeconds: 900 },
      trustProxyHops: 0,
      regionStatus: { greenShare: 0.9, amberShare: 0.8 },
      norms: { guardianWorkingDays: 5 },
      holds: { defaultHours: 72, maxHours: 168, perUser: 20, perOrganisation: 500 },
      matching: { fitWeights: undefined, referralRules: undefined, decisionWorkingDays: 10 },
      retention: { caseYears: 20 },
      streams: { perUser: 3, perAddress: 10, total: 1000, accountCheckMs: 30_000 },
    });
    expect(config.personalDataKey.key).toHaveLength(32);
  });

  it('reads the live stream caps and account check interval, and names a bad one', () => {
    const config = loadConfig(validEnv({ STREAMS_PER_USER: '2', STREAMS_PER_ADDRESS: '5', STREAMS_TOTAL: '50', STREAM_ACCOUNT_CHECK_SECONDS: '10' }));
    expect(config.streams).toEqual({ perUser: 2, perAddress: 5, total: 50, accountCheckMs: 10_000 });
    expect(() => loadConfig(validEnv({ STREAMS_PER_USER: '0' }))).toThrow(/STREAMS_PER_USER: STREAMS_PER_USER must be a whole number from 1 to 100/);
    expect(() => loadConfig(validEnv({ STREAMS_TOTAL: 'many' }))).toThrow(/STREAMS_TOTAL must be a whole number/);
    expect(() => loadConfig(validEnv({ STREAM_ACCOUNT_CHECK_SECONDS: '0' }))).toThrow(/STREAM_ACCOUNT_CHECK_SECONDS must be a whole number of seconds/);
  });

  it('reads the database timeouts in seconds and names a bad one', () => {
    expect(loadConfig(validEnv({ DATABASE_STATEMENT_TIMEOUT_SECONDS: '5', DATABASE_LOCK_TIMEOUT_SECONDS: '2' })).databaseLimits).toEqual({ statementTimeoutMs: 5_000, lockTimeoutMs: 2_000 });
    expect(() => loadConfig(validEnv({ DATABASE_STATEMENT_TIMEOUT_SECONDS: '0' }))).toThrow(/DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600/);
    expect(() => loadConfig(validEnv({ DATABASE_LOCK_TIMEOUT_SECONDS: 'soon' }))).toThrow(/DATABASE_LOCK_TIMEOUT_SECONDS must be/);
  });

  it('reads the previous personal data keys of a rotation, and refuses malformed, weak, repeated or current ids', () => {
    const old1 = randomBytes(32).toString('base64');
    const old2 = randomBytes(32).toString('base64');
    expect(loadConfig(validEnv({ PERSONAL_DATA_KEY_ID: 'k3', PERSONAL_DATA_PREVIOUS_KEYS: `k1:${old1},k2:${old2}` })).personalDataPreviousKeys).toEqual([
      { id: 'k1', key: Buffer.from(old1, 'base64') },
      { id: 'k2', key: Buffer.from(old2, 'base64') },
    ]);
    expect(variables(configError(validEnv({ PERSONAL_DATA_PREVIOUS_KEYS: `k0=${old1}` })))).toEqual(['PERSONAL_DATA_PREVIOUS_KEYS']);
    expect(variables(configError(validEnv({ PERSONAL_DATA_PREVIOUS_KEYS: `k1:${old1}` })))).toEqual(['PERSONAL_DATA_PREVIOUS_KEYS']); // the current id
    expect(variables(configError(validEnv({ PERSONAL_DATA_KEY_ID: 'k3', PERSONAL_DATA_PREVIOUS_KEYS: `k1:${old1},k1:${old2}` })))).toEqual(['PERSONAL_DATA_PREVIOUS_KEYS']);
    expect(variables(configError(validEnv({ PERSONAL_DATA_KEY_ID: 'k3', PERSONAL_DATA_PREVIOUS_KEYS: `k1:${Buffer.alloc(32).toString('base64')}` })))).toEqual(['PERSONAL_DATA_PREVIOUS_KEYS']);
    expect(configError(validEnv({ PERSONAL_DATA_KEY_ID: 'k3', PERSONAL_DATA_PREVIOUS_KEYS: `k1:${old1}x` })).message).not.toContain(old1);
  });

  it('reads the retention term in years, 20 by default, 1 to 100', () => {
    expect(loadConfig(validEnv({ CASE_RETENTION_YEARS: '7' })).retention).toEqual({ caseYears: 7 });
    expect(() => loadConfig(validEnv({ CASE_RETENTION_YEARS: '0' }))).toThrow(/CASE_RETENTION_YEARS must be a whole number of years from 1 to 100/);
  });

  it('reads the session limits, and refuses an idle timeout past the absolute lifetime or an access token that outlives the idle timeout', () => {
    expect(loadConfig(validEnv({ SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '4' })).sessions).toEqual({ idleSeconds: 1800, maxSeconds: 4 * 3600 });
    expect(loadConfig(validEnv({ SESSION_IDLE_MINUTES: '120', SESSION_MAX_HOURS: '2' })).sessions).toEqual({ idleSeconds: 7200, maxSeconds: 7200 });
    expect(() => loadConfig(validEnv({ SESSION_IDLE_MINUTES: '121', SESSION_MAX_HOURS: '2' }))).toThrow(/SESSION_IDLE_MINUTES \(121\) cannot be longer than SESSION_MAX_HOURS \(2 h\)/);
    expect(() => loadConfig(validEnv({ SESSION_IDLE_MINUTES: '10', JWT_TTL_SECONDS: '600' }))).toThrow(/JWT_TTL_SECONDS \(600\) must be shorter than SESSION_IDLE_MINUTES \(10 min\)/);
    expect(loadConfig(validEnv({ SESSION_IDLE_MINUTES: '10', JWT_TTL_SECONDS: '599' })).jwt.ttlSeconds).toBe(599);
  });

  it('serves the API documentation only when API_DOCS is on', () => {
    expect(loadConfig(validEnv({ API_DOCS: 'on' })).apiDocs).toBe(true);
    expect(loadConfig(validEnv({ API_DOCS: 'off' })).apiDocs).toBe(false);
    expect(() => loadConfig(validEnv({ API_DOCS: 'yes' }))).toThrow(/API_DOCS must be on or off/);
  });

  it('reads the hold and matching settings, and refuses a default hold longer than the maximum', () => {
    const config = loadConfig(
      validEnv({ HOLD_DEFAULT_HOURS: '24', HOLD_MAX_HOURS: '48', HOLDS_PER_USER: '5', HOLDS_PER_ORGANISATION: '50', EXPERT_DECISION_WORKING_DAYS: '5', MATCHING_REFERRAL_RULES: 'secure_care' }),
    );
    expect(config.holds).toEqual({ defaultHours: 24, maxHours: 48, perUser: 5, perOrganisation: 50 });
    expect(config.matching).toEqual({ fitWeights: undefined, referralRules: 'secure_care', decisionWorkingDays: 5 });
    expect(() => loadConfig(validEnv({ HOLD_DEFAULT_HOURS: '100', HOLD_MAX_HOURS: '48' }))).toThrow(/HOLD_DEFAULT_HOURS \(100\) cannot be above HOLD_MAX_HOURS \(48\)/);
    expect(() => loadConfig(validEnv({ HOLD_MAX_HOURS: '336' }))).toThrow(/HOLD_MAX_HOURS must be a whole number of hours from 1 to 168/);
    expect(() => loadConfig(validEnv({ MATCHING_FIT_WEIGHTS: 'distance:5' }))).toThrow(/MATCHING_FIT_WEIGHTS must be factor=weight pairs/);
  });

  it('reads every optional variable, turning numbers into numbers', () => {
    const config = loadConfig(
      validEnv({
        REDIS_URL: 'rediss://cache.internal:6380',
        QUEUE_NAMESPACE: 'acc_1',
        MEILI_URL: 'http://search:7700',
        MEILI_API_KEY: 'meili-key',
        JWT_TTL_SECONDS: '600',
        OIDC_ISSUER: 'https://login.example.nl/realms/passend',
        OIDC_JWKS_URI: 'https://login.example.nl/realms/passend/certs',
        OIDC_AUDIENCE: 'passend',
        PERSONAL_DATA_KEY_ID: 'k2',
        PORT: '8080',
        LOG_LEVEL: 'debug',
        BODY_LIMIT: '2mb',
        LOGIN_FAILURES_PER_MINUTE: '5',
        LOGIN_ACCOUNT_FREE_FAILURES: '3',
        LOGIN_ACCOUNT_MAX_DELAY_SECONDS: '60',
        TRUST_PROXY_HOPS: '1',
        STATUS_GREEN_SHARE: '0.95',
        STATUS_AMBER_SHARE: '0.75',
      }),
    );
    expect(config).toMatchObject({
      redisUrl: 'rediss://cache.internal:6380',
      queueNamespace: 'acc_1',
      meili: { url: 'http://search:7700', apiKey: 'meili-key' },
      jwt: { ttlSeconds: 600 },
      oidc: { issuer: 'https://login.example.nl/realms/passend', jwksUri: 'https://login.example.nl/realms/passend/certs', audience: 'passend' },
      personalDataKey: { id: 'k2' },
      port: 8080,
      logLevel: 'debug',
      bodyLimit: '2mb',
      loginFailuresPerMinute: 5,
      loginBackoff: { freeFailures: 3, maxDelaySeconds: 60 },
      trustProxyHops: 1,
      regionStatus: { greenShare: 0.95, amberShare: 0.75 },
      norms: { guardianWorkingDays: 5 },
    });
  });

  it('accepts status shares at the ends of 0..1 and an amber share equal to the green share', () => {
    expect(loadConfig(validEnv({ STATUS_GREEN_SHARE: '1', STATUS_AMBER_SHARE: '0' })).regionStatus).toEqual({ greenShare: 1, amberShare: 0 });
    expect(loadConfig(validEnv({ STATUS_GREEN_SHARE: '0.85', STATUS_AMBER_SHARE: '0.85' })).regionStatus).toEqual({ greenShare: 0.85, amberShare: 0.85 });
  });

  it('takes the guardian term of the norm clocks in working days, 5 by default, 1 to 30', () => {
    expect(loadConfig(validEnv({})).norms).toEqual({ guardianWorkingDays: 5 });
    expect(loadConfig(validEnv({ NORM_GUARDIAN_WORKING_DAYS: '3' })).norms).toEqual({ guardianWorkingDays: 3 });
    for (const bad of ['0', '31', '2.5', 'soon']) expect(variables(configError(validEnv({ NORM_GUARDIAN_WORKING_DAYS: bad })))).toEqual(['NORM_GUARDIAN_WORKING_DAYS']);
  });

  it('refuses an amber share above the green share and names STATUS_AMBER_SHARE', () => {
    const error = configError(validEnv({ STATUS_GREEN_SHARE: '0.7' }));
    expect(variables(error)).toEqual(['STATUS_AMBER_SHARE']);
    expect(error.message).toContain('cannot be above STATUS_GREEN_SHARE');
  });

  it('ignores variables it does not know (the real process environment is full of them)', () => {
    expect(loadConfig(validEnv({ PATH: '/usr/bin', HOME: '/root', npm_config_cache: '/tmp' })).port).toBe(3000);
  });

  it('treats an empty optional URL as unset', () => {
    expect(loadConfig(validEnv({ REDIS_URL: '', MEILI_URL: '  ' }))).toMatchObject({ redisUrl: undefined, meili: undefined });
  });

  it('names DATABASE_URL when it is missing', () => {
    const error = configError(validEnv({ DATABASE_URL: undefined }));
    expect(variables(error)).toEqual(['DATABASE_URL']);
    expect(error.message).toMatch(/^Invalid configuration:/);
    expect(error.message).toContain('DATABASE_URL');
  });

  it('names DATABASE_URL when it is not a postgres URL', () => {
    expect(variables(configError(validEnv({ DATABASE_URL: 'mysql://db/passend' })))).toEqual(['DATABASE_URL']);
  });

  it('names every missing required variable at once', () => {
    const error = configError({});
    expect(variables(error).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'PERSONAL_DATA_KEY']);
    for (const v of ['DATABASE_URL', 'JWT_SECRET', 'PERSONAL_DATA_KEY']) expect(error.message).toContain(`${v}:`);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '3000.5'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_LEVEL', 'INFO'],
    ['JWT_SECRET', 'too-short-secret'],
    ['JWT_TTL_SECONDS', '10'],
    ['JWT_TTL_SECONDS', '3601'],
    ['SESSION_IDLE_MINUTES', '4'],
    ['SESSION_IDLE_MINUTES', '1441'],
    ['SESSION_MAX_HOURS', '0'],
    ['SESSION_MAX_HOURS', '73'],
    ['SESSION_MAX_HOURS', 'twelve'],
    ['REDIS_URL', 'http://cache:6379'],
    ['REDIS_URL', 'cache:6379'],
    ['QUEUE_NAMESPACE', 'Has Spaces'],
    ['MEILI_URL', 'search:7700'],
    ['BODY_LIMIT', 'lots'],
    ['LOGIN_FAILURES_PER_MINUTE', '0'],
    ['LOGIN_ACCOUNT_FREE_FAILURES', '0'],
    ['LOGIN_ACCOUNT_FREE_FAILURES', 'five'],
    ['LOGIN_ACCOUNT_MAX_DELAY_SECONDS', '0'],
    ['LOGIN_ACCOUNT_MAX_DELAY_SECONDS', '100000'],
    ['TRUST_PROXY_HOPS', 'yes'],
    ['PERSONAL_DATA_KEY_ID', 'has.dot/and slash'],
    ['STATUS_GREEN_SHARE', '90%'],
    ['STATUS_GREEN_SHARE', '1.5'],
    ['STATUS_GREEN_SHARE', 'high'],
    ['STATUS_AMBER_SHARE', '-0.1'],
    ['STATUS_AMBER_SHARE', ''],
  ])('names %s when it is %p', (variable, value) => {
    const error = configError(validEnv({ [variable]: value }));
    expect(variables(error)).toEqual([variable]);
    expect(error.message).toContain(`${variable}:`);
  });

  it.each([
    ['not base64 at all', '!'.repeat(44)],
    ['16 bytes (AES-128)', randomBytes(16).toString('base64')],
    ['64 bytes', randomBytes(64).toString('base64')],
    // 44 characters of valid base64 that are not 32 bytes: 31 bytes ("==" padding) and 33 bytes (no padding)
    ['31 bytes in 44 characters', randomBytes(31).toString('base64')],
    ['33 bytes in 44 characters', randomBytes(33).toString('base64')],
    ['a 32-byte key given as hex', randomBytes(32).toString('hex')],
  ])('names PERSONAL_DATA_KEY when it is %s', (_, key) => {
    const error = configError(validEnv({ PERSONAL_DATA_KEY: key }));
    expect(variables(error)).toEqual(['PERSONAL_DATA_KEY']);
    expect(error.message).toContain('PERSONAL_DATA_KEY: ');
    expect(error.message).toContain('32 bytes');
  });

  it.each([
    ['only the issuer', { OIDC_ISSUER: 'https://login.example.nl' }, ['OIDC_JWKS_URI', 'OIDC_AUDIENCE']],
    ['issuer and JWKS, no audience', { OIDC_ISSUER: 'https://login.example.nl', OIDC_JWKS_URI: 'https://login.example.nl/certs' }, ['OIDC_AUDIENCE']],
    ['only the audience', { OIDC_AUDIENCE: 'passend' }, ['OIDC_ISSUER', 'OIDC_JWKS_URI']],
  ])('refuses partial OpenID Connect settings (%s) and names what is missing', (_, oidc, missing) => {
    const error = configError(validEnv(oidc));
    expect(variables(error).sort()).toEqual([...missing].sort());
    for (const v of missing) expect(error.message).toContain(`${v}:`);
    expect(error.message).toMatch(/must be set together/);
  });

  it('names an OIDC URL that is not a URL', () => {
    const error = configError(validEnv({ OIDC_ISSUER: 'login', OIDC_JWKS_URI: 'https://login.example.nl/certs', OIDC_AUDIENCE: 'passend' }));
    expect(variables(error)).toEqual(['OIDC_ISSUER']);
  });

  it.each([
    ['the .env.example placeholder', 'generate-with-openssl-rand-base64-32', /placeholder/],
    ['the k8s secret.example.yaml placeholder', 'CHANGE-ME', /placeholder/],
    ['a placeholder long enough for the old check', 'changeme-changeme-changeme-changeme-changeme', /placeholder/],
    ['32 characters of one letter', 'x'.repeat(32), /at least 32 bytes/],
    ['44 characters of one letter (33 bytes of three values)', 'x'.repeat(44), /does not look random/],
    ['32 zero bytes', Buffer.alloc(32).toString('base64'), /does not look random/],
    ['a short pattern repeated', Buffer.from('abcd'.repeat(12)).toString('base64'), /does not look random/],
    ['an encoded pass phrase', Buffer.from('correct horse battery staple, twice over').toString('base64'), /does not look random/],
    ['16 random bytes', randomBytes(16).toString('base64'), /decodes to 16 bytes/],
    ['a pass phrase that is not base64', 'this is my long and secret pass phrase!!', /at least 32 bytes of random data/],
  ])('names JWT_SECRET when it is %s', (_, secret, message) => {
    const error = configError(validEnv({ JWT_SECRET: secret }));
    expect(variables(error)).toEqual(['JWT_SECRET']);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(secret);
  });

  it.each([
    ['base64, 32 bytes (openssl rand -base64 32)', randomBytes(32).toString('base64')],
    ['base64, 48 bytes (what npm start generates)', randomBytes(48).toString('base64')],
    ['base64url without padding', randomBytes(32).toString('base64url')],
    ['hex, 32 bytes (openssl rand -hex 32)', randomBytes(32).toString('hex')],
  ])('accepts a JWT_SECRET of random data: %s', (_, secret) => {
    expect(loadConfig(validEnv({ JWT_SECRET: secret })).jwt.secret).toBe(secret);
  });

  it('accepts random secrets every time (the entropy check does not refuse real keys)', () => {
    for (let i = 0; i < 2000; i++) {
      expect(() => loadConfig(validEnv({ JWT_SECRET: randomBytes(32).toString('base64'), PERSONAL_DATA_KEY: randomBytes(32).toString('base64') }))).not.toThrow();
    }
  });

  it.each([
    ['the .env.example placeholder', 'generate-with-openssl-rand-base64-32', /placeholder/],
    ['32 zero bytes', Buffer.alloc(32).toString('base64'), /does not look random/],
    ['32 bytes of text', Buffer.from('0123456789abcdef0123456789ABCDEF').toString('base64'), /does not look random/],
  ])('names PERSONAL_DATA_KEY when it is %s', (_, key, message) => {
    const error = configError(validEnv({ PERSONAL_DATA_KEY: key }));
    expect(variables(error)).toEqual(['PERSONAL_DATA_KEY']);
    expect(error.message).toMatch(message);
  });

  it('does not echo secret values in its message', () => {
    const secret = 'short-but-secret';
    const error = configError(validEnv({ JWT_SECRET: secret }));
    expect(error.message).not.toContain(secret);
  });
});
