import { ValidationError } from './errors.js';

/**
 * Builds a URL path from a template, percent-encoding every interpolated value as one segment:
 * `` path`/servers/${id}/action` ``. A value cannot add segments (`/`), a query (`?`) or a
 * fragment (`#`), and `''`, `.`, `..` or a non-string are rejected before anything is sent.
 */
export function path(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += encodePathSegment(value, `path segment ${i + 1}`) + (strings[i + 1] ?? '');
  });
  return out;
}

/** Percent-encodes one path segment; the same rules as the `path` tag. */
export function encodePathSegment(value: unknown, field = 'path segment'): string {
  if (typeof value !== 'string') {
    throw new ValidationError(
      `${field} must be a string, got ${value === null ? 'null' : typeof value}`,
      field,
    );
  }
  if (value === '' || value === '.' || value === '..') {
    throw new ValidationError(`${field} must not be ${value === '' ? 'empty' : `'${value}'`}`, field);
  }
  return strictEncode(value, field);
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;

function hexEscape(ch: string): string {
  return `%${ch.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * Percent-encodes everything outside the RFC 3986 unreserved set `A-Z a-z 0-9 - _ . ~`, UTF-8,
 * upper-case hex (so `%` itself becomes `%25`). encodeURIComponent leaves `!'()*` alone; they are
 * legal in a path segment, but some servers and every signer here treat them as reserved, so they
 * are encoded too. Shared with the signers (internal to yunkit).
 */
export function strictEncode(value: string, field = 'url'): string {
  if (UNRESERVED.test(value)) return value;
  try {
    return encodeURIComponent(value).replace(SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT, hexEscape);
  } catch {
    throw new ValidationError(
      'text contains an unpaired UTF-16 surrogate and cannot be percent-encoded',
      field,
    );
  }
}
