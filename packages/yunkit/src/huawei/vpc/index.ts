/** `hw.vpc`: Virtual Private Cloud (v1 API). */
import type { HuaweiContext } from '../context.js';
import { Ports } from './ports.js';
import { SecurityGroupRules } from './security-group-rules.js';
import { SecurityGroups } from './security-groups.js';
import { Subnets } from './subnets.js';
import { Vpcs } from './vpcs.js';

export class VpcService {
  readonly vpcs: Vpcs;
  readonly subnets: Subnets;
  readonly securityGroups: SecurityGroups;
  readonly securityGroupRules: SecurityGroupRules;
  readonly ports: Ports;

  constructor(ctx: HuaweiContext) {
    this.vpcs = new Vpcs(ctx);
    this.subnets = new Subnets(ctx);
    this.securityGroups = new SecurityGroups(ctx);
    this.securityGroupRules = new SecurityGroupRules(ctx);
    this.ports = new Ports(ctx);
  }
}

export { Ports } from './ports.js';
export { SecurityGroupRules } from './security-group-rules.js';
export { SecurityGroups } from './security-groups.js';
export { Subnets } from './subnets.js';
export type * from './types.js';
export { Vpcs } from './vpcs.js';
