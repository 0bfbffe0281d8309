/**
 * The read-mostly side of SCP: resource pools (AZs), overview, storage tags and storages, images, tenants, hosts,
 * clusters and the system endpoints (reference §9).
 */
import type { Router } from '../engine/index.js';
import { azAllocation, hostServers, mustGet, ratio, storageUsedMb } from './inventory.js';
import {
  type AzRecord,
  type Db,
  db,
  type HostRecord,
  type ImageRecord,
  type ProjectRecord,
} from './model.js';
import { addRoute, type SangforRuntime } from './runtime.js';
import {
  ok,
  paginate,
  plainOrPaged,
  queryFilter,
  queryFlag,
  queryMatcher,
  ScpError,
  scpTime,
} from './wire.js';

// ---------------------------------------------------------------------------------------------------------------
// Resource pools.

function physical(t: Db, hosts: HostRecord[]) {
  let cpuTotal = 0;
  let cpuUsed = 0;
  let memTotal = 0;
  let memUsed = 0;
  for (const host of hosts) {
    const usage = hostUsage(t, host);
    cpuTotal += host.cpu.total_mhz;
    cpuUsed += usage.cpuMhz;
    memTotal += host.memory_mb;
    memUsed += usage.memoryMb;
  }
  const storages = t.storages.filter((s) => hosts.some((h) => h.az_id === s.az_id));
  const storageTotal = storages.reduce((sum, s) => sum + s.total_mb, 0);
  const storageUsed = storages.reduce((sum, s) => sum + storageUsedMb(t, s.id), 0);
  return [
    { name: 'cpu', unit: 'MHz', total: cpuTotal, used: cpuUsed, ratio: ratio(cpuUsed, cpuTotal) },
    { name: 'memory', unit: 'MB', total: memTotal, used: memUsed, ratio: ratio(memUsed, memTotal) },
    {
      name: 'storage',
      unit: 'MB',
      total: storageTotal,
      used: storageUsed,
      ratio: ratio(storageUsed, storageTotal),
    },
  ];
}

function virtual(t: Db, azs: AzRecord[]) {
  let vcpus = 0;
  let memory = 0;
  let storage = 0;
  let vcpusUsed = 0;
  let memoryUsed = 0;
  let storageUsed = 0;
  for (const az of azs) {
    const used = azAllocation(t, az.id);
    vcpus += az.capacity.vcpus;
    memory += az.capacity.memory_mb;
    storage += az.capacity.storage_mb;
    vcpusUsed += used.vcpus;
    memoryUsed += used.memory_mb;
    storageUsed += used.storage_mb;
  }
  return [
    { name: 'vcpu', unit: '核', total: vcpus, allocated: vcpusUsed },
    { name: 'memory', unit: 'MB', total: memory, allocated: memoryUsed },
    { name: 'storage', unit: 'MB', total: storage, allocated: storageUsed },
  ];
}

