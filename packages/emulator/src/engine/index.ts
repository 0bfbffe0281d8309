/**
 * The emulator engine: what every cloud emulator is built on. Cloud emulators import from here
 * (`../engine/index.js`), never from the individual modules.
 */
export { ManualClock, SystemClock } from './clock.js';
export { validateFaultConfig } from './faults.js';
export { isLoopbackAddress } from './loopback.js';
export { Mulberry32 } from './random.js';
export { PathRouter } from './router.js';
export { resolveProvider, startEmulator } from './server.js';
export { MemoryStore } from './store.js';
export type {
  Clock,
  Collection,
  EmulatorContext,
  EmulatorOptions,
  EmulatorRequest,
  EmulatorResponse,
  FaultConfig,
  FaultDecision,
  FaultInjector,
  FaultRule,
  ProviderDefinition,
  RouteHandler,
  RouteOptions,
  Router,
  RunningEmulator,
  SeededRandom,
  Store,
  StoreDump,
  StoredRecord,
  TaskHandlers,
  TaskRecord,
  TaskScheduler,
  TaskStart,
} from './types.js';
export { EmulatorHttpError, EngineErrorCode } from './types.js';
