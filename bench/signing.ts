/**
 * Signing throughput: each yunkit signer beside the official implementation of the same scheme
 * and beside the floor, the bare SHA-256/HMAC work the scheme cannot avoid (payload hash,
 * canonical-request hash and the final HMAC with an already derived key). Printed, never asserted.
 *
 *   npx tsx --conditions=yunkit-source bench/signing.ts      (BENCH_MS=… per measurement, default 400)
 */
import { createHmac, generateKeyPairSync, hash, publicEncrypt, constants as rsaConstants } from 'node:crypto';
import { createRequire } from 'node:module';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  encryptSangforPassword,
  huaweiDerivedKey,
  signHuawei,
  signHuaweiDerived,
  signHuaweiDetailed,
  signSangforEc2,
  signSangforEc2Detailed,
  signSigV4,
  signSigV4Detailed,
  signVolcengine,
  signVolcengineDetailed,
  signZstack,
  signZstackDetailed,
  volcengineSigningKey,
} from 'yunkit/signing';
import { cpuMs, isMain, layOutTable, withScratchHome } from './_shared.js';

type Op = () => unknown;
type AsyncOp = () => Promise<unknown>;

export interface BenchRow {
  scheme: string;
  yunkit: number;
  official?: number | undefined;
  officialName: string;
  floor: number;
}

const ROUNDS = 3;

function timeSync(op: Op, budgetMs: number): number {
  let ops = 0;
  const start = cpuMs();
  let elapsed = 0;
  do {
    for (let i = 0; i < 100; i++) op();
    ops += 100;
    elapsed = cpuMs() - start;
  } while (elapsed < budgetMs);
  return (ops * 1000) / elapsed;
}

async function timeAsync(op: AsyncOp, budgetMs: number): Promise<number> {
  let ops = 0;
  const start = cpuMs();
  let elapsed = 0;
  do {
    for (let i = 0; i < 100; i++) await op();
    ops += 100;
    elapsed = cpuMs() - start;
  } while (elapsed < budgetMs);
  return (ops * 1000) / elapsed;
}

interface Contenders {
  yunkit: Op;
  official?: Op | { async: AsyncOp };
  floor: Op;
}

/**
 * The three contenders run in turn, several rounds each, and the best round counts: on a shared
 * machine a neighbour's burst then slows one round rather than one contender.
 */
async function compare(
  contenders: Contenders,
  budgetMs: number,
): Promise<{ yunkit: number; official: number | undefined; floor: number }> {
  const slice = budgetMs / ROUNDS;
  const { official } = contenders;
  const timeOfficial =
    typeof official === 'function'
      ? async (ms: number) => timeSync(official, ms)
      : official && ((ms: number) => timeAsync(official.async, ms));
  // Warm-up: let the JIT settle every path before anything is timed.
  timeSync(contenders.yunkit, slice / 2);
  timeSync(contenders.floor, slice / 2);
  await timeOfficial?.(slice / 2);
  const best = { yunkit: 0, official: 0, floor: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    best.yunkit = Math.max(best.yunkit, timeSync(contenders.yunkit, slice));
    if (timeOfficial) best.official = Math.max(best.official, await timeOfficial(slice));
    best.floor = Math.max(best.floor, timeSync(contenders.floor, slice));
  }
  return { ...best, official: timeOfficial && best.official };
}

const sha256 = (data: string) => hash('sha256', data, 'hex');
const hmacHex = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest('hex');

/** A typical create call: a short query, a JSON content type and a ~250-byte JSON body. */
const BODY = JSON.stringify({
  server: {
    name: 'web-01',
    imageRef: '1189efbf-d48b-46ad-a823-94b942e2a000',
    flavorRef: 's6.small.1',
    vpcid: '3d0f4ea5-4c38-4a8b-9b29-6e0d6e5d6a21',
    nics: [{ subnet_id: 'f2d3b1c4-1e0b-4a6f-a1d8-07c0f9e2c3b4' }],
    root_volume: { volumetype: 'SSD', size: 40 },
    count: 1,
  },
});

/** Stands in for a derived signing key where deriving it is not part of the floor; any key costs the same. */
const READY_KEY = createHmac('sha256', 'k').update('x').digest();

/**
 * The floor of the SHA-256 schemes, on strings a signer computed in advance: the payload hash, the
 * canonical-request hash and the final HMAC with the signing key already derived.
 */
function sha256Floor(detail: { canonicalRequest: string; stringToSign: string }, key: string | Buffer): Op {
  return () => {
    sha256(BODY);
    sha256(detail.canonicalRequest);
    return hmacHex(key, detail.stringToSign);
  };
}

