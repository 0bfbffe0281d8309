/** VPCs and subnets (reference §9 "Networking"; lists S10, bodies S1 [U]). */
import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { callerProject } from './auth.js';
import { cidrContains, cidrsOverlap, intToIp, ipToInt, mustGet, parseCidr } from './inventory.js';
import { type Db, db, type ResourceStatus, type SubnetRecord, type VpcRecord } from './model.js';
import { addRoute, type SangforRuntime } from './runtime.js';
import { startTask } from './tasks.js';
import {
  invalid,
  ok,
  optionalFlag,
  optionalText,
  optionalUuid,
  plainOrPaged,
  queryMatcher,
  requireName,
  requireObject,
  requireUuid,
  ScpError,
  scpTime,
} from './wire.js';

function renderVpc(t: Db, v: VpcRecord) {
  return {
    id: v.id,
    name: v.name,
    description: v.description,
    az_id: v.az_id,
    az_name: t.azs.get(v.az_id)?.name ?? '',
    project_id: v.project_id,
    status: v.status,
    shared: v.shared,
    subnet_count: t.subnets.filter((s) => s.vpc_id === v.id).length,
    created_at: scpTime(v.created_at),
  };
}

function renderSubnet(t: Db, s: SubnetRecord) {
  const cidr = parseCidr(s.cidr);
  const used = t.servers
    .list()
    .reduce((n, vm) => n + vm.networks.filter((nic) => nic.subnet_id === s.id).length, 0);
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    az_id: s.az_id,
    vpc_id: s.vpc_id,
    vpc_name: t.vpcs.get(s.vpc_id)?.name ?? '',
    project_id: s.project_id,
    cidr: s.cidr,
    gateway_ip: s.gateway_ip,
    ip_version: 4,
    enable_dhcp: 1,
    dns_nameservers: s.dns_nameservers,
    allocation_pools:
      cidr === undefined
        ? []
        : [{ start: intToIp(cidr.network + 2), end: intToIp(cidr.network + cidr.size - 2) }],
    used_ip_count: used,
    status: s.status,
    is_visible: 1,
    created_at: scpTime(s.created_at),
  };
}

function createVpc(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const body = requireObject(req.json());
  const az = mustGet(t.azs, requireUuid(body['az_id'], 'az_id'), '资源池');
  const name = requireName(body['name'], 'name', 64);
  const description = optionalText(body['description'], 'description', 100) ?? '';
  const shared = optionalFlag(body['shared'], 'shared') ?? 0;
  if (t.vpcs.find((v) => v.az_id === az.id && v.name === name) !== undefined) {
    throw new ScpError(409, `VPC名称${name}已存在`);
  }
  const id = ctx.random.uuid();
  t.vpcs.set(id, {
    id,
    name,
    description,
    az_id: az.id,
    project_id: callerProject(req),
    status: 'creating',
    shared,
    created_at: ctx.clock.now(),
  });
  const task = startTask(ctx, 'sangfor.vpc.create', {
    action: 'create_vpc',
    object_type: 'vpc',
    object_id: id,
    object_name: name,
  });
  // Sources disagree on `{id}` or `{task_id}` (reference §9): both are given.
  return ok({ id, task_id: task.id });
}

function updateVpc(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const vpc = mustGet(t.vpcs, req.params['id']!, 'VPC');
  const body = requireObject(req.json());
  const name = body['name'] === undefined ? undefined : requireName(body['name'], 'name', 64);
  const description = optionalText(body['description'], 'description', 100);
  if (name === undefined && description === undefined) throw invalid('body', '没有要修改的内容');
  if (vpc.status === 'deleting') throw new ScpError(409, 'VPC正在删除');
  if (name !== undefined && t.vpcs.find((v) => v.id !== vpc.id && v.az_id === vpc.az_id && v.name === name)) {
    throw new ScpError(409, `VPC名称${name}已存在`);
  }
  if (name !== undefined) vpc.name = name;
  if (description !== undefined) vpc.description = description;
  return ok(renderVpc(t, vpc));
}

function deleteVpc(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const vpc = mustGet(t.vpcs, req.params['id']!, 'VPC');
  if (t.subnets.find((s) => s.vpc_id === vpc.id) !== undefined) {
    throw new ScpError(409, 'VPC下存在子网，请先删除子网');
  }
  if (vpc.status !== 'active') throw new ScpError(409, 'VPC正在执行其他任务，请稍后再试');
  vpc.status = 'deleting';
  const task = startTask(ctx, 'sangfor.vpc.delete', {
    action: 'delete_vpc',
    object_type: 'vpc',
    object_id: vpc.id,
    object_name: vpc.name,
  });
  return ok({ task_id: task.id });
}

function parseDns(value: unknown): string[] {
  if (value === undefined || value === null) return ['114.114.114.114'];
  if (!Array.isArray(value) || value.length > 4) throw invalid('dns_nameservers', '值必须是不超过4项的数组');
  return value.map((entry, i) => {
    if (typeof entry !== 'string' || ipToInt(entry) === undefined) {
      throw invalid(`dns_nameservers[${i}]`, '值必须是合法的IPv4地址');
    }
    return entry;
  });
}

