/** Seed "Power Operations". Each operation is a task; waiting keeps them in order. */
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect, createVm, discover } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  const vmId = await createVm(scp, await discover(scp), 'power-demo');

  await scp.tasks.wait(await scp.servers.powerOff(vmId));
  env.log(`after power off: ${(await scp.servers.get(vmId)).status}`);
  await scp.tasks.wait(await scp.servers.powerOn(vmId));
  env.log(`after power on: ${(await scp.servers.get(vmId)).status}`);
  await scp.tasks.wait(await scp.servers.reboot(vmId));
  await scp.tasks.wait(await scp.servers.reboot(vmId, { force: true })); // force reboot
  env.log(`after two reboots: ${(await scp.servers.get(vmId)).status}`);
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
