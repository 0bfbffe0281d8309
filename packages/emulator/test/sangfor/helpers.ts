import { randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { type EmulatorOptions, ManualClock, type RunningEmulator, startEmulator } from '@yunkit/emulator';
import { encryptSangforPassword, signSangforEc2 } from 'yunkit/signing';

export interface ScpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read SCP bodies loosely and assert on values.
  json: any;
}

export interface CallInit {
  query?: Record<string, string | number>;
  body?: unknown;
  /** Raw body bytes, sent as they are (overrides `body`). */
  rawBody?: string;
  /** `token` (default), `ec2`, or `none`. */
  auth?: 'token' | 'ec2' | 'none';
  headers?: Record<string, string>;
}

export interface Scp {
  emulator: RunningEmulator;
  clock: ManualClock;
  token(): Promise<string>;
  call(method: string, path: string, init?: CallInit): Promise<ScpResponse>;
  /** Moves the emulator clock and lets due tasks finish. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** 2024-07-25T08:00:00Z; the manual clock starts here so task timing is exact. */
export const T0 = Date.UTC(2024, 6, 25, 8, 0, 0);
export const TASK_MS = 100;

/** One HTTPS exchange on its own connection, header names kept as written. */
export function rawRequest(
  emulator: RunningEmulator,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: string,
): Promise<ScpResponse> {
  const url = new URL(emulator.endpoint);
  const allHeaders = { ...headers };
  if (body !== undefined) allHeaders['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: url.hostname,
        port: url.port,
        path: pathAndQuery,
        method,
        headers: allHeaders,
        agent: false,
        ...(emulator.certificate !== undefined ? { ca: emulator.certificate } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export async function login(emulator: RunningEmulator, password = emulator.credentials['password']!) {
  const key = await rawRequest(emulator, 'GET', '/janus/public-key', {});
  const cipher = encryptSangforPassword(key.json.data.public_key, password);
  return rawRequest(
    emulator,
    'POST',
    '/janus/authenticate',
    { 'Content-Type': 'application/json', Cookie: `aCMPAuthToken=${randomBytes(16).toString('hex')}` },
    JSON.stringify({
      auth: { passwordCredentials: { username: emulator.credentials['username'], password: cipher } },
    }),
  );
}

export function ec2Headers(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body: string,
  now: Date,
  extra: Record<string, string> = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Cookie: `aCMPAuthToken=${randomBytes(16).toString('hex')}`,
    ...extra,
  };
  const signed = signSangforEc2({
    method,
    url: new URL(path, emulator.endpoint),
    headers,
    body,
    now,
    credentials: {
      accessKeyId: emulator.credentials['accessKey']!,
      secretAccessKey: emulator.credentials['secretKey']!,
    },
  });
  return { ...headers, ...signed };
}

export async function startScp(
  options: Partial<Omit<EmulatorOptions, 'provider'>> & { manualClock?: boolean } = {},
): Promise<Scp> {
  const { manualClock = true, ...rest } = options;
  const clock = new ManualClock(T0);
  const emulator = await startEmulator({
    provider: 'sangfor',
    taskMs: TASK_MS,
    seed: 42,
    ...(manualClock ? { clock } : {}),
    ...rest,
  });
  let cachedToken: string | undefined;
  const scp: Scp = {
    emulator,
    clock,
    async token() {
      if (cachedToken === undefined) {
        const answer = await login(emulator);
        if (answer.status !== 200) throw new Error(`login failed: ${answer.status}`);
        cachedToken = answer.json.data.access.token.id as string;
      }
      return cachedToken;
    },
    async call(method, path, init = {}) {
      const query =
        init.query === undefined
          ? ''
          : `?${new URLSearchParams(Object.entries(init.query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
      const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
      let headers: Record<string, string> = {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      };
      const auth = init.auth ?? 'token';
      if (auth === 'token') headers['Authorization'] = `Token ${await scp.token()}`;
      if (auth === 'ec2') {
        const now = new Date(manualClock ? clock.now() : Date.now());
        headers = ec2Headers(emulator, method, path, body ?? '', now);
      }
      return rawRequest(emulator, method, `${path}${query}`, { ...headers, ...init.headers }, body);
    },
    advance(ms) {
      clock.advance(ms);
    },
    close: () => emulator.close(),
  };
  return scp;
}

/** Moves time past one task duration and reads the task. */
export async function finishTask(scp: Scp, taskId: string): Promise<ScpResponse> {
  scp.advance(TASK_MS + 1);
  return scp.call('GET', `/janus/20180725/tasks/${taskId}`);
}
