import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { connect } from 'node:net';
import { type RouteHandler, type RunningEmulator, startEmulator } from '@yunkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { send, sendJson } from './helpers.js';
import { testProvider } from './test-provider.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(extra: Partial<Parameters<typeof startEmulator>[0]> = {}): Promise<RunningEmulator> {
  emulator = await startEmulator({ provider: testProvider, seed: 7, taskMs: 100, ...extra });
  return emulator;
}

describe('startEmulator', () => {
  it('listens on 127.0.0.1 with a free port and returns credentials from the provider', async () => {
    const emu = await start();
    expect(emu.provider).toBe('testcloud');
    expect(emu.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(emu.endpoint).port)).toBeGreaterThan(0);
    expect(emu.credentials).toEqual({ accessKey: 'test-ak', region: 'test-1' });
    expect(emu.certificate).toBeUndefined();
    expect(emu.context.endpoint).toBe(emu.endpoint);
  });

  it('binds to 127.0.0.1 alone, not to every address', async () => {
    const emu = await start();
    const port = Number(new URL(emu.endpoint).port);
    const tryConnect = (host: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, host);
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    expect(await tryConnect('127.0.0.1')).toBe('connected');
    // Another loopback address (all of 127/8 is local on Linux): a wildcard bind would accept it.
    expect(await tryConnect('127.0.0.2')).not.toBe('connected');
  });

  it('rejects an unknown provider name', async () => {
    await expect(startEmulator({ provider: 'no-such-cloud' })).rejects.toThrow(
      /unknown provider 'no-such-cloud'/,
    );
  });
});

