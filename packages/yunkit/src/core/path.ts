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
  // encodeURIComponent leaves !'()* alone; they are legal in a path segment, but some servers
  // (and signers that re-encode per RFC 3986) treat them differently, so encode them too.
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
