import { Random, WeightedTable } from '@passend/platform';
import { SETTINGS } from '@passend/reference/domain';

/**
 * A realistic, reproducible mix of searches a guardian makes: free text (often with a typo),
 * filters, "near this municipality within r km" sorted by distance, and combinations with other
 * sorts and pages. Pure: the same seed gives the same list of query strings.
 */
export interface MixMunicipality {
  code: string;
  regionCode: string;
  population: number;
}

const TERMS = [
  'traumabehandeling', 'pleegzorg', 'gezinshuis', 'autisme', 'dagbehandeling', 'jeugd-ggz', 'verslavingszorg', 'lvb',
  'crisisopvang', 'vechtscheiding', 'eetstoornissen', 'kamertraining', 'moeder kind', 'adhd', 'huiselijk geweld',
  'gezinsbegeleiding', 'behandelgroep', 'jeugdzorgplus', 'emdr', 'angst somberheid', 'pleeggezin jonge kinderen',
  'trauma pleegzorg', 'ambulante hulp', 'delict recidive', 'licht verstandelijke beperking', 'gesloten jeugdzorg',
];

const SPECIALISMS = ['trauma_treatment', 'youth_mental_health', 'mild_intellectual_disability', 'autism', 'complex_divorce', 'foster_care', 'family_home_care', 'crisis_care', 'adhd'];
const CATEGORIES = ['43', '44', '45', '41', '46', '54'];
const SORTS = ['relevance', 'distance', 'wait', 'freshness'] as const;
const VOWELS = 'aeiou';

/** One typo a person makes: swapped neighbours, a missing, doubled or wrong letter (never the first). */
export function withTypo(random: Random, word: string): string {
  if (word.length < 5) return word;
  const i = random.int(1, word.length - 2);
  switch (random.int(0, 3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default: {
      const v = [...word].findIndex((c, k) => k >= i && VOWELS.includes(c));
      if (v < 0) return word.slice(0, i) + word.slice(i + 1);
      const other = VOWELS.replace(word[v]!, '');
      return word.slice(0, v) + other[random.int(0, other.length - 1)] + word.slice(v + 1);
    }
  }
}

function text(random: Random): string {
  const term = random.pick(TERMS);
  if (!random.chance(0.5)) return term;
  // a typo in the longest word
  const words = term.split(' ');
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
  return words.map((w) => (w === longest ? withTypo(random, w) : w)).join(' ');
}

function age(random: Random): string {
  return String(random.chance(0.2) ? random.int(0, 34) / 2 : random.int(0, 18));
}

export type SearchShape = 'text' | 'filters' | 'near' | 'combo';

export interface MixedSearch {
  shape: SearchShape;
  path: string;
}

export function searchMix(seed: number, count: number, municipalities: readonly MixMunicipality[]): MixedSearch[] {
  const random = new Random(seed);
  const places = new WeightedTable(municipalities, (m) => m.population);
  const regions = [...new Set(municipalities.map((m) => m.regionCode))].sort();
  const searches: MixedSearch[] = [];
  for (let n = 0; n < count; n++) {
    const p = new URLSearchParams();
    const shape = random.weighted<SearchShape>([['text', 30], ['filters', 25], ['near', 25], ['combo', 20]]);
    if (shape === 'text') {
      p.set('q', text(random));
      if (random.chance(0.4)) p.set('age', age(random));
      if (random.chance(0.2)) p.set('freeNow', 'true');
    } else if (shape === 'filters') {
      p.set('region', random.pick(regions));
      p.set('setting', random.sample(SETTINGS, random.int(1, 2)).join(','));
      p.set('age', age(random));
      if (random.chance(0.4)) p.set('freeNow', 'true');
      else if (random.chance(0.5)) p.set('maxWaitWeeks', String(random.pick([4, 8, 12])));
      if (random.chance(0.4)) p.set('contractedFor', random.pick(regions));
      if (random.chance(0.3)) p.set('secureCare', 'false');
      if (random.chance(0.2)) p.set('category', random.pick(CATEGORIES));
    } else if (shape === 'near') {
      p.set('near', places.draw(random).code);
      p.set('radiusKm', String(random.pick([10, 15, 25, 40, 50])));
      p.set('sort', 'distance');
      if (random.chance(0.5)) p.set('setting', random.pick(SETTINGS));
      if (random.chance(0.5)) p.set('age', age(random));
      if (random.chance(0.3)) p.set('freeNow', 'true');
    } else {
      p.set('q', text(random));
      p.set('near', places.draw(random).code);
      p.set('radiusKm', String(random.pick([15, 25, 50, 75])));
      p.set('sort', random.pick(SORTS));
      if (random.chance(0.3)) p.set('specialism', random.pick(SPECIALISMS));
      if (random.chance(0.3)) p.set('page', String(random.int(2, 3)));
    }
    if (random.chance(0.1)) p.set('perPage', '50');
    searches.push({ shape, path: `/api/social-map/offerings?${p.toString()}` });
  }
  return searches;
}
