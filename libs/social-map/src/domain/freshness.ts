/**
 * How fresh an offering's capacity is, as providers and guardians see it: confirmed today, this
 * week, earlier, or stale after 14 days. Days are calendar days in Europe/Amsterdam.
 */
export type Freshness = 'today' | 'this_week' | 'older' | 'stale';

export const STALE_AFTER_DAYS = 14;

const amsterdamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Calendar-day number of an instant in Amsterdam (days since 1970-01-01 local). */
export function amsterdamDayNumber(instant: Date): number {
  const [y, m, d] = amsterdamDate.format(instant).split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function freshnessOf(confirmedAt: Date, now: Date): Freshness {
  return freshnessFromDays(amsterdamDayNumber(now) - amsterdamDayNumber(confirmedAt));
}

/** Freshness by calendar days since the confirmation (0 or less: today). */
export function freshnessFromDays(days: number): Freshness {
  if (days <= 0) return 'today';
  if (days < 7) return 'this_week';
  if (days < STALE_AFTER_DAYS) return 'older';
  return 'stale';
}

/** The instant before which a confirmation counts as stale (for queries). */
export function staleBefore(now: Date): Date {
  return new Date(now.getTime() - STALE_AFTER_DAYS * 86_400_000);
}
