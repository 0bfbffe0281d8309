/**
 * HTTP round trips against the local emulators: one "list servers" page through yunkit's client,
 * through the official SDK where one exists, and through bare node:http(s) with a keep-alive agent
 * (signed once per request with yunkit/signing: the floor for signing + HTTP), plus an unsigned
 * control route (the pure transport floor). Sequential and with 8 requests in flight. Printed,
 * never asserted.
 *
 *   npx tsx --conditions=yunkit-source bench/http.ts   (against src; `npm run bench` runs the build)
 *   BENCH_HTTP_REQUESTS=…   measured requests per client and concurrency (default 500)
 *   BENCH_EMULATOR=in-process   serve from this process instead of a child process
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@yunkit/emulator';
import { HuaweiClient } from 'yunkit/huawei';
import { SangforClient } from 'yunkit/sangfor';
import { signHuawei, signSangforEc2 } from 'yunkit/signing';
import { cpuMs, isMain, layOutTable, withScratchHome } from './_shared.js';

export type EmulatorHosting = 'child-process' | 'in-process';

export interface HttpBenchOptions {
  /** Measured requests per client and concurrency, split over the rounds. */
  requests?: number;
  /** Where the emulators run; a child process keeps the server off the client's event loop. */
  emulator?: EmulatorHosting;
  log?: (line: string) => void;
}

export interface HttpBenchRow {
  scenario: string;
  client: string;
  concurrency: number;
  /** Undefined for a contender that does not exist (no official Sangfor SDK on npm). */
  result?: CellResult | undefined;
  /** The signed raw node:http(s) figure of the same scenario and concurrency. */
  rawReqPerSec?: number | undefined;
}