function renderAz(t: Db, az: AzRecord, detail: boolean) {
  const hosts = t.hosts.filter((h) => h.az_id === az.id);
  const summary = {
    id: az.id,
    name: az.name,
    description: az.description,
    type: az.type,
    status: az.status,
    tag: az.tag,
    version: az.version,
    cluster_id: az.cluster_id,
    host_count: hosts.length,
    server_count: t.servers.filter((s) => s.az_id === az.id).length,
    created_at: scpTime(az.created_at),
  };
  if (!detail) return summary;
  return {
    ...summary,
    physical_resources: physical(t, hosts),
    virtual_resources: virtual(t, [az]),
    dhs: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Hosts.

function hostUsage(t: Db, host: HostRecord): { cpuMhz: number; memoryMb: number; servers: number } {
  const servers = hostServers(t, host.id);
  const on = servers.filter((s) => s.power_state === 'on');
  const mhzPerCore = host.cpu.total_mhz / host.cpu.core_count;
  // Hypervisor overhead plus a share of each running VM's vCPUs.
  const cpuMhz =
    host.status === 'running'
      ? Math.round(host.cpu.total_mhz * 0.03 + on.reduce((n, s) => n + s.cores * mhzPerCore * 0.12, 0))
      : 0;
  const memoryMb = host.status === 'running' ? 8192 + on.reduce((n, s) => n + s.memory_mb, 0) : 0;
  return {
    cpuMhz: Math.min(cpuMhz, host.cpu.total_mhz),
    memoryMb: Math.min(memoryMb, host.memory_mb),
    servers: servers.length,
  };
}

function renderHost(t: Db, host: HostRecord) {
  const usage = hostUsage(t, host);
  const cluster = t.clusters.get(host.cluster_id);
  const storageUsed = Math.round(host.storage_mb * 0.18);
  return {
    id: host.id,
    name: host.name,
    ip: host.ip,
    status: host.status,
    type: host.type,
    cluster_id: host.cluster_id,
    cluster_name: cluster?.name ?? '',
    cluster_type: cluster?.type ?? 'hci',
    az_id: host.az_id,
    az_name: t.azs.get(host.az_id)?.name ?? '',
    server_count: usage.servers,
    cpu: {
      total_mhz: host.cpu.total_mhz,
      used_mhz: usage.cpuMhz,
      core_count: host.cpu.core_count,
      socket_count: host.cpu.socket_count,
      model: host.cpu.model,
      ratio: ratio(usage.cpuMhz, host.cpu.total_mhz),
    },
    memory: {
      total_mb: host.memory_mb,
      used_mb: usage.memoryMb,
      ratio: ratio(usage.memoryMb, host.memory_mb),
    },
    storage: { total_mb: host.storage_mb, used_mb: storageUsed, ratio: ratio(storageUsed, host.storage_mb) },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Images, tenants.

function renderImage(t: Db, image: ImageRecord) {
  return {
    id: image.id,
    name: image.name,
    description: image.description,
    disk_format: image.disk_format,
    image_type: image.image_type,
    az_id: image.az_id,
    az_name: t.azs.get(image.az_id)?.name ?? '',
    os_type: image.os_type,
    os_name: image.os_name,
    arch: image.arch,
    size_mb: image.size_mb,
    disk_size_mb: image.disk_size_mb,
    status: image.status,
    project_id: image.project_id,
    created_at: scpTime(image.created_at),
  };
}

function renderProject(t: Db, project: ProjectRecord) {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    user_id: project.user_id,
    user_name: project.user_name,
    enabled: project.enabled,
    role_type: project.role_type,
    mail: project.mail,
    phone: project.phone,
    azs: project.az_ids.map((id) => ({ id, name: t.azs.get(id)?.name ?? '' })),
    dhs: [],
    server_count: t.servers.filter((s) => s.project_id === project.id).length,
    created_at: scpTime(project.created_at),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Routes.

export function registerCatalogRoutes(router: Router, rt: SangforRuntime): void {
  const v = '/janus/:version';

  addRoute(router, rt, 'GET', `${v}/azs`, (req, ctx) => {
    const t = db(ctx);
    const items = t.azs
      .filter(queryMatcher(req.query, { type: 'equal', tag: 'equal', name: 'contains' }))
      .map((az) => renderAz(t, az, false));
    return ok(paginate(req.query, items, rt.options));
  });
  addRoute(router, rt, 'GET', `${v}/azs/:id`, (req, ctx) => {
    const t = db(ctx);
    return ok(renderAz(t, mustGet(t.azs, req.params['id']!, '资源池'), true));
  });
  addRoute(router, rt, 'GET', `${v}/overview`, (req, ctx) => {
    const t = db(ctx);
    const azId = queryFilter(req.query, 'az_id');
    const azs = azId === undefined ? t.azs.list() : [mustGet(t.azs, azId, '资源池')];
    const inScope = (id: string) => azs.some((az) => az.id === id);
    const hosts = t.hosts.filter((h) => inScope(h.az_id));
    const servers = t.servers.filter((s) => inScope(s.az_id));
    return ok({
      host: { total: hosts.length, online_count: hosts.filter((h) => h.status === 'running').length },
      server: { total: servers.length, running_count: servers.filter((s) => s.power_state === 'on').length },
      az: { total: azs.length, online_count: azs.filter((az) => az.status === 'normal').length },
      physical_resources: physical(t, hosts),
      virtual_resources: virtual(t, azs),
      nfv: { total: 0, running_count: 0 },
    });
  });
  addRoute(router, rt, 'GET', `${v}/storages/tags`, (req, ctx) => {
    const t = db(ctx);
    const azId = queryFilter(req.query, 'az_id');
    if (azId !== undefined) mustGet(t.azs, azId, '资源池');
    const items = t.storageTags.list().flatMap((tag) => {
      const storages = t.storages.filter(
        (s) => s.storage_tag_id === tag.id && (azId === undefined || s.az_id === azId),
      );
      if (storages.length === 0) return [];
      const total = storages.reduce((sum, s) => sum + s.total_mb, 0);
      const used = storages.reduce((sum, s) => sum + storageUsedMb(t, s.id), 0);
      return [
        {
          id: tag.id,
          name: tag.name,
          description: tag.description,
          total_mb: total,
          used_mb: used,
          ratio: ratio(used, total),
          storage_ids: storages.map((s) => s.id),
          az_ids: [...new Set(storages.map((s) => s.az_id))],
        },
      ];
    });
    return ok(plainOrPaged(req.query, items, rt.options));
  });
  addRoute(router, rt, 'GET', `${v}/storages`, (req, ctx) => {
    const t = db(ctx);
    const azId = queryFilter(req.query, 'az_id');
    const items = t.storages
      .filter((s) => azId === undefined || s.az_id === azId)
      .map((s) => {
        const used = storageUsedMb(t, s.id);
        return {
          id: s.id,
          name: s.name,
          type: s.type,
          status: s.status,
          storage_tag_id: s.storage_tag_id,
          az_id: s.az_id,
          total_mb: s.total_mb,
          used_mb: used,
          ratio: ratio(used, s.total_mb),
          read_byteps: 1_048_576,
          write_byteps: 524_288,
          max_read_byteps: 1_073_741_824,
          max_write_byteps: 536_870_912,
        };
      });
    return ok(plainOrPaged(req.query, items, rt.options));
  });

  addRoute(router, rt, 'GET', `${v}/images`, (req, ctx) => {
    const t = db(ctx);
    const items = t.images
      .filter(
        queryMatcher(req.query, {
          disk_format: (wanted, i) => i.disk_format.toLowerCase() === wanted.toLowerCase(),
          image_type: 'equal',
          az_id: 'equal',
          name: 'contains',
          os_type: 'equal',
          status: 'equal',
        }),
      )
      .map((i) => renderImage(t, i));
    return ok(paginate(req.query, items, rt.options));
  });
  addRoute(router, rt, 'GET', `${v}/images/:id`, (req, ctx) => {
    if (rt.options.realSystem404) throw new ScpError(404, '请求的资源不存在');
    const t = db(ctx);
    return ok(renderImage(t, mustGet(t.images, req.params['id']!, '镜像')));
  });

  addRoute(router, rt, 'GET', `${v}/projects`, (req, ctx) => {
    const t = db(ctx);
    const matches: (p: ProjectRecord) => boolean = queryMatcher(req.query, {
      keywords: (wanted, p) => p.name.includes(wanted) || p.user_name.includes(wanted),
      name: 'equal',
      az_id: (wanted, p) => p.az_ids.includes(wanted),
    });
    const enabled = queryFlag(req.query, 'enabled');
    const items = t.projects
      .filter((p) => matches(p) && (enabled === undefined || p.enabled === enabled))
      .map((p) => renderProject(t, p));
    return ok(paginate(req.query, items, rt.options));
  });
  addRoute(router, rt, 'GET', `${v}/projects/:id`, (req, ctx) => {
    const t = db(ctx);
    return ok(renderProject(t, mustGet(t.projects, req.params['id']!, '租户')));
  });

  addRoute(router, rt, 'GET', `${v}/hosts`, (req, ctx) => {
    const t = db(ctx);
    const items = t.hosts
      .filter(
        queryMatcher(req.query, { az_id: 'equal', cluster_id: 'equal', status: 'equal', name: 'contains' }),
      )
      .map((h) => renderHost(t, h));
    return ok(paginate(req.query, items, rt.options));
  });
  addRoute(router, rt, 'GET', `${v}/hosts/:id`, (req, ctx) => {
    if (rt.options.realSystem404) throw new ScpError(404, '请求的资源不存在');
    const t = db(ctx);
    return ok(renderHost(t, mustGet(t.hosts, req.params['id']!, '主机')));
  });
  addRoute(
    router,
    rt,
    'GET',
    `${v}/hosts/:id/interfaces`,
    (req, ctx) => {
      const t = db(ctx);
      const host = mustGet(t.hosts, req.params['id']!, '主机');
      const fn = queryFilter(req.query, 'function');
      if (fn !== undefined && !['mgmt', 'vxlan', 'business', 'vs', 'tercom'].includes(fn)) {
        throw new ScpError(400, 'function输入错误：值必须是mgmt、vxlan、business、vs或tercom');
      }
      const items = host.interfaces
        .filter((i) => fn === undefined || i.function === fn)
        .map((i) => ({ ...i, host_id: host.id }));
      return ok(items);
    },
    // On a real system only 20180725 answered (S1 fix commit).
    { versions: (r) => (r.options.realSystem404 ? ['20180725'] : undefined) },
  );

  addRoute(router, rt, 'GET', `${v}/clusters`, (req, ctx) => {
    const t = db(ctx);
    const azId = queryFilter(req.query, 'az_id');
    const items = t.clusters
      .filter((c) => azId === undefined || c.az_id === azId)
      .map((c) => ({ ...c, host_count: t.hosts.filter((h) => h.cluster_id === c.id).length }));
    return ok(paginate(req.query, items, rt.options));
  });
  addRoute(router, rt, 'GET', `${v}/clusters/:id`, (req, ctx) => {
    const t = db(ctx);
    const cluster = mustGet(t.clusters, req.params['id']!, '集群');
    return ok({ ...cluster, host_count: t.hosts.filter((h) => h.cluster_id === cluster.id).length });
  });

  addRoute(router, rt, 'GET', `${v}/system/version`, () =>
    ok({
      build_version: 'SCP6.8.0 B-2024-07-25 10:00:00',
      custom_version: [{ name: 'yunkit-emulator', version: '1.0' }],
    }),
  );
  addRoute(router, rt, 'GET', `${v}/system/maintenance`, () => ok({ maintain_mode: 0 }));
  addRoute(router, rt, 'GET', `${v}/platform`, (_req, ctx) => {
    const t = db(ctx);
    return ok({
      manage_mode: 'single',
      region_info: { id: 'regionOne', name: 'regionOne' },
      dcluster_info: t.clusters
        .list()
        .map((c) => ({ id: c.id, name: c.name, az_id: c.az_id, status: c.status })),
    });
  });
  addRoute(router, rt, 'GET', `${v}/licenses/summary`, () =>
    ok({
      username: 'yunkit-emulator',
      status: 'valid',
      key_id: 'SCP-EMULATOR-0001',
      products: [
        { name: 'SCP', status: 'valid', expire_time: 'unlimited', cpu_sockets: 64 },
        { name: 'aSV', status: 'valid', expire_time: 'unlimited', cpu_sockets: 64 },
      ],
    }),
  );
}
