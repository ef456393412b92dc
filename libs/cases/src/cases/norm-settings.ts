import type { PassendConfig } from '@passend/platform';
import { DEFAULT_NORM_SETTINGS, type NormSettings } from '../domain/norm-clock.js';

/** The norm settings of this deployment: the inspection's terms, with the guardian term from config. */
export function normSettingsOf(config: Pick<PassendConfig, 'norms'>): NormSettings {
  return { ...DEFAULT_NORM_SETTINGS, guardianWorkingDays: config.norms?.guardianWorkingDays ?? DEFAULT_NORM_SETTINGS.guardianWorkingDays };
}
