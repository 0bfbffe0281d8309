/**
 * Elastic IPs. Real SCP data calls them "floatingip" (`/floatingips`, S10); S1 uses `/eips` (doubtful). Both paths
 * serve the same records, and each object carries both vocabularies (`ip`/`floating_ip`, `bandwidth_mb`/`bandwidth`).
 */
import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { callerProject } from './auth.js';
import { intToIp, ipToInt, mustGet, parseCidr } from './inventory.js';
import { type Db, db, type EipRecord } from './model.js';
import { addRoute, type SangforRuntime } from './runtime.js';
import { startCheckedTask, startTask } from './tasks.js';
import {
  invalid,
  ok,
  optionalInt,
  optionalText,
  optionalUuid,
  paginate,
  plainOrPaged,
  queryFilter,
  requireInt,
  requireObject,
  requireUuid,
  ScpError,
  scpTime,
} from './wire.js';

const MAX_BANDWIDTH_MB = 10_000;

function renderEip(t: Db, e: EipRecord) {
  const pool = t.floatingIpPools.get(e.pool_id);
  const server = e.server_id === '' ? undefined : t.servers.get(e.server_id);
  const nic = server?.networks.find((n) => n.port_id === e.port_id) ?? server?.networks[0];
  const bound = e.status === 'active' || e.status === 'unbinding';
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    ip: e.ip,
    floating_ip: e.ip,
    floating_ip_address: e.ip,
    status: e.status,
    bind_status: bound ? 1 : 0,
    az_id: e.az_id,
    project_id: e.project_id,
    floatingippool_id: e.pool_id,
    line_type: pool?.line_type ?? 'BGP',
    bandwidth_mb: e.bandwidth_mb,
    bandwidth: { qos_uplink: e.bandwidth_mb, qos_downlink: e.bandwidth_mb },
    server_id: bound ? e.server_id : '',
    server_name: bound ? (server?.name ?? '') : '',
    port_id: bound ? e.port_id : '',
    fixed_ip_address: bound ? (nic?.ip_address ?? '') : '',
    binding_info: bound
      ? { az_id: e.az_id, vpc_id: nic?.vpc_id ?? '', server_id: e.server_id, port_id: e.port_id }
      : { az_id: e.az_id, vpc_id: '' },
    created_at: scpTime(e.created_at),
  };
}

function allocate(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const body = requireObject(req.json());
  const az = mustGet(t.azs, requireUuid(body['az_id'], 'az_id'), '资源池');
  const bandwidth = optionalInt(body['bandwidth_mb'], 'bandwidth_mb', 1, MAX_BANDWIDTH_MB) ?? 100;
  const name = optionalText(body['name'], 'name', 64) ?? '';
  const description = optionalText(body['description'], 'description', 100) ?? '';
  const requestedPool = optionalUuid(body['floatingippool_id'], 'floatingippool_id');
  const pool =
    requestedPool !== undefined
      ? mustGet(t.floatingIpPools, requestedPool, '弹性IP地址池')
      : t.floatingIpPools.find((p) => p.az_id === az.id);
  if (pool === undefined || pool.az_id !== az.id)
    throw new ScpError(409, `资源池${az.name}未配置弹性IP地址池`);
  const cidr = parseCidr(pool.cidr);
  if (cidr === undefined) throw new ScpError(500, '弹性IP地址池配置错误');
  const taken = new Set(t.eips.filter((e) => e.pool_id === pool.id).map((e) => e.ip));
  let ip: string | undefined;
  if (body['ip'] !== undefined && body['ip'] !== null) {
    const wanted = typeof body['ip'] === 'string' ? ipToInt(body['ip']) : undefined;
    if (wanted === undefined) throw invalid('ip', '值必须是合法的IPv4地址');
    if (wanted < cidr.network + pool.first || wanted > cidr.network + pool.last) {
      throw invalid('ip', `值必须在地址池${pool.name}的范围内`);
    }
    ip = intToIp(wanted);
    if (taken.has(ip)) throw new ScpError(409, `IP地址${ip}已被占用`);
  } else {
    for (let n = pool.first; n <= pool.last && ip === undefined; n++) {
      const candidate = intToIp(cidr.network + n);
      if (!taken.has(candidate)) ip = candidate;
    }
    if (ip === undefined) throw new ScpError(409, `弹性IP地址池${pool.name}已耗尽`);
  }
  const id = ctx.random.uuid();
  const record = t.eips.set(id, {
    id,
    name,
    description,
    ip,
    pool_id: pool.id,
    az_id: az.id,
    project_id: callerProject(req),
    bandwidth_mb: bandwidth,
    status: 'inactive',
    server_id: '',
    port_id: '',
    created_at: ctx.clock.now(),
  });
  return ok(renderEip(t, record));
}

