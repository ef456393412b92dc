import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { secretProblem } from './secret-strength.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable Passend reads, validated once at boot. Nothing else in the code base
 * reads process.env: modules receive the typed `PassendConfig` built from this class.
 */
export class Environment {
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL!: string;

  /** api requests: the longest one SQL statement may run before PostgreSQL cancels it (503, retry). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600' })
  @Min(1, { message: 'DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600' })
  @Max(600, { message: 'DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600' })
  DATABASE_STATEMENT_TIMEOUT_SECONDS: number = 30;

  /** api and worker: the longest a statement waits for a lock before it gives up (503, retry). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'DATABASE_LOCK_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600' })
  @Min(1, { message: 'DATABASE_LOCK_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600' })
  @Max(600, { message: 'DATABASE_LOCK_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600' })
  DATABASE_LOCK_TIMEOUT_SECONDS: number = 10;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Redis key prefix / PostgreSQL schema suffix for the queues, when deployments share a server. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-z0-9_]{1,40}$/, { message: 'QUEUE_NAMESPACE must be 1-40 characters of a-z 0-9 _' })
  QUEUE_NAMESPACE?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'MEILI_URL must be an http(s) URL' })
  MEILI_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  MEILI_API_KEY?: string;

  /**
   * Secret for HS256 tokens issued by POST /api/auth/login: at least 32 random bytes, base64,
   * base64url or hex. Placeholders and low-entropy values are refused (see secret-strength.ts).
   */
  @IsString({ message: 'JWT_SECRET is missing: set at least 32 bytes of random data, base64-encoded (openssl rand -base64 32)' })
  JWT_SECRET!: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'JWT_TTL_SECONDS must be a whole number of seconds from 60 to 3600' })
  @Min(60, { message: 'JWT_TTL_SECONDS must be a whole number of seconds from 60 to 3600' })
  @Max(3600, { message: 'JWT_TTL_SECONDS must be a whole number of seconds from 60 to 3600' })
  JWT_TTL_SECONDS: number = 900;

  /** Sessions: minutes without a refresh after which the refresh token stops working (sign in again). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SESSION_IDLE_MINUTES must be a whole number of minutes from 5 to 1440' })
  @Min(5, { message: 'SESSION_IDLE_MINUTES must be a whole number of minutes from 5 to 1440' })
  @Max(1440, { message: 'SESSION_IDLE_MINUTES must be a whole number of minutes from 5 to 1440' })
  SESSION_IDLE_MINUTES: number = 480;

  /** Sessions: hours after sign-in at which a session ends, however often it is refreshed. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SESSION_MAX_HOURS must be a whole number of hours from 1 to 72' })
  @Min(1, { message: 'SESSION_MAX_HOURS must be a whole number of hours from 1 to 72' })
  @Max(72, { message: 'SESSION_MAX_HOURS must be a whole number of hours from 1 to 72' })
  SESSION_MAX_HOURS: number = 12;

  @IsOptional()
  @IsString()
  JWT_ISSUER: string = 'passend';

  @IsOptional()
  @IsString()
  JWT_AUDIENCE: string = 'passend-api';

  /** Production sign-in through an OpenID Connect provider: tokens verified against its JWKS. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'OIDC_ISSUER must be a URL' })
  OIDC_ISSUER?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'OIDC_JWKS_URI must be a URL' })
  OIDC_JWKS_URI?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  OIDC_AUDIENCE?: string;

  /** AES-256 key (exactly 32 random bytes, base64) for personal data at rest; placeholders and low-entropy keys are refused. */
  @IsString({ message: 'PERSONAL_DATA_KEY is missing: set exactly 32 bytes of random data, base64-encoded (openssl rand -base64 32)' })
  PERSONAL_DATA_KEY!: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'PERSONAL_DATA_KEY_ID must be 1-32 characters of A-Z a-z 0-9 _ - (no dot: it separates the parts of a stored value)' })
  PERSONAL_DATA_KEY_ID: string = 'k1';

  /**
   * Key rotation: the keys personal data may still be encrypted with, `id:base64key` separated by
   * commas (`k1:AbC...=`). Read, never written with; `npm run keys:rotate` moves everything to the
   * current key, after which they can go.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'PERSONAL_DATA_PREVIOUS_KEYS must be id:key pairs separated by commas, each key 32 bytes in base64 (44 characters), each id 1-32 characters of A-Z a-z 0-9 _ -',
  })
  PERSONAL_DATA_PREVIOUS_KEYS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3000;

  @IsOptional()
  @IsIn(LOG_LEVELS as unknown as string[], { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional()
  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT: string = '1mb';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_FAILURES_PER_MINUTE: number = 10;

  /** Per account (normalised e-mail address): failed sign-ins in a row without delay; after that 1, 2, 4 ... seconds of lock-out. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'LOGIN_ACCOUNT_FREE_FAILURES must be a whole number from 1 to 100' })
  @Min(1, { message: 'LOGIN_ACCOUNT_FREE_FAILURES must be a whole number from 1 to 100' })
  @Max(100, { message: 'LOGIN_ACCOUNT_FREE_FAILURES must be a whole number from 1 to 100' })
  LOGIN_ACCOUNT_FREE_FAILURES: number = 5;

  /** Per account: the longest lock-out after failed sign-ins (seconds, 1 to 86400). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'LOGIN_ACCOUNT_MAX_DELAY_SECONDS must be a whole number of seconds from 1 to 86400' })
  @Min(1, { message: 'LOGIN_ACCOUNT_MAX_DELAY_SECONDS must be a whole number of seconds from 1 to 86400' })
  @Max(86_400, { message: 'LOGIN_ACCOUNT_MAX_DELAY_SECONDS must be a whole number of seconds from 1 to 86400' })
  LOGIN_ACCOUNT_MAX_DELAY_SECONDS: number = 900;

  /** Comma-separated proxy hops to trust for the client address (X-Forwarded-For); 0 = none. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS: number = 0;

  /** Dashboards: a norm is green when at least this share of children met it in time (0-1). */
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'STATUS_GREEN_SHARE must be a share from 0 to 1, like 0.9' })
  @Min(0, { message: 'STATUS_GREEN_SHARE must be a share from 0 to 1, like 0.9' })
  @Max(1, { message: 'STATUS_GREEN_SHARE must be a share from 0 to 1, like 0.9' })
  STATUS_GREEN_SHARE: number = 0.9;

  /** Dashboards: a norm is amber from this share up to the green share, red below it (0-1, at most STATUS_GREEN_SHARE). */
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'STATUS_AMBER_SHARE must be a share from 0 to 1, like 0.8' })
  @Min(0, { message: 'STATUS_AMBER_SHARE must be a share from 0 to 1, like 0.8' })
  @Max(1, { message: 'STATUS_AMBER_SHARE must be a share from 0 to 1, like 0.8' })
  STATUS_AMBER_SHARE: number = 0.8;

  /** Norm clocks: working days (Dutch public holidays excluded) from the ruling to a permanent guardian ("at once"). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'NORM_GUARDIAN_WORKING_DAYS must be a whole number of working days from 1 to 30' })
  @Min(1, { message: 'NORM_GUARDIAN_WORKING_DAYS must be a whole number of working days from 1 to 30' })
  @Max(30, { message: 'NORM_GUARDIAN_WORKING_DAYS must be a whole number of working days from 1 to 30' })
  NORM_GUARDIAN_WORKING_DAYS: number = 5;

  /** Holds: how long a hold on a free place lasts unless given (hours, 1 to HOLD_MAX_HOURS). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'HOLD_DEFAULT_HOURS must be a whole number of hours from 1 to 168' })
  @Min(1, { message: 'HOLD_DEFAULT_HOURS must be a whole number of hours from 1 to 168' })
  @Max(168, { message: 'HOLD_DEFAULT_HOURS must be a whole number of hours from 1 to 168' })
  HOLD_DEFAULT_HOURS: number = 72;

  /** Holds: the longest a hold may last (hours, at most 7 days). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'HOLD_MAX_HOURS must be a whole number of hours from 1 to 168 (7 days)' })
  @Min(1, { message: 'HOLD_MAX_HOURS must be a whole number of hours from 1 to 168 (7 days)' })
  @Max(168, { message: 'HOLD_MAX_HOURS must be a whole number of hours from 1 to 168 (7 days)' })
  HOLD_MAX_HOURS: number = 168;

  /** Holds: active holds one user may have at a time. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'HOLDS_PER_USER must be a whole number from 1 to 1000' })
  @Min(1, { message: 'HOLDS_PER_USER must be a whole number from 1 to 1000' })
  @Max(1000, { message: 'HOLDS_PER_USER must be a whole number from 1 to 1000' })
  HOLDS_PER_USER: number = 20;

  /** Holds: active holds one organisation (institution, expert table) may have at a time. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'HOLDS_PER_ORGANISATION must be a whole number from 1 to 100000' })
  @Min(1, { message: 'HOLDS_PER_ORGANISATION must be a whole number from 1 to 100000' })
  @Max(100_000, { message: 'HOLDS_PER_ORGANISATION must be a whole number from 1 to 100000' })
  HOLDS_PER_ORGANISATION: number = 500;

  /** Matching: the fit factors' weights, `factor=weight` pairs summing to 1000, e.g. `distance=250,availability=200,...`. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^([a-z_]+=\d{1,4})(,[a-z_]+=\d{1,4})*$/, { message: 'MATCHING_FIT_WEIGHTS must be factor=weight pairs separated by commas, e.g. distance=250,availability=200' })
  MATCHING_FIT_WEIGHTS?: string;

  /** Matching: the referral rules that send a case to an expert table, comma-separated (or `none`). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^(none|[a-z_]+(,[a-z_]+)*)$/, { message: 'MATCHING_REFERRAL_RULES must be rule names separated by commas, or none' })
  MATCHING_REFERRAL_RULES?: string;

  /** Expert tables: working days within which a table decides on a referred case. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'EXPERT_DECISION_WORKING_DAYS must be a whole number of working days from 1 to 60' })
  @Min(1, { message: 'EXPERT_DECISION_WORKING_DAYS must be a whole number of working days from 1 to 60' })
  @Max(60, { message: 'EXPERT_DECISION_WORKING_DAYS must be a whole number of working days from 1 to 60' })
  EXPERT_DECISION_WORKING_DAYS: number = 10;

  /** Live stream: open streams one user may have at a time, per api process. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'STREAMS_PER_USER must be a whole number from 1 to 100' })
  @Min(1, { message: 'STREAMS_PER_USER must be a whole number from 1 to 100' })
  @Max(100, { message: 'STREAMS_PER_USER must be a whole number from 1 to 100' })
  STREAMS_PER_USER: number = 3;

  /** Live stream: open streams one client address may have at a time, per api process. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'STREAMS_PER_ADDRESS must be a whole number from 1 to 10000' })
  @Min(1, { message: 'STREAMS_PER_ADDRESS must be a whole number from 1 to 10000' })
  @Max(10_000, { message: 'STREAMS_PER_ADDRESS must be a whole number from 1 to 10000' })
  STREAMS_PER_ADDRESS: number = 10;

  /** Live stream: open streams in all, per api process. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'STREAMS_TOTAL must be a whole number from 1 to 100000' })
  @Min(1, { message: 'STREAMS_TOTAL must be a whole number from 1 to 100000' })
  @Max(100_000, { message: 'STREAMS_TOTAL must be a whole number from 1 to 100000' })
  STREAMS_TOTAL: number = 1000;

  /** Live stream: how often (seconds) the accounts of open streams are checked to still be active. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'STREAM_ACCOUNT_CHECK_SECONDS must be a whole number of seconds from 1 to 3600' })
  @Min(1, { message: 'STREAM_ACCOUNT_CHECK_SECONDS must be a whole number of seconds from 1 to 3600' })
  @Max(3600, { message: 'STREAM_ACCOUNT_CHECK_SECONDS must be a whole number of seconds from 1 to 3600' })
  STREAM_ACCOUNT_CHECK_SECONDS: number = 30;

  /** Years after a child's last measure ended before the institution's record of the child is anonymised (Jeugdwet: 20). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'CASE_RETENTION_YEARS must be a whole number of years from 1 to 100' })
  @Min(1, { message: 'CASE_RETENTION_YEARS must be a whole number of years from 1 to 100' })
  @Max(100, { message: 'CASE_RETENTION_YEARS must be a whole number of years from 1 to 100' })
  CASE_RETENTION_YEARS: number = 20;

  /** The browsable API documentation at /api/docs and /api/docs-json: off unless asked for (npm start turns it on). */
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'API_DOCS must be on or off' })
  API_DOCS: 'on' | 'off' = 'off';
}

