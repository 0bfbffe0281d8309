/**
 * The inventory a fresh Sangfor emulator starts with. Ids are fixed so that docs, examples and tests can name
 * them; everything a client creates gets ids from the seeded random stream.
 */
import type { EmulatorContext } from '../engine/index.js';
import { db, type HostInterfaceRecord, type HostRecord } from './model.js';

/** The ids of the seeded inventory (documented in docs/emulator-sangfor.md). */
export const SEED = {
  azs: { main: 'a2a00001-5cf1-4b6e-9d2a-000000000001', edge: 'a2a00002-5cf1-4b6e-9d2a-000000000002' },
  clusters: { main: 'c1c00001-5cf1-4b6e-9d2a-000000000001', edge: 'c1c00002-5cf1-4b6e-9d2a-000000000002' },
  hosts: {
    main1: 'b0000001-5cf1-4b6e-9d2a-000000000001',
    main2: 'b0000002-5cf1-4b6e-9d2a-000000000002',
    edge1: 'b0000003-5cf1-4b6e-9d2a-000000000003',
    edge2: 'b0000004-5cf1-4b6e-9d2a-000000000004',
  },
  /** The two built-in tags seen in real payloads (reference §9). */
  storageTags: {
    default: '00000000-0000-0000-0000-000000000000',
    ssd: '11111111-1111-1111-1111-111111111111',
  },
  storages: {
    mainVs: 'd15c0001-5cf1-4b6e-9d2a-000000000001',
    mainSsd: 'd15c0002-5cf1-4b6e-9d2a-000000000002',
    edgeVs: 'd15c0003-5cf1-4b6e-9d2a-000000000003',
  },
  images: {
    centos: 'e0000001-5cf1-4b6e-9d2a-000000000001',
    ubuntu: 'e0000002-5cf1-4b6e-9d2a-000000000002',
    ubuntuIso: 'e0000003-5cf1-4b6e-9d2a-000000000003',
    windowsIso: 'e0000004-5cf1-4b6e-9d2a-000000000004',
    edgeCentos: 'e0000005-5cf1-4b6e-9d2a-000000000005',
    broken: 'e0000006-5cf1-4b6e-9d2a-000000000006',
  },
  projects: { admin: 'f0000001-5cf1-4b6e-9d2a-000000000001', dev: 'f0000002-5cf1-4b6e-9d2a-000000000002' },
  users: { admin: 'f1000001-5cf1-4b6e-9d2a-000000000001', dev: 'f1000002-5cf1-4b6e-9d2a-000000000002' },
  vpcs: { default: '7bc00001-5cf1-4b6e-9d2a-000000000001' },
  subnets: { default: '5b000001-5cf1-4b6e-9d2a-000000000001' },
  servers: { web: '5e000001-5cf1-4b6e-9d2a-000000000001', db: '5e000002-5cf1-4b6e-9d2a-000000000002' },
  volumes: { data: 'd0000001-5cf1-4b6e-9d2a-000000000001' },
  floatingIpPools: {
    main: 'fa000001-5cf1-4b6e-9d2a-000000000001',
    edge: 'fa000002-5cf1-4b6e-9d2a-000000000002',
  },
} as const;

/** 2024-07-25T00:00:00Z: seeded resources were "created" before any test clock. */
const SEEDED_AT = Date.UTC(2024, 6, 25);

const GIB = 1024;

function interfaces(hostIndex: number): HostInterfaceRecord[] {
  const functions = ['mgmt', 'vxlan', 'business', 'vs'] as const;
  return functions.map((fn, i) => ({
    id: `eth${i}`,
    name: `eth${i}`,
    function: fn,
    ip: fn === 'business' ? '' : `10.${10 + i}.0.${10 + hostIndex}`,
    netmask: fn === 'business' ? '' : '255.255.255.0',
    mac: `fe:fc:fe:0${hostIndex}:0${i}:01`,
    speed_mbps: fn === 'mgmt' ? 1000 : 10000,
    status: 'up',
  }));
}

