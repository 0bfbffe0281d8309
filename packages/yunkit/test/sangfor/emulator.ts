import { type EmulatorOptions, type RunningEmulator, startEmulator } from '@yunkit/emulator';
import type { Hooks } from 'yunkit/core';
import { SangforClient, type SangforClientOptions } from 'yunkit/sangfor';

export interface WireLog {
  requests: Array<{ method: string; url: string; headers: Record<string, string> }>;
  responses: Array<{ method: string; url: string; status: number }>;
  hooks: Hooks;
  /** Requests whose path ends with this text. */
  count(method: string, pathEnd: string | RegExp): number;
}

/** Records what the client sent and got, through the client's public hooks. */
export function wireLog(): WireLog {
  const log: WireLog = {
    requests: [],
    responses: [],
    hooks: {
      onRequest: (info) => {
        log.requests.push({ method: info.method, url: info.url, headers: info.headers });
      },
      onResponse: (info) => {
        log.responses.push({ method: info.method, url: info.url, status: info.status });
      },
    },
    count(method, pathEnd) {
      return log.requests.filter((r) => {
        const path = new URL(r.url).pathname;
        return (
          r.method === method && (typeof pathEnd === 'string' ? path.endsWith(pathEnd) : pathEnd.test(path))
        );
      }).length;
    },
  };
  return log;
}

/** An SCP emulator over HTTPS with its self-signed certificate, quick tasks by default. */
export function startScp(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ provider: 'sangfor', taskMs: 80, seed: 7, ...options });
}

/** A client that trusts the emulator's certificate (no `verifySsl: false`). */
export function ec2Client(
  emulator: RunningEmulator,
  options: Partial<SangforClientOptions> = {},
): SangforClient {
  const { accessKey, secretKey } = emulator.credentials;
  return new SangforClient({
    host: emulator.endpoint,
    accessKey,
    secretKey,
    region: 'cn-south-1',
    ca: emulator.certificate,
    env: false,
    wait: { pollInterval: 25, maxPollInterval: 100, timeout: 20_000 },
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
}

export function tokenClient(
  emulator: RunningEmulator,
  options: Partial<SangforClientOptions> = {},
): SangforClient {
  const { username, password } = emulator.credentials;
  return new SangforClient({
    host: emulator.endpoint,
    username,
    password,
    ca: emulator.certificate,
    env: false,
    wait: { pollInterval: 25, maxPollInterval: 100, timeout: 20_000 },
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
}

export interface Inventory {
  azId: string;
  storageTagId: string;
  imageId: string;
  isoImageId: string;
  vpcId: string;
  subnetId: string;
}

/** Finds what a VM needs, through the client (no emulator internals). */
export async function inventory(scp: SangforClient): Promise<Inventory> {
  const pools = await scp.resourcePools.list();
  const az = pools.find((p) => p.status !== 'offline') ?? pools[0];
  if (az === undefined) throw new Error('no pool');
  const [tag] = await scp.resourcePools.storageTags(az.id);
  const images = await scp.images.list({ az_id: az.id, status: 'active' });
  const image = images.find((i) => i.disk_format === 'aCloud');
  const iso = images.find((i) => i.disk_format === 'ISO');
  const [vpc] = await scp.networks.listVpcs({ az_id: az.id }).toArray({ limit: 1 });
  const [subnet] =
    vpc === undefined ? [] : await scp.networks.listSubnets({ vpc_id: vpc.id }).toArray({ limit: 1 });
  if (!tag || !image || !iso || !vpc || !subnet) throw new Error('seed inventory incomplete');
  return {
    azId: az.id,
    storageTagId: tag.id,
    imageId: image.id,
    isoImageId: iso.id,
    vpcId: vpc.id,
    subnetId: subnet.id,
  };
}

export function vmRequest(inv: Inventory, name: string, extra: Record<string, unknown> = {}) {
  return {
    az_id: inv.azId,
    image_id: inv.imageId,
    storage_tag_id: inv.storageTagId,
    cores: 1,
    memory_mb: 512,
    name,
    networks: [
      { vif_id: 'net0', vpc_id: inv.vpcId, subnet_id: inv.subnetId, connect: 1 as const, model: 'virtio' },
    ],
    power_on: true,
    ...extra,
  };
}
