/** class-transformer helpers for query strings. */

/** `a,b` or repeated parameters (`?x=a&x=b`), as a list of trimmed, non-empty strings. */
export const toList = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);

/** `true`/`1` and `false`/`0` as booleans; anything else is left for the validator to refuse. */
export const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);