describe('routing and request parsing', () => {
  it('routes with params, prefers literal segments and matches the rest with *', async () => {
    const emu = await start();
    expect((await send(emu.endpoint, '/v1/items/seeded')).json()).toMatchObject({
      id: 'seeded',
      status: 'ready',
    });
    expect((await send(emu.endpoint, '/v1/items/special')).json()).toEqual({ special: true });
    expect((await send(emu.endpoint, '/v1/files/a/b%20c/d.txt')).json()).toEqual({ rest: 'a/b c/d.txt' });
    // An encoded slash stays inside its segment instead of creating a new one.
    const encoded = await send(emu.endpoint, '/v1/items/a%2Fb');
    expect(encoded.status).toBe(404);
    expect(encoded.json().error.message).toBe('no item a/b');
  });

  it('answers an unknown path with 404 and a wrong method with 405, in the provider shape', async () => {
    const emu = await start();
    const missing = await send(emu.endpoint, '/v2/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-test-error']).toBe('NotFound');
    expect(missing.json().error.code).toBe('NotFound');

    const wrongMethod = await send(emu.endpoint, '/v1/items', { method: 'PATCH' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, POST');
    expect(wrongMethod.json().error.code).toBe('MethodNotAllowed');
  });

  it('answers bad JSON with 400 and a malformed path escape with 400', async () => {
    const emu = await start();
    const bad = await send(emu.endpoint, '/v1/items', { method: 'POST', body: '{"name": ' });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('MalformedJson');
    const empty = await send(emu.endpoint, '/v1/items', { method: 'POST' });
    expect(empty.status).toBe(400);
    const badEscape = await send(emu.endpoint, '/v1/items/%E0%A4%A');
    expect(badEscape.status).toBe(400);
    expect(badEscape.json().error.code).toBe('BadRequest');
  });

  it('answers a body over the limit with 413 and keeps serving', async () => {
    const emu = await start({ maxBodyBytes: 1024 });
    const big = await send(emu.endpoint, '/v1/echo', { method: 'POST', body: Buffer.alloc(4096, 1) });
    expect(big.status).toBe(413);
    expect(big.json().error.code).toBe('PayloadTooLarge');
    const small = await send(emu.endpoint, '/v1/echo', { method: 'POST', body: Buffer.from([1, 2, 3]) });
    expect(small.status).toBe(200);
    expect([...small.body]).toEqual([1, 2, 3]);
  });

  it('turns a throwing handler into a 500 in the provider shape and stays up', async () => {
    const seen: string[] = [];
    const emu = await start({
      onHandlerError: (error, req) => seen.push(`${req?.path}: ${(error as Error).message}`),
    });
    const boom = await send(emu.endpoint, '/v1/boom');
    expect(boom.status).toBe(500);
    expect(boom.json().error.code).toBe('InternalError');
    // The thrown message is reported to the operator, not sent to the client.
    expect(boom.body.toString()).not.toContain('exploded');
    expect(seen).toEqual(['/v1/boom: handler exploded']);
    expect((await send(emu.endpoint, '/v1/items')).status).toBe(200);
  });

  it('answers a handler that returns nothing or an invalid header without crashing', async () => {
    const reported: string[] = [];
    emulator = await startEmulator({
      onHandlerError: (error) => reported.push((error as Error).message),
      provider: {
        ...testProvider,
        routes(router) {
          router.add('GET', '/nothing', (() => undefined) as unknown as RouteHandler);
          router.add('GET', '/bad-header', () => ({
            headers: { 'X-Bad': 'line\nbreak' },
            body: { ok: true },
          }));
        },
      },
    });
    const nothing = await send(emulator.endpoint, '/nothing');
    expect(nothing.status).toBe(200);
    expect(nothing.body.length).toBe(0);
    const bad = await send(emulator.endpoint, '/bad-header');
    expect(bad.status).toBe(500);
    expect(bad.headers['x-bad']).toBeUndefined();
    expect(bad.json().error.code).toBe('InternalError');
    expect((await send(emulator.endpoint, '/nothing')).status).toBe(200);
    expect(reported).toEqual([expect.stringMatching(/Invalid character in header content/)]);
  });

  it('runs authenticate except on public routes', async () => {
    const emu = await start();
    const denied = await send(emu.endpoint, '/v1/items', { auth: false });
    expect(denied.status).toBe(401);
    expect(denied.json().error.code).toBe('AuthFailure');
    const open = await send(emu.endpoint, '/v1/public/ping', { auth: false });
    expect(open.status).toBe(200);
    expect(open.json()).toEqual({ pong: true });
  });

  it('puts the request id on every response, including errors, in the provider format', async () => {
    const emu = await start();
    const ok = await send(emu.endpoint, '/v1/items');
    const notFound = await send(emu.endpoint, '/nope');
    expect(ok.headers['x-request-id']).toMatch(/^req-[0-9a-f]{12}$/);
    expect(notFound.headers['x-request-id']).toMatch(/^req-[0-9a-f]{12}$/);
    expect(notFound.json().error.requestId).toBe(notFound.headers['x-request-id']);
    expect(ok.headers['x-request-id']).not.toBe(notFound.headers['x-request-id']);
  });

  it('exposes the raw path, raw query, raw header case and decoded query to handlers', async () => {
    const seen: unknown[] = [];
    emulator = await startEmulator({
      provider: {
        ...testProvider,
        routes(router) {
          router.add('*', '/inspect/:name', (req) => {
            seen.push({
              method: req.method,
              rawPath: req.rawPath,
              path: req.path,
              params: req.params,
              rawQuery: req.rawQuery,
              a: req.query.get('a'),
              header: req.rawHeaders.includes('X-Mixed-Case'),
              lower: req.headers['x-mixed-case'],
            });
            return { status: 204 };
          });
        },
      },
    });
    const res = await send(emulator.endpoint, '/inspect/hello%20world?a=1%2B2&b', {
      method: 'OPTIONS',
      headers: { 'X-Mixed-Case': 'v' },
    });
    expect(res.status).toBe(204);
    expect(seen).toEqual([
      {
        method: 'OPTIONS',
        rawPath: '/inspect/hello%20world',
        path: '/inspect/hello world',
        params: { name: 'hello world' },
        rawQuery: 'a=1%2B2&b',
        a: '1+2',
        header: true,
        lower: 'v',
      },
    ]);
  });

  it('survives a storm of malformed requests', async () => {
    const reported: string[] = [];
    const emu = await start({
      maxBodyBytes: 64,
      onHandlerError: (_error, req) => reported.push(String(req?.path)),
    });
    const attempts = [
      send(emu.endpoint, '/v1/items', { method: 'POST', body: 'not json' }),
      send(emu.endpoint, '/v1/items', { method: 'POST', body: '[1,2' }),
      send(emu.endpoint, '/v1/items', { method: 'POST', body: JSON.stringify({ name: 5 }) }),
      send(emu.endpoint, '/v1/items', { method: 'POST', body: 'x'.repeat(500) }),
      send(emu.endpoint, '/%%%'),
      send(emu.endpoint, '/v1/items/', { method: 'DELETE' }),
      send(emu.endpoint, '/v1/boom'),
    ];
    const statuses = (await Promise.all(attempts)).map((res) => res.status);
    expect(statuses).toEqual([400, 400, 400, 413, 400, 405, 500]);
    expect(reported).toEqual(['/v1/boom']);
    expect((await send(emu.endpoint, '/v1/items')).status).toBe(200);
  });
});

/** Writes bytes on a raw socket and collects whatever comes back until the server closes it. */
function rawExchange(endpoint: string, bytes: string, options: { hangUpAfterWrite?: boolean } = {}) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(Number(new URL(endpoint).port), '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(bytes, () => {
      if (options.hangUpAfterWrite) socket.destroy();
      else socket.end();
    });
  });
}

