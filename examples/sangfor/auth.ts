/** Seed "Quick Start": the two ways to authenticate. */
import { SangforClient } from 'yunkit/sangfor';
import { type ExampleEnv, runIfMain } from '../env.js';

export async function example(env: ExampleEnv): Promise<void> {
  // EC2 (AK/SK, AWS4-HMAC-SHA256) authentication: recommended.
  const ec2 = new SangforClient({
    host: env.endpoint,
    accessKey: env.credentials.accessKey,
    secretKey: env.credentials.secretKey,
    region: 'cn-south-1',
    verifySsl: false, // SCP uses self-signed certificates by default
  });
  env.log(`EC2: ${(await ec2.system.version()).build_version}`);
  ec2.close();

  // Token authentication: the password is RSA-encrypted with SCP's public key, one login is reused.
  // Trusting the certificate (`ca`) is safer than turning verification off.
  const token = new SangforClient({
    host: env.endpoint,
    username: env.credentials.username,
    password: env.credentials.password,
    ca: env.certificate,
  });
  env.log(`Token: ${(await token.system.version()).build_version}`);
  env.log(`Token: ${(await token.resourcePools.list()).length} resource pools`);
  token.close();
}

runIfMain(import.meta.url, 'sangfor', example);
