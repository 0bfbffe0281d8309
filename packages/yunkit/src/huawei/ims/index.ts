/** `hw.ims`: Image Management Service. */
import type { HuaweiContext } from '../context.js';
import { Images } from './images.js';

export class ImsService {
  readonly images: Images;

  constructor(ctx: HuaweiContext) {
    this.images = new Images(ctx);
  }
}

export { Images } from './images.js';
export type * from './types.js';