describe('requests the HTTP layer cannot read', () => {
  it('answers a garbage request line, an unknown method token and a broken header with 400', async () => {
    const emu = await start();
    for (const garbage of [
      'HELLO THERE\r\n\r\n',
      'BREW /v1/items HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /v1/items HTTP/1.1\r\nHost x\r\n\r\n',
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
    ]) {
      expect(await rawExchange(emu.endpoint, garbage)).toMatch(/^HTTP\/1\.1 400 /);
    }
    // A method the parser knows but no route takes is the router's business: 405.
    const propfind = await send(emu.endpoint, '/v1/items', { method: 'PROPFIND' });
    expect(propfind.status).toBe(405);
    expect(propfind.json().error.code).toBe('MethodNotAllowed');
    expect((await send(emu.endpoint, '/v1/items')).status).toBe(200);
  });

  it('never acts on a request whose client disconnects mid-body', async () => {
    const emu = await start();
    const body = JSON.stringify({ name: 'half' });
    // Content-Length promises more than is sent: the first bytes alone are valid JSON.
    const head = `POST /v1/items HTTP/1.1\r\nHost: x\r\nX-Test-Key: test-ak\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 50}\r\n\r\n`;
    expect(await rawExchange(emu.endpoint, head + body, { hangUpAfterWrite: true })).toBe('');
    // The next request is served (the drop ran before it), and nothing was created.
    const items = (await send(emu.endpoint, '/v1/items')).json().items as Array<{ name: string }>;
    expect(items.map((item) => item.name)).toEqual(['from seed']);
    expect(emu.context.store.nextId('items')).toBe(1);
  });

  it('keeps serving after a client refuses its certificate', async () => {
    const emu = await start({ tls: true });
    await expect(send(emu.endpoint, '/v1/items')).rejects.toThrow(/self.signed|certificate/i);
    expect((await send(emu.endpoint, '/v1/items', { ca: emu.certificate! })).status).toBe(200);
  });
});

describe('close()', () => {
  it('closes idle keep-alive connections instead of waiting for them', async () => {
    const emu = await start();
    const agent = new Agent({ keepAlive: true });
    try {
      expect((await send(emu.endpoint, '/v1/items', { agent })).status).toBe(200);
      expect(Object.values(agent.freeSockets).flat().length).toBe(1);
      await emu.close();
      emulator = undefined;
      await expect(send(emu.endpoint, '/v1/items')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      agent.destroy();
    }
  });
});

describe('HTTPS', () => {
  it('serves TLS with a fresh self-signed certificate that clients trust as ca', async () => {
    const emu = await start({ tls: true });
    expect(emu.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const res = await send(emu.endpoint, '/v1/items/seeded', { ca: emu.certificate! });
    expect(res.status).toBe(200);
    expect(res.json().id).toBe('seeded');
    // The certificate names localhost too.
    const viaName = await send(emu.endpoint.replace('127.0.0.1', 'localhost'), '/v1/public/ping', {
      ca: emu.certificate!,
      agent: new HttpsAgent({ family: 4 }),
    });
    expect(viaName.status).toBe(200);
  });

  it('is refused by a client that does not trust the certificate', async () => {
    const emu = await start({ tls: true });
    await expect(send(emu.endpoint, '/v1/items')).rejects.toThrow(
      /self.signed|unable to verify|certificate/i,
    );
  });

  it('follows the provider default and the tls option', async () => {
    emulator = await startEmulator({ provider: { ...testProvider, defaultTls: true } });
    expect(emulator.endpoint.startsWith('https://')).toBe(true);
    await emulator.close();
    emulator = await startEmulator({ provider: { ...testProvider, defaultTls: true }, tls: false });
    expect(emulator.endpoint.startsWith('http://')).toBe(true);
    expect((await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'x' })).status).toBe(202);
  });
});
