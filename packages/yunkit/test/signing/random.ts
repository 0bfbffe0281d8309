/** Deterministic generators for the differential tests: the same seed gives the same requests. */

export class Prng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** mulberry32: tiny, fast and good enough to spread test cases. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A string of `min..max` characters drawn from `alphabet` (whole code points). */
  text(alphabet: readonly string[], min: number, max: number): string {
    const length = min + this.int(max - min + 1);
    let out = '';
    for (let i = 0; i < length; i++) out += this.pick(alphabet);
    return out;
  }
}

export const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
/** Unreserved, reserved, space, percent, quote, non-ASCII (2, 3 and 4 UTF-8 bytes). */
export const AWKWARD = [
  ...ALNUM,
  ...'-_.~',
  ...":/?#[]@!$&'()*+,;=",
  ' ',
  '%',
  '"',
  '<',
  '>',
  '^',
  '|',
  '`',
  '{',
  '}',
  'ü',
  'é',
  '中',
  '文',
  '🙂',
];
/** Characters RFC 3986 lets a path segment carry unescaped. */
const PATH_SAFE = new Set([...ALNUM, ...'-_.~', ...':@!$&()*+,;=']);

/**
 * A percent-encoded path the way a client would put it on the wire: unreserved and sub-delimiter
 * characters raw, everything else (including `'`, which Node's legacy `url.parse` and WHATWG URL
 * treat differently) as UTF-8 `%XX`, sometimes in lower-case hex.
 */
export function randomPath(rng: Prng, prefix: string): string {
  const segments = [prefix];
  const count = 1 + rng.int(4);
  for (let i = 0; i < count; i++) {
    if (rng.chance(0.08)) {
      segments.push('');
      continue;
    }
    let segment = '';
    for (const ch of rng.text(AWKWARD, 1, 10)) {
      if (PATH_SAFE.has(ch)) segment += ch;
      else {
        for (const byte of Buffer.from(ch, 'utf8')) {
          const hex = byte.toString(16).padStart(2, '0');
          segment += `%${rng.chance(0.2) ? hex : hex.toUpperCase()}`;
        }
      }
    }
    // A segment of dots is a dot-segment that URL parsers resolve away; not a signing question.
    if (/^\.+$/.test(segment)) segment = `x${segment}`;
    segments.push(segment);
  }
  return segments.join('/') + (rng.chance(0.3) ? '/' : '');
}

export type QueryParams = Record<string, string | string[]>;

/** Query parameters with repeated keys (arrays), empty values, reserved and non-ASCII text. */
export function randomQuery(rng: Prng, options: { emptyKeys: boolean }): QueryParams {
  const params: QueryParams = {};
  const count = rng.int(6);
  for (let i = 0; i < count; i++) {
    const key =
      options.emptyKeys && rng.chance(0.05) ? '' : rng.text(rng.chance(0.7) ? ALNUM : AWKWARD, 1, 8);
    if (key === '__proto__') continue;
    const value = () => (rng.chance(0.15) ? '' : rng.text(AWKWARD, 1, 12));
    if (rng.chance(0.2)) {
      const values: string[] = [];
      const n = 2 + rng.int(3);
      for (let j = 0; j < n; j++) values.push(value());
      params[key] = values;
    } else {
      params[key] = value();
    }
  }
  return params;
}

/** A JSON body of nested objects, arrays, numbers, booleans and awkward strings. */
function randomJson(rng: Prng, depth = 0): unknown {
  const kind = rng.int(depth > 2 ? 4 : 6);
  switch (kind) {
    case 0:
      return rng.text(AWKWARD, 0, 16);
    case 1:
      return rng.int(100000) - 500;
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4: {
      const list: unknown[] = [];
      for (let i = rng.int(4); i > 0; i--) list.push(randomJson(rng, depth + 1));
      return list;
    }
    default: {
      const object: Record<string, unknown> = {};
      for (let i = 1 + rng.int(4); i > 0; i--) object[rng.text(ALNUM, 1, 8)] = randomJson(rng, depth + 1);
      return object;
    }
  }
}

/** A JSON object body, as every API request body of these clouds is. */
export function randomJsonObject(rng: Prng): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = rng.int(5); i > 0; i--) object[rng.text(ALNUM, 1, 8)] = randomJson(rng, 1);
  return object;
}

/** Printable header value text (no control characters, no surrounding blanks unless asked). */
export function randomHeaderValue(rng: Prng, withOuterBlanks: boolean): string {
  const core = rng.text([...ALNUM, ' ', '-', '_', '=', ';', ',', '/', ':', '"', '  '], 1, 20).trim() || 'v';
  if (!withOuterBlanks) return core;
  return `${rng.pick(['', ' ', '  ', '\t'])}${core}${rng.pick(['', ' ', '\t '])}`;
}

/**
 * Tallies which awkward shapes the generated requests really contained, so that a generator that
 * quietly stops producing one (say, after a refactor) fails the test instead of passing vacuously.
 */
export class Coverage {
  readonly #counts = new Map<string, number>();
  #cases = 0;

  /** Records one request: its path and query as sent, plus any scheme-specific flags. */
  add(url: URL, extra: Record<string, boolean> = {}): void {
    this.#cases++;
    const path = url.pathname;
    const pairs = url.search
      .slice(1)
      .split('&')
      .filter((part) => part !== '')
      .map((part) => {
        const eq = part.indexOf('=');
        const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
        return eq < 0
          ? { key: decode(part), value: '' }
          : { key: decode(part.slice(0, eq)), value: decode(part.slice(eq + 1)) };
      });
    const keys = pairs.map((pair) => pair.key);
    const flags: Record<string, boolean> = {
      'path: non-ASCII (UTF-8 escapes)': /%[89a-f][0-9a-f]/i.test(path),
      'path: reserved characters': /%(?:2[0-9a-f]|3[a-f]|40|5[b-e]|7[b-d])|[!$&()*+,;=:@]/i.test(path),
      'path: literal percent (%25)': /%25/.test(path),
      'path: lower-case hex escape': /%(?:[0-9a-f][a-f]|[a-f][0-9a-f])/.test(path),
      'path: empty segment or trailing slash': /\/\/|\/$/.test(path),
      'query: repeated key': new Set(keys).size < keys.length,
      'query: empty key': keys.includes(''),
      'query: empty value': pairs.some((pair) => pair.value === ''),
      'query: non-ASCII': pairs.some((pair) => /[^\x20-\x7e]/.test(pair.key + pair.value)),
      "query: reserved and !'()*": pairs.some((pair) =>
        /[!'()*&=+/?#[\]@$,;:% ]/.test(pair.key + pair.value),
      ),
      ...extra,
    };
    for (const [name, present] of Object.entries(flags)) {
      if (present) this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
    }
  }

  /** Every named shape must have appeared in at least `fraction` of the requests. */
  expectEach(names: readonly string[], fraction: number): Record<string, number> {
    const seen: Record<string, number> = {};
    for (const name of names) seen[name] = this.#counts.get(name) ?? 0;
    const missing = names.filter((name) => seen[name]! < this.#cases * fraction);
    if (missing.length > 0) throw new Error(`generator too rarely produced: ${missing.join(', ')}`);
    return seen;
  }
}

export const PATH_SHAPES = [
  'path: non-ASCII (UTF-8 escapes)',
  'path: reserved characters',
  'path: literal percent (%25)',
  'path: lower-case hex escape',
  'path: empty segment or trailing slash',
] as const;

export const QUERY_SHAPES = [
  'query: repeated key',
  'query: empty key',
  'query: empty value',
  'query: non-ASCII',
  "query: reserved and !'()*",
] as const;
