import { EmulatorHttpError, type ProviderDefinition } from '@yunkit/emulator';

export interface ItemRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  status: 'creating' | 'ready' | 'error';
}

export const TEST_ACCESS_KEY = 'test-ak';

/** A tiny cloud for exercising the engine: items created through tasks, key auth, its own error shape. */
export const testProvider: ProviderDefinition = {
  name: 'testcloud',
  defaultTls: false,
  requestIdHeader: 'X-Request-Id',
  newRequestId: (random) => `req-${random.hex(12)}`,

  routes(router, ctx) {
    const items = () => ctx.store.collection<ItemRecord>('items');
    ctx.tasks.define('create-item', {
      onSuccess(task) {
        const item = items().get(String(task.data.itemId));
        if (item === undefined) throw new Error('item vanished before its task finished');
        item.status = 'ready';
      },
      onFailure(task) {
        items().update(String(task.data.itemId), { status: 'error' });
      },
    });

    router.add('GET', '/v1/public/ping', () => ({ body: { pong: true } }), { public: true });
    router.add('GET', '/v1/items', () => ({ body: { items: items().list() } }));
    router.add('POST', '/v1/items', (req) => {
      const input = req.json<{ name?: unknown; fail?: string }>();
      if (typeof input.name !== 'string')
        throw new EmulatorHttpError(400, 'InvalidName', 'name must be a string');
      const id = `item-${ctx.store.nextId('items')}`;
      items().set(id, { id, name: input.name, status: 'creating' });
      const task = ctx.tasks.start({
        kind: 'create-item',
        data: { itemId: id },
        ...(input.fail === undefined ? {} : { fail: input.fail }),
      });
      return { status: 202, body: { id, taskId: task.id } };
    });
    router.add('GET', '/v1/items/special', () => ({ body: { special: true } }));
    router.add('GET', '/v1/items/:id', (req) => {
      const item = items().get(req.params.id!);
      if (item === undefined) throw new EmulatorHttpError(404, 'ItemNotFound', `no item ${req.params.id}`);
      return { body: item };
    });
    router.add('DELETE', '/v1/items/:id', (req) => {
      if (!items().delete(req.params.id!)) throw new EmulatorHttpError(404, 'ItemNotFound', 'no such item');
      return { status: 204 };
    });
    router.add('GET', '/v1/tasks/:id', (req) => {
      const task = ctx.tasks.get(req.params.id!);
      if (task === undefined) throw new EmulatorHttpError(404, 'TaskNotFound', 'no such task');
      return { body: task };
    });
    router.add('POST', '/v1/counter', () => ({ body: { value: ctx.store.nextId('hits') } }));
    router.add('GET', '/v1/files/*', (req) => ({ body: { rest: req.params['*'] } }));
    router.add('POST', '/v1/echo', (req) => ({
      headers: { 'Content-Type': 'application/octet-stream' },
      body: req.body,
    }));
    router.add('GET', '/v1/boom', () => {
      throw new Error('handler exploded');
    });
  },

  seed(ctx) {
    ctx.store
      .collection<ItemRecord>('items')
      .set('seeded', { id: 'seeded', name: 'from seed', status: 'ready' });
  },

  credentials: () => ({ accessKey: TEST_ACCESS_KEY, region: 'test-1' }),

  authenticate(req, ctx) {
    if (req.headers['x-test-key'] === TEST_ACCESS_KEY) return undefined;
    return testProvider.errorResponse(401, 'AuthFailure', 'missing or wrong X-Test-Key', req, ctx);
  },

  errorResponse(status, code, message, req) {
    return {
      status,
      headers: { 'X-Test-Error': code },
      body: { error: { code, message, requestId: req?.requestId ?? null } },
    };
  },
};

export default testProvider;
