import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { projectOf } from './auth.js';
import { fail } from './errors.js';
import { markerPage, parseLimit } from './pagination.js';
import { collections, inEnterpriseProject, isoSeconds, type VpcRecord } from './state.js';
import { cidrContains, optionalString, parseCidr, readBody, validName } from './validate.js';

/** VPC v1 (reference §2.2). Error codes VPC.0003/VPC.0101 are from the VPC API docs' table [I]. */

export const VPC_INVALID = 'VPC.0101';
export const VPC_NOT_FOUND = 'VPC.0003';
const VPC_HAS_SUBNETS = 'VPC.0112';
export const VPC_CREATE_TASK = 'huawei.vpc.create';

/** The private ranges VPC accepts, as the console offers them. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export function validVpcCidr(cidr: string, code: string): string {
  const parsed = parseCidr(cidr);
  if (!parsed || parsed.prefix > 28 || !PRIVATE_RANGES.some((range) => cidrContains(range, cidr))) {
    fail(
      400,
      code,
      `Invalid cidr ${cidr}: use a network within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, /28 or larger.`,
    );
  }
  return cidr;
}

export function renderVpc(ctx: EmulatorContext, vpc: VpcRecord): Record<string, unknown> {
  const subnets = collections.subnets(ctx).filter((s) => s.vpcId === vpc.id).length;
  return {
    id: vpc.id,
    name: vpc.name,
    cidr: vpc.cidr,
    description: vpc.description,
    status: vpc.status,
    routes: vpc.routes,
    enterprise_project_id: vpc.enterpriseProjectId,
    tenant_id: vpc.projectId,
    cloud_resources: [
      { resource_type: 'routetable', resource_count: 1 },
      { resource_type: 'virsubnet', resource_count: subnets },
    ],
    tags: [],
    created_at: vpc.createdAt,
    updated_at: vpc.updatedAt,
  };
}

export function findVpc(ctx: EmulatorContext, projectId: string, id: string): VpcRecord {
  const vpc = collections.vpcs(ctx).get(id);
  if (!vpc || vpc.projectId !== projectId) fail(404, VPC_NOT_FOUND, 'VPC does not exist.');
  return vpc;
}

function listVpcs(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const id = req.query.get('id');
  const enterpriseProjectId = req.query.get('enterprise_project_id');
  const all = collections
    .vpcs(ctx)
    .filter(
      (v) =>
        v.projectId === project.id && (!id || v.id === id) && inEnterpriseProject(v, enterpriseProjectId),
    );
  const limit = parseLimit(req.query.get('limit'), { default: 2000, max: 2000 }, { code: VPC_INVALID });
  const { page } = markerPage(all, req.query.get('marker'), limit, { code: VPC_INVALID });
  return { body: { vpcs: page.map((v) => renderVpc(ctx, v)) } };
}

function createVpc(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const body = readBody(req, VPC_INVALID, 'vpc');
  const name = validName(
    optionalString(body, 'name', VPC_INVALID) ?? `vpc-${ctx.random.hex(4)}`,
    'name',
    VPC_INVALID,
  );
  const cidr = validVpcCidr(optionalString(body, 'cidr', VPC_INVALID) ?? '192.168.0.0/16', VPC_INVALID);
  const description = optionalString(body, 'description', VPC_INVALID) ?? '';
  if (description.length > 255) fail(400, VPC_INVALID, 'description must be at most 255 characters.');
  const now = isoSeconds(ctx.clock.now());
  const id = ctx.random.uuid();
  const vpc = collections.vpcs(ctx).set(id, {
    id,
    projectId: project.id,
    name,
    cidr,
    description,
    status: 'CREATING',
    enterpriseProjectId: optionalString(body, 'enterprise_project_id', VPC_INVALID) ?? '0',
    routes: [],
    createdAt: now,
    updatedAt: now,
  });
  ctx.tasks.start({ kind: VPC_CREATE_TASK, data: { vpcId: id }, durationMs: networkTaskMs(ctx) });
  return { body: { vpc: renderVpc(ctx, vpc) } };
}

/** VPC and subnet status changes are quick on the real cloud: a quarter of a server job. */
export function networkTaskMs(ctx: EmulatorContext): number {
  return Math.round((ctx.options.taskMs ?? 2000) / 4);
}

function updateVpc(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const vpc = findVpc(ctx, project.id, req.params.vpc_id ?? '');
  const body = readBody(req, VPC_INVALID, 'vpc');
  const name = optionalString(body, 'name', VPC_INVALID);
  const description = optionalString(body, 'description', VPC_INVALID);
  const cidr = optionalString(body, 'cidr', VPC_INVALID);
  if (cidr !== undefined) {
    validVpcCidr(cidr, VPC_INVALID);
    const outside = collections.subnets(ctx).find((s) => s.vpcId === vpc.id && !cidrContains(cidr, s.cidr));
    if (outside) fail(400, VPC_INVALID, `The new cidr must contain subnet ${outside.id} (${outside.cidr}).`);
    vpc.cidr = cidr;
  }
  if (name !== undefined) vpc.name = validName(name, 'name', VPC_INVALID);
  if (description !== undefined) vpc.description = description;
  vpc.updatedAt = isoSeconds(ctx.clock.now());
  return { body: { vpc: renderVpc(ctx, vpc) } };
}

function deleteVpc(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const vpc = findVpc(ctx, project.id, req.params.vpc_id ?? '');
  const subnets = collections.subnets(ctx).filter((s) => s.vpcId === vpc.id);
  if (subnets.length > 0) {
    fail(409, VPC_HAS_SUBNETS, `VPC ${vpc.id} still has ${subnets.length} subnet(s); delete them first.`);
  }
  collections.vpcs(ctx).delete(vpc.id);
  return { status: 204 };
}

export function registerVpcRoutes(router: Router, ctx: EmulatorContext): void {
  ctx.tasks.define(VPC_CREATE_TASK, {
    onSuccess(task, c) {
      collections.vpcs(c).update(String(task.data.vpcId), { status: 'OK' });
    },
    onFailure(task, c) {
      collections.vpcs(c).update(String(task.data.vpcId), { status: 'ERROR' });
    },
  });
  router.add('GET', '/v1/:project_id/vpcs', listVpcs);
  router.add('POST', '/v1/:project_id/vpcs', createVpc);
  router.add('GET', '/v1/:project_id/vpcs/:vpc_id', (req, c) => {
    const project = projectOf(req, c);
    return { body: { vpc: renderVpc(c, findVpc(c, project.id, req.params.vpc_id ?? '')) } };
  });
  router.add('PUT', '/v1/:project_id/vpcs/:vpc_id', updateVpc);
  router.add('DELETE', '/v1/:project_id/vpcs/:vpc_id', deleteVpc);
}
