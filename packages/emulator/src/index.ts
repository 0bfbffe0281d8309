/** @yunkit/emulator: local emulators of Sangfor SCP, ZStack, Huawei Cloud and Volcengine APIs. */
export * from './engine/index.js';
export { providerNames, providers } from './providers.js';
