import { type Agent as HttpAgent, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on values.
  json<T = any>(): T;
}

export interface TestRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  ca?: string;
  agent?: HttpAgent | HttpsAgent | false;
  /** Authenticates as the test provider's user. */
  auth?: boolean;
}

/** One HTTP(S) exchange on a fresh connection unless an agent is given. */
export function send(endpoint: string, path: string, init: TestRequest = {}): Promise<TestResponse> {
  const url = new URL(endpoint);
  const headers: Record<string, string> = { ...init.headers };
  if (init.auth !== false) headers['X-Test-Key'] ??= 'test-ak';
  if (init.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(init.body));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: init.method ?? 'GET',
        headers,
        agent: init.agent ?? false,
        ...(init.ca === undefined ? {} : { ca: init.ca }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

export function sendJson(
  endpoint: string,
  path: string,
  method: string,
  value: unknown,
): Promise<TestResponse> {
  return send(endpoint, path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(value),
  });
}