type OfficialHuaweiSigner = { sign(request: object, credential: object): Record<string, string> };
type OfficialVolcengineSigner = new (
  request: object,
  service: string,
) => { addAuthorization(credentials: object, date: Date): void };

export async function run(
  options: { budgetMs?: number; log?: (line: string) => void } = {},
): Promise<BenchRow[]> {
  const budgetMs = options.budgetMs ?? Number(process.env['BENCH_MS'] ?? 400);
  const log = options.log ?? ((line: string) => console.log(line));
  // Only the SDKs' signer modules are loaded, but some Huawei SDK modules write to HOME.
  const require = createRequire(import.meta.url);
  const { AKSKSigner, DerivedAKSKSigner, VolcengineSigner } = await withScratchHome(() => ({
    AKSKSigner: require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner')
      .AKSKSigner as OfficialHuaweiSigner,
    DerivedAKSKSigner: require('@huaweicloud/huaweicloud-sdk-core/auth/DerivedAKSKSigner')
      .DerivedAKSKSigner as OfficialHuaweiSigner,
    VolcengineSigner: require('@volcengine/openapi/lib/base/sign').default as OfficialVolcengineSigner,
  }));

  const now = new Date('2024-01-15T08:30:00Z');
  const rows: BenchRow[] = [];
  const measure = async (scheme: string, officialName: string, contenders: Contenders) => {
    rows.push({ scheme, officialName, ...(await compare(contenders, budgetMs)) });
  };

  // --- AWS SigV4 -------------------------------------------------------------------------------
  {
    const credentials = {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    };
    const url = new URL(
      'https://ec2.us-east-1.amazonaws.com/v1/servers?Action=RunInstances&Version=2016-11-15',
    );
    const headers = { 'Content-Type': 'application/json' };
    const input = {
      method: 'POST',
      url,
      headers,
      body: BODY,
      credentials,
      region: 'us-east-1',
      service: 'ec2',
      now,
    };
    const smithy = new SignatureV4({
      credentials,
      region: 'us-east-1',
      service: 'ec2',
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
    });
    const smithyRequest = {
      method: 'POST',
      protocol: 'https:',
      hostname: url.hostname,
      path: url.pathname,
      query: { Action: 'RunInstances', Version: '2016-11-15' },
      headers: { ...headers, host: url.host },
      body: BODY,
    };
    await measure('AWS SigV4', '@smithy/signature-v4', {
      yunkit: () => signSigV4(input),
      official: { async: () => smithy.sign(smithyRequest, { signingDate: now }) },
      floor: sha256Floor(signSigV4Detailed(input), READY_KEY),
    });
  }

  // --- Sangfor SCP EC2 -------------------------------------------------------------------------
  {
    const input = {
      method: 'POST',
      url: new URL('https://10.0.0.1/janus/20180725/servers'),
      headers: {
        Cookie: 'aCMPAuthToken=0123456789abcdef0123456789abcdef',
        'Content-Type': 'application/json',
      },
      body: BODY,
      credentials: {
        accessKeyId: 'AKEXAMPLE0000000000',
        secretAccessKey: 'SKEXAMPLESECRET000000000000000000',
      },
      now,
    };
    await measure('Sangfor SCP EC2', 'none in JS (Python sample SDK)', {
      yunkit: () => signSangforEc2(input),
      floor: sha256Floor(signSangforEc2Detailed(input), READY_KEY),
    });
  }

  // --- Huawei SDK-HMAC-SHA256 and V11-HMAC-SHA256 ----------------------------------------------
  {
    const projectId = '0123456789abcdef0123456789abcdef';
    const endpoint = `https://ecs.cn-north-4.myhuaweicloud.com/v1/${projectId}/cloudservers?limit=10&offset=1`;
    const credentials = {
      accessKeyId: 'HWAKEXAMPLE0000000001',
      secretAccessKey: 'hwSecretKeyExample0000000000000000000001',
    };
    const input = {
      method: 'POST',
      url: new URL(endpoint),
      headers: { 'Content-Type': 'application/json' },
      body: BODY,
      credentials,
      projectId,
      now,
    };
    const data = JSON.parse(BODY);
    const officialRequest = () => ({
      method: 'POST',
      endpoint,
      headers: {
        'content-type': 'application/json',
        'X-Project-Id': projectId,
        'X-Sdk-Date': '20240115T083000Z',
      },
      queryParams: { limit: 10, offset: 1 },
      data,
    });
    const credential = {
      getAk: () => credentials.accessKeyId,
      getSk: () => credentials.secretAccessKey,
      getRegionId: () => 'cn-north-4',
      getDerivedAuthServiceName: () => 'ecs',
    };
    const detail = signHuaweiDetailed(input);
    await measure('Huawei SDK-HMAC-SHA256', '@huaweicloud/huaweicloud-sdk-core', {
      yunkit: () => signHuawei(input),
      official: () => AKSKSigner.sign(officialRequest(), credential),
      floor: sha256Floor(detail, credentials.secretAccessKey),
    });
    const derivedInput = { ...input, region: 'cn-north-4', service: 'ecs' };
    const derivedKey = huaweiDerivedKey(
      credentials.accessKeyId,
      credentials.secretAccessKey,
      '20240115/cn-north-4/ecs',
    );
    await measure('Huawei V11-HMAC-SHA256', '@huaweicloud/huaweicloud-sdk-core', {
      yunkit: () => signHuaweiDerived(derivedInput),
      official: () => DerivedAKSKSigner.sign(officialRequest(), credential),
      floor: sha256Floor(detail, derivedKey),
    });
  }

  // --- Volcengine HMAC-SHA256 ------------------------------------------------------------------
  {
    const credentials = { accessKeyId: 'AKLTexampleAK', secretAccessKey: 'exampleSK' };
    const input = {
      method: 'POST',
      url: new URL('https://open.volcengineapi.com/?Action=RunInstances&Version=2020-04-01'),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: BODY,
      credentials,
      region: 'cn-beijing',
      service: 'ecs',
      now,
    };
    const key = volcengineSigningKey(credentials.secretAccessKey, '20240115', 'cn-beijing', 'ecs');
    await measure('Volcengine HMAC-SHA256', '@volcengine/openapi Signer', {
      yunkit: () => signVolcengine(input),
      official: () => {
        const request = {
          region: 'cn-beijing',
          method: 'POST',
          pathname: '/',
          params: { Action: 'RunInstances', Version: '2020-04-01' },
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: BODY,
        };
        new VolcengineSigner(request, 'ecs').addAuthorization(
          { accessKeyId: credentials.accessKeyId, secretKey: credentials.secretAccessKey },
          now,
        );
        return request;
      },
      floor: sha256Floor(signVolcengineDetailed(input), key),
    });
  }

  // --- ZStack AccessKey (HMAC-SHA1) ------------------------------------------------------------
  {
    const input = {
      method: 'POST',
      url: new URL('http://172.20.11.134:8080/zstack/v1/vm-instances'),
      headers: {},
      credentials: {
        accessKeyId: 'vvSZpmj4cnB53qUDmm6E',
        secretAccessKey: '8heumeFTvIeZxkTGfEYvVi9qVVPd9ffQNDALSPPb',
      },
      now,
    };
    const { stringToSign } = signZstackDetailed(input);
    await measure('ZStack AccessKey', 'none in JS (Java/Python/Go SDKs)', {
      yunkit: () => signZstack(input),
      floor: () =>
        createHmac('sha1', input.credentials.secretAccessKey).update(stringToSign).digest('base64'),
    });
  }

  // --- Sangfor password encryption (RSA PKCS#1 v1.5) -------------------------------------------
  {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const modulusHex = Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url').toString('hex');
    const plaintext = Buffer.from('Sangfor@123');
    await measure('Sangfor RSA password', 'none in JS', {
      yunkit: () => encryptSangforPassword(modulusHex, 'Sangfor@123'),
      floor: () => publicEncrypt({ key: publicKey, padding: rsaConstants.RSA_PKCS1_PADDING }, plaintext),
    });
  }

  log(formatTable(rows));
  return rows;
}

function formatTable(rows: BenchRow[]): string {
  const fmt = (n: number | undefined) => (n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));
  const header = [
    'scheme',
    'yunkit ops/s',
    'official ops/s',
    'floor ops/s',
    'vs official',
    'floor/yunkit',
    'official',
  ];
  const lines = rows.map((row) => [
    row.scheme,
    fmt(row.yunkit),
    fmt(row.official),
    fmt(row.floor),
    row.official === undefined ? '-' : `${(row.yunkit / row.official).toFixed(1)}x faster`,
    `${(row.floor / row.yunkit).toFixed(2)}`,
    row.officialName,
  ]);
  return [
    ...layOutTable(header, lines, [0, 6]),
    '',
    'ops/s = operations per second of CPU time of this process (best of 3 interleaved rounds).',
    'floor = bare SHA-256/HMAC work of the scheme with the key already derived (1.00 = no overhead).',
  ].join('\n');
}

if (isMain(import.meta.url)) {
  await run();
}
