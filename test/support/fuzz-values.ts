import fc from 'fast-check';

/**
 * The values a hostile or broken client sends, as fast-check arbitraries: unicode that breaks
 * naive code (lone surrogates, NUL, right-to-left overrides, emoji, combining marks), injection
 * strings for SQL and NoSQL, prototype keys, wrong types, huge and odd numbers, deep nesting.
 * JSON bodies with prototype keys are built with JSON.parse, so `__proto__` is an own key that
 * JSON.stringify sends on the wire (an object literal would set the prototype instead).
 */

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'x\uDC00y\uD83D',
  '\u202Egnp.exe', // right-to-left override
  '\u202D\u2066\u2069\u200F',
  '\u200B\u200C\u200D\uFEFF', // zero-width characters and a byte-order mark
  '👨‍👩‍👧‍👦🏳️‍🌈🇳🇱',
  'e\u0301\u0301\u0301\u0301\u0301\u0301',
  'Zoë Çelik-Öztürk',
  '\r\n\t\u000b\u000c\u0085\u2028\u2029',
  "' OR '1'='1",
  "'; DROP TABLE cases.measure; --",
  '1; SELECT pg_sleep(0); --',
  "' UNION SELECT bsn_enc FROM cases.child --",
  '\\x00\\',
  '$$; DROP TABLE audit.access_log; $$',
  '{"$ne": null}',
  '{"$gt": ""}',
  '$where: 1 == 1',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '%00',
  'null',
  'undefined',
  'NaN',
  'true',
  '-1',
  '1e309',
  '0x7fffffff',
  '00000000-0000-0000-0000-000000000000',
  'GM0344\u0000',
  'JZ22 ',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '2025-01-10T00:00:00Z',
  '+020250-01-01',
];

const HUGE_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  1e-320,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  1e21,
  123456789012345678901234567890,
];

/** A string a hostile client might send: the list above, random unicode including lone surrogates, or very long. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) }, // any code point, lone surrogates included
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', '€', '💥', "'", '\uD800'), fc.integer({ min: 256, max: 20_000 })).map(([c, n]) => c.repeat(n)) },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...HUGE_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** An object carrying a prototype key as an own key (so it is sent). */
export const prototypeKeyed: fc.Arbitrary<unknown> = fc.constantFrom(
  '{"__proto__": {"role": "admin", "polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"prototype": {"polluted": true}}',
  '{"__proto__": null}',
  '{"__proto__": []}',
).map((text) => JSON.parse(text) as unknown);

/** Nesting deep enough to hurt recursive code. */
export const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean())
  .map(([depth, arrays]) => JSON.parse(arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown);

/** Any value of the wrong kind for a field: other types, injection, prototype keys, huge numbers. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [''], [[]], { $ne: null }, { $gt: '' }, { $where: 'sleep(1)' }) },
  { weight: 1, arbitrary: prototypeKeyed },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deeplyNested },
);

/** Keys a client may add that the api does not know: prototype keys, injection, unicode. */
export const extraKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'role', 'organisationId', 'institutionId', 'version', 'state', '$where', 'a.b', ''),
  nastyString.filter((s) => s.length < 200),
);

/** Path parameters that are not the id of anything: not a UUID, very long, encoded, or a UUID of nothing. */
export const badPathParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '0',
    '-1',
    'null',
    'undefined',
    '%00',
    '%2e%2e%2f%2e%2e%2f',
    '%27%20OR%20%271%27%3D%271',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '%F0%9F%92%A5',
    '%ED%A0%80', // an encoded lone surrogate
    '%E2%80%AE',
  ),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid(), // valid, but of nothing
  fc.uuid().map((u) => `${u}x`),
  fc.integer({ min: 300, max: 9000 }).map((n) => 'a'.repeat(n)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((s) => encodeURIComponent(s)),
);

export const badIfMatch: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('*', 'W/"1"', '"abc"', '""', '"-1"', '"1.5"', '"1e3"', '"99999999999999999999999"', '"1", "2"', '1', 'null', ' ', "\"1' OR '1'='1\""),
  fc.integer().map((n) => `"${n}"`),
  fc.stringMatching(/^[\x20-\x7e]{0,30}$/), // what a header can carry

);

export const wrongContentType: fc.Arbitrary<string> = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/octet-stream',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/json',
  '',
  'garbage',
);
