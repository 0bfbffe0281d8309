/** Look-ups and figures that several resources share: 404s, capacity, usage, address allocation. */
import type { Collection, StoredRecord } from '../engine/index.js';
import type { AzRecord, Db, ServerRecord, SubnetRecord } from './model.js';
import { ScpError } from './wire.js';

export function mustGet<T extends StoredRecord>(collection: Collection<T>, id: string, what: string): T {
  const record = collection.get(id.toLowerCase());
  if (record === undefined) throw new ScpError(404, `${what}不存在`);
  return record;
}

/** What VMs and volumes in a pool have taken of its virtual resources. */
export function azAllocation(t: Db, azId: string): { vcpus: number; memory_mb: number; storage_mb: number } {
  let vcpus = 0;
  let memory = 0;
  let storage = 0;
  for (const server of t.servers.filter((s) => s.az_id === azId)) {
    vcpus += server.cores;
    memory += server.memory_mb;
    storage += server.disks.filter((d) => d.volume_id === undefined).reduce((sum, d) => sum + d.size_mb, 0);
  }
  for (const volume of t.volumes.filter((v) => v.az_id === azId)) storage += volume.size_mb;
  return { vcpus, memory_mb: memory, storage_mb: storage };
}

/** Why a pool cannot take this much more, or undefined when it can. */
export function capacityShortfall(
  t: Db,
  az: AzRecord,
  want: { vcpus: number; memory_mb: number; storage_mb: number },
): string | undefined {
  const used = azAllocation(t, az.id);
  if (used.vcpus + want.vcpus > az.capacity.vcpus) return `资源池${az.name}的CPU资源不足`;
  if (used.memory_mb + want.memory_mb > az.capacity.memory_mb) return `资源池${az.name}的内存资源不足`;
  if (used.storage_mb + want.storage_mb > az.capacity.storage_mb) return `资源池${az.name}的存储空间不足`;
  return undefined;
}

export function storageUsedMb(t: Db, storageId: string): number {
  let used = 0;
  for (const server of t.servers.list()) {
    for (const disk of server.disks)
      if (disk.storage_id === storageId && disk.volume_id === undefined) used += disk.size_mb;
  }
  for (const volume of t.volumes.filter((v) => v.storage_id === storageId)) used += volume.size_mb;
  return used;
}

export function hostServers(t: Db, hostId: string): ServerRecord[] {
  return t.servers.filter((s) => s.host_id === hostId);
}

/** A ratio as SCP shows it: a fraction with four decimals. */
export function ratio(used: number, total: number): number {
  return total <= 0 ? 0 : Math.round((used / total) * 10_000) / 10_000;
}

// ---------------------------------------------------------------------------------------------------------------
// IPv4.

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export interface Cidr {
  network: number;
  prefix: number;
  size: number;
}

export function parseCidr(cidr: string): Cidr | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  if (match === null) return undefined;
  const address = ipToInt(match[1]!);
  const prefix = Number(match[2]);
  if (address === undefined || prefix < 8 || prefix > 30) return undefined;
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return undefined;
  return { network: address, prefix, size };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip > cidr.network && ip < cidr.network + cidr.size - 1;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

/** The next free address of a subnet, skipping network, gateway and broadcast; undefined when full. */
export function nextFreeIp(t: Db, subnet: SubnetRecord, reserved: Set<string>): string | undefined {
  const cidr = parseCidr(subnet.cidr);
  if (cidr === undefined) return undefined;
  const taken = new Set(reserved);
  taken.add(subnet.gateway_ip);
  for (const server of t.servers.list()) {
    for (const nic of server.networks) if (nic.subnet_id === subnet.id) taken.add(nic.ip_address);
  }
  // .2-.9 are left for appliances, as SCP's own DHCP ranges start higher.
  const firstHost = cidr.network + (cidr.size > 16 ? 10 : 2);
  for (let ip = firstHost; ip < cidr.network + cidr.size - 1; ip++) {
    const text = intToIp(ip);
    if (!taken.has(text)) return text;
  }
  return undefined;
}