function createSubnet(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const body = requireObject(req.json());
  const vpc = mustGet(t.vpcs, requireUuid(body['vpc_id'], 'vpc_id'), 'VPC');
  const azId = optionalUuid(body['az_id'], 'az_id') ?? vpc.az_id;
  if (azId !== vpc.az_id) throw invalid('az_id', 'VPC不在该资源池中');
  const name = requireName(body['name'], 'name', 64);
  const description = optionalText(body['description'], 'description', 100) ?? '';
  if (typeof body['cidr'] !== 'string') throw invalid('cidr', '值必须是合法的CIDR，如192.168.1.0/24');
  const cidrText = body['cidr'];
  const cidr = parseCidr(cidrText);
  if (cidr === undefined) throw invalid('cidr', '值必须是合法的CIDR，如192.168.1.0/24');
  let gateway = intToIp(cidr.network + 1);
  if (body['gateway_ip'] !== undefined && body['gateway_ip'] !== null) {
    const raw = body['gateway_ip'];
    const value = typeof raw === 'string' ? ipToInt(raw) : undefined;
    if (value === undefined || !cidrContains(cidr, value))
      throw invalid('gateway_ip', '值必须是网段内的IPv4地址');
    gateway = intToIp(value);
  }
  const dns = parseDns(body['dns_nameservers']);
  if (vpc.status === 'deleting') throw new ScpError(409, 'VPC正在删除');
  for (const sibling of t.subnets.filter((s) => s.vpc_id === vpc.id)) {
    const other = parseCidr(sibling.cidr);
    if (other !== undefined && cidrsOverlap(cidr, other)) {
      throw new ScpError(409, `网段${cidrText}与子网${sibling.name}(${sibling.cidr})冲突`);
    }
  }
  const id = ctx.random.uuid();
  t.subnets.set(id, {
    id,
    name,
    description,
    az_id: vpc.az_id,
    vpc_id: vpc.id,
    project_id: callerProject(req),
    cidr: `${intToIp(cidr.network)}/${cidr.prefix}`,
    gateway_ip: gateway,
    dns_nameservers: dns,
    status: 'creating',
    created_at: ctx.clock.now(),
  });
  const task = startTask(ctx, 'sangfor.subnet.create', {
    action: 'create_subnet',
    object_type: 'subnet',
    object_id: id,
    object_name: name,
  });
  return ok({ id, task_id: task.id });
}

function deleteSubnet(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const subnet = mustGet(t.subnets, req.params['id']!, '子网');
  if (t.servers.find((s) => s.networks.some((n) => n.subnet_id === subnet.id)) !== undefined) {
    throw new ScpError(409, '子网中存在云主机，无法删除');
  }
  if (subnet.status !== 'active') throw new ScpError(409, '子网正在执行其他任务，请稍后再试');
  subnet.status = 'deleting';
  const task = startTask(ctx, 'sangfor.subnet.delete', {
    action: 'delete_subnet',
    object_type: 'subnet',
    object_id: subnet.id,
    object_name: subnet.name,
  });
  return ok({ task_id: task.id });
}

function defineNetworkTasks(ctx: EmulatorContext): void {
  const lifecycle = (
    kind: 'vpc' | 'subnet',
    table: () => { get(id: string): { status: ResourceStatus } | undefined; delete(id: string): boolean },
  ) => {
    ctx.tasks.define(`sangfor.${kind}.create`, {
      onSuccess(task) {
        const record = table().get(task.data['object_id'] as string);
        if (record === undefined) throw new Error(kind === 'vpc' ? 'VPC不存在' : '子网不存在');
        record.status = 'active';
      },
      onFailure(task) {
        table().delete(task.data['object_id'] as string);
      },
    });
    ctx.tasks.define(`sangfor.${kind}.delete`, {
      onSuccess(task) {
        table().delete(task.data['object_id'] as string);
      },
      onFailure(task) {
        const record = table().get(task.data['object_id'] as string);
        if (record !== undefined) record.status = 'active';
      },
    });
  };
  lifecycle('vpc', () => db(ctx).vpcs);
  lifecycle('subnet', () => db(ctx).subnets);
}

export function registerNetworkRoutes(router: Router, rt: SangforRuntime, ctx: EmulatorContext): void {
  defineNetworkTasks(ctx);
  const vpcs = '/janus/:version/vpcs';
  addRoute(router, rt, 'GET', vpcs, (req, c) => {
    const t = db(c);
    const items = t.vpcs
      .filter(queryMatcher(req.query, { az_id: 'equal', project_id: 'equal', name: 'contains' }))
      .map((v) => renderVpc(t, v));
    return ok(plainOrPaged(req.query, items, rt.options));
  });
  addRoute(router, rt, 'POST', vpcs, (req, c) => createVpc(req, c));
  addRoute(router, rt, 'GET', `${vpcs}/:id`, (req, c) => {
    const t = db(c);
    return ok(renderVpc(t, mustGet(t.vpcs, req.params['id']!, 'VPC')));
  });
  addRoute(router, rt, 'PUT', `${vpcs}/:id`, (req, c) => updateVpc(req, c));
  addRoute(router, rt, 'DELETE', `${vpcs}/:id`, (req, c) => deleteVpc(req, c));

  const subnets = '/janus/:version/subnets';
  addRoute(router, rt, 'GET', subnets, (req, c) => {
    const t = db(c);
    const items = t.subnets
      .filter(queryMatcher(req.query, { az_id: 'equal', vpc_id: 'equal', name: 'contains' }))
      .map((s) => renderSubnet(t, s));
    return ok(plainOrPaged(req.query, items, rt.options));
  });
  addRoute(router, rt, 'POST', subnets, (req, c) => createSubnet(req, c));
  addRoute(router, rt, 'GET', `${subnets}/:id`, (req, c) => {
    const t = db(c);
    return ok(renderSubnet(t, mustGet(t.subnets, req.params['id']!, '子网')));
  });
  addRoute(router, rt, 'DELETE', `${subnets}/:id`, (req, c) => deleteSubnet(req, c));
}
