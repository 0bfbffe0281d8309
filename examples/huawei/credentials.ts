/**
 * The seed's chapter 2: permanent AK/SK (Basic and Global), temporary AK/SK with a security token,
 * the profile file, the provider chain, a token by password and derived (V11) signing.
 *
 *   npx tsx --conditions=yunkit-source examples/huawei/credentials.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuaweiClient } from 'yunkit/huawei';
import { type ExampleEnv, runIfMain } from '../env.js';

export async function credentialsDemo(env: ExampleEnv): Promise<void> {
  const { accessKey, secretKey, domainName, userName, password } = env.credentials;
  const ak = accessKey!;
  const sk = secretKey!;
  const common = { region: 'cn-north-4', endpoint: env.endpoint };
  const clients: HuaweiClient[] = [];
  const client = (options: ConstructorParameters<typeof HuaweiClient>[0]) => {
    const c = new HuaweiClient({ ...common, ...options });
    clients.push(c);
    return c;
  };
  const home = mkdtempSync(join(tmpdir(), 'yunkit-hw-cred-'));
  try {
    // 2.1 Regional services: BasicCredentials; project_id resolved automatically when left out.
    const basic = client({ credentials: { ak, sk } });
    env.log(`basic: project ${await basic.projectId()}, ${(await basic.vpc.vpcs.list()).vpcs.length} VPC(s)`);

    // 2.1 Global services: GlobalCredentials; domain_id resolved through IAM when left out.
    const global = client({ credentials: { type: 'global', ak, sk } });
    env.log(
      `global: domain ${await global.iam.domains.current()}, ${(await global.iam.regions.list()).regions.length} region(s)`,
    );

    // 2.4.2 Profile ~/.huaweicloud/credentials (HOME points at a temp dir here).
    const dir = join(home, '.huaweicloud');
    mkdirSync(dir);
    writeFileSync(join(dir, 'credentials'), `[basic]\nak = ${ak}\nsk = ${sk}\n`, { mode: 0o600 });
    const profile = client({ env: { HOME: home } });
    env.log(
      `profile: ${(await profile.ims.images.list({ __imagetype: 'gold', limit: 3 })).images.length} image(s)`,
    );

    // 2.4.4 Provider chain: env vars win over the profile.
    const chained = client({ env: { HOME: home, HUAWEICLOUD_SDK_AK: ak, HUAWEICLOUD_SDK_SK: sk } });
    env.log(`chain: project ${await chained.projectId()}`);

    // IAM token by password (X-Subject-Token), then X-Auth-Token on every call, renewed before expiry.
    const token = client({
      credentials: { type: 'password', user: userName!, password: password!, domain: domainName! },
    });
    env.log(`token auth: ${(await token.vpc.vpcs.list()).vpcs.length} VPC(s)`);

    // 2.2 Temporary AK/SK + security token. CreateTemporaryAccessKeyByToken needs a token, so the
    // token client issues them; the provider refreshes them before they expire.
    const temporary = client({
      credentials: token.iam.tokens.temporaryCredentials({ durationSeconds: 900 }),
    });
    env.log(`temporary AK/SK: ${(await temporary.ecs.flavors.list()).flavors.length} flavor(s)`);

    // Derived AK/SK (V11-HMAC-SHA256), opt-in.
    const derived = client({ credentials: { ak, sk }, derivedAuth: true });
    env.log(`derived signing: ${(await derived.evs.volumes.list({ limit: 1 })).count} volume(s)`);
  } finally {
    for (const c of clients) c.close();
    rmSync(home, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, 'huawei', credentialsDemo);
