import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '@yunkit/emulator';
import { HuaweiClient, type HuaweiClientOptions } from 'yunkit/huawei';

export interface HuaweiFixture {
  emulator: RunningEmulator;
  /** A temp HOME, so no test ever reads the real ~/.huaweicloud. */
  home: string;
  /** A client with the emulator's AK/SK and project id, one endpoint for every service. */
  client(overrides?: HuaweiClientOptions): HuaweiClient;
  close(): Promise<void>;
}

export async function startHuawei(options: Partial<EmulatorOptions> = {}): Promise<HuaweiFixture> {
  const emulator = await startEmulator({
    provider: 'huawei',
    host: '127.0.0.1',
    port: 0,
    taskMs: 100,
    seed: 7,
    ...options,
  });
  const home = mkdtempSync(join(tmpdir(), 'yunkit-hw-test-'));
  const clients: HuaweiClient[] = [];
  return {
    emulator,
    home,
    client(overrides = {}) {
      const c = new HuaweiClient({
        region: emulator.credentials.region ?? 'cn-north-4',
        endpoint: emulator.endpoint,
        credentials: {
          ak: emulator.credentials.accessKey!,
          sk: emulator.credentials.secretKey!,
          projectId: emulator.credentials.projectId!,
        },
        env: { HOME: home },
        retry: { baseDelayMs: 5, maxDelayMs: 50 },
        ...overrides,
      });
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await emulator.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A 127.0.0.1 URL where nothing listens: bind a port and close it again. */
export async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export const fastJob = { pollInterval: 20, maxPollInterval: 100, timeout: 20_000 };

/** Collects every raw exchange a client makes (through the seed's HttpHandler). */
export function recorder() {
  const requests: Array<{
    method: string;
    pathUrl: string;
    headers: Record<string, string>;
    body?: string | undefined;
  }> = [];
  return {
    requests,
    onRequest: (r: {
      method: string;
      pathUrl: string;
      headers: Record<string, string>;
      body: string | undefined;
    }) => {
      requests.push(r);
    },
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  /** Raw header pairs as received, name case kept. */
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A 127.0.0.1 server that records what arrives on the wire and answers with `reply`. */
export async function recordingServer(
  reply: (req: RecordedRequest) => {
    status?: number;
    body?: unknown;
    headers?: Record<string, string>;
  } = () => ({
    body: {},
  }),
) {
  const received: RecordedRequest[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(recorded);
      const answer = reply(recorded);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
