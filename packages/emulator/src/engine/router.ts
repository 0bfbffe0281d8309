import type { RouteHandler, RouteOptions, Router } from './types.js';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'rest' };

interface Route<H> {
  method: string;
  pattern: string;
  segments: Segment[];
  handler: H;
  public: boolean;
}

export type RouteMatch<H = RouteHandler> =
  | { kind: 'found'; handler: H; params: Record<string, string>; public: boolean; pattern: string }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

/** Splits a still-encoded path into segments; a trailing slash is ignored so '/a/' routes like '/a'. */
export function splitPath(rawPath: string): string[] {
  const parts = rawPath.split('/').slice(1);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function parsePattern(pattern: string): Segment[] {
  if (!pattern.startsWith('/')) throw new Error(`route pattern must start with '/': ${pattern}`);
  const parts = splitPath(pattern);
  return parts.map((part, index): Segment => {
    if (part === '*') {
      if (index !== parts.length - 1) throw new Error(`'*' must be the last segment: ${pattern}`);
      return { kind: 'rest' };
    }
    if (part.startsWith(':')) {
      if (part.length === 1) throw new Error(`empty parameter name in ${pattern}`);
      return { kind: 'param', name: part.slice(1) };
    }
    return { kind: 'literal', value: part };
  });
}

/**
 * Segments are decoded one by one (an encoded '/' inside an id stays inside that id); a
 * malformed escape throws URIError, which the server answers with 400.
 */
export class RouteTable<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H, opts: RouteOptions = {}): void {
    this.routes.push({
      method: method.toUpperCase(),
      pattern,
      segments: parsePattern(pattern),
      handler,
      public: opts.public === true,
    });
  }

  match(method: string, rawPath: string): RouteMatch<H> {
    const encoded = splitPath(rawPath);
    const decoded = encoded.map((segment) => decodeURIComponent(segment));
    const upper = method.toUpperCase();
    let best: { route: Route<H>; params: Record<string, string>; score: number[] } | undefined;
    const allow = new Set<string>();
    for (const route of this.routes) {
      const matched = matchSegments(route.segments, decoded);
      if (matched === undefined) continue;
      // HEAD is answered by the GET route (node sends the headers without the body).
      const methodMatches =
        route.method === '*' || route.method === upper || (upper === 'HEAD' && route.method === 'GET');
      if (!methodMatches) {
        allow.add(route.method);
        continue;
      }
      if (best === undefined || compareScores(matched.score, best.score) > 0) {
        best = { route, params: matched.params, score: matched.score };
      }
    }
    if (best !== undefined) {
      return {
        kind: 'found',
        handler: best.route.handler,
        params: best.params,
        public: best.route.public,
        pattern: best.route.pattern,
      };
    }
    if (allow.size > 0) return { kind: 'method-not-allowed', allow: [...allow].sort() };
    return { kind: 'not-found' };
  }
}

/** The router providers register their routes on. */
export class PathRouter extends RouteTable<RouteHandler> implements Router {}

function matchSegments(
  segments: Segment[],
  path: string[],
): { params: Record<string, string>; score: number[] } | undefined {
  const params: Record<string, string> = {};
  // Score per position: literal 2, parameter 1, rest 0, so specific routes win whatever the order.
  const score: number[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === 'rest') {
      params['*'] = path.slice(i).join('/');
      score.push(0);
      return { params, score };
    }
    const part = path[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (segment.value !== part) return undefined;
      score.push(2);
    } else {
      if (part === '') return undefined;
      params[segment.name] = part;
      score.push(1);
    }
  }
  return segments.length === path.length ? { params, score } : undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
