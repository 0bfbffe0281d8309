/** @yunkit/emulator: local emulators of the clouds yunkit speaks (Sangfor SCP and Huawei Cloud so far). */
export * from './engine/index.js';
export { providerNames, providers } from './providers.js';
