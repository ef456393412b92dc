import { isValidBsn } from '../domain/bsn.js';
import type { Random } from '@passend/platform';

/**
 * SYNTHETIC citizen service numbers for the demo data. They pass the eleven-test (so the seeded
 * cases behave like real ones in the app: validation, lookup hash, display), which is what test
 * data sets do; nobody publishes real BSNs for testing, and a valid checksum says nothing about
 * whether a number was ever issued. To keep them recognisable in a dump or a screenshot, and away
 * from the low ranges most issued numbers come from, every synthetic BSN starts with '99'. That
 * is a convention of this seed, not a guarantee that no real person has such a number: these
 * numbers must never leave a demo or test database.
 */
export const SYNTHETIC_BSN_PREFIX = '99';

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2] as const;

/** One synthetic BSN: '99', six random digits and the check digit of the eleven-test. */
export function syntheticBsn(random: Random): string {
  for (;;) {
    const digits = [...SYNTHETIC_BSN_PREFIX].map(Number);
    while (digits.length < 8) digits.push(random.int(0, 9));
    const check = digits.reduce((sum, d, i) => sum + WEIGHTS[i]! * d, 0) % 11;
    // 9·d1 + … + 2·d8 − d9 ≡ 0 (mod 11) needs d9 = sum mod 11; a remainder of 10 has no digit: draw again
    if (check === 10) continue;
    const bsn = `${digits.join('')}${check}`;
    if (isValidBsn(bsn)) return bsn;
  }
}

/** Synthetic BSNs not in `taken` (nor drawn before from this generator); adds each to `taken`. */
export function uniqueSyntheticBsn(random: Random, taken: Set<string>): string {
  for (;;) {
    const bsn = syntheticBsn(random);
    if (!taken.has(bsn)) {
      taken.add(bsn);
      return bsn;
    }
  }
}
