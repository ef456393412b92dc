/**
 * Checks that a configured secret (JWT_SECRET, PERSONAL_DATA_KEY) is random data and not a
 * placeholder someone forgot to replace. Run once at boot by loadConfig.
 *
 * Encodings: base64 (`openssl rand -base64 32`), base64url (the same alphabet with `-` and `_`,
 * padding optional) or hex (`openssl rand -hex 32`: an even number of 0-9 a-f digits, decoded
 * as hex). The secret must decode to at least 32 bytes.
 */

/** Placeholders from infra/.env.example, infra/k8s/secret.example.yaml and the like, compared without case and punctuation. */
const PLACEHOLDER_FRAGMENTS = ['generatewithopenssl', 'opensslrand', 'changeme', 'replaceme', 'placeholder', 'yoursecret', 'secretkey', 'notasecret'];

export type SecretEncoding = 'base64' | 'base64url' | 'hex';

/** The bytes a configured secret stands for, or undefined when it is none of the accepted encodings. */
export function decodeSecret(value: string): { bytes: Buffer; encoding: SecretEncoding } | undefined {
  if (/^(?:[0-9a-fA-F]{2})+$/.test(value)) return { bytes: Buffer.from(value, 'hex'), encoding: 'hex' };
  // Buffer.from(..., 'base64') skips characters it does not know: check the alphabet and padding first
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && (value.length % 4 === 0 || !value.includes('='))) {
    return { bytes: Buffer.from(value, 'base64'), encoding: 'base64' };
  }
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(value) && (value.length % 4 === 0 || !value.includes('='))) {
    return { bytes: Buffer.from(value, 'base64url'), encoding: 'base64url' };
  }
  return undefined;
}

/** Whether the value is, or contains, a known placeholder text. */
export function isPlaceholder(value: string): boolean {
  const folded = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return PLACEHOLDER_FRAGMENTS.some((fragment) => folded.includes(fragment));
}

/**
 * Why decoded secret bytes do not look random, or undefined when they do. Deliberately coarse: it
 * catches what people type instead of generating, and random data passes with overwhelming odds.
 *
 * - Too few distinct byte values: n random bytes show about 256 * (1 - e^(-n/256)) distinct values
 *   (about 30 of 32); we require half of n (at most 128). A repeated word, `'x'.repeat(32)` or a
 *   short pattern repeated has only as many distinct values as the pattern is long.
 * - A run of 8 equal bytes: in 32 random bytes that happens about once in 3·10^15 keys (a run of 4,
 *   once in 600,000, would now and then refuse a freshly generated key).
 * - Only 7-bit (ASCII) bytes: random bytes have the high bit set half the time, so 32 bytes without
 *   it happen once in 4 billion; it means a pass phrase or text was encoded, not random data.
 */
export function lowEntropyReason(bytes: Buffer): string | undefined {
  const distinct = new Set(bytes).size;
  if (distinct < Math.min(Math.ceil(bytes.length / 2), 128)) return `only ${distinct} different byte values in ${bytes.length} bytes`;
  for (let i = 0, run = 1; i + 1 < bytes.length; i++) {
    run = bytes[i + 1] === bytes[i] ? run + 1 : 1;
    if (run >= 8) return 'a byte repeated eight times in a row';
  }
  if (bytes.every((b) => b < 0x80)) return 'it decodes to text, not random bytes';
  return undefined;
}

/**
 * Problems with a secret: undefined when it is fine. Messages name the variable and never include
 * the value. `exactBytes` for keys of a fixed size (PERSONAL_DATA_KEY: 32); `encodings` limits the
 * accepted encodings.
 */
export function secretProblem(
  variable: string,
  value: string,
  options: { minBytes: number; exactBytes?: number; encodings: readonly SecretEncoding[]; generate: string },
): string | undefined {
  const size = options.exactBytes ? `exactly ${options.exactBytes} bytes` : `at least ${options.minBytes} bytes`;
  const how = `${size} of random data, ${options.encodings.join(' or ')}-encoded (${options.generate})`;
  if (isPlaceholder(value)) return `${variable} is a placeholder: set ${how}`;
  const decoded = decodeSecret(value);
  if (!decoded || !options.encodings.includes(decoded.encoding)) return `${variable} must be ${how}`;
  const length = decoded.bytes.length;
  if (options.exactBytes !== undefined ? length !== options.exactBytes : length < options.minBytes) {
    return `${variable} must be ${how}; it decodes to ${length} bytes`;
  }
  const weak = lowEntropyReason(decoded.bytes);
  if (weak) return `${variable} does not look random (${weak}): set ${how}`;
  return undefined;
}
