import type { FieldProblem } from '@passend/platform/domain';

/**
 * Capacity as a status as well as a number (the statuses of HL7's SDOH referral guide): open (the
 * free places are real), a waiting list (expected weeks), an intake assessment first, or closed
 * to new children whatever the number says. Matching treats each accordingly.
 */
export const CAPACITY_STATUSES = ['open', 'waiting_list', 'intake_first', 'closed'] as const;
export type CapacityStatus = (typeof CAPACITY_STATUSES)[number];

export const CAPACITY_STATUS_LABELS_NL: Readonly<Record<CapacityStatus, string>> = {
  open: 'Open',
  waiting_list: 'Wachtlijst',
  intake_first: 'Eerst intake',
  closed: 'Gesloten voor aanmelding',
};

/**
 * Why a provider changed its capacity, as a code and never free text: a free-text box on a
 * capacity form fills with "Jan (12) is weg" sooner or later, and the capacity log is kept for
 * years and read by regions. The codes say what a region needs to read the log: children started
 * or left, staffing, a new contract or agreement with the municipality, a temporary closure, or
 * a correction of an earlier mistake.
 */
export const CAPACITY_CHANGE_REASONS = ['intake', 'outflow', 'staffing', 'contract', 'temporary_closure', 'correction', 'other'] as const;
export type CapacityChangeReason = (typeof CAPACITY_CHANGE_REASONS)[number];

export const CAPACITY_CHANGE_REASON_LABELS_NL: Readonly<Record<CapacityChangeReason, string>> = {
  intake: 'Jeugdige(n) ingestroomd',
  outflow: 'Jeugdige(n) uitgestroomd',
  staffing: 'Personele bezetting',
  contract: 'Contract of afspraak met gemeente/regio',
  temporary_closure: 'Tijdelijke sluiting',
  correction: 'Correctie van een eerdere opgave',
  other: 'Anders',
};

/** Live availability of one offering. */
export interface Capacity {
  totalPlaces: number;
  freePlaces: number;
  /** expected wait when full, in weeks */
  waitWeeks: number;
  /** absent: unchanged */
  status?: CapacityStatus;
}

export const MAX_TOTAL_PLACES = 10_000;
export const MAX_WAIT_WEEKS = 520;

/** Checks a capacity a provider reports; the problems name the fields (prefixed for bulk rows). */
export function capacityProblems(c: Capacity, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const field = (name: string) => `${prefix}${name}`;
  const wholeIn = (name: 'totalPlaces' | 'freePlaces' | 'waitWeeks', max: number) => {
    const v = c[name];
    if (!Number.isInteger(v) || v < 0) problems.push({ field: field(name), message: `${name} must be a whole number of 0 or more` });
    else if (v > max) problems.push({ field: field(name), message: `${name} must be at most ${max}` });
  };
  wholeIn('totalPlaces', MAX_TOTAL_PLACES);
  wholeIn('freePlaces', MAX_TOTAL_PLACES);
  wholeIn('waitWeeks', MAX_WAIT_WEEKS);
  if (c.status !== undefined && !(CAPACITY_STATUSES as readonly string[]).includes(c.status)) {
    problems.push({ field: field('status'), message: `status must be one of ${CAPACITY_STATUSES.join(', ')}` });
  }
  if (problems.length === 0 && c.freePlaces > c.totalPlaces) {
    problems.push({ field: field('freePlaces'), message: `freePlaces (${c.freePlaces}) cannot be more than totalPlaces (${c.totalPlaces})` });
  }
  return problems;
}

/** Bounding box of the Netherlands: a cheap first check; ReferenceCatalog.regionAt() is the precise one. Bounds (with the Wadden islands and Zuid-Limburg), WGS84. */
export const NETHERLANDS_BOUNDS = { minLatitude: 50.7, maxLatitude: 53.7, minLongitude: 3.2, maxLongitude: 7.3 } as const;

export function isInNetherlands(latitude: number, longitude: number): boolean {
  const b = NETHERLANDS_BOUNDS;
  return latitude >= b.minLatitude && latitude <= b.maxLatitude && longitude >= b.minLongitude && longitude <= b.maxLongitude;
}

/** Ages in years, decimals allowed (2.5 = two and a half); youth care runs up to 23 (some to 27). */
export function ageRangeProblems(minAge: number, maxAge: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, v] of [['minAge', minAge], ['maxAge', maxAge]] as const) {
    if (!Number.isFinite(v) || v < 0 || v > 27) problems.push({ field: name, message: `${name} must be between 0 and 27 years` });
    else if (Math.round(v * 10) !== v * 10) problems.push({ field: name, message: `${name} may have one decimal at most` });
  }
  if (problems.length === 0 && minAge > maxAge) problems.push({ field: 'minAge', message: `minAge (${minAge}) cannot be above maxAge (${maxAge})` });
  return problems;
}