function host(
  id: string,
  name: string,
  index: number,
  azId: string,
  clusterId: string,
  cores: number,
  memoryGib: number,
  status: HostRecord['status'],
): HostRecord {
  return {
    id,
    name,
    ip: `10.10.0.${10 + index}`,
    status,
    type: 'hci',
    cluster_id: clusterId,
    az_id: azId,
    cpu: {
      total_mhz: cores * 2400,
      core_count: cores,
      socket_count: 2,
      model: 'Intel(R) Xeon(R) Silver 4214R',
    },
    memory_mb: memoryGib * GIB,
    storage_mb: 20 * 1024 * GIB,
    interfaces: interfaces(index),
  };
}

export function seedInventory(ctx: EmulatorContext): void {
  const t = db(ctx);
  t.azs.set(SEED.azs.main, {
    id: SEED.azs.main,
    name: 'HCI-Pool-Main',
    description: 'Main HCI resource pool',
    type: 'hci',
    status: 'normal',
    tag: 'production',
    version: '6.8.0',
    cluster_id: SEED.clusters.main,
    capacity: { vcpus: 1024, memory_mb: 4096 * GIB, storage_mb: 100 * 1024 * GIB },
    created_at: SEEDED_AT,
  });
  // Deliberately small, so that "no capacity" is easy to provoke.
  t.azs.set(SEED.azs.edge, {
    id: SEED.azs.edge,
    name: 'HCI-Pool-Edge',
    description: 'Small edge resource pool',
    type: 'hci',
    status: 'normal',
    tag: 'edge',
    version: '6.8.0',
    cluster_id: SEED.clusters.edge,
    capacity: { vcpus: 8, memory_mb: 16 * GIB, storage_mb: 2 * 1024 * GIB },
    created_at: SEEDED_AT,
  });
  t.clusters.set(SEED.clusters.main, {
    id: SEED.clusters.main,
    name: 'cluster-main',
    type: 'hci',
    status: 'normal',
    az_id: SEED.azs.main,
  });
  t.clusters.set(SEED.clusters.edge, {
    id: SEED.clusters.edge,
    name: 'cluster-edge',
    type: 'hci',
    status: 'normal',
    az_id: SEED.azs.edge,
  });
  t.hosts.set(
    SEED.hosts.main1,
    host(SEED.hosts.main1, 'node-main-01', 1, SEED.azs.main, SEED.clusters.main, 64, 512, 'running'),
  );
  t.hosts.set(
    SEED.hosts.main2,
    host(SEED.hosts.main2, 'node-main-02', 2, SEED.azs.main, SEED.clusters.main, 64, 512, 'running'),
  );
  t.hosts.set(
    SEED.hosts.edge1,
    host(SEED.hosts.edge1, 'node-edge-01', 3, SEED.azs.edge, SEED.clusters.edge, 16, 64, 'running'),
  );
  t.hosts.set(
    SEED.hosts.edge2,
    host(SEED.hosts.edge2, 'node-edge-02', 4, SEED.azs.edge, SEED.clusters.edge, 16, 64, 'offline'),
  );

  t.storageTags.set(SEED.storageTags.default, {
    id: SEED.storageTags.default,
    name: '默认存储标签',
    description: 'Virtual storage (aSAN)',
  });
  t.storageTags.set(SEED.storageTags.ssd, {
    id: SEED.storageTags.ssd,
    name: 'SSD',
    description: 'All-flash storage',
  });
  t.storages.set(SEED.storages.mainVs, {
    id: SEED.storages.mainVs,
    name: 'vs-main',
    type: 'vs',
    status: 'normal',
    storage_tag_id: SEED.storageTags.default,
    az_id: SEED.azs.main,
    total_mb: 80 * 1024 * GIB,
  });
  t.storages.set(SEED.storages.mainSsd, {
    id: SEED.storages.mainSsd,
    name: 'ssd-main',
    type: 'iscsi',
    status: 'normal',
    storage_tag_id: SEED.storageTags.ssd,
    az_id: SEED.azs.main,
    total_mb: 20 * 1024 * GIB,
  });
  t.storages.set(SEED.storages.edgeVs, {
    id: SEED.storages.edgeVs,
    name: 'vs-edge',
    type: 'vs',
    status: 'normal',
    storage_tag_id: SEED.storageTags.default,
    az_id: SEED.azs.edge,
    total_mb: 2 * 1024 * GIB,
  });

  t.projects.set(SEED.projects.admin, {
    id: SEED.projects.admin,
    name: 'admin',
    description: 'Platform administrators',
    user_id: SEED.users.admin,
    user_name: 'admin',
    enabled: 1,
    role_type: 'admin',
    az_ids: [SEED.azs.main, SEED.azs.edge],
    mail: 'admin@example.com',
    phone: '',
    created_at: SEEDED_AT,
  });
  t.projects.set(SEED.projects.dev, {
    id: SEED.projects.dev,
    name: 'dev-team',
    description: 'Development tenant',
    user_id: SEED.users.dev,
    user_name: 'dev_admin',
    enabled: 1,
    role_type: 'tenant',
    az_ids: [SEED.azs.main],
    mail: 'dev@example.com',
    phone: '',
    created_at: SEEDED_AT,
  });

  const image = (
    id: string,
    name: string,
    diskFormat: 'ISO' | 'aCloud',
    azId: string,
    osType: string,
    osName: string,
    extra: { image_type?: 'public' | 'private'; status?: 'active' | 'error'; project_id?: string } = {},
  ): void => {
    t.images.set(id, {
      id,
      name,
      description: '',
      disk_format: diskFormat,
      image_type: extra.image_type ?? 'public',
      az_id: azId,
      os_type: osType,
      os_name: osName,
      arch: 'x86_64',
      size_mb: diskFormat === 'ISO' ? 4 * GIB : 2 * GIB,
      disk_size_mb: 40 * GIB,
      status: extra.status ?? 'active',
      project_id: extra.project_id ?? SEED.projects.admin,
      created_at: SEEDED_AT,
    });
  };
  image(SEED.images.centos, 'CentOS-7.9-x86_64', 'aCloud', SEED.azs.main, 'l2664', 'CentOS 7.9 64bit');
  image(SEED.images.ubuntu, 'Ubuntu-22.04-Server', 'aCloud', SEED.azs.main, 'l2664', 'Ubuntu 22.04 64bit');
  image(
    SEED.images.ubuntuIso,
    'ubuntu-22.04.4-live-server-amd64.iso',
    'ISO',
    SEED.azs.main,
    'l2664',
    'Ubuntu 22.04 64bit',
  );
  image(
    SEED.images.windowsIso,
    'Windows-Server-2019.iso',
    'ISO',
    SEED.azs.edge,
    'ws2019',
    'Windows Server 2019',
  );
  image(SEED.images.edgeCentos, 'CentOS-7.9-edge', 'aCloud', SEED.azs.edge, 'l2664', 'CentOS 7.9 64bit', {
    image_type: 'private',
    project_id: SEED.projects.dev,
  });
  // A template whose files are damaged: creating from it fails in the task, as on a real platform.
  image(SEED.images.broken, 'Broken-Template', 'aCloud', SEED.azs.main, 'l2664', 'CentOS 7.9 64bit', {
    status: 'error',
  });

  t.vpcs.set(SEED.vpcs.default, {
    id: SEED.vpcs.default,
    name: 'default-vpc',
    description: 'Default VPC',
    az_id: SEED.azs.main,
    project_id: SEED.projects.admin,
    status: 'active',
    shared: 1,
    created_at: SEEDED_AT,
  });
  t.subnets.set(SEED.subnets.default, {
    id: SEED.subnets.default,
    name: 'default-subnet',
    description: 'Default subnet',
    az_id: SEED.azs.main,
    vpc_id: SEED.vpcs.default,
    project_id: SEED.projects.admin,
    cidr: '192.168.100.0/24',
    gateway_ip: '192.168.100.1',
    dns_nameservers: ['114.114.114.114'],
    status: 'active',
    created_at: SEEDED_AT,
  });

  t.floatingIpPools.set(SEED.floatingIpPools.main, {
    id: SEED.floatingIpPools.main,
    name: 'public-main',
    az_id: SEED.azs.main,
    cidr: '203.0.113.0/24',
    first: 10,
    last: 250,
    line_type: 'BGP',
  });
  t.floatingIpPools.set(SEED.floatingIpPools.edge, {
    id: SEED.floatingIpPools.edge,
    name: 'public-edge',
    az_id: SEED.azs.edge,
    cidr: '198.51.100.0/24',
    first: 10,
    last: 13,
    line_type: 'BGP',
  });

  t.servers.set(SEED.servers.web, {
    id: SEED.servers.web,
    name: 'web-01',
    description: 'Seeded web server',
    status: 'running',
    power_state: 'on',
    az_id: SEED.azs.main,
    host_id: SEED.hosts.main1,
    project_id: SEED.projects.admin,
    image_id: SEED.images.centos,
    storage_tag_id: SEED.storageTags.default,
    cores: 2,
    sockets: 1,
    memory_mb: 4 * GIB,
    disks: [
      {
        id: 'ide0',
        type: 'derive_disk',
        size_mb: 40 * GIB,
        storage_id: SEED.storages.mainVs,
        preallocate: 0,
      },
    ],
    networks: [
      {
        vif_id: 'net0',
        port_id: '9a000001-5cf1-4b6e-9d2a-000000000001',
        vpc_id: SEED.vpcs.default,
        subnet_id: SEED.subnets.default,
        ip_address: '192.168.100.10',
        mac_address: 'fe:fc:fe:10:00:01',
        model: 'virtio',
        connect: 1,
      },
    ],
    floatingip_id: '',
    power_changed_at: SEEDED_AT,
    created_at: SEEDED_AT,
  });
  t.servers.set(SEED.servers.db, {
    id: SEED.servers.db,
    name: 'db-01',
    description: 'Seeded database server',
    status: 'stopped',
    power_state: 'off',
    az_id: SEED.azs.main,
    host_id: SEED.hosts.main2,
    project_id: SEED.projects.admin,
    image_id: SEED.images.ubuntu,
    storage_tag_id: SEED.storageTags.ssd,
    cores: 4,
    sockets: 2,
    memory_mb: 8 * GIB,
    disks: [
      {
        id: 'ide0',
        type: 'derive_disk',
        size_mb: 80 * GIB,
        storage_id: SEED.storages.mainSsd,
        preallocate: 1,
      },
    ],
    networks: [
      {
        vif_id: 'net0',
        port_id: '9a000002-5cf1-4b6e-9d2a-000000000002',
        vpc_id: SEED.vpcs.default,
        subnet_id: SEED.subnets.default,
        ip_address: '192.168.100.11',
        mac_address: 'fe:fc:fe:10:00:02',
        model: 'virtio',
        connect: 1,
      },
    ],
    floatingip_id: '',
    power_changed_at: SEEDED_AT,
    created_at: SEEDED_AT,
  });
  t.volumes.set(SEED.volumes.data, {
    id: SEED.volumes.data,
    name: 'data-vol-01',
    description: 'Seeded free data disk',
    status: 'available',
    size_mb: 100 * GIB,
    az_id: SEED.azs.main,
    storage_tag_id: SEED.storageTags.default,
    storage_id: SEED.storages.mainVs,
    project_id: SEED.projects.admin,
    preallocate: 0,
    server_id: '',
    device_id: '',
    created_at: SEEDED_AT,
  });
}
