/**
 * The burgerservicenummer (BSN), the Dutch citizen service number that identifies a child.
 * Rules (Logius, "Logisch ontwerp BSN"): nine digits; a number written with eight digits is the
 * same number with a leading zero; it passes the eleven-test
 *   9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − 1·d9 ≡ 0 (mod 11)
 * and is not 000000000. The check catches typing mistakes; it does not prove the number exists.
 *
 * A BSN is personal data: never log it, never put it in a job payload or a search index.
 */

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1] as const;

/**
 * Cleans a BSN as people type it: strips spaces and dots ('1112.22.333', '111 222 333') and
 * writes an eight-digit number with its leading zero. Anything else is returned cleaned but
 * unchanged, for `isValidBsn` to refuse.
 */
export function normaliseBsn(s: string): string {
  const cleaned = s.replace(/[\s.]/g, '');
  return /^\d{8}$/.test(cleaned) ? `0${cleaned}` : cleaned;
}

/**
 * True for nine digits (or eight, read with a leading zero) that pass the eleven-test and are
 * not all zeros. Strict about the characters: run user input through `normaliseBsn` first.
 */
export function isValidBsn(s: string): boolean {
  if (!/^\d{8,9}$/.test(s)) return false;
  const digits = s.padStart(9, '0');
  if (digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += WEIGHTS[i]! * Number(digits[i]);
  return sum % 11 === 0;
}
