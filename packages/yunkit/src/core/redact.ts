/**
 * Redaction of secrets before anything reaches a log line, a hook or an error.
 *
 * Names are matched after lower-casing and dropping `-`, `_` and `.`, so `X-Auth-Token`,
 * `secret_key`, `SecretAccessKey` and `x.amz.signature` all count.
 */

export const REDACTED = '***';

/** Substrings that make a key sensitive wherever they appear in it. */
const SENSITIVE_PARTS = [
  'password',
  'passwd',
  // OpenStack/Huawei ECS `adminPass`; a bare 'pass' part would also catch `hw:passthrough`.
  'adminpass',
  'passphrase',
  'secret',
  'token',
  'signature',
  'authorization',
  'cookie',
  'credential',
  'privatekey',
  'sessionkey',
  'apikey',
];
/** Whole keys that are sensitive although too short to match by substring safely. */
const SENSITIVE_EXACT = new Set(['sk', 'sig', 'pwd', 'pass', 'auth', 'session', 'sessionid']);
/** Names that contain "token" but carry no secret: cursors and idempotency tokens stay readable. */
const NOT_SECRET = new Set([
  'nexttoken',
  'pagetoken',
  'nextpagetoken',
  'continuationtoken',
  'clienttoken',
  'xclienttoken',
  'idempotencytoken',
  'tokenexpiresat',
]);

/**
 * Objects under these keys are envelopes, not secrets: Keystone's `{"auth":{"identity":{"methods":["token"],
 * "token":{"id":...}}}}` would otherwise make the word "token" itself a secret to scrub from every message.
 */
const WRAPPER_KEYS = new Set(['auth', 'session']);
/** Plain descriptors that sit beside secrets (a user's name next to the password, a token's expiry). */
const DESCRIPTIVE_KEYS = new Set([
  'name',
  'type',
  'methods',
  'expires',
  'expiresat',
  'issuedat',
  'durationseconds',
]);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}

/** True when a header, query parameter or body field with this name carries a secret. */
export function isSensitiveKey(key: string): boolean {
  const k = normalizeKey(key);
  if (SENSITIVE_EXACT.has(k)) return true;
  if (NOT_SECRET.has(k)) return false;
  return SENSITIVE_PARTS.some((part) => k.includes(part));
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isSensitiveKey(name) ? REDACTED : value;
  }
  return out;
}

/** Deep copy with every sensitive field replaced; cycles and depth are bounded. */
export function redactValue(value: unknown): unknown {
  return redactDeep(value, 0, new WeakSet());
}

const MAX_DEPTH = 32;

function redactDeep(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  if (value instanceof Date) return value;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
    if (value instanceof URLSearchParams) return redactQuery(value).toString();
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSensitiveKey(key) ? REDACTED : redactDeep(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function redactQuery(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of params) out.append(name, isSensitiveKey(name) ? REDACTED : value);
  return out;
}

/** The URL as a string with user info and sensitive query parameters replaced. */
export function redactUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : new URL(url.href);
  } catch {
    // Not a URL we can parse: drop everything after '?' rather than risk leaking a query.
    const text = String(url);
    const q = text.indexOf('?');
    return q === -1 ? text : `${text.slice(0, q)}?${REDACTED}`;
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  let sensitive = false;
  for (const name of parsed.searchParams.keys()) {
    if (isSensitiveKey(name)) sensitive = true;
  }
  if (!sensitive) return parsed.href;
  // Rebuild only the sensitive values so the rest of the query keeps its original encoding.
  const parts = parsed.search
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      return isSensitiveKey(name) ? `${rawName}=${REDACTED}` : pair;
    });
  parsed.search = `?${parts.join('&')}`;
  return parsed.href;
}

/**
 * Collects the literal secret values of one request (sensitive header values, query values,
 * body fields, URL password) so that text built from elsewhere (an error message that echoes
 * the request, a system error) can be scrubbed of them.
 */
export class SecretScrubber {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    // Very short values would scrub ordinary words out of messages; they are not worth hiding.
    if (value && value.length >= 4) this.secrets.add(value);
  }

  addHeaders(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) {
      if (!isSensitiveKey(name)) continue;
      this.add(value);
      // `Authorization: Bearer abc` / `OAuth abc`: the credential part alone may be echoed.
      const space = value.indexOf(' ');
      if (space > 0) this.add(value.slice(space + 1));
      // Signature=..., Credential=... inside structured Authorization values.
      for (const m of value.matchAll(/(?:Signature|signature)=([^,\s]+)/g)) this.add(m[1]);
    }
  }

  addUrl(url: URL): void {
    if (url.password) {
      this.add(url.password);
      this.add(decodeURIComponent(url.password));
    }
    for (const [name, value] of url.searchParams) {
      if (isSensitiveKey(name)) {
        this.add(value);
        this.add(encodeURIComponent(value));
      }
    }
  }

  addBody(body: Uint8Array | string | undefined): void {
    if (body === undefined) return;
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        this.collect(JSON.parse(text), false, 0);
        return;
      } catch {
        // fall through to form parsing
      }
    }
    if (text.includes('=')) {
      for (const [name, value] of new URLSearchParams(text)) {
        if (isSensitiveKey(name)) this.add(value);
      }
    }
  }

  private collect(value: unknown, sensitive: boolean, depth: number, key = ''): void {
    if (depth > MAX_DEPTH) return;
    if (typeof value === 'string' || typeof value === 'number') {
      if (sensitive && !DESCRIPTIVE_KEYS.has(normalizeKey(key))) this.add(String(value));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) this.collect(item, sensitive, depth + 1, key);
      return;
    }
    for (const [name, item] of Object.entries(value)) {
      // `{"auth": {...}}` wraps secrets in plain structure; the secrets below carry names of their own.
      const wrapper = typeof item === 'object' && item !== null && WRAPPER_KEYS.has(normalizeKey(name));
      this.collect(item, sensitive || (isSensitiveKey(name) && !wrapper), depth + 1, name);
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** Replaces secrets anywhere in a JSON-like value (strings only; structure kept). */
  scrubValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item, depth + 1));
    if (Buffer.isBuffer(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = this.scrubValue(item, depth + 1);
    return out;
  }
}
