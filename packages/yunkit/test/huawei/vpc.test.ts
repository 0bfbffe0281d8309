import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from 'yunkit/core';
import type { HuaweiClient, RawRequestInfo } from 'yunkit/huawei';
import { HttpHandler } from 'yunkit/huawei';
import { fastJob, type HuaweiFixture, startHuawei } from './helpers.js';

let fx: HuaweiFixture;
let hw: HuaweiClient;
const seen: RawRequestInfo[] = [];

beforeAll(async () => {
  fx = await startHuawei();
  hw = fx.client({ httpHandler: new HttpHandler().addRequestHandler((r) => void seen.push(r)) });
});
afterAll(async () => fx.close());

describe('VPC vpcs and subnets', () => {
  it('creates, gets, updates, lists (by marker) and deletes VPCs', async () => {
    const created = [];
    for (let i = 0; i < 3; i++) {
      created.push(
        await hw.vpc.vpcs.create({ vpc: { name: `vpc-${i}`, cidr: `10.${i}.0.0/16`, description: 'd' } }),
      );
    }
    const ready = await hw.vpc.vpcs.waitUntilReady(created[0]!.id, fastJob);
    expect(ready.status).toBe('OK');
    const got = await hw.vpc.vpcs.get(created[1]!.id);
    expect(got.cidr).toBe('10.1.0.0/16');
    const updated = await hw.vpc.vpcs.update(created[1]!.id, { vpc: { name: 'vpc-renamed' } });
    expect(updated.name).toBe('vpc-renamed');

    const before = seen.length;
    const all = await hw.vpc.vpcs.listAll({ limit: 2 }).toArray();
    const ids = all.map((v) => v.id);
    for (const v of created) expect(ids).toContain(v.id);
    const markers = seen.slice(before).map((r) => new URLSearchParams(r.pathUrl.split('?')[1]).get('marker'));
    expect(markers[0]).toBeNull();
    expect(markers[1]).toBe(ids[1]);
    expect((await hw.vpc.vpcs.list({ limit: 1 })).vpcs).toHaveLength(1);

    for (const v of created) await hw.vpc.vpcs.delete(v.id);
    await expect(hw.vpc.vpcs.get(created[2]!.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('parses the VPC top-level error shape {code, message}', async () => {
    const err = await hw.vpc.vpcs.get('11111111-1111-1111-1111-111111111111').catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toMatch(/^VPC\./);
    expect(err.cloudMessage.length).toBeGreaterThan(0);
  });

  it('manages subnets, with vpc_id in the update/delete path', async () => {
    const vpc = await hw.vpc.vpcs.create({ vpc: { name: 'sn', cidr: '172.16.0.0/16' } });
    await hw.vpc.vpcs.waitUntilReady(vpc.id, fastJob);
    const a = await hw.vpc.subnets.create({
      subnet: {
        name: 'a',
        cidr: '172.16.1.0/24',
        gateway_ip: '172.16.1.1',
        vpc_id: vpc.id,
        dhcp_enable: true,
      },
    });
    const b = await hw.vpc.subnets.create({
      subnet: { name: 'b', cidr: '172.16.2.0/24', gateway_ip: '172.16.2.1', vpc_id: vpc.id },
    });
    expect((await hw.vpc.subnets.waitUntilReady(a.id, fastJob)).status).toBe('ACTIVE');
    expect((await hw.vpc.subnets.get(b.id)).vpc_id).toBe(vpc.id);
    const listed = await hw.vpc.subnets.listAll({ vpc_id: vpc.id, limit: 1 }).toArray();
    expect(listed.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());

    await hw.vpc.subnets.update(vpc.id, a.id, { subnet: { name: 'a2', description: 'renamed' } });
    expect(seen.findLast((r) => r.method === 'PUT')!.pathUrl).toBe(
      `/v1/${fx.emulator.credentials.projectId}/vpcs/${vpc.id}/subnets/${a.id}`,
    );
    expect((await hw.vpc.subnets.get(a.id)).name).toBe('a2');
    await hw.vpc.subnets.delete(vpc.id, b.id);
    expect(seen.findLast((r) => r.method === 'DELETE')!.pathUrl).toContain(`/vpcs/${vpc.id}/subnets/${b.id}`);
  });

  it('validates CIDRs and gateways before sending', async () => {
    const before = seen.length;
    await expect(hw.vpc.vpcs.create({ vpc: { name: 'x', cidr: '10.0.0.0' } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      hw.vpc.subnets.create({
        subnet: { name: 'x', cidr: '10.0.0.0/24', gateway_ip: '10.0.0.300', vpc_id: 'v' },
      }),
    ).rejects.toThrow(/gateway_ip/);
    expect(seen.length).toBe(before);
  });
});

describe('VPC security groups and rules', () => {
  it('creates a group, adds and removes rules, lists and deletes', async () => {
    const group = await hw.vpc.securityGroups.create({ security_group: { name: 'web-sg' } });
    expect(group.security_group_rules?.length).toBeGreaterThan(0);
    const rule = await hw.vpc.securityGroupRules.create({
      security_group_rule: {
        security_group_id: group.id,
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 443,
        port_range_max: 443,
        remote_ip_prefix: '0.0.0.0/0',
      },
    });
    expect(rule.port_range_min).toBe(443);
    expect((await hw.vpc.securityGroupRules.get(rule.id)).security_group_id).toBe(group.id);
    const rules = await hw.vpc.securityGroupRules
      .listAll({ security_group_id: group.id, limit: 1 })
      .toArray();
    expect(rules.map((r) => r.id)).toContain(rule.id);
    expect((await hw.vpc.securityGroups.get(group.id)).security_group_rules?.map((r) => r.id)).toContain(
      rule.id,
    );
    const groups = await hw.vpc.securityGroups.listAll().toArray();
    expect(groups.map((g) => g.id)).toContain(group.id);
    await hw.vpc.securityGroupRules.delete(rule.id);
    await expect(hw.vpc.securityGroupRules.get(rule.id)).rejects.toBeInstanceOf(NotFoundError);
    await hw.vpc.securityGroups.delete(group.id);
    await expect(hw.vpc.securityGroups.get(group.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects a bad rule before sending', async () => {
    await expect(
      hw.vpc.securityGroupRules.create({
        security_group_rule: { security_group_id: 'g', direction: 'sideways' as 'ingress' },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      hw.vpc.securityGroupRules.create({
        security_group_rule: {
          security_group_id: 'g',
          direction: 'ingress',
          port_range_min: 90,
          port_range_max: 80,
        },
      }),
    ).rejects.toThrow(/port_range_min/);
  });
});
