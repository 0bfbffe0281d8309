import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicCredentials, GlobalCredentials, Region } from '@huaweicloud/huaweicloud-sdk-core';
import * as ecs from '@huaweicloud/huaweicloud-sdk-ecs';
// The package index is broken (reference §4 obstacle 2); the v3 entry point works.
import * as iam from '@huaweicloud/huaweicloud-sdk-iam/v3/public-api.js';
import * as vpc from '@huaweicloud/huaweicloud-sdk-vpc';
import { type RunningEmulator, startEmulator } from '@yunkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HuaweiClient } from 'yunkit/huawei';

/**
 * The vendor's own Node SDK against the emulator (reference §4): plain http endpoint, real clock,
 * HOME pointed at a temporary directory because `build()` writes ~/.huaweicloud/application_id.
 */

let emu: RunningEmulator;
let home: string;
const savedHome = process.env.HOME;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'yunkit-hw-home-'));
  process.env.HOME = home;
  emu = await startEmulator({ provider: 'huawei', taskMs: 150, seed: 11 });
});
afterAll(async () => {
  await emu.close();
  process.env.HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

function basicCredentials(withProject = true): BasicCredentials {
  const cred = new BasicCredentials().withAk(emu.credentials.accessKey!).withSk(emu.credentials.secretKey!);
  return withProject ? cred.withProjectId(emu.credentials.projectId!) : cred;
}

function ecsClient(): ecs.EcsClient {
  return ecs.EcsClient.newBuilder().withCredential(basicCredentials()).withEndpoint(emu.endpoint).build();
}

function vpcClient(): vpc.VpcClient {
  return vpc.VpcClient.newBuilder().withCredential(basicCredentials()).withEndpoint(emu.endpoint).build();
}

async function emulatorState(): Promise<{
  store: { collections: Record<string, Record<string, Record<string, unknown>>> };
}> {
  const res = await fetch(`${emu.endpoint}/_emulator/state`);
  return (await res.json()) as never;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('official @huaweicloud SDKs against the emulator', () => {
  it('ECS: lists servers (empty at first)', async () => {
    const res = await ecsClient().listServersDetails(
      new ecs.ListServersDetailsRequest().withLimit(10).withOffset(1),
    );
    expect(res.httpStatusCode).toBe(200);
    expect(res.count).toBe(0);
    expect(res.servers).toEqual([]);
  });

  it('ECS: creates a server and polls its job to SUCCESS; the emulator state and a second call see it', async () => {
    const client = ecsClient();
    const vpcs = await vpcClient().listVpcs(new vpc.ListVpcsRequest());
    const defaultVpc = vpcs.vpcs!.find((v) => v.name === 'vpc-default')!;
    const subnets = await vpcClient().listSubnets(new vpc.ListSubnetsRequest().withVpcId(defaultVpc.id!));
    const flavors = await client.listFlavors(
      new ecs.ListFlavorsRequest().withAvailabilityZone('cn-north-4a'),
    );
    expect(flavors.flavors!.map((f) => f.id)).toContain('s6.large.2');
    const state = await emulatorState();
    const image = Object.values(state.store.collections.images!).find(
      (i) => i.name === 'Ubuntu 22.04 server 64bit',
    )!;

    const server = new ecs.PostPaidServer(
      's6.large.2',
      String(image.id),
      'sdk-web',
      [new ecs.PostPaidServerNic().withSubnetId(subnets.subnets![0]!.id!)],
      new ecs.PostPaidServerRootVolume('SSD').withSize(40),
      defaultVpc.id!,
    ).withAvailabilityZone('cn-north-4a');
    const created = await client.createPostPaidServers(
      new ecs.CreatePostPaidServersRequest()
        .withXClientToken('sdk-interop-1')
        .withBody(new ecs.CreatePostPaidServersRequestBody(server)),
    );
    expect(created.httpStatusCode).toBe(200);
    // The SDK hands back the parsed JSON (reference §2): read wire names, not the model's getters.
    const jobId = (created as unknown as { job_id: string }).job_id;
    const serverId = created.serverIds![0]!;
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);

    const seen: string[] = [];
    let job: ecs.ShowJobResponse | undefined;
    for (let i = 0; i < 100; i++) {
      job = await client.showJob(new ecs.ShowJobRequest().withJobId(jobId));
      if (seen[seen.length - 1] !== job.status) seen.push(String(job.status));
      if (job.status === 'SUCCESS' || job.status === 'FAIL') break;
      await sleep(20);
    }
    expect(job?.status).toBe('SUCCESS');
    expect(seen[seen.length - 1]).toBe('SUCCESS');
    // Raw JSON comes back (reference §2): sub-jobs under their wire names.
    const raw = job as unknown as { entities: { sub_jobs: Array<{ entities: { server_id: string } }> } };
    expect(raw.entities.sub_jobs[0]!.entities.server_id).toBe(serverId);

    const shown = await client.showServer(new ecs.ShowServerRequest().withServerId(serverId));
    expect(shown.server).toMatchObject({ id: serverId, name: 'sdk-web', status: 'ACTIVE' });
    const listed = await client.listServersDetails(new ecs.ListServersDetailsRequest());
    expect(listed.count).toBe(1);

    const after = await emulatorState();
    expect(after.store.collections.servers![serverId]).toMatchObject({ name: 'sdk-web', status: 'ACTIVE' });

    // The same X-Client-Token replays the first answer instead of creating a second server.
    const replay = await client.createPostPaidServers(
      new ecs.CreatePostPaidServersRequest()
        .withXClientToken('sdk-interop-1')
        .withBody(new ecs.CreatePostPaidServersRequestBody(server)),
    );
    expect((replay as unknown as { job_id: string }).job_id).toBe(jobId);
    expect((await client.listServersDetails(new ecs.ListServersDetailsRequest())).count).toBe(1);
  });

  it('VPC: lists VPCs and creates one that the emulator state holds', async () => {
    const client = vpcClient();
    const before = await client.listVpcs(new vpc.ListVpcsRequest().withLimit(10));
    expect(before.vpcs!.map((v) => v.name)).toContain('vpc-default');
    const created = await client.createVpc(
      new vpc.CreateVpcRequest().withBody(
        new vpc.CreateVpcRequestBody(new vpc.CreateVpcOption().withName('sdk-vpc').withCidr('172.16.0.0/16')),
      ),
    );
    const id = created.vpc!.id!;
    expect(created.vpc).toMatchObject({ name: 'sdk-vpc', cidr: '172.16.0.0/16' });
    const state = await emulatorState();
    expect(state.store.collections.vpcs![id]).toMatchObject({ name: 'sdk-vpc', cidr: '172.16.0.0/16' });
    const shown = await client.showVpc(new vpc.ShowVpcRequest().withVpcId(id));
    expect(shown.vpc!.id).toBe(id);
  });

  it('IAM: resolves the project id with withRegion and a custom IAM endpoint, then calls ECS', async () => {
    const cred = basicCredentials(false).withIamEndpoint(emu.endpoint);
    const client = ecs.EcsClient.newBuilder()
      .withCredential(cred)
      .withRegion(new Region('cn-north-4', emu.endpoint))
      .build();
    const res = await client.listServersDetails(new ecs.ListServersDetailsRequest());
    expect(res.httpStatusCode).toBe(200);
    expect(res.count).toBe(1);
    expect((cred as unknown as { projectId: string }).projectId).toBe(emu.credentials.projectId);
  });

  it('IAM: the IamClient lists projects, domains and regions with GlobalCredentials', async () => {
    const cred = new GlobalCredentials()
      .withAk(emu.credentials.accessKey!)
      .withSk(emu.credentials.secretKey!)
      .withDomainId(emu.credentials.domainId!);
    const client = iam.IamClient.newBuilder().withCredential(cred).withEndpoint(emu.endpoint).build();
    const projects = await client.keystoneListProjects(
      new iam.KeystoneListProjectsRequest().withName('cn-east-3'),
    );
    expect(projects.projects).toHaveLength(1);
    expect(projects.projects![0]).toMatchObject({ name: 'cn-east-3', domain_id: emu.credentials.domainId });
    const domains = await client.keystoneListAuthDomains(new iam.KeystoneListAuthDomainsRequest());
    expect(domains.domains![0]!.id).toBe(emu.credentials.domainId);
    const regions = await client.keystoneListRegions(new iam.KeystoneListRegionsRequest());
    expect(regions.regions!.map((r) => r.id)).toContain('cn-north-4');
  });

  it('V11-HMAC-SHA256: the derived signer is accepted', async () => {
    const decisions: boolean[] = [];
    const cred = basicCredentials().withDerivedPredicate((request) => {
      const derived = BasicCredentials.getDefaultDerivedPredicate(request);
      decisions.push(derived);
      return derived;
    });
    const client = ecs.EcsClient.newBuilder()
      .withCredential(cred)
      .withRegion(new Region('cn-north-4', emu.endpoint))
      .withDerivedAuthServiceName('ecs')
      .build();
    const res = await client.listFlavors(new ecs.ListFlavorsRequest());
    expect(res.flavors!.length).toBeGreaterThan(5);
    // The predicate chose the derived (V11) signer for the 127.0.0.1 endpoint.
    expect(decisions).toContain(true);
  });

  it("yunkit's own client and the official SDK see the same state", async () => {
    const yk = new HuaweiClient({
      region: 'cn-north-4',
      endpoint: emu.endpoint,
      credentials: {
        ak: emu.credentials.accessKey!,
        sk: emu.credentials.secretKey!,
        projectId: emu.credentials.projectId!,
      },
      env: { HOME: home },
    });
    try {
      const sdkServers = await ecsClient().listServersDetails(new ecs.ListServersDetailsRequest());
      const ykServers = await yk.ecs.servers.listAll().toArray();
      expect(ykServers.map((s) => s.id).sort()).toEqual(sdkServers.servers!.map((s) => s.id).sort());
      expect(ykServers.length).toBeGreaterThan(0);

      const created = await yk.vpc.vpcs.create({ vpc: { name: 'from-yunkit', cidr: '10.20.0.0/16' } });
      const sdkVpcs = await vpcClient().listVpcs(new vpc.ListVpcsRequest());
      expect(sdkVpcs.vpcs!.find((v) => v.id === created.id)).toMatchObject({
        name: 'from-yunkit',
        cidr: '10.20.0.0/16',
      });
      const ykVpcs = await yk.vpc.vpcs.listAll().toArray();
      expect(ykVpcs.map((v) => v.id).sort()).toEqual(sdkVpcs.vpcs!.map((v) => v.id).sort());
    } finally {
      yk.close();
    }
  });
});
