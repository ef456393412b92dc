import type { Milestone } from '../domain/norm-clock.js';
import type { RegionStatus } from '../domain/region-status.js';

/**
 * How each inspection area performs in the demo data. The picture follows the inspections' 2021
 * report (DOMAIN.md): Friesland and Overijssel largely on track (green); Gelderland, Groningen &
 * Drenthe, Limburg, Utrecht & Flevoland and Zeeland not yet (amber); Brabant,
 * Noord-Holland/Amsterdam, Rijnmond and Zuid West insufficient (red). The shares are chosen for
 * the dashboard's default thresholds (green from 90%, amber from 80%, the worst norm decides):
 * they are a demo, not measurements. Nationally they come to about three in four children with
 * fitting help in time; the inspection found two in three in 2021, and only 40% with a plan in
 * time in 2020, which would colour every area red.
 */
export interface AreaProfile {
  /** the status the dashboard should show for the area (worst norm, default thresholds) */
  intended: RegionStatus;
  /** share of milestones met by their due date, among those whose due date has passed */
  onTime: Record<Milestone, number>;
  /** of the milestones not met in time, the share still not met today (overdue), for recent rulings */
  stillOpen: Record<Milestone, number>;
  /** mean days late of a milestone met late (exponential, plus one day) */
  meanDaysLate: Record<Milestone, number>;
  /** share of families that experience the help that started as fitting */
  helpExperiencedFitting: number;
}

const green = (guardian: number, course: number, help: number): AreaProfile => ({
  intended: 'green',
  onTime: { permanent_guardian: guardian, agreed_course: course, fitting_help: help },
  stillOpen: { permanent_guardian: 0.45, agreed_course: 0.2, fitting_help: 0.25 },
  meanDaysLate: { permanent_guardian: 6, agreed_course: 10, fitting_help: 18 },
  helpExperiencedFitting: 0.8,
});

const amber = (guardian: number, course: number, help: number): AreaProfile => ({
  intended: 'amber',
  onTime: { permanent_guardian: guardian, agreed_course: course, fitting_help: help },
  stillOpen: { permanent_guardian: 0.6, agreed_course: 0.3, fitting_help: 0.35 },
  meanDaysLate: { permanent_guardian: 12, agreed_course: 18, fitting_help: 30 },
  helpExperiencedFitting: 0.7,
});

const red = (guardian: number, course: number, help: number): AreaProfile => ({
  intended: 'red',
  onTime: { permanent_guardian: guardian, agreed_course: course, fitting_help: help },
  stillOpen: { permanent_guardian: 0.7, agreed_course: 0.4, fitting_help: 0.5 },
  meanDaysLate: { permanent_guardian: 25, agreed_course: 28, fitting_help: 45 },
  helpExperiencedFitting: 0.6,
});

/** Per inspection area (the `inspection_area` of reference.region), on time: guardian, course, help. */
export const AREA_PROFILES: Readonly<Record<string, AreaProfile>> = Object.freeze({
  Friesland: green(0.97, 0.94, 0.93),
  Overijssel: green(0.96, 0.93, 0.92),
  Gelderland: amber(0.92, 0.88, 0.85),
  'Groningen & Drenthe': amber(0.93, 0.87, 0.84),
  Limburg: amber(0.91, 0.86, 0.83),
  'Utrecht & Flevoland': amber(0.92, 0.87, 0.85),
  Zeeland: amber(0.93, 0.88, 0.86),
  Brabant: red(0.86, 0.78, 0.66),
  'Noord-Holland/Amsterdam': red(0.84, 0.75, 0.62),
  Rijnmond: red(0.82, 0.72, 0.58),
  'Zuid West': red(0.85, 0.76, 0.63),
});

/** An area the table does not know (reference data of a later year) performs like an amber one. */
export const DEFAULT_AREA_PROFILE: AreaProfile = amber(0.92, 0.87, 0.84);

export function areaProfile(inspectionArea: string): AreaProfile {
  return AREA_PROFILES[inspectionArea] ?? DEFAULT_AREA_PROFILE;
}

/**
 * The synthetic certified institutions: one per inspection area (the real ones are regional) and
 * two national ones, one for children with a mild intellectual disability and one with a focus on
 * juvenile probation (as there are national institutions in reality). The names are deliberately
 * not those of real institutions and end in "(synthetisch)".
 */
export interface InstitutionPlan {
  key: string;
  name: string;
  /** the youth-care region the organisation is registered in (null: national) */
  regionCode: string | null;
  /** the inspection area it serves; null for a national institution */
  inspectionArea: string | null;
  focus?: 'mild_intellectual_disability' | 'juvenile_probation';
}

export const SYNTHETIC_INSTITUTIONS: readonly InstitutionPlan[] = [
  { key: 'fryslan', name: 'GI Fryslân (synthetisch)', regionCode: 'JZ02', inspectionArea: 'Friesland' },
  { key: 'groningen-drenthe', name: 'GI Groningen-Drenthe (synthetisch)', regionCode: 'JZ01', inspectionArea: 'Groningen & Drenthe' },
  { key: 'overijssel', name: 'GI Overijssel (synthetisch)', regionCode: 'JZ14', inspectionArea: 'Overijssel' },
  { key: 'gelderland', name: 'GI Gelderland (synthetisch)', regionCode: 'JZ28', inspectionArea: 'Gelderland' },
  { key: 'utrecht-flevoland', name: 'GI Utrecht-Flevoland (synthetisch)', regionCode: 'JZ08', inspectionArea: 'Utrecht & Flevoland' },
  { key: 'noord-holland', name: 'GI Noord-Holland-Amsterdam (synthetisch)', regionCode: 'JZ13', inspectionArea: 'Noord-Holland/Amsterdam' },
  { key: 'zuid-west', name: 'GI Zuid-West (synthetisch)', regionCode: 'JZ24', inspectionArea: 'Zuid West' },
  { key: 'rijnmond', name: 'GI Rijnmond (synthetisch)', regionCode: 'JZ29', inspectionArea: 'Rijnmond' },
  { key: 'zeeland', name: 'GI Zeeland (synthetisch)', regionCode: 'JZ38', inspectionArea: 'Zeeland' },
  { key: 'brabant', name: 'GI Brabant (synthetisch)', regionCode: 'JZ39', inspectionArea: 'Brabant' },
  { key: 'limburg', name: 'GI Limburg (synthetisch)', regionCode: 'JZ41', inspectionArea: 'Limburg' },
  { key: 'national-lvb', name: 'Landelijke GI voor jeugd met een LVB (synthetisch)', regionCode: null, inspectionArea: null, focus: 'mild_intellectual_disability' },
  { key: 'national-jr', name: 'Landelijke GI Jeugdreclassering (synthetisch)', regionCode: null, inspectionArea: null, focus: 'juvenile_probation' },
];

/** The demo institution of @passend/identity (DEMO_ORGANISATIONS 'gi') takes the cases of this region when it exists. */
export const DEMO_INSTITUTION_REGION = 'JZ22';
