import { ConfigError, loadConfig, type PassendConfig } from '@passend/platform';

/** Validates the environment; on a bad or missing variable prints which and exits with status 78 (config error). */
export function readConfigOrExit(env: NodeJS.ProcessEnv): PassendConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nPassend did not start. See README.md, "Configuration".\n`);
      process.exit(78);
    }
    throw error;
  }
}