export interface CellResult {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of this process per request: the client's own cost when the emulator runs elsewhere. */
  cpuMsPerRequest: number;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Small enough that the emulator's own work does not drown the clients' differences. */
const PAGE_SIZE = 10;
const CONCURRENCIES = [1, 8] as const;
const ROUNDS = 3;
const DEFAULT_REQUESTS = 500;
const WARMUP_REQUESTS = 50;
const WARMUP_BUDGET_MS = 500;
/** Upper bound for one client at one concurrency, all rounds together: keeps the run well under a minute. */
const CELL_BUDGET_MS = 1_500;
const TASK_MS = 50;
const SEED = 20240725;
const READY_TIMEOUT_MS = 30_000;
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'];

// --- emulator hosting ----------------------------------------------------------------------------

interface HostedEmulator {
  endpoint: string;
  credentials: Record<string, string>;
  certificate?: string | undefined;
  hosting: EmulatorHosting;
  close(): Promise<void>;
}

/**
 * The `yunkit-emulator` command as this process loads the package: its source through tsx under the
 * `yunkit-source` condition, else the build (`npm run bench` runs the built packages).
 */
function emulatorCommand(): string[] {
  const entry = fileURLToPath(import.meta.resolve('@yunkit/emulator'));
  return entry.endsWith('.ts')
    ? ['--import', 'tsx', join(dirname(entry), 'cli.ts')]
    : [join(dirname(entry), 'cli.js')];
}

/**
 * `yunkit-emulator` in its own Node process: on 2 cores the client and the server then each get an
 * event loop and a core, and the client's CPU figures are its own.
 */
async function spawnEmulator(provider: string): Promise<HostedEmulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...emulatorCommand(), '--provider', provider, '--task-ms', String(TASK_MS), '--seed', String(SEED)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    if (stderr.length < 4_000) stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`yunkit-emulator ${provider} not ready after ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      lines.once('line', (text) => {
        clearTimeout(timer);
        resolve(text);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`yunkit-emulator ${provider} exited with ${code} before ready: ${stderr.trim()}`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const {
      endpoint,
      certificate,
      provider: _name,
      ...credentials
    } = JSON.parse(line) as Record<string, string>;
    if (endpoint === undefined) throw new Error(`yunkit-emulator ${provider}: no endpoint in its ready line`);
    return {
      endpoint,
      credentials,
      certificate,
      hosting: 'child-process',
      async close() {
        lines.close();
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(forced);
        process.removeListener('exit', killOnExit);
      },
    };
  } catch (error) {
    lines.close();
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    throw error;
  }
}

async function inProcessEmulator(provider: string): Promise<HostedEmulator> {
  const emulator = await startEmulator({ provider, taskMs: TASK_MS, seed: SEED });
  return {
    endpoint: emulator.endpoint,
    credentials: emulator.credentials,
    certificate: emulator.certificate,
    hosting: 'in-process',
    close: () => emulator.close(),
  };
}

async function hostEmulator(
  provider: string,
  hosting: EmulatorHosting,
  log: (line: string) => void,
): Promise<HostedEmulator> {
  if (hosting === 'in-process') return inProcessEmulator(provider);
  try {
    return await spawnEmulator(provider);
  } catch (error) {
    log(`  (child-process emulator failed: ${(error as Error).message}; serving ${provider} in-process)`);
    return inProcessEmulator(provider);
  }
}

// --- measurement ---------------------------------------------------------------------------------

type Operation = () => Promise<unknown>;

interface Sample {
  latencies: number[];
  wallMs: number;
  cpuMs: number;
}

/** `concurrency` workers share one request counter: a Promise pool with that many calls in flight. */
async function drive(op: Operation, count: number, concurrency: number, budgetMs: number): Promise<Sample> {
  const latencies: number[] = [];
  let issued = 0;
  const cpuStart = cpuMs();
  const start = performance.now();
  const deadline = start + budgetMs;
  const worker = async () => {
    while (issued < count && performance.now() < deadline) {
      issued++;
      const sent = performance.now();
      await op();
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - start;
  return { latencies, wallMs, cpuMs: cpuMs() - cpuStart };
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

interface Contender {
  client: string;
  /** The signed raw request: what "vs raw" divides by. */
  baseline?: boolean;
  /** Absent for a contender that does not exist: its row says so rather than being left out. */
  op?: Operation;
  /** How many servers one answer holds; checked once, so a broken setup cannot pass for a fast one. */
  items?: (answer: unknown) => number;
}

/**
 * Every contender warms up, then the measured requests are split into rounds that visit the
 * contenders in rotating order, so a burst from a neighbour or a GC pause spreads over all of them.
 */
async function measureScenario(
  scenario: string,
  contenders: Contender[],
  requests: number,
): Promise<HttpBenchRow[]> {
  const measured = contenders.filter(
    (contender): contender is Contender & { op: Operation } => contender.op !== undefined,
  );
  for (const contender of measured) {
    if (contender.items === undefined) continue;
    const got = contender.items(await contender.op());
    if (got !== PAGE_SIZE) {
      throw new Error(
        `${scenario}: ${contender.client} got ${got} servers, expected a full page of ${PAGE_SIZE}`,
      );
    }
  }
  const rows: HttpBenchRow[] = [];
  for (const concurrency of CONCURRENCIES) {
    for (const contender of measured)
      await drive(contender.op, WARMUP_REQUESTS, concurrency, WARMUP_BUDGET_MS);
    const samples = measured.map(() => ({ latencies: [] as number[], wallMs: 0, cpuMs: 0 }));
    for (let round = 0; round < ROUNDS; round++) {
      const perRound =
        Math.floor((requests * (round + 1)) / ROUNDS) - Math.floor((requests * round) / ROUNDS);
      for (let k = 0; k < measured.length; k++) {
        const index = (round + k) % measured.length;
        const sample = await drive(measured[index]!.op, perRound, concurrency, CELL_BUDGET_MS / ROUNDS);
        const total = samples[index]!;
        for (const latency of sample.latencies) total.latencies.push(latency);
        total.wallMs += sample.wallMs;
        total.cpuMs += sample.cpuMs;
      }
    }
    const results = new Map<Contender, CellResult>();
    measured.forEach((contender, i) => {
      const sample = samples[i]!;
      const sorted = sample.latencies.sort((a, b) => a - b);
      results.set(contender, {
        requests: sorted.length,
        reqPerSec: (sorted.length * 1000) / sample.wallMs,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
        cpuMsPerRequest: sample.cpuMs / sorted.length,
      });
    });
    const baseline = measured.find((contender) => contender.baseline);
    const raw = baseline && results.get(baseline)?.reqPerSec;
    for (const contender of contenders) {
      const result = results.get(contender);
      rows.push({ scenario, client: contender.client, concurrency, result, rawReqPerSec: raw });
    }
  }
  return rows;
}

// --- raw node:http(s) ----------------------------------------------------------------------------

/** One GET on a keep-alive agent; the whole body is read, as any client must before parsing it. */
function rawGet(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<Buffer> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    request(url, { method: 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode === 200) resolve(body);
        else
          reject(
            new Error(`GET ${url.pathname} answered ${res.statusCode}: ${body.toString().slice(0, 200)}`),
          );
      });
    })
      .on('error', reject)
      .end();
  });
}

const parse = (body: Buffer): unknown => JSON.parse(body.toString('utf8'));

// --- scenarios -----------------------------------------------------------------------------------

const huaweiItems = (answer: unknown) => (answer as { servers?: unknown[] }).servers?.length ?? 0;

async function huaweiScenario(
  emu: HostedEmulator,
  requests: number,
): Promise<{ rows: HttpBenchRow[]; pageBytes: number }> {
  const { accessKey, secretKey, projectId, region } = emu.credentials;
  if (!accessKey || !secretKey || !projectId) throw new Error('Huawei emulator gave no AK/SK/project id');
  const hw = new HuaweiClient({
    region: region ?? 'cn-north-4',
    endpoint: emu.endpoint,
    credentials: { ak: accessKey, sk: secretKey, projectId },
    http: { proxy: false },
  });

  // A full page to list: PAGE_SIZE servers in one create call, made through the API like a user would.
  const [image] = await hw.ims.images
    .listAll({ __imagetype: 'gold', __platform: 'Ubuntu', architecture: 'x86', status: 'active' })
    .toArray({ limit: 1 });
  const { vpcs } = await hw.vpc.vpcs.list();
  const vpc = vpcs.find((v) => v.name === 'vpc-default') ?? vpcs[0];
  if (!image || !vpc) throw new Error('Huawei emulator has no gold image or VPC');
  const [subnet] = (await hw.vpc.subnets.list({ vpc_id: vpc.id })).subnets;
  if (!subnet) throw new Error(`Huawei emulator: VPC ${vpc.id} has no subnet`);
  const created = await hw.ecs.servers.create({
    server: {
      name: 'bench',
      imageRef: image.id,
      flavorRef: 's6.large.2',
      vpcid: vpc.id,
      nics: [{ subnet_id: subnet.id }],
      root_volume: { volumetype: 'SSD', size: 40 },
      count: PAGE_SIZE,
    },
  });
  await hw.ecs.jobs.wait(created.job_id, { timeout: 60_000, pollInterval: TASK_MS });

  // The official SDK: HOME already points at a temporary directory (build() writes there).
  const core = await import('@huaweicloud/huaweicloud-sdk-core');
  const ecs = await import('@huaweicloud/huaweicloud-sdk-ecs');
  // It configures log4js at import and dumps every failed request, signed headers included, to stdout.
  const log4js = (await import('log4js')).default;
  log4js.configure({
    appenders: { quiet: { type: 'stdout' } },
    categories: { default: { appenders: ['quiet'], level: 'off' } },
  });
  const official = ecs.EcsClient.newBuilder()
    .withCredential(new core.BasicCredentials().withAk(accessKey).withSk(secretKey).withProjectId(projectId))
    .withEndpoint(emu.endpoint)
    .build();
  const sdkVersion = (
    createRequire(import.meta.url)('@huaweicloud/huaweicloud-sdk-ecs/package.json') as { version: string }
  ).version;

  const listUrl = new URL(`/v1/${projectId}/cloudservers/detail?limit=${PAGE_SIZE}&offset=1`, emu.endpoint);
  const healthUrl = new URL('/_emulator/health', emu.endpoint);
  const signedAgent = new http.Agent({ keepAlive: true });
  const healthAgent = new http.Agent({ keepAlive: true });
  const credentials = { accessKeyId: accessKey, secretAccessKey: secretKey };
  const signedRequest = () =>
    rawGet(
      signedAgent,
      listUrl,
      signHuawei({ method: 'GET', url: listUrl, headers: {}, credentials, projectId }),
    );
  const pageBytes = (await signedRequest()).length;

  try {
    const rows = await measureScenario(
      `Huawei ECS list servers (${PAGE_SIZE})`,
      [
        {
          client: 'yunkit HuaweiClient',
          op: () => hw.ecs.servers.list({ limit: PAGE_SIZE, offset: 1 }),
          items: huaweiItems,
        },
        {
          client: `official @huaweicloud/huaweicloud-sdk-ecs ${sdkVersion}`,
          op: () =>
            official.listServersDetails(
              new ecs.ListServersDetailsRequest().withLimit(PAGE_SIZE).withOffset(1),
            ),
          items: huaweiItems,
        },
        {
          client: 'raw node:http + signHuawei',
          baseline: true,
          op: async () => parse(await signedRequest()),
          items: huaweiItems,
        },
        {
          client: 'raw node:http, GET /_emulator/health, unsigned',
          op: async () => parse(await rawGet(healthAgent, healthUrl, {})),
        },
      ],
      requests,
    );
    return { rows, pageBytes };
  } finally {
    hw.close();
    signedAgent.destroy();
    healthAgent.destroy();
  }
}

const sangforItems = (answer: unknown) => (answer as { data?: unknown[] }).data?.length ?? 0;

async function sangforScenario(
  emu: HostedEmulator,
  requests: number,
): Promise<{ rows: HttpBenchRow[]; pageBytes: number }> {
  const { accessKey, secretKey } = emu.credentials;
  if (!accessKey || !secretKey || !emu.certificate) {
    throw new Error('Sangfor emulator gave no AK/SK or certificate');
  }
  const scp = new SangforClient({
    host: emu.endpoint,
    accessKey,
    secretKey,
    ca: emu.certificate,
    proxy: false,
    env: false,
    wait: { pollInterval: TASK_MS, maxPollInterval: TASK_MS * 4 },
  });

  const missing = PAGE_SIZE - (await scp.servers.count());
  if (missing > 0) {
    const [az] = await scp.resourcePools.list();
    if (!az) throw new Error('Sangfor emulator has no resource pool');
    const [tag] = await scp.resourcePools.storageTags(az.id);
    const [image] = await scp.images.list({ disk_format: 'aCloud', az_id: az.id, status: 'active' });
    const [vpc] = await scp.networks.listVpcs({ az_id: az.id }).toArray({ limit: 1 });
    if (!tag || !image || !vpc) throw new Error('Sangfor emulator lacks a storage tag, image or VPC');
    const [subnet] = await scp.networks.listSubnets({ vpc_id: vpc.id }).toArray({ limit: 1 });
    if (!subnet) throw new Error(`Sangfor emulator: VPC ${vpc.id} has no subnet`);
    const created = await scp.servers.create({
      az_id: az.id,
      image_id: image.id,
      storage_tag_id: tag.id,
      cores: 1,
      memory_mb: 1024,
      name: 'bench',
      count: missing,
      networks: [{ vif_id: 'net0', vpc_id: vpc.id, subnet_id: subnet.id, connect: 1, model: 'virtio' }],
      power_on: true,
    });
    await scp.tasks.wait(created.task_id, { timeout: 60_000 });
  }

  const listUrl = new URL(`/janus/20180725/servers?page_num=0&page_size=${PAGE_SIZE}`, emu.endpoint);
  const healthUrl = new URL('/_emulator/health', emu.endpoint);
  const signedAgent = new https.Agent({ keepAlive: true, ca: emu.certificate });
  const healthAgent = new https.Agent({ keepAlive: true, ca: emu.certificate });
  const credentials = { accessKeyId: accessKey, secretAccessKey: secretKey };
  // The same wire as the client's: the JSON content type and the old-SCP cookie, both signed.
  const cookie = `aCMPAuthToken=${randomBytes(16).toString('hex')}`;
  const signedRequest = async () => {
    const headers = { 'Content-Type': 'application/json', Cookie: cookie };
    Object.assign(headers, signSangforEc2({ method: 'GET', url: listUrl, headers, credentials }));
    return rawGet(signedAgent, listUrl, headers);
  };
  const pageBytes = (await signedRequest()).length;

  try {
    const rows = await measureScenario(
      `Sangfor list servers (${PAGE_SIZE})`,
      [
        {
          client: 'yunkit SangforClient (EC2 AK/SK, HTTPS)',
          op: () => scp.servers.listPage({ page_num: 0, page_size: PAGE_SIZE }),
          items: sangforItems,
        },
        // There is nothing to compare with: say so in the table rather than leave the row out.
        { client: 'official SDK: none on npm (Sangfor ships a Python sample only)' },
        {
          client: 'raw node:https + signSangforEc2',
          baseline: true,
          op: async () => (parse(await signedRequest()) as { data: unknown }).data,
          items: sangforItems,
        },
        {
          client: 'raw node:https, GET /_emulator/health, unsigned',
          op: async () => parse(await rawGet(healthAgent, healthUrl, {})),
        },
      ],
      requests,
    );
    return { rows, pageBytes };
  } finally {
    scp.close();
    signedAgent.destroy();
    healthAgent.destroy();
  }
}

/** Each scenario with the emulator it runs against and the transport that emulator serves. */
const SCENARIOS = [
  { provider: 'huawei', cloud: 'Huawei', transport: 'plain HTTP', measure: huaweiScenario },
  {
    provider: 'sangfor',
    cloud: 'Sangfor',
    transport: 'HTTPS (self-signed, trusted as ca)',
    measure: sangforScenario,
  },
] as const;

// --- output --------------------------------------------------------------------------------------

function formatTable(rows: HttpBenchRow[]): string {
  const header = [
    'scenario',
    'client',
    'in flight',
    'requests',
    'req/s',
    'p50 ms',
    'p99 ms',
    'CPU ms/req',
    'vs raw',
  ];
  const lines = rows.map((row) => {
    const r = row.result;
    if (r === undefined)
      return [row.scenario, row.client, String(row.concurrency), '-', '-', '-', '-', '-', '-'];
    return [
      row.scenario,
      row.client,
      String(row.concurrency),
      String(r.requests),
      Math.round(r.reqPerSec).toLocaleString('en-US'),
      r.p50Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      r.cpuMsPerRequest.toFixed(3),
      row.rawReqPerSec === undefined ? '-' : `${(r.reqPerSec / row.rawReqPerSec).toFixed(2)}x`,
    ];
  });
  const [headerLine, ruler, ...rendered] = layOutTable(header, lines, [0, 1]);
  const out = [headerLine!, ruler!];
  for (const [i, row] of rows.entries()) {
    const previous = rows[i - 1];
    if (previous && (previous.scenario !== row.scenario || previous.concurrency !== row.concurrency))
      out.push('');
    out.push(rendered[i]!);
  }
  return out.join('\n');
}

export async function run(options: HttpBenchOptions = {}): Promise<HttpBenchRow[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const requests = Math.max(
    ROUNDS,
    options.requests ?? Number(process.env['BENCH_HTTP_REQUESTS'] ?? DEFAULT_REQUESTS),
  );
  const hosting: EmulatorHosting =
    options.emulator ?? (process.env['BENCH_EMULATOR'] === 'in-process' ? 'in-process' : 'child-process');

  const cpu = cpus();
  log(`Node ${process.version}, ${process.platform}/${process.arch}`);
  log(`CPU: ${cpu[0]?.model.trim() ?? 'unknown'} (${cpu.length} logical cores)`);

  const rows: HttpBenchRow[] = [];
  const notes: string[] = [];
  // Every request here goes to 127.0.0.1: a developer's proxy settings must not reroute the SDKs.
  await withScratchHome(async () => {
    for (const { provider, cloud, transport, measure } of SCENARIOS) {
      const emulator = await hostEmulator(provider, hosting, log);
      try {
        const result = await measure(emulator, requests);
        rows.push(...result.rows);
        notes.push(
          `${cloud}: emulator ${emulator.hosting}, ${transport}; one page = ${PAGE_SIZE} servers, ${(result.pageBytes / 1024).toFixed(1)} KiB of JSON.`,
        );
      } finally {
        await emulator.close();
      }
    }
  }, PROXY_VARIABLES);

  log('');
  log(formatTable(rows));
  log('');
  for (const note of notes) log(note);
  log(
    `Each row: ${WARMUP_REQUESTS} warm-up requests, then up to ${requests} measured in ${ROUNDS} interleaved rounds (at most ${CELL_BUDGET_MS / 1000} s).`,
  );
  log('req/s = completed requests / wall time; p50/p99 = per-request latency; every client parses the JSON.');
  log(
    'CPU ms/req = CPU time of this (client) process per request; includes the server when it runs in-process.',
  );
  log(
    'vs raw = req/s relative to bare node:http(s) with a keep-alive agent, signed per request by yunkit/signing.',
  );
  return rows;
}

if (isMain(import.meta.url)) {
  await run();
  process.exit(0);
}
