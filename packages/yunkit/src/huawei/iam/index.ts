/** `hw.iam`: Identity and Access Management (Keystone v3 and OS-CREDENTIAL). */
import type { HuaweiContext } from '../context.js';
import { Projects } from './projects.js';
import { Domains, Regions } from './regions.js';
import { Tokens } from './tokens.js';

export class IamService {
  readonly projects: Projects;
  readonly regions: Regions;
  readonly domains: Domains;
  readonly tokens: Tokens;

  constructor(ctx: HuaweiContext) {
    this.projects = new Projects(ctx);
    this.regions = new Regions(ctx);
    this.domains = new Domains(ctx);
    this.tokens = new Tokens(ctx, () => ctx.endpoints('iam'));
  }
}

export { Projects } from './projects.js';
export { Domains, Regions } from './regions.js';
export { Tokens } from './tokens.js';
export type * from './types.js';
