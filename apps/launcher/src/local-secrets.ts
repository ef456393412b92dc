import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  JWT_SECRET: string;
  PERSONAL_DATA_KEY: string;
  /** the embedded database's superuser, its owner role (migrations, seeds) and its application role (api, worker) */
  DATABASE_SUPERUSER_PASSWORD: string;
  DATABASE_OWNER_PASSWORD: string;
  DATABASE_APP_PASSWORD: string;
}

const GENERATORS: Record<keyof LocalSecrets, () => string> = {
  JWT_SECRET: () => randomBytes(48).toString('base64'),
  PERSONAL_DATA_KEY: () => randomBytes(32).toString('base64'),
  DATABASE_SUPERUSER_PASSWORD: () => randomBytes(24).toString('hex'),
  DATABASE_OWNER_PASSWORD: () => randomBytes(24).toString('hex'),
  DATABASE_APP_PASSWORD: () => randomBytes(24).toString('hex'),
};

/**
 * Development secrets for a machine without configuration: generated once, kept in
 * `<dataDir>/local-secrets.json` (mode 600) so tokens, encrypted demo data and the embedded
 * database's passwords survive a restart; a secret missing from an older file is added.
 * Production sets its own.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'local-secrets.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const missing = (Object.keys(GENERATORS) as (keyof LocalSecrets)[]).filter((name) => typeof kept[name] !== 'string');
  if (missing.length === 0) return kept as LocalSecrets;
  const secrets = { ...kept } as LocalSecrets;
  for (const name of missing) secrets[name] = GENERATORS[name]();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
