import type { HttpRequest, HttpResponse } from 'yunkit/core';
import { HttpTransport } from 'yunkit/core';
import { SangforClient, type SangforClientOptions } from 'yunkit/sangfor';

/** A transport that records instead of sending: validation tests assert nothing reached it. */
export class RecordingTransport extends HttpTransport {
  readonly sent: HttpRequest[] = [];
  constructor(private readonly answer?: (request: HttpRequest) => HttpResponse) {
    super();
  }
  override async send(request: HttpRequest): Promise<HttpResponse> {
    this.sent.push(request);
    if (this.answer === undefined)
      throw new Error(`unexpected request ${request.method} ${request.url.pathname}`);
    return this.answer(request);
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

/** A client wired to a RecordingTransport (no network at all). */
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
