/** Seed "Network Management": VPCs and subnets. */
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  const [az] = await scp.resourcePools.list();
  if (az === undefined) throw new Error('no resource pool');

  // List VPCs.
  for await (const vpc of scp.networks.listVpcs({ az_id: az.id })) {
    env.log(`${vpc.id} ${vpc.name}`);
  }
  const [vpc] = await scp.networks.listVpcs({ az_id: az.id }).toArray({ limit: 1 });
  if (vpc === undefined) throw new Error('no VPC');

  // Create a subnet.
  const result = await scp.networks.createSubnet({
    vpc_id: vpc.id,
    az_id: az.id,
    cidr: '192.168.10.0/24',
    name: 'subnet-app',
    gateway_ip: '192.168.10.1',
  });
  await scp.tasks.wait(result.task_id);

  // List subnets in a VPC.
  for await (const subnet of scp.networks.listSubnets({ vpc_id: vpc.id })) {
    env.log(`${subnet.id} ${subnet.cidr}`);
  }
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
