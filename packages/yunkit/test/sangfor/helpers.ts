import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpResponse } from 'yunkit/core';
import { HttpTransport } from 'yunkit/core';
import { SangforClient, type SangforClientOptions } from 'yunkit/sangfor';

/**
 * A real transport that also records what the client handed it. Requests go over a real socket to a
 * local server on 127.0.0.1 that answers with `answer(request)`; without an answer every request
 * fails, so validation tests can assert that nothing was sent. `received` is what the server saw,
 * header names as they came over the wire.
 */
export class RecordingTransport extends HttpTransport {
  readonly sent: HttpRequest[] = [];
  readonly received: Array<{ method: string; path: string; rawHeaders: string[]; body: Buffer }> = [];
  #server: Promise<{ server: Server; port: number }> | undefined;

  constructor(private readonly answer?: (request: HttpRequest) => HttpResponse) {
    super({ proxy: false });
  }

  override async send(request: HttpRequest): Promise<HttpResponse> {
    this.sent.push(request);
    if (this.answer === undefined)
      throw new Error(`unexpected request ${request.method} ${request.url.pathname}`);
    const { port } = await this.#listen();
    const url = new URL(request.url.href);
    url.protocol = 'http:';
    url.host = `127.0.0.1:${port}`;
    return super.send({ ...request, url });
  }

  override close(): void {
    super.close();
    void this.#server?.then(({ server }) => server.close());
  }

  #listen(): Promise<{ server: Server; port: number }> {
    this.#server ??= (async () => {
      const answer = this.answer!;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          this.received.push({
            method: req.method ?? '',
            path: req.url ?? '',
            rawHeaders: req.rawHeaders,
            body,
          });
          let reply: HttpResponse;
          try {
            reply = answer(this.sent[this.sent.length - 1]!);
          } catch {
            // An answer that throws stands for a connection lost after the request arrived.
            req.socket.destroy();
            return;
          }
          res.writeHead(reply.status, reply.headers);
          res.end(reply.body);
        });
      });
      // Tests do not close every client; an idle recorder must not keep the worker alive.
      server.unref();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return { server, port: (server.address() as AddressInfo).port };
    })();
    return this.#server;
  }
}

export function fakeResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  const buffer = Buffer.from(
    typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
    'utf8',
  );
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: buffer,
    text: () => buffer.toString('utf8'),
    json: <T>() => JSON.parse(buffer.toString('utf8')) as T,
  };
}

export const AZ = '3d0e8c0b-5b2e-4a57-8f69-1c2d3e4f5a6b';
export const VM = '9a3f2e1d-0c4b-4d5e-8f7a-6b5c4d3e2f1a';
export const VOL = '1b2c3d4e-5f60-4718-893a-0b1c2d3e4f50';

/** A client wired to a RecordingTransport (its own local server, nothing else). */
export function offlineClient(
  answer?: (request: HttpRequest) => HttpResponse,
  options: Partial<SangforClientOptions> = {},
): { client: SangforClient; transport: RecordingTransport } {
  const transport = new RecordingTransport(answer);
  const client = new SangforClient({
    host: '127.0.0.1:1',
    accessKey: 'AKTEST',
    secretKey: 'SKTEST-not-a-real-secret',
    env: false,
    retry: { maxAttempts: 1 },
    transport,
    ...options,
  });
  return { client, transport };
}
