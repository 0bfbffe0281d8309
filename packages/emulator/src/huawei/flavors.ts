import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { projectOf } from './auth.js';
import { fail } from './errors.js';
import { markerPage, parseLimit } from './pagination.js';
import { collections, type FlavorRecord, type ProjectRecord } from './state.js';

/** ECS flavors and the three availability-zone listings (ECS v1, Nova v2.1, EVS/Cinder v2). */

export function regionAzs(ctx: EmulatorContext, project: ProjectRecord): string[] {
  return collections.regions(ctx).get(project.region)?.azs ?? [];
}

export function renderFlavor(
  ctx: EmulatorContext,
  project: ProjectRecord,
  flavor: FlavorRecord,
): Record<string, unknown> {
  const azs = regionAzs(ctx, project);
  return {
    id: flavor.id,
    name: flavor.id,
    vcpus: String(flavor.vcpus),
    ram: flavor.ramMb,
    disk: '0',
    swap: '',
    links: [],
    'OS-FLV-EXT-DATA:ephemeral': 0,
    rxtx_factor: 1,
    'OS-FLV-DISABLED:disabled': false,
    rxtx_quota: null,
    rxtx_cap: null,
    'os-flavor-access:is_public': true,
    os_extra_specs: {
      'ecs:performancetype': flavor.performanceType,
      'ecs:generation': flavor.generation,
      'ecs:virtualization_env_types': 'CloudCompute',
      'ecs:instance_architecture': flavor.architecture,
      resource_type: `IOoptimized${flavor.generation.toUpperCase()}`,
      'hw:numa_nodes': '1',
      'cond:operation:status': flavor.operationStatus,
      'cond:operation:az': azs.map((az) => `${az}(${flavor.operationStatus})`).join(','),
      'quota:max_rate': String(flavor.maxBandwidthMbps),
      'quota:min_rate': String(Math.round(flavor.maxBandwidthMbps / 10)),
      'quota:max_pps': String(flavor.maxPps),
      'quota:vif_max_num': String(Math.min(12, Math.max(2, flavor.vcpus))),
      'info:cpu:name': flavor.architecture === 'arm' ? 'Kunpeng 920' : 'Intel Xeon Platinum 8378A',
    },
    attachableQuantity: { free_scsi: 59, free_blk: 23, free_disk: 23, free_nic: 12 },
  };
}

function listFlavors(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const az = req.query.get('availability_zone');
  if (az && !regionAzs(ctx, project).includes(az)) {
    fail(400, 'Ecs.0005', `Availability zone ${az} does not exist in region ${project.region}.`);
  }
  const flavorId = req.query.get('flavor_id');
  const all = collections.flavors(ctx).filter((f) => !flavorId || f.id === flavorId);
  const limit = parseLimit(req.query.get('limit'), { default: 1000, max: 1000 }, { code: 'Ecs.0005' });
  const { page } = markerPage(all, req.query.get('marker'), limit, { code: 'Ecs.0005' });
  return { body: { flavors: page.map((f) => renderFlavor(ctx, project, f)) } };
}

export function registerFlavorRoutes(router: Router): void {
  router.add('GET', '/v1/:project_id/cloudservers/flavors', listFlavors);
  router.add('GET', '/v1/:project_id/availability-zones', (req, ctx) => {
    const project = projectOf(req, ctx);
    return {
      body: {
        availability_zones: regionAzs(ctx, project).map((az, index) => ({
          availability_zone_id: az,
          type: 'Core',
          mode: 'Standard',
          public_border_group: 'center',
          alias: `AZ${index + 1}`,
          az_group_ids: [],
          category: 0,
        })),
      },
    };
  });
  const novaStyle = (req: EmulatorRequest, ctx: EmulatorContext) => {
    const project = projectOf(req, ctx);
    return {
      body: {
        availabilityZoneInfo: regionAzs(ctx, project).map((az) => ({
          zoneName: az,
          zoneState: { available: true },
          hosts: null,
        })),
      },
    };
  };
  router.add('GET', '/v2.1/:project_id/os-availability-zone', novaStyle);
  router.add('GET', '/v2/:project_id/os-availability-zone', novaStyle);
}
