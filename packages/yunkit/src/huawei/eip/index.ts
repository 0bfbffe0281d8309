/** `hw.eip`: Elastic IP. */
import type { HuaweiContext } from '../context.js';
import { Publicips } from './publicips.js';

export class EipService {
  readonly publicips: Publicips;

  constructor(ctx: HuaweiContext) {
    this.publicips = new Publicips(ctx);
  }
}

export { Publicips } from './publicips.js';
export type * from './types.js';
