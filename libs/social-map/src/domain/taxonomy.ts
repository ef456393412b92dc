/**
 * Specialisms / target problems are an open taxonomy in the database (extendable without code
 * changes); this file only holds their first seed, from DOMAIN.md. The settings of help are
 * shared vocabulary and live in @passend/reference/domain.
 */
export interface SpecialismSeed {
  code: string;
  labelNl: string;
  labelEn: string;
  /** Dutch words people type for it; feeds search synonyms */
  synonyms: string[];
}

export const SPECIALISM_SEED: SpecialismSeed[] = [
  { code: 'youth_mental_health', labelNl: 'Jeugd-ggz', labelEn: 'youth mental-health care', synonyms: ['ggz', 'psychiatrie', 'geestelijke gezondheidszorg'] },
  { code: 'mild_intellectual_disability', labelNl: 'Licht verstandelijke beperking (LVB)', labelEn: 'mild intellectual disability', synonyms: ['lvb', 'verstandelijke beperking'] },
  { code: 'complex_divorce', labelNl: 'Complexe scheiding', labelEn: 'help in complex divorces', synonyms: ['vechtscheiding', 'scheiding'] },
  { code: 'trauma_treatment', labelNl: 'Traumabehandeling', labelEn: 'trauma treatment', synonyms: ['trauma', 'emdr', 'ptss'] },
  { code: 'addiction_care', labelNl: 'Verslavingszorg', labelEn: 'addiction care', synonyms: ['verslaving', 'middelengebruik', 'drugs', 'alcohol'] },
  { code: 'sexually_harmful_behaviour', labelNl: 'Seksueel grensoverschrijdend gedrag', labelEn: 'help after sexually harmful behaviour', synonyms: ['sgg', 'zedendelict', 'grensoverschrijdend gedrag'] },
  { code: 'parent_child_care', labelNl: 'Moeder-kindhulp / ouder-kindzorg', labelEn: 'parent-and-child care', synonyms: ['moeder kind', 'ouder kind', 'tienermoeder'] },
  { code: 'crisis_care', labelNl: 'Crisishulp', labelEn: 'crisis care', synonyms: ['crisis', 'spoed', 'acuut'] },
  { code: 'foster_care', labelNl: 'Pleegzorg', labelEn: 'foster care', synonyms: ['pleeggezin', 'pleegouders'] },
  { code: 'family_home_care', labelNl: 'Gezinshuiszorg', labelEn: 'family-home care', synonyms: ['gezinshuis'] },
  { code: 'secure_residential_care', labelNl: 'Gesloten jeugdzorg (JeugdzorgPlus)', labelEn: 'secure residential care', synonyms: ['jeugdzorgplus', 'gesloten', 'jzp'] },
  { code: 'day_treatment', labelNl: 'Dagbehandeling', labelEn: 'day treatment', synonyms: ['dagbesteding'] },
  { code: 'outpatient_family_support', labelNl: 'Ambulante gezinsbegeleiding', labelEn: 'outpatient family support', synonyms: ['gezinsbegeleiding', 'ambulant', 'thuisbegeleiding'] },
  { code: 'autism', labelNl: 'Autisme', labelEn: 'autism spectrum', synonyms: ['ass', 'autismespectrumstoornis'] },
  { code: 'adhd', labelNl: 'ADHD', labelEn: 'ADHD', synonyms: ['add', 'aandachtstekort'] },
  { code: 'domestic_violence', labelNl: 'Huiselijk geweld en kindermishandeling', labelEn: 'domestic violence and child abuse', synonyms: ['huiselijk geweld', 'kindermishandeling', 'mishandeling'] },
  { code: 'juvenile_offending', labelNl: 'Delictgedrag / recidivevermindering', labelEn: 'juvenile offending, lowering reoffending', synonyms: ['delict', 'criminaliteit', 'jeugdreclassering'] },
  { code: 'eating_disorders', labelNl: 'Eetstoornissen', labelEn: 'eating disorders', synonyms: ['anorexia', 'boulimia'] },
];
