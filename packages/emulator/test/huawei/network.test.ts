import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServers, type HuaweiHarness, startHuawei } from './helpers.js';

let h: HuaweiHarness;
beforeEach(async () => {
  h = await startHuawei();
});
afterEach(async () => {
  await h.close();
});

async function createVpc(name: string, cidr = '10.0.0.0/16') {
  const res = await h.call({ method: 'POST', path: '/v1/{pid}/vpcs', body: { vpc: { name, cidr } } });
  expect(res.status).toBe(200);
  return res.json.vpc;
}

async function createSubnet(vpcId: string, name: string, cidr = '10.0.1.0/24', gateway = '10.0.1.1') {
  const res = await h.call({
    method: 'POST',
    path: '/v1/{pid}/subnets',
    body: { subnet: { name, cidr, gateway_ip: gateway, vpc_id: vpcId, availability_zone: 'cn-north-4a' } },
  });
  expect(res.status).toBe(200);
  return res.json.subnet;
}

describe('VPC v1', () => {
  it('creates a VPC (CREATING → OK), shows, updates and lists it', async () => {
    const vpc = await createVpc('app');
    expect(vpc).toMatchObject({
      name: 'app',
      cidr: '10.0.0.0/16',
      status: 'CREATING',
      tenant_id: h.projectId,
      routes: [],
    });
    h.advance(300);
    const shown = await h.call({ path: `/v1/{pid}/vpcs/${vpc.id}` });
    expect(shown.json.vpc.status).toBe('OK');
    const updated = await h.call({
      method: 'PUT',
      path: `/v1/{pid}/vpcs/${vpc.id}`,
      body: { vpc: { name: 'app2', description: 'd' } },
    });
    expect(updated.json.vpc).toMatchObject({ id: vpc.id, name: 'app2', description: 'd' });
    const list = await h.call({ path: '/v1/{pid}/vpcs' });
    expect(list.json.vpcs.map((v: { name: string }) => v.name)).toEqual(['vpc-default', 'app2']);
    expect(Object.keys(list.json)).toEqual(['vpcs']);
  });

  it('filters the list by enterprise_project_id; all_granted_eps matches every project', async () => {
    const res = await h.call({
      method: 'POST',
      path: '/v1/{pid}/vpcs',
      body: { vpc: { name: 'ep', cidr: '10.0.0.0/16', enterprise_project_id: 'ep-1' } },
    });
    expect(res.status).toBe(200);
    const names = async (query: string) =>
      (await h.call({ path: `/v1/{pid}/vpcs${query}` })).json.vpcs.map((v: { name: string }) => v.name);
    expect(await names('?enterprise_project_id=ep-1')).toEqual(['ep']);
    expect(await names('?enterprise_project_id=0')).toEqual(['vpc-default']);
    expect(await names('?enterprise_project_id=all_granted_eps')).toEqual(['vpc-default', 'ep']);
    expect(await names('')).toEqual(['vpc-default', 'ep']);
  });

  it('refuses to delete a VPC that still has subnets, then deletes it once they are gone', async () => {
    const vpc = await createVpc('app');
    const subnet = await createSubnet(vpc.id, 'web');
    const refused = await h.call({ method: 'DELETE', path: `/v1/{pid}/vpcs/${vpc.id}` });
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ code: 'VPC.0112', message: expect.stringContaining('subnet') });
    const delSubnet = await h.call({
      method: 'DELETE',
      path: `/v1/{pid}/vpcs/${vpc.id}/subnets/${subnet.id}`,
    });
    expect(delSubnet.status).toBe(204);
    const del = await h.call({ method: 'DELETE', path: `/v1/{pid}/vpcs/${vpc.id}` });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    const gone = await h.call({ path: `/v1/{pid}/vpcs/${vpc.id}` });
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ code: 'VPC.0003', message: 'VPC does not exist.' });
  });

  it('validates subnets: inside the VPC, no overlap, gateway inside; UNKNOWN → ACTIVE', async () => {
    const vpc = await createVpc('app');
    const subnet = await createSubnet(vpc.id, 'web');
    expect(subnet).toMatchObject({
      status: 'UNKNOWN',
      vpc_id: vpc.id,
      gateway_ip: '10.0.1.1',
      neutron_network_id: subnet.id,
      availability_zone: 'cn-north-4a',
      dhcp_enable: true,
    });
    h.advance(300);
    expect((await h.call({ path: `/v1/{pid}/subnets/${subnet.id}` })).json.subnet.status).toBe('ACTIVE');
    const bad = [
      { cidr: '192.168.9.0/24', gateway_ip: '192.168.9.1' },
      { cidr: '10.0.1.128/25', gateway_ip: '10.0.1.129' },
      { cidr: '10.0.2.0/24', gateway_ip: '10.0.3.1' },
    ];
    for (const fields of bad) {
      const res = await h.call({
        method: 'POST',
        path: '/v1/{pid}/subnets',
        body: { subnet: { name: 'x', vpc_id: vpc.id, ...fields } },
      });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.json.code).toBe('VPC.0201');
    }
    const update = await h.call({
      method: 'PUT',
      path: `/v1/{pid}/vpcs/${vpc.id}/subnets/${subnet.id}`,
      body: { subnet: { name: 'web2' } },
    });
    expect(update.json).toEqual({ subnet: { id: subnet.id, status: 'ACTIVE' } });
    const byVpc = await h.call({ path: '/v1/{pid}/subnets', query: { vpc_id: vpc.id } });
    expect(byVpc.json.subnets.map((s: { name: string }) => s.name)).toEqual(['web2']);
  });

  it('refuses to delete a subnet with ports; ports are listed through the VPC API', async () => {
    const { serverIds } = await createServers(h);
    const ports = await h.call({ path: '/v1/{pid}/ports', query: { device_id: serverIds[0]! } });
    expect(ports.json.ports).toHaveLength(1);
    const port = ports.json.ports[0];
    expect(port).toMatchObject({
      device_id: serverIds[0],
      status: 'ACTIVE',
      device_owner: 'compute:cn-north-4a',
    });
    const subnet = await h.call({ path: `/v1/{pid}/subnets/${port.network_id}` });
    const del = await h.call({
      method: 'DELETE',
      path: `/v1/{pid}/vpcs/${subnet.json.subnet.vpc_id}/subnets/${port.network_id}`,
    });
    expect(del.status).toBe(409);
    expect(del.json.code).toBe('VPC.0203');
  });

  it('manages security groups and rules (default rules, duplicates refused, default group kept)', async () => {
    const created = await h.call({
      method: 'POST',
      path: '/v1/{pid}/security-groups',
      body: { security_group: { name: 'web' } },
    });
    expect(created.status).toBe(200);
    const group = created.json.security_group;
    expect(group.security_group_rules).toHaveLength(4);
    const rule = {
      security_group_id: group.id,
      direction: 'ingress',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '0.0.0.0/0',
    };
    const added = await h.call({
      method: 'POST',
      path: '/v1/{pid}/security-group-rules',
      body: { security_group_rule: rule },
    });
    expect(added.json.security_group_rule).toMatchObject({ ...rule, ethertype: 'IPv4' });
    const dup = await h.call({
      method: 'POST',
      path: '/v1/{pid}/security-group-rules',
      body: { security_group_rule: rule },
    });
    expect(dup.status).toBe(409);
    const badRange = await h.call({
      method: 'POST',
      path: '/v1/{pid}/security-group-rules',
      body: { security_group_rule: { ...rule, port_range_min: 90, port_range_max: 80 } },
    });
    expect(badRange.status).toBe(400);
    const rules = await h.call({
      path: '/v1/{pid}/security-group-rules',
      query: { security_group_id: group.id },
    });
    expect(rules.json.security_group_rules).toHaveLength(5);
    const delRule = await h.call({
      method: 'DELETE',
      path: `/v1/{pid}/security-group-rules/${added.json.security_group_rule.id}`,
    });
    expect(delRule.status).toBe(204);
    const groups = await h.call({ path: '/v1/{pid}/security-groups' });
    const defaultGroup = groups.json.security_groups.find((g: { name: string }) => g.name === 'default');
    expect(
      (await h.call({ method: 'DELETE', path: `/v1/{pid}/security-groups/${defaultGroup.id}` })).status,
    ).toBe(409);
    expect((await h.call({ method: 'DELETE', path: `/v1/{pid}/security-groups/${group.id}` })).status).toBe(
      204,
    );
    expect((await h.call({ path: `/v1/{pid}/security-groups/${group.id}` })).status).toBe(404);
  });
});