function update(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const eip = mustGet(t.eips, req.params['id']!, '弹性IP');
  const body = requireObject(req.json());
  const bandwidth =
    body['bandwidth_mb'] === undefined
      ? undefined
      : requireInt(body['bandwidth_mb'], 'bandwidth_mb', 1, MAX_BANDWIDTH_MB);
  const name = optionalText(body['name'], 'name', 64);
  const description = optionalText(body['description'], 'description', 100);
  if (bandwidth === undefined && name === undefined && description === undefined) {
    throw invalid('body', '没有要修改的内容');
  }
  if (bandwidth !== undefined) eip.bandwidth_mb = bandwidth;
  if (name !== undefined) eip.name = name;
  if (description !== undefined) eip.description = description;
  return ok(renderEip(t, eip));
}

function release(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const eip = mustGet(t.eips, req.params['id']!, '弹性IP');
  if (eip.status !== 'inactive') throw new ScpError(409, '弹性IP已绑定云主机，请先解绑');
  t.eips.delete(eip.id);
  return ok({ id: eip.id });
}

/** `{"action": "bind", "server_id", "port_id"?}` or `{"action": "unbind"}` → `{task_id}`. */
function action(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const eip = mustGet(t.eips, req.params['id']!, '弹性IP');
  const body = requireObject(req.json());
  const verb = body['action'];
  if (verb === 'bind') {
    const server = mustGet(t.servers, requireUuid(body['server_id'], 'server_id'), '云主机');
    const portId = optionalUuid(body['port_id'], 'port_id');
    let failure: string | undefined;
    let noop = false;
    const nic = portId === undefined ? server.networks[0] : server.networks.find((n) => n.port_id === portId);
    if (eip.status === 'active' && eip.server_id === server.id) noop = true;
    else if (eip.status !== 'inactive')
      failure = eip.server_id !== '' ? '弹性IP已绑定其他云主机' : '弹性IP正在执行其他任务';
    else if (server.floatingip_id !== '' && server.floatingip_id !== eip.id)
      failure = '云主机已绑定其他弹性IP';
    else if (server.az_id !== eip.az_id) failure = '弹性IP与云主机不在同一资源池';
    else if (server.status === 'creating' || server.status === 'deleting')
      failure = '云主机当前状态不允许绑定弹性IP';
    else if (nic === undefined)
      failure = portId === undefined ? '云主机没有网卡，无法绑定弹性IP' : '网卡不存在';
    const applied = failure === undefined && !noop;
    if (applied) {
      eip.status = 'binding';
      eip.server_id = server.id;
      eip.port_id = nic?.port_id ?? '';
    }
    const task = startTask(ctx, 'sangfor.eip.bind', {
      action: 'bind_floatingip',
      object_type: 'floatingip',
      object_id: eip.id,
      object_name: eip.ip,
      server_id: server.id,
      applied,
      fail: failure,
    });
    return ok({ task_id: task.id });
  }
  if (verb === 'unbind') {
    let failure: string | undefined;
    if (eip.status === 'inactive') failure = '弹性IP未绑定云主机';
    else if (eip.status !== 'active') failure = '弹性IP正在执行其他任务';
    if (failure === undefined) eip.status = 'unbinding';
    const task = startCheckedTask(
      ctx,
      'sangfor.eip.unbind',
      {
        action: 'unbind_floatingip',
        object_type: 'floatingip',
        object_id: eip.id,
        object_name: eip.ip,
      },
      failure,
    );
    return ok({ task_id: task.id });
  }
  throw invalid('action', '值必须是bind或unbind');
}

