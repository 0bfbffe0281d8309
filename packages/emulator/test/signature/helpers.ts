import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Mulberry32 } from '../../src/engine/index.js';
import type { WireRequest } from '../../src/signature-types.js';

/** The engine's seeded generator plus picking helpers, so every "random" request is reproducible from its seed. */
export class SeededRandom extends Mulberry32 {
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  string(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

export const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Query values that exercise encoding: space, `*()!'~`, `/+=&`, non-ASCII. */
export const AWKWARD = `${ALNUM} *()!'~/+=&-_.中ü`;

export function lookupFrom(
  records: Record<string, { secretKey: string; securityToken?: string }>,
): (ak: string) => { secretKey: string; securityToken?: string } | undefined {
  return (ak) => (Object.hasOwn(records, ak) ? records[ak] : undefined);
}

export function cloneWire(req: WireRequest): WireRequest {
  return { ...req, headers: { ...req.headers }, body: Buffer.from(req.body) };
}

/** Every tampered variant of a signed request: each must be rejected (unless the scheme does not sign that part). */
export function tamperings(
  req: WireRequest,
  signedHeaderNames: string[],
): Array<{ name: string; apply: (r: WireRequest) => void }> {
  const variants: Array<{ name: string; apply: (r: WireRequest) => void }> = [
    {
      name: 'method',
      apply: (r) => {
        r.method = r.method === 'GET' ? 'DELETE' : 'GET';
      },
    },
    {
      name: 'path',
      apply: (r) => {
        r.rawPath = `${r.rawPath.replace(/\/$/, '')}x`;
      },
    },
    {
      name: 'body byte',
      apply: (r) => {
        r.body = flipLastByte(r.body);
      },
    },
  ];
  if (req.rawQuery !== '') {
    variants.push({
      name: 'query value',
      apply: (r) => {
        r.rawQuery = changeFirstQueryValue(r.rawQuery);
      },
    });
  }
  for (const name of signedHeaderNames) {
    if (req.headers[name] === undefined) continue;
    variants.push({
      name: `header ${name}`,
      apply: (r) => {
        r.headers[name] = `${r.headers[name]}0`;
      },
    });
  }
  return variants;
}

function flipLastByte(body: Buffer): Buffer {
  if (body.length === 0) return Buffer.from('x');
  const copy = Buffer.from(body);
  copy[copy.length - 1] = copy[copy.length - 1]! ^ 0x01;
  return copy;
}

function changeFirstQueryValue(rawQuery: string): string {
  const parts = rawQuery.split('&');
  const first = parts[0]!;
  parts[0] = first.includes('=') ? `${first}Z` : `${first}=Z`;
  return parts.join('&');
}

/** Builds the WireRequest exactly as the emulator engine does from node's IncomingMessage. */
export async function wireFromIncoming(req: http.IncomingMessage): Promise<WireRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? 'GET',
    rawPath: q === -1 ? url : url.slice(0, q),
    rawQuery: q === -1 ? '' : url.slice(q + 1),
    headers,
    body: Buffer.concat(chunks),
  };
}

export interface CaptureServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A tiny HTTP server on 127.0.0.1, port 0, that hands every request (as a WireRequest) to `handle`
 * and sends back what it returns.
 */
export async function startServer(
  handle: (wire: WireRequest) => { status: number; body: unknown },
): Promise<CaptureServer> {
  const server = http.createServer((req, res) => {
    wireFromIncoming(req).then(
      (wire) => {
        const { status, body } = handle(wire);
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      },
      (error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Sends exactly these bytes (request target, header case and order kept) and returns status + JSON body. */
export async function sendRaw(
  port: number,
  request: { method: string; target: string; headers: Array<[string, string]>; body?: Buffer | string },
): Promise<{ status: number; body: unknown }> {
  const flat: string[] = [];
  // With raw (array) headers node adds no Host, and its server rejects HTTP/1.1 requests without one.
  if (!request.headers.some(([name]) => name.toLowerCase() === 'host'))
    flat.push('Host', `127.0.0.1:${port}`);
  for (const [name, value] of request.headers) flat.push(name, value);
  // Node sends DELETE/GET bodies without framing unless told the length.
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  if (body && !request.headers.some(([name]) => name.toLowerCase() === 'content-length')) {
    flat.push('Content-Length', String(body.length));
  }
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: request.method,
    path: request.target,
    headers: flat,
    agent: false,
  });
  req.end(body);
  const [res] = (await once(req, 'response')) as [http.IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) };
}
