import fc from 'fast-check';
import { badIfMatch, badPathParam, extraKey, nastyValue, wrongContentType } from './fuzz-values.js';

/**
 * One fuzzed request, as data (so fast-check can print and shrink it): which part of a valid
 * request it breaks and how. It is applied at run time to the route's current valid request,
 * whose ids come from fixtures that change as the run writes.
 */
export type FuzzCase =
  | { kind: 'valid' }
  | { kind: 'mutate'; pick: number; op: 'replace' | 'delete' | 'extra'; value: unknown; key: string }
  | { kind: 'random'; body: unknown }
  | { kind: 'malformed'; cut: number; junk: string | null }
  | { kind: 'oversized'; bytes: number; nested: boolean }
  | { kind: 'contentType'; contentType: string; form: boolean }
  | { kind: 'path'; pick: number; value: string }
  | { kind: 'ifMatch'; value: string };

const MALFORMED_JUNK = ['{', '}', '{"a":}', "{'a': 1}", '{"a": 1,}', '[1, 2', 'nul', 'tru', 'NaN', '{"a": NaN}', '{"a": Infinity}', '{"a": 1e400}', '{"a": 01}', '\uFEFF{}', '{"a": "b"}{"c": 1}', '"just a string"', '42', 'null', '[]', '[{}]', 'true', '{"a": "\\uD800\\u0000"}'];

/** The mix of cases for one route: bodies of the valid shape with one thing wrong reach deepest; fully random ones find the rest. */
export function fuzzCase(route: { hasParams: boolean; hasBody: boolean }): fc.Arbitrary<FuzzCase> {
  const arbitraries: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [
    { weight: 1, arbitrary: fc.constant({ kind: 'valid' as const }) },
    {
      weight: route.hasBody ? 10 : 2,
      arbitrary: fc.record({ kind: fc.constant('mutate' as const), pick: fc.nat(), op: fc.constantFrom('replace' as const, 'replace' as const, 'delete' as const, 'extra' as const), value: nastyValue, key: extraKey }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('random' as const), body: fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(extraKey, nastyValue, { maxKeys: 6 })) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('malformed' as const), cut: fc.double({ min: 0, max: 1, noNaN: true }), junk: fc.option(fc.oneof(fc.constantFrom(...MALFORMED_JUNK), fc.string({ unit: 'binary', maxLength: 100 })), { nil: null }) as fc.Arbitrary<string | null> }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('oversized' as const), bytes: fc.integer({ min: 100_001, max: 600_000 }), nested: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('contentType' as const), contentType: wrongContentType, form: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('ifMatch' as const), value: badIfMatch }) },
  ];
  if (route.hasParams) arbitraries.push({ weight: 3, arbitrary: fc.record({ kind: fc.constant('path' as const), pick: fc.nat(), value: badPathParam }) });
  return fc.oneof(...arbitraries);
}

export interface WireRequest {
  path: string;
  headers: Record<string, string>;
  /** the text sent, if any */
  body: string | undefined;
  /** the body as a JSON value, when the text sent is one (for checking an accepted request against the schema) */
  json: { value: unknown } | undefined;
}

/** Every place in a JSON value: the object and array positions, as key paths. */
function placesOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => placesOf(v, [...at, i]))];
  if (value !== null && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([k, v]) => placesOf(v, [...at, k]))];
  return [at];
}

function mutate(body: unknown, c: Extract<FuzzCase, { kind: 'mutate' }>): unknown {
  const copy = structuredClone(body ?? {});
  const places = placesOf(copy);
  const place = places[c.pick % places.length]!;
  if (place.length === 0 || c.op === 'extra') {
    // add a key the api does not know (at the top or in a nested object)
    const objects = places.map((p) => [p, p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy)] as const).filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
    const [, target] = objects[c.pick % Math.max(1, objects.length)] ?? [[], copy];
    if (target && typeof target === 'object') Object.defineProperty(target, c.key, { value: c.value, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  const parent = place.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown> | unknown[];
  const last = place[place.length - 1]!;
  if (c.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    (parent as Record<string | number, unknown>)[last] = c.value;
  }
  return copy;
}

/** What a JSON body parser may make of a text: nothing for no text, and a leading byte-order mark is allowed (RFC 8259). */
function asJson(text: string): { value: unknown } | undefined {
  if (text === '') return { value: {} };
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return undefined;
  }
}

/** The request a case makes of a route's valid request. */
export function applyCase(c: FuzzCase, template: string, params: Record<string, string>, body: unknown, headers: Record<string, string>): WireRequest {
  const names = Object.keys(params);
  const path = (values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);
  const json = (value: unknown): WireRequest => ({ path: path(params), headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(value), json: { value } });
  const validText = body === undefined ? undefined : JSON.stringify(body);
  switch (c.kind) {
    case 'valid':
      return body === undefined ? { path: path(params), headers, body: undefined, json: undefined } : json(body);
    case 'mutate':
      return json(mutate(body, c));
    case 'random':
      return json(c.body);
    case 'malformed': {
      const text = c.junk ?? (validText ?? '{"a": 1}').slice(0, Math.floor(c.cut * (validText ?? '{"a": 1}').length));
      return { path: path(params), headers: { ...headers, 'Content-Type': 'application/json' }, body: text, json: asJson(text) };
    }
    case 'oversized': {
      const padding = c.nested ? Array.from({ length: Math.ceil(c.bytes / 4) }, () => 1) : 'x'.repeat(c.bytes);
      return { ...json({ ...(body as object | undefined), padding }), json: undefined };
    }
    case 'contentType': {
      const text = c.form
        ? new URLSearchParams(Object.entries((body as Record<string, unknown> | undefined) ?? { a: '1' }).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()
        : (validText ?? '{}');
      return { path: path(params), headers: { ...headers, 'Content-Type': c.contentType }, body: text, json: undefined };
    }
    case 'path': {
      const name = names[c.pick % names.length]!;
      return { ...(body === undefined ? { headers, body: undefined, json: undefined } : json(body)), path: path({ ...params, [name]: c.value }) };
    }
    case 'ifMatch':
      return { ...(body === undefined ? { headers, body: undefined, json: undefined } : json(body)), headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), 'If-Match': c.value }, path: path(params) };
  }
}
