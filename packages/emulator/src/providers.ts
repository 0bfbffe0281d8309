import type { ProviderDefinition } from './engine/types.js';

/** Every cloud the emulator knows, loaded only when asked for. */
export const providers: Record<string, () => Promise<ProviderDefinition>> = {
  sangfor: async () => (await import('./sangfor/index.js')).sangforProvider,
  huawei: async () => (await import('./huawei/index.js')).huaweiProvider,
};

export const providerNames = Object.keys(providers);
