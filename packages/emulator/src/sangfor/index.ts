/**
 * The Sangfor Cloud Platform (SCP) emulator: `/janus/...` Open API over HTTPS with a self-signed certificate,
 * token and EC2 auth, tasks, SCP's envelope and pagination quirks. See docs/emulator-sangfor.md.
 */
import { EngineErrorCode, type ProviderDefinition } from '../engine/index.js';
import { authenticateRequest, registerAuthRoutes } from './auth.js';
import { registerCatalogRoutes } from './catalog.js';
import { registerEipRoutes } from './eips.js';
import { registerNetworkRoutes } from './networks.js';
import { parseSangforOptions } from './options.js';
import { createRuntime, runtimeOf } from './runtime.js';
import { seedInventory } from './seed.js';
import { registerServerRoutes } from './servers.js';
import { registerTaskRoutes } from './tasks.js';
import { registerVolumeRoutes } from './volumes.js';
import { defaultMessage, fail, MALFORMED_JSON_MESSAGE } from './wire.js';

export { parseSangforOptions, type SangforOptions } from './options.js';
export { SEED as SANGFOR_SEED } from './seed.js';

export const sangforProvider: ProviderDefinition = {
  name: 'sangfor',
  defaultTls: true,
  routes(router, ctx) {
    const rt = createRuntime(ctx);
    registerAuthRoutes(router, rt);
    registerTaskRoutes(router, rt);
    registerServerRoutes(router, rt, ctx);
    registerVolumeRoutes(router, rt, ctx);
    registerNetworkRoutes(router, rt, ctx);
    registerEipRoutes(router, rt, ctx);
    registerCatalogRoutes(router, rt);
  },
  seed(ctx) {
    seedInventory(ctx);
  },
  credentials(ctx) {
    const options = parseSangforOptions(ctx.options.providerOptions);
    return {
      username: options.username,
      password: options.password,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.ec2Region ?? 'regionOne',
      service: options.ec2Service ?? 'sdk-api',
    };
  },
  authenticate(req, ctx) {
    return authenticateRequest(req, ctx);
  },
  errorResponse(status, code, _message, _req, ctx) {
    // Engine messages are English diagnostics; SCP answers in Chinese.
    const message = code === EngineErrorCode.MalformedJson ? MALFORMED_JSON_MESSAGE : defaultMessage(status);
    return fail(status, message, runtimeOf(ctx).options.errorField);
  },
};
