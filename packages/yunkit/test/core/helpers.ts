import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError, type HttpResponse, type OutgoingRequest, parseRetryAfter } from 'yunkit/core';

export interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (req: Received, res: http.ServerResponse, raw: http.IncomingMessage) => void;

export interface TestServer {
  url: string;
  port: number;
  received: Received[];
  connections: number;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1, port 0, recording every request it fully read. */
export async function startServer(
  handler: Handler,
  options: { tls?: { key: string; cert: string } } = {},
): Promise<TestServer> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const listener = (raw: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const req: Received = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        rawHeaders: raw.rawHeaders,
        headers: raw.headers,
        body: Buffer.concat(chunks),
      };
      received.push(req);
      handler(req, res, raw);
    });
  };
  const server = options.tls ? https.createServer(options.tls, listener) : http.createServer(listener);
  const state = { connections: 0 };
  server.on(options.tls ? 'secureConnection' : 'connection', () => {
    state.connections += 1;
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS handshake failures are expected in the certificate tests.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    received,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A generic parseError for tests: non-2xx → ApiError.from, with the url as the client would pass it. */
export function parseTestError(response: HttpResponse, request: OutgoingRequest): ApiError | undefined {
  if (response.status < 400) return undefined;
  let body: unknown = response.text();
  try {
    body = response.json();
  } catch {
    // keep the text
  }
  const message =
    typeof body === 'object' && body && 'message' in body ? String(body.message) : `HTTP ${response.status}`;
  return ApiError.from({
    provider: 'huawei',
    status: response.status,
    code: `E${response.status}`,
    message,
    body,
    method: request.method,
    url: request.url.href,
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
  });
}

export function headerValue(req: Received, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function closePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = http.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
