import { describe, expect, it } from 'vitest';
import { ValidationError } from 'yunkit/core';
import { SangforClient } from 'yunkit/sangfor';
import { isSangforId } from '../../src/sangfor/validate.js';
import { AZ, offlineClient, VM, VOL } from './helpers.js';

const NET = [{ vif_id: 'net0', vpc_id: AZ, subnet_id: VM, connect: 1 as const, model: 'virtio' }];
const GOOD_SERVER = {
  az_id: AZ,
  image_id: VM,
  storage_tag_id: '00000000-0000-0000-0000-000000000000',
  cores: 2,
  memory_mb: 2048,
  name: 'vm',
  networks: NET,
};

async function rejection(run: () => unknown): Promise<ValidationError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('ids', () => {
  it('accepts UUIDs of any version and Keystone 32-hex ids', () => {
    expect(isSangforId('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(isSangforId('11111111-1111-1111-1111-111111111111')).toBe(true);
    expect(isSangforId(AZ.toUpperCase())).toBe(true);
    expect(isSangforId('bfdc5e93414a4b5fbc0f8541a6c4abc2')).toBe(true);
    expect(isSangforId('vm-1')).toBe(false);
    expect(isSangforId('')).toBe(false);
    expect(isSangforId(`${AZ}x`)).toBe(false);
  });
});

describe('bad input is a ValidationError before anything is sent', () => {
  it('rejects an empty az_id filter, which SCP answers with az_id输入错误', async () => {
    const { client, transport } = offlineClient();
    const error = await rejection(() => client.servers.listAll({ az_id: '' }));
    expect(error.field).toBe('az_id');
    await rejection(() => client.servers.count({ az_id: '' }));
    await rejection(() => client.servers.listPage({ az_id: 'not-a-uuid' }));
    expect(transport.sent).toHaveLength(0);
  });

  it('rejects non-UUID ids on every resource', async () => {
    const { client, transport } = offlineClient();
    const calls: Array<[string, () => unknown]> = [
      ['server_id', () => client.servers.get('vm-1')],
      ['server_id', () => client.servers.delete('../x')],
      ['server_id', () => client.servers.powerOn('')],
      ['server_id', () => client.servers.reboot('nope', { force: true })],
      ['volume_id', () => client.servers.attachVolume(VM, 'disk-1')],
      ['volume_id', () => client.volumes.get('x')],
      ['vpc_id', () => client.networks.getVpc('vpc-1')],
      ['subnet_id', () => client.networks.deleteSubnet('subnet-1')],
      ['az_id', () => client.resourcePools.get('az-1')],
      ['tenant_id', () => client.tenants.get('t')],
      ['eip_id', () => client.eips.release('eip')],
      ['image_id', () => client.images.get('centos')],
      ['task_id', () => client.tasks.get('')],
      ['host_id', () => client.hosts.interfaces('')],
    ];
    for (const [field, call] of calls) {
      const error = await rejection(call);
      expect(error.field).toBe(field);
    }
    expect(transport.sent).toHaveLength(0);
  });

  it('rejects negative or fractional sizes', async () => {
    const { client, transport } = offlineClient();
    expect(
      (
        await rejection(() =>
          client.volumes.create({ az_id: AZ, storage_tag_id: AZ, size_mb: -1, name: 'd' }),
        )
      ).field,
    ).toBe('size_mb');
    expect((await rejection(() => client.volumes.resize(VOL, 0))).field).toBe('size_mb');
    expect((await rejection(() => client.volumes.resize(VOL, -2048))).field).toBe('size_mb');
    expect((await rejection(() => client.servers.create({ ...GOOD_SERVER, count: -1 }))).field).toBe('count');
    expect((await rejection(() => client.servers.create({ ...GOOD_SERVER, memory_mb: 1.5 }))).field).toBe(
      'memory_mb',
    );
    expect((await rejection(() => client.servers.create({ ...GOOD_SERVER, cores: 0 }))).field).toBe('cores');
    expect((await rejection(() => client.eips.allocate({ az_id: AZ, bandwidth_mb: -100 }))).field).toBe(
      'bandwidth_mb',
    );
    expect((await rejection(() => client.eips.updateBandwidth(VOL, 0))).field).toBe('bandwidth_mb');
    expect(transport.sent).toHaveLength(0);
  });

  it('checks the create body field by field', async () => {
    const { client, transport } = offlineClient();
    expect((await rejection(() => client.servers.create({ ...GOOD_SERVER, az_id: '' }))).field).toBe('az_id');
    expect((await rejection(() => client.servers.create({ ...GOOD_SERVER, name: ' ' }))).field).toBe('name');
    expect(
      (
        await rejection(() =>
          client.servers.create({ ...GOOD_SERVER, networks: [{ ...NET[0]!, subnet_id: 'x' }] }),
        )
      ).field,
    ).toBe('networks[0].subnet_id');
    expect(
      (await rejection(() => client.servers.create({ ...GOOD_SERVER, disks: [{ size_mb: -5 }] }))).field,
    ).toBe('disks[0].size_mb');
    expect(
      (await rejection(() => client.servers.create({ ...GOOD_SERVER, description: 'x'.repeat(101) }))).field,
    ).toBe('description');
    expect(
      (await rejection(() => client.servers.create({ ...GOOD_SERVER, networks: {} as never }))).field,
    ).toBe('networks');
    expect(transport.sent).toHaveLength(0);
  });

  it('rejects CIDRs that do not parse and gateways outside the subnet', async () => {
    const { client, transport } = offlineClient();
    const subnet = { vpc_id: AZ, az_id: AZ, name: 's', cidr: '192.168.10.0/24' };
    for (const cidr of [
      '192.168.10.0',
      '192.168.10.0/33',
      '192.168.300.0/24',
      '10.0.0.1/24',
      'fe80::/129',
      'abc',
      '',
    ]) {
      expect((await rejection(() => client.networks.createSubnet({ ...subnet, cidr }))).field).toBe('cidr');
    }
    expect(
      (await rejection(() => client.networks.createSubnet({ ...subnet, gateway_ip: '192.168.11.1' }))).field,
    ).toBe('gateway_ip');
    expect(
      (await rejection(() => client.networks.createSubnet({ ...subnet, dns_nameservers: ['8.8.8'] }))).field,
    ).toBe('dns_nameservers[0]');
    expect(transport.sent).toHaveLength(0);
  });

  it('accepts a valid subnet, IPv6 included, and sends it', async () => {
    const { client, transport } = offlineClient(() => ({
      status: 200,
      headers: {},
      body: Buffer.from('{"code":0,"message":"","data":{"id":"x"}}'),
      text: () => '{"code":0,"message":"","data":{"id":"x"}}',
      json: <T>() => ({ code: 0, data: { id: 'x' } }) as T,
    }));
    await client.networks.createSubnet({
      vpc_id: AZ,
      az_id: AZ,
      name: 's',
      cidr: '192.168.10.0/24',
      gateway_ip: '192.168.10.1',
    });
    await client.networks.createSubnet({
      vpc_id: AZ,
      az_id: AZ,
      name: 's6',
      cidr: '2001:db8::/64',
      gateway_ip: '2001:db8::1',
    });
    expect(transport.sent).toHaveLength(2);
  });

  it('rejects bad paging, wait and version options', async () => {
    const { client, transport } = offlineClient();
    await rejection(() => client.servers.listPage({ page_num: -1 }));
    await rejection(() => client.servers.listPage({ page_size: 0 }));
    await rejection(() => client.servers.listAll({}, { pageSize: 0 }));
    await rejection(() => client.tasks.wait('t-1', { timeout: -5 }));
    await rejection(() => client.tasks.wait('t-1', { pollInterval: 0 }));
    expect(transport.sent).toHaveLength(0);
    expect(() => offlineClient(undefined, { apiVersions: { servers: 'v2' } })).toThrow(ValidationError);
  });
});

describe('client options', () => {
  it('needs exactly one auth method and a usable host', () => {
    expect(() => new SangforClient({ host: '10.0.0.1', env: false })).toThrow(ValidationError);
    expect(
      () =>
        new SangforClient({
          host: '10.0.0.1',
          accessKey: 'a',
          secretKey: 's',
          username: 'u',
          password: 'p',
          env: false,
        }),
    ).toThrow(/either/);
    expect(
      () => new SangforClient({ host: 'ftp://10.0.0.1', accessKey: 'a', secretKey: 's', env: false }),
    ).toThrow(ValidationError);
    expect(
      () => new SangforClient({ host: '10.0.0.1', username: 'admin', password: '', env: false }),
    ).toThrow(/password/);
    expect(() => new SangforClient({ accessKey: 'a', secretKey: 's', env: false })).toThrow(/host/);
  });

  it('reads host and credentials from SANGFOR_* variables when the options have none', () => {
    const client = new SangforClient({
      env: { SANGFOR_HOST: '10.1.2.3:8443', SANGFOR_USERNAME: 'admin', SANGFOR_PASSWORD: 'pw' },
    });
    expect(client.authScheme).toBe('token');
    expect(client.endpoint.href).toBe('https://10.1.2.3:8443/');
    client.close();
    const ec2 = new SangforClient({
      host: 'http://127.0.0.1:9',
      env: { SANGFOR_ACCESS_KEY: 'a', SANGFOR_SECRET_KEY: 's' },
    });
    expect(ec2.authScheme).toBe('ec2');
    expect(ec2.endpoint.protocol).toBe('http:');
    ec2.close();
  });
});
