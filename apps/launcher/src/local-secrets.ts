import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  JWT_SECRET: string;
  PERSONAL_DATA_KEY: string;
}

/**
 * Development secrets for a machine without configuration: generated once, kept in
 * `<dataDir>/local-secrets.json` (mode 600) so tokens and encrypted demo data survive a restart.
 * Production sets JWT_SECRET and PERSONAL_DATA_KEY itself.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = {
    JWT_SECRET: randomBytes(48).toString('base64'),
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