export interface PassendConfig {
  databaseUrl: string;
  /**
   * Limits on every session of the api's pool (statement and lock timeouts) and the worker's (lock
   * timeout only: its jobs may run long). Always set by loadConfig; a configuration built in code
   * may leave it out, and then none apply.
   */
  databaseLimits?: { statementTimeoutMs: number; lockTimeoutMs: number };
  /** serve /api/docs and /api/docs-json (API_DOCS); absent: off */
  apiDocs?: boolean;
  redisUrl?: string;
  queueNamespace?: string;
  meili?: { url: string; apiKey?: string };
  jwt: { secret: string; ttlSeconds: number; issuer: string; audience: string };
  /**
   * Sign-in sessions: a refresh token stops working `idleSeconds` after its last use, and a session
   * ends `maxSeconds` after sign-in however often it is refreshed. Always set by loadConfig; a
   * configuration built in code may leave it out, and then 8 and 12 hours apply.
   */
  sessions?: { idleSeconds: number; maxSeconds: number };
  oidc?: { issuer: string; jwksUri: string; audience: string };
  personalDataKey: { id: string; key: Buffer };
  /** keys still readable during a rotation (PERSONAL_DATA_PREVIOUS_KEYS); absent: none */
  personalDataPreviousKeys?: { id: string; key: Buffer }[];
  port: number;
  logLevel: LogLevel;
  bodyLimit: string;
  loginFailuresPerMinute: number;
  /**
   * Per-account back-off after failed sign-ins: `freeFailures` in a row without delay, then
   * 1, 2, 4 ... seconds up to `maxDelaySeconds`. Always set by loadConfig; a configuration built in
   * code may leave it out, and then the defaults (5 and 900) apply.
   */
  loginBackoff?: { freeFailures: number; maxDelaySeconds: number };
  trustProxyHops: number;
  /**
   * Region status on the dashboards: green from `greenShare`, amber from `amberShare`, red below.
   * Always set by loadConfig; a configuration built in code (tests, benchmarks) may leave it out,
   * and then the defaults (0.9 and 0.8) apply.
   */
  regionStatus?: { greenShare: number; amberShare: number };
  /** norm clock settings that deployments choose (the legal terms of 6 weeks and 3 months are fixed) */
  norms?: { guardianWorkingDays: number };
  /** holds on free places: lifetime and caps (defaults apply when a configuration built in code leaves it out) */
  holds?: { defaultHours: number; maxHours: number; perUser: number; perOrganisation: number };
  /** matching: raw settings, validated by the matching lib (which knows the factors and rules) */
  matching?: { fitWeights?: string; referralRules?: string; decisionWorkingDays: number };
  /** retention of children's records (defaults apply when a configuration built in code leaves it out: 20 years) */
  retention?: { caseYears: number };
  /** live stream caps (per api process) and the account re-check interval (defaults apply when a configuration built in code leaves it out) */
  streams?: { perUser: number; perAddress: number; total: number; accountCheckMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Validates the given environment and returns the typed configuration, or throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): PassendConfig {
  const parsed = plainToInstance(Environment, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: true, forbidUnknownValues: true });
  const problems = errors.map((e) => ({
    variable: e.property,
    message: Object.values(e.constraints ?? {}).join('; ') || 'is invalid',
  }));
  // secrets: random data of the right size, not a placeholder (the decoded length matters: 44 base64 characters can hold 31 to 33 bytes)
  const secrets = [
    ['JWT_SECRET', parsed.JWT_SECRET, { minBytes: 32, encodings: ['base64', 'base64url', 'hex'], generate: 'openssl rand -base64 32' }],
    ['PERSONAL_DATA_KEY', parsed.PERSONAL_DATA_KEY, { minBytes: 32, exactBytes: 32, encodings: ['base64'], generate: 'openssl rand -base64 32' }],
  ] as const;
  for (const [variable, value, options] of secrets) {
    if (problems.some((p) => p.variable === variable)) continue;
    const message = secretProblem(variable, value, options);
    if (message) problems.push({ variable, message });
  }
  const oidc = { OIDC_ISSUER: parsed.OIDC_ISSUER, OIDC_JWKS_URI: parsed.OIDC_JWKS_URI, OIDC_AUDIENCE: parsed.OIDC_AUDIENCE };
  const oidcMissing = Object.entries(oidc).filter(([, value]) => !value).map(([name]) => name);
  if (oidcMissing.length > 0 && oidcMissing.length < 3) {
    for (const variable of oidcMissing) {
      problems.push({ variable, message: `is missing: OIDC_ISSUER, OIDC_JWKS_URI and OIDC_AUDIENCE must be set together` });
    }
  }
  const sharesValid = !problems.some((p) => p.variable === 'STATUS_GREEN_SHARE' || p.variable === 'STATUS_AMBER_SHARE');
  if (sharesValid && parsed.STATUS_AMBER_SHARE > parsed.STATUS_GREEN_SHARE) {
    problems.push({
      variable: 'STATUS_AMBER_SHARE',
      message: `STATUS_AMBER_SHARE (${parsed.STATUS_AMBER_SHARE}) cannot be above STATUS_GREEN_SHARE (${parsed.STATUS_GREEN_SHARE})`,
    });
  }
  if (!problems.some((p) => p.variable.startsWith('HOLD_')) && parsed.HOLD_DEFAULT_HOURS > parsed.HOLD_MAX_HOURS) {
    problems.push({ variable: 'HOLD_DEFAULT_HOURS', message: `HOLD_DEFAULT_HOURS (${parsed.HOLD_DEFAULT_HOURS}) cannot be above HOLD_MAX_HOURS (${parsed.HOLD_MAX_HOURS})` });
  }
  const previousKeys = (problems.some((p) => p.variable === 'PERSONAL_DATA_PREVIOUS_KEYS') ? '' : (parsed.PERSONAL_DATA_PREVIOUS_KEYS ?? ''))
    .split(',')
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const [id, key] = entry.split(':') as [string, string];
      return { id, key: Buffer.from(key, 'base64') };
    });
  if (!problems.some((p) => p.variable.startsWith('PERSONAL_DATA'))) {
    const ids = previousKeys.map((k) => k.id);
    if (ids.includes(parsed.PERSONAL_DATA_KEY_ID) || new Set(ids).size !== ids.length) {
      problems.push({ variable: 'PERSONAL_DATA_PREVIOUS_KEYS', message: 'PERSONAL_DATA_PREVIOUS_KEYS must not repeat a key id, nor use the current PERSONAL_DATA_KEY_ID' });
    }
    for (const k of previousKeys) {
      const weak = secretProblem('PERSONAL_DATA_PREVIOUS_KEYS', k.key.toString('base64'), { minBytes: 32, exactBytes: 32, encodings: ['base64'], generate: 'openssl rand -base64 32' });
      if (weak) problems.push({ variable: 'PERSONAL_DATA_PREVIOUS_KEYS', message: `key ${k.id}: ${weak}` });
    }
  }
  if (!problems.some((p) => p.variable.startsWith('SESSION_') || p.variable === 'JWT_TTL_SECONDS')) {
    if (parsed.SESSION_IDLE_MINUTES > parsed.SESSION_MAX_HOURS * 60) {
      problems.push({ variable: 'SESSION_IDLE_MINUTES', message: `SESSION_IDLE_MINUTES (${parsed.SESSION_IDLE_MINUTES}) cannot be longer than SESSION_MAX_HOURS (${parsed.SESSION_MAX_HOURS} h)` });
    }
    if (parsed.JWT_TTL_SECONDS >= parsed.SESSION_IDLE_MINUTES * 60) {
      problems.push({ variable: 'JWT_TTL_SECONDS', message: `JWT_TTL_SECONDS (${parsed.JWT_TTL_SECONDS}) must be shorter than SESSION_IDLE_MINUTES (${parsed.SESSION_IDLE_MINUTES} min)` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    databaseUrl: parsed.DATABASE_URL,
    databaseLimits: { statementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000, lockTimeoutMs: parsed.DATABASE_LOCK_TIMEOUT_SECONDS * 1000 },
    redisUrl: parsed.REDIS_URL,
    queueNamespace: parsed.QUEUE_NAMESPACE,
    meili: parsed.MEILI_URL ? { url: parsed.MEILI_URL, apiKey: parsed.MEILI_API_KEY } : undefined,
    jwt: {
      secret: parsed.JWT_SECRET,
      ttlSeconds: parsed.JWT_TTL_SECONDS,
      issuer: parsed.JWT_ISSUER,
      audience: parsed.JWT_AUDIENCE,
    },
    sessions: { idleSeconds: parsed.SESSION_IDLE_MINUTES * 60, maxSeconds: parsed.SESSION_MAX_HOURS * 3600 },
    oidc:
      parsed.OIDC_ISSUER && parsed.OIDC_JWKS_URI && parsed.OIDC_AUDIENCE
        ? { issuer: parsed.OIDC_ISSUER, jwksUri: parsed.OIDC_JWKS_URI, audience: parsed.OIDC_AUDIENCE }
        : undefined,
    personalDataKey: { id: parsed.PERSONAL_DATA_KEY_ID, key: Buffer.from(parsed.PERSONAL_DATA_KEY, 'base64') },
    personalDataPreviousKeys: previousKeys,
    port: parsed.PORT,
    logLevel: parsed.LOG_LEVEL,
    bodyLimit: parsed.BODY_LIMIT,
    loginFailuresPerMinute: parsed.LOGIN_FAILURES_PER_MINUTE,
    loginBackoff: { freeFailures: parsed.LOGIN_ACCOUNT_FREE_FAILURES, maxDelaySeconds: parsed.LOGIN_ACCOUNT_MAX_DELAY_SECONDS },
    trustProxyHops: parsed.TRUST_PROXY_HOPS,
    regionStatus: { greenShare: parsed.STATUS_GREEN_SHARE, amberShare: parsed.STATUS_AMBER_SHARE },
    norms: { guardianWorkingDays: parsed.NORM_GUARDIAN_WORKING_DAYS },
    holds: { defaultHours: parsed.HOLD_DEFAULT_HOURS, maxHours: parsed.HOLD_MAX_HOURS, perUser: parsed.HOLDS_PER_USER, perOrganisation: parsed.HOLDS_PER_ORGANISATION },
    matching: { fitWeights: parsed.MATCHING_FIT_WEIGHTS, referralRules: parsed.MATCHING_REFERRAL_RULES, decisionWorkingDays: parsed.EXPERT_DECISION_WORKING_DAYS },
    apiDocs: parsed.API_DOCS === 'on',
    retention: { caseYears: parsed.CASE_RETENTION_YEARS },
    streams: { perUser: parsed.STREAMS_PER_USER, perAddress: parsed.STREAMS_PER_ADDRESS, total: parsed.STREAMS_TOTAL, accountCheckMs: parsed.STREAM_ACCOUNT_CHECK_SECONDS * 1000 },
  };
}