describe('EIP', () => {
  async function createEip() {
    const res = await h.call({
      method: 'POST',
      path: '/v1/{pid}/publicips',
      body: {
        publicip: { type: '5_bgp' },
        bandwidth: { name: 'bw', size: 5, share_type: 'PER', charge_mode: 'traffic' },
      },
    });
    expect(res.status).toBe(200);
    return res.json.publicip;
  }

  it('creates, binds to one port at a time, unbinds (null, "" or empty) and deletes', async () => {
    const eip = await createEip();
    expect(eip).toMatchObject({ type: '5_bgp', status: 'DOWN', ip_version: 4, bandwidth_size: 5 });
    expect(eip.public_ip_address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const { serverIds } = await createServers(h, { name: 'a', count: 2 });
    const portOf = async (id: string) =>
      (await h.call({ path: '/v1/{pid}/ports', query: { device_id: id } })).json.ports[0].id as string;
    const portA = await portOf(serverIds[0]!);
    const portB = await portOf(serverIds[1]!);

    const bind = await h.call({
      method: 'PUT',
      path: `/v1/{pid}/publicips/${eip.id}`,
      body: { publicip: { port_id: portA } },
    });
    expect(bind.status).toBe(200);
    expect(bind.json.publicip).toMatchObject({ status: 'ACTIVE', port_id: portA });
    expect(bind.json.publicip.private_ip_address).toMatch(/^192\.168\.0\./);

    const rebind = await h.call({
      method: 'PUT',
      path: `/v1/{pid}/publicips/${eip.id}`,
      body: { publicip: { port_id: portB } },
    });
    expect(rebind.status).toBe(409);
    expect(rebind.json.code).toBe('VPC.0506');

    const second = await createEip();
    const samePort = await h.call({
      method: 'PUT',
      path: `/v1/{pid}/publicips/${second.id}`,
      body: { publicip: { port_id: portA } },
    });
    expect(samePort.status).toBe(409);

    const deleteBound = await h.call({ method: 'DELETE', path: `/v1/{pid}/publicips/${eip.id}` });
    expect(deleteBound.status).toBe(409);

    for (const unbindBody of [{ port_id: null }, { port_id: '' }, {}]) {
      const unbind = await h.call({
        method: 'PUT',
        path: `/v1/{pid}/publicips/${eip.id}`,
        body: { publicip: unbindBody },
      });
      expect(unbind.json.publicip, JSON.stringify(unbindBody)).toMatchObject({ status: 'DOWN', port_id: '' });
      const bound = await h.call({
        method: 'PUT',
        path: `/v1/{pid}/publicips/${eip.id}`,
        body: { publicip: { port_id: portB } },
      });
      expect(bound.json.publicip.port_id).toBe(portB);
    }
    await h.call({
      method: 'PUT',
      path: `/v1/{pid}/publicips/${eip.id}`,
      body: { publicip: { port_id: null } },
    });
    const filtered = await h.call({
      path: '/v1/{pid}/publicips',
      query: { public_ip_address: second.public_ip_address },
    });
    expect(filtered.json.publicips.map((p: { id: string }) => p.id)).toEqual([second.id]);
    expect((await h.call({ method: 'DELETE', path: `/v1/{pid}/publicips/${eip.id}` })).status).toBe(204);
    const gone = await h.call({ path: `/v1/{pid}/publicips/${eip.id}` });
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ code: 'VPC.0504', message: 'Floating IP could not be found.' });
  });

  it('associates and disassociates through the v3 actions', async () => {
    const eip = await createEip();
    const { serverIds } = await createServers(h);
    const port = (await h.call({ path: '/v1/{pid}/ports', query: { device_id: serverIds[0]! } })).json
      .ports[0];
    const assoc = await h.call({
      method: 'POST',
      path: `/v3/{pid}/eip/publicips/${eip.id}/associate-instance`,
      body: { publicip: { associate_instance_type: 'PORT', associate_instance_id: port.id } },
    });
    expect(assoc.status).toBe(200);
    expect(assoc.json.publicip).toMatchObject({
      associate_instance_type: 'PORT',
      associate_instance_id: port.id,
      status: 'ACTIVE',
    });
    expect(assoc.json.publicip.vnic.private_ip_address).toBe(port.fixed_ips[0].ip_address);
    const dis = await h.call({
      method: 'POST',
      path: `/v3/{pid}/eip/publicips/${eip.id}/disassociate-instance`,
      body: {},
    });
    expect(dis.json.publicip).toMatchObject({ associate_instance_id: null, status: 'DOWN' });
    const again = await h.call({
      method: 'POST',
      path: `/v3/{pid}/eip/publicips/${eip.id}/disassociate-instance`,
      body: {},
    });
    expect(again.status).toBe(409);
  });

  it('shows and resizes the EIP bandwidth', async () => {
    const eip = await createEip();
    const full = (await h.call({ path: `/v1/{pid}/publicips/${eip.id}` })).json.publicip;
    const shown = await h.call({ path: `/v1/{pid}/bandwidths/${full.bandwidth_id}` });
    expect(shown.json.bandwidth).toMatchObject({
      id: full.bandwidth_id,
      size: 5,
      share_type: 'PER',
      name: 'bw',
    });
    expect(shown.json.bandwidth.publicip_info[0].publicip_id).toBe(eip.id);
    const resized = await h.call({
      method: 'PUT',
      path: `/v1/{pid}/bandwidths/${full.bandwidth_id}`,
      body: { bandwidth: { size: 20 } },
    });
    expect(resized.json.bandwidth.size).toBe(20);
    expect((await h.call({ path: `/v1/{pid}/publicips/${eip.id}` })).json.publicip.bandwidth_size).toBe(20);
    const tooBig = await h.call({
      method: 'PUT',
      path: `/v1/{pid}/bandwidths/${full.bandwidth_id}`,
      body: { bandwidth: { size: 5000 } },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.code).toBe('VPC.0301');
  });
});