function defineEipTasks(ctx: EmulatorContext): void {
  ctx.tasks.define('sangfor.eip.bind', {
    onSuccess(task) {
      if (task.data['applied'] !== true) return;
      const t = db(ctx);
      const eip = t.eips.get(task.data['object_id'] as string);
      if (eip === undefined) throw new Error('弹性IP不存在');
      const server = t.servers.get(task.data['server_id'] as string);
      if (server === undefined) throw new Error('云主机不存在');
      // Two binds raced for one VM: the later one loses, as the VM can carry one floating IP.
      if (server.floatingip_id !== '' && server.floatingip_id !== eip.id)
        throw new Error('云主机已绑定其他弹性IP');
      eip.status = 'active';
      server.floatingip_id = eip.id;
    },
    onFailure(task) {
      if (task.data['applied'] !== true) return;
      const eip = db(ctx).eips.get(task.data['object_id'] as string);
      if (eip !== undefined && eip.status === 'binding') {
        eip.status = 'inactive';
        eip.server_id = '';
        eip.port_id = '';
      }
    },
  });
  ctx.tasks.define('sangfor.eip.unbind', {
    onSuccess(task) {
      const t = db(ctx);
      const eip = t.eips.get(task.data['object_id'] as string);
      if (eip === undefined) throw new Error('弹性IP不存在');
      const server = t.servers.get(eip.server_id);
      if (server !== undefined && server.floatingip_id === eip.id) server.floatingip_id = '';
      eip.status = 'inactive';
      eip.server_id = '';
      eip.port_id = '';
    },
    onFailure(task) {
      if (task.data['applied'] !== true) return;
      const eip = db(ctx).eips.get(task.data['object_id'] as string);
      if (eip !== undefined && eip.status === 'unbinding') eip.status = 'active';
    },
  });
}

function listFilter(req: EmulatorRequest): (e: EipRecord) => boolean {
  const azId = queryFilter(req.query, 'az_id');
  const status = queryFilter(req.query, 'status');
  const serverId = queryFilter(req.query, 'server_id');
  const ip = queryFilter(req.query, 'ip') ?? queryFilter(req.query, 'floating_ip');
  const name = queryFilter(req.query, 'name');
  const projectId = queryFilter(req.query, 'project_id');
  return (e) =>
    (azId === undefined || e.az_id === azId) &&
    (status === undefined || e.status === status) &&
    (serverId === undefined || e.server_id === serverId) &&
    (ip === undefined || e.ip === ip) &&
    (name === undefined || e.name.includes(name)) &&
    (projectId === undefined || e.project_id === projectId);
}

export function registerEipRoutes(router: Router, rt: SangforRuntime, ctx: EmulatorContext): void {
  defineEipTasks(ctx);
  for (const base of ['/janus/:version/eips', '/janus/:version/floatingips']) {
    const paged = base.endsWith('/eips');
    addRoute(router, rt, 'GET', base, (req, c) => {
      const t = db(c);
      const items = t.eips.filter(listFilter(req)).map((e) => renderEip(t, e));
      return ok(paged ? paginate(req.query, items, rt.options) : plainOrPaged(req.query, items, rt.options));
    });
    addRoute(router, rt, 'POST', base, (req, c) => allocate(req, c));
    addRoute(router, rt, 'GET', `${base}/:id`, (req, c) => {
      const t = db(c);
      return ok(renderEip(t, mustGet(t.eips, req.params['id']!, '弹性IP')));
    });
    addRoute(router, rt, 'PUT', `${base}/:id`, (req, c) => update(req, c));
    addRoute(router, rt, 'DELETE', `${base}/:id`, (req, c) => release(req, c));
    addRoute(router, rt, 'POST', `${base}/:id/action`, (req, c) => action(req, c));
  }
  addRoute(router, rt, 'GET', '/janus/:version/floatingippools', (req, c) => {
    const t = db(c);
    const azId = queryFilter(req.query, 'az_id');
    const items = t.floatingIpPools
      .filter((p) => azId === undefined || p.az_id === azId)
      .map((p) => {
        const total = p.last - p.first + 1;
        const used = t.eips.filter((e) => e.pool_id === p.id).length;
        return {
          id: p.id,
          name: p.name,
          az_id: p.az_id,
          cidr: p.cidr,
          line_type: p.line_type,
          total,
          used,
          free: total - used,
        };
      });
    return ok(plainOrPaged(req.query, items, rt.options));
  });
}
