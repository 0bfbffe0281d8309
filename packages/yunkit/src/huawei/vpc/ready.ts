/** VPCs and subnets become usable asynchronously: poll their `status` until ready or ERROR. */
import { TaskFailedError } from '../../core/errors.js';
import { type WaitOptions, waitUntil } from '../../core/wait.js';
import type { HuaweiCallOptions } from '../context.js';

export function waitForStatus<T extends { status?: string }>(
  get: (options: HuaweiCallOptions | undefined) => Promise<T>,
  id: string,
  what: 'vpc' | 'subnet',
  ready: string,
  options: WaitOptions,
): Promise<T> {
  return waitUntil(
    () => get(options.signal ? { signal: options.signal } : undefined),
    (item) => {
      if (item.status === ready) return { done: true };
      if (item.status === 'ERROR') {
        return {
          failed: new TaskFailedError({
            provider: 'huawei',
            taskId: id,
            task: item,
            reason: `${what} status ERROR`,
          }),
        };
      }
      return { done: false };
    },
    { pollInterval: 500, ...options },
  );
}
