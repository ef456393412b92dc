/**
 * Settings of help: a closed list (the inspections and iJw speak in these terms). Shared
 * vocabulary: the social map describes offerings in it, cases describe needs in it, matching
 * compares the two.
 */
export const SETTINGS = [
  'outpatient', // ambulant
  'day_treatment', // dagbehandeling
  'foster_care', // pleegzorg
  'family_home', // gezinshuis
  'residential', // residentieel / verblijf
  'secure_residential', // JeugdzorgPlus (gesloten), needs a court authorisation for secure care
  'crisis', // crisisopvang
] as const;
export type Setting = (typeof SETTINGS)[number];

export const SETTING_LABELS_NL: Record<Setting, string> = {
  outpatient: 'Ambulant',
  day_treatment: 'Dagbehandeling',
  foster_care: 'Pleegzorg',
  family_home: 'Gezinshuis',
  residential: 'Residentieel',
  secure_residential: 'Gesloten jeugdzorg (JeugdzorgPlus)',
  crisis: 'Crisisopvang',
};

/** Somebody's house (a family home or a foster family): its address is private. */
export const PRIVATE_HOME_SETTINGS: readonly Setting[] = ['foster_care', 'family_home'];

export function isPrivateHomeSetting(setting: string): boolean {
  return (PRIVATE_HOME_SETTINGS as readonly string[]).includes(setting);
}
