import { isValidBsn } from '@passend/cases/domain';

/**
 * Synthetic BSNs for tests: consecutive numbers from `start` that pass the eleven-test, never a
 * real person's (each test file starts at its own block, so files never collide).
 */
export function syntheticBsns(start: number): () => string {
  let counter = start;
  return () => {
    for (;;) {
      const head = String(counter++).padStart(8, '0');
      const check = [...head].reduce((sum, d, i) => sum + (9 - i) * Number(d), 0) % 11;
      if (check < 10 && isValidBsn(head + check)) return head + check;
    }
  };
}
