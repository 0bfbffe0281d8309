import { type EmulatorOptions, ManualClock, type RunningEmulator, startEmulator } from '@yunkit/emulator';
import { signHuawei, signHuaweiDerived } from 'yunkit/signing';

/** A running Huawei emulator on a manual clock, plus a raw HTTP caller that signs like the SDK. */
export interface HuaweiHarness {
  emu: RunningEmulator;
  clock: ManualClock;
  projectId: string;
  call(options: CallOptions): Promise<CallResult>;
  /** Advances the clock and lets the emulator apply due task completions. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface CallOptions {
  method?: string;
  /** `{pid}` is replaced by the default project id. */
  path: string;
  query?: Record<string, string | string[]> | string;
  body?: unknown;
  headers?: Record<string, string>;
  /** 'sdk' (default), 'v11', 'token' (X-Auth-Token) or 'none'. */
  auth?: 'sdk' | 'v11' | 'token' | 'none';
  token?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; securityToken?: string };
  /** X-Project-Id header; default the project id in the path ('{pid}'), false = none. */
  projectHeader?: string | false;
  /** Signing time; default the emulator's clock. */
  signedAt?: Date;
  /** Changes the request after signing (tamper tests). */
  afterSign?: (request: { url: URL; headers: Record<string, string>; body: string | undefined }) => void;
  region?: string;
  service?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected field by field in tests
  json: any;
}

export async function startHuawei(options: Partial<EmulatorOptions> = {}): Promise<HuaweiHarness> {
  const clock =
    options.clock instanceof ManualClock ? options.clock : new ManualClock(Date.UTC(2024, 0, 15, 8, 30, 0));
  const emu = await startEmulator({ provider: 'huawei', taskMs: 1000, seed: 7, ...options, clock });
  const projectId = emu.credentials.projectId!;
  const harness: HuaweiHarness = {
    emu,
    clock,
    projectId,
    advance(ms) {
      clock.advance(ms);
      emu.context.tasks.tick();
    },
    close: () => emu.close(),
    async call(o) {
      const path = o.path.replaceAll('{pid}', projectId);
      const url = new URL(path, emu.endpoint);
      if (typeof o.query === 'string') url.search = o.query;
      else if (o.query) {
        // Spaces as %20, as the SDK's querystring.stringify sends them (URLSearchParams would write '+').
        const parts: string[] = [];
        for (const [k, v] of Object.entries(o.query)) {
          for (const item of Array.isArray(v) ? v : [v])
            parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(item)}`);
        }
        url.search = parts.join('&');
      }
      const body =
        o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ...o.headers };
      // As the SDK: BasicCredentials send X-Project-Id everywhere except on IAM.
      const iam = /^\/v3(\.0)?\//.test(o.path) && !o.path.includes('{pid}');
      const projectHeader = o.projectHeader === undefined ? (iam ? undefined : projectId) : o.projectHeader;
      if (projectHeader) headers['X-Project-Id'] = projectHeader;
      const method = o.method ?? 'GET';
      const auth = o.auth ?? 'sdk';
      const credentials = o.credentials ?? {
        accessKeyId: emu.credentials.accessKey!,
        secretAccessKey: emu.credentials.secretKey!,
      };
      const now = o.signedAt ?? new Date(clock.now());
      if (auth === 'sdk' || auth === 'v11') {
        const input = {
          method,
          url,
          headers,
          ...(body !== undefined ? { body } : {}),
          credentials,
          now,
        };
        const added =
          auth === 'sdk'
            ? signHuawei(input)
            : signHuaweiDerived({ ...input, region: o.region ?? 'cn-north-4', service: o.service ?? 'ecs' });
        Object.assign(headers, added);
      } else if (auth === 'token') {
        headers['X-Auth-Token'] = o.token ?? '';
      }
      const wire = { url, headers, body };
      o.afterSign?.(wire);
      const response = await fetch(wire.url, {
        method,
        headers: wire.headers,
        ...(wire.body !== undefined ? { body: wire.body } : {}),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
  };
  return harness;
}

/** Polls a job with the clock: advances in steps until it ends, returns the final ShowJob body. */
export async function runJob(h: HuaweiHarness, jobId: string, stepMs = 250, maxSteps = 40) {
  for (let i = 0; i < maxSteps; i++) {
    const job = await h.call({ path: `/v1/{pid}/jobs/${jobId}` });
    if (job.status !== 200) throw new Error(`ShowJob answered ${job.status}: ${job.text}`);
    if (job.json.status === 'SUCCESS' || job.json.status === 'FAIL') return job.json;
    h.advance(stepMs);
  }
  throw new Error(`job ${jobId} did not finish`);
}

export async function defaultNetwork(h: HuaweiHarness): Promise<{ vpcId: string; subnetId: string }> {
  const vpcs = await h.call({ path: '/v1/{pid}/vpcs' });
  const vpc = vpcs.json.vpcs.find((v: { name: string }) => v.name === 'vpc-default');
  const subnets = await h.call({ path: '/v1/{pid}/subnets', query: { vpc_id: vpc.id } });
  return { vpcId: vpc.id, subnetId: subnets.json.subnets[0].id };
}

export async function goldImageId(h: HuaweiHarness, name = 'CentOS 7.9 64bit'): Promise<string> {
  const images = await h.call({ path: '/v2/cloudimages', query: { __imagetype: 'gold', name } });
  return images.json.images[0].id;
}

export async function serverBody(h: HuaweiHarness, overrides: Record<string, unknown> = {}) {
  const { vpcId, subnetId } = await defaultNetwork(h);
  return {
    server: {
      name: 'web',
      imageRef: await goldImageId(h),
      flavorRef: 's6.large.2',
      vpcid: vpcId,
      nics: [{ subnet_id: subnetId }],
      root_volume: { volumetype: 'SSD', size: 40 },
      availability_zone: 'cn-north-4a',
      ...overrides,
    },
  };
}

/** Creates servers and runs the job to the end; returns the job body and the server ids. */
export async function createServers(h: HuaweiHarness, overrides: Record<string, unknown> = {}) {
  const created = await h.call({
    method: 'POST',
    path: '/v1/{pid}/cloudservers',
    body: await serverBody(h, overrides),
  });
  if (created.status !== 200) throw new Error(`create answered ${created.status}: ${created.text}`);
  const job = await runJob(h, created.json.job_id);
  return { job, serverIds: created.json.serverIds as string[] };
}
