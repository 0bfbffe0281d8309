/** Seed "Error Handling": SCP failures arrive as yunkit's typed errors. */
import {
  AuthError,
  NotFoundError,
  RateLimitError,
  TaskFailedError,
  WaitTimeoutError,
  YunkitError,
} from 'yunkit/core';
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect, createVm, discover } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env, { retry: { maxAttempts: 2 } });

  try {
    await scp.servers.get('00000000-0000-4000-8000-000000000000');
  } catch (error) {
    if (error instanceof NotFoundError) env.log(`VM not found: ${error.cloudMessage}`);
    else throw error;
  }

  // Rebooting a VM that is off fails inside SCP's task: TaskFailedError carries the task.
  const vmId = await createVm(scp, await discover(scp), 'errors-demo');
  await scp.tasks.wait(await scp.servers.powerOff(vmId));
  try {
    await scp.tasks.wait(await scp.servers.reboot(vmId), { timeout: 60_000 });
  } catch (error) {
    if (error instanceof TaskFailedError) {
      env.log(`Task failed: ${error.reason}`);
      env.log(`Task data: ${JSON.stringify(error.task)}`);
    } else {
      throw error;
    }
  }

  // A wait that runs out of time: WaitTimeoutError says how long it waited.
  const powerOnTask = await scp.servers.powerOn(vmId);
  try {
    await scp.tasks.wait(powerOnTask, { timeout: 1 });
  } catch (error) {
    if (error instanceof WaitTimeoutError) env.log(`Timed out after ${error.timeoutMs} ms`);
    else throw error;
  }

  const wrong = connect(env, { secretKey: 'not-the-secret', retry: { maxAttempts: 1 } });
  try {
    await wrong.system.version();
  } catch (error) {
    if (error instanceof AuthError) env.log(`Auth failed: ${error.status} ${error.cloudMessage}`);
    else if (error instanceof RateLimitError) env.log(`Throttled, retry after ${error.retryAfterMs} ms`);
    else if (error instanceof YunkitError) env.log(`SCP error: ${error.message}`);
    else throw error;
  }
  wrong.close();
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
