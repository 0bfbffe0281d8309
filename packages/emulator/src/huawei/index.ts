import type { ProviderDefinition } from '../engine/index.js';
import { authenticateHuawei } from './auth.js';
import { registerEipRoutes } from './eips.js';
import { huaweiErrorResponse } from './errors.js';
import { registerFlavorRoutes } from './flavors.js';
import { registerIamRoutes } from './iam.js';
import { registerImageRoutes } from './images.js';
import { registerJobRoutes } from './jobs.js';
import { registerPortRoutes } from './ports.js';
import { registerSecurityGroupRoutes } from './security-groups.js';
import { seedHuawei } from './seed.js';
import { registerServerRoutes } from './servers.js';
import { account, collections } from './state.js';
import { registerSubnetRoutes } from './subnets.js';
import { registerVolumeRoutes } from './volumes.js';
import { registerVpcRoutes } from './vpcs.js';

/**
 * Huawei Cloud: ECS, EVS, VPC, EIP, IMS and IAM on one port (docs/emulator-huawei.md).
 * Plain HTTP by default: the official SDK accepts an http endpoint (reference §4).
 */
export const huaweiProvider: ProviderDefinition = {
  name: 'huawei',
  defaultTls: false,
  requestIdHeader: 'X-Request-Id',
  newRequestId: (random) => random.hex(32),

  routes(router, ctx) {
    registerIamRoutes(router);
    registerJobRoutes(router);
    registerFlavorRoutes(router);
    registerServerRoutes(router, ctx);
    registerVolumeRoutes(router, ctx);
    registerVpcRoutes(router, ctx);
    registerSubnetRoutes(router, ctx);
    registerSecurityGroupRoutes(router);
    registerPortRoutes(router);
    registerEipRoutes(router);
    registerImageRoutes(router, ctx);
  },

  seed: seedHuawei,

  credentials(ctx) {
    const main = account(ctx);
    const project = collections.projects(ctx).find((p) => p.region === main.defaultRegion);
    return {
      accessKey: main.accessKey,
      secretKey: main.secretKey,
      region: main.defaultRegion,
      projectId: project?.id ?? '',
      domainId: main.domainId,
      domainName: main.domainName,
      userName: main.userName,
      password: main.password,
    };
  },

  authenticate: authenticateHuawei,
  errorResponse: huaweiErrorResponse,
};
