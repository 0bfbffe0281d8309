import net from 'node:net';
import { inspect } from 'node:util';
import { Server as ProxyServer } from 'proxy-chain';
import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionError,
  HttpTransport,
  TimeoutError,
  ValidationError,
  YunkitError,
} from 'yunkit/core';
import { closePort, startServer, type TestServer } from './helpers.js';

const transports: HttpTransport[] = [];
function transport(options?: ConstructorParameters<typeof HttpTransport>[0]): HttpTransport {
  const t = new HttpTransport(options);
  transports.push(t);
  return t;
}
afterEach(() => {
  for (const t of transports.splice(0)) t.close();
});

describe('HttpTransport over plain HTTP', () => {
  let server: TestServer;
  let holdOpen: Array<() => void> = [];
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/hang') {
        holdOpen.push(() => res.end());
        return;
      }
      if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      if (req.url === '/text') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
        return;
      }
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'X-Reply': 'ok' });
      res.end(req.body);
    });
  });
  afterAll(async () => {
    for (const release of holdOpen) release();
    holdOpen = [];
    await server.close();
  });

  it('sends header names exactly as written, as seen in rawHeaders on the server', async () => {
    const t = transport();
    await t.send({
      method: 'GET',
      url: new URL(`${server.url}/case`),
      headers: { 'X-Sangfor-Token': 't', 'x-MiXeD-CaSe': 'v', Accept: 'application/json' },
    });
    const raw = server.received.at(-1)!.rawHeaders;
    const names = raw.filter((_, i) => i % 2 === 0);
    expect(names).toContain('X-Sangfor-Token');
    expect(names).toContain('x-MiXeD-CaSe');
    expect(names).toContain('Accept');
    expect(names).not.toContain('x-sangfor-token');
  });

  it('sends the body as these exact bytes and reads the response back', async () => {
    const t = transport();
    const bytes = new Uint8Array([0, 255, 128, 10, 13, 0xc3, 0x28, 42]);
    const response = await t.send({
      method: 'PUT',
      url: new URL(`${server.url}/echo`),
      headers: {},
      body: bytes,
    });
    expect(Buffer.compare(server.received.at(-1)!.body, Buffer.from(bytes))).toBe(0);
    expect(Buffer.compare(response.body, Buffer.from(bytes))).toBe(0);
    expect(response.status).toBe(200);
    expect(response.headers['x-reply']).toBe('ok');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    const sent = server.received.at(-1)!.rawHeaders;
    expect(sent[sent.indexOf('Content-Length') + 1]).toBe(String(bytes.length));
  });

  it('sends a string body as UTF-8 and parses JSON', async () => {
    const t = transport();
    const response = await t.send({
      method: 'POST',
      url: new URL(`${server.url}/echo`),
      headers: {},
      body: '{"名":"云"}',
    });
    expect(response.json()).toEqual({ 名: '云' });
    expect(response.text()).toBe('{"名":"云"}');
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const t = transport();
    const before = server.connections;
    for (let i = 0; i < 3; i++)
      await t.send({ method: 'GET', url: new URL(`${server.url}/ka`), headers: {} });
    expect(server.connections - before).toBe(1);
  });

  it('opens a connection per request when keepAlive is false', async () => {
    const t = transport({ keepAlive: false });
    const before = server.connections;
    for (let i = 0; i < 2; i++)
      await t.send({ method: 'GET', url: new URL(`${server.url}/ka`), headers: {} });
    expect(server.connections - before).toBe(2);
  });

  it('names the status when a body is not JSON, without echoing the body', async () => {
    const t = transport();
    const response = await t.send({ method: 'GET', url: new URL(`${server.url}/text`), headers: {} });
    expect(response.status).toBe(502);
    let caught: unknown;
    try {
      response.json();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(YunkitError);
    expect((caught as Error).message).toContain('502');
    expect((caught as Error).message).not.toContain('bad gateway');
  });

  it('throws TimeoutError (request) when the answer does not come in time', async () => {
    const t = transport({ timeoutMs: 60_000 });
    const error = await t
      .send({ method: 'GET', url: new URL(`${server.url}/hang`), headers: {}, timeoutMs: 80 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).kind).toBe('request');
    expect((error as TimeoutError).timeoutMs).toBe(80);
  });

  it('throws AbortError when the signal fires mid-request, and before sending when already aborted', async () => {
    const t = transport();
    const controller = new AbortController();
    const pending = t.send({
      method: 'GET',
      url: new URL(`${server.url}/hang`),
      headers: {},
      signal: controller.signal,
    });
    const received = server.received.length;
    while (server.received.length === received) await new Promise((r) => setTimeout(r, 2));
    controller.abort(new Error('user gave up'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);

    const count = server.received.length;
    const early = await t
      .send({ method: 'GET', url: new URL(`${server.url}/echo`), headers: {}, signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(AbortError);
    expect(server.received.length).toBe(count);
  });

  it('throws ConnectionError phase request when the connection drops mid-response', async () => {
    const t = transport();
    const error = await t
      .send({ method: 'GET', url: new URL(`${server.url}/cut`), headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).phase).toBe('request');
  });

  it('reports https:// against a plain HTTP server as a TLS failure with a hint', async () => {
    const t = transport();
    const url = new URL(`${server.url.replace('http:', 'https:')}/echo`);
    const error = await t.send({ method: 'GET', url, headers: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).phase).toBe('tls');
    expect((error as ConnectionError).message).toContain('http://');
  });

  it('rejects a header value with a line break before sending', async () => {
    const t = transport();
    const count = server.received.length;
    const error = await t
      .send({ method: 'GET', url: new URL(`${server.url}/echo`), headers: { 'X-Bad': 'a\r\nInjected: 1' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(server.received.length).toBe(count);
  });

  it('rejects a header given twice in different letter case before sending', async () => {
    const t = transport();
    const count = server.received.length;
    const error = await t
      .send({
        method: 'GET',
        url: new URL(`${server.url}/echo`),
        headers: { Cookie: 'session=first-value', cookie: 'session=second-value' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('letter case');
    expect((error as ValidationError).message).not.toContain('value');
    expect(server.received.length).toBe(count);
  });

  it('rejects bad options and non-http URLs with ValidationError', async () => {
    expect(() => new HttpTransport({ timeoutMs: 0 })).toThrow(ValidationError);
    expect(() => new HttpTransport({ proxy: 'socks5://127.0.0.1:1080' })).toThrow(ValidationError);
    const t = transport();
    await expect(
      t.send({ method: 'GET', url: new URL('ftp://127.0.0.1/'), headers: {} }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('HttpTransport connection failures', () => {
  it('throws ConnectionError phase connect with the system code when the port is closed', async () => {
    const port = await closePort();
    const t = transport();
    const error = await t
      .send({ method: 'POST', url: new URL(`http://127.0.0.1:${port}/x`), headers: {}, body: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).phase).toBe('connect');
    expect((error as ConnectionError).code).toBe('ECONNREFUSED');
  });

  it('throws TimeoutError (connect) when the tunnel never opens, per client and per call', async () => {
    // A "proxy" that accepts TCP and never answers CONNECT: the connection to the target never forms.
    const silent = net.createServer(() => {});
    const sockets: net.Socket[] = [];
    silent.on('connection', (s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const t = transport({ proxy: `http://127.0.0.1:${port}`, connectTimeoutMs: 80 });
      const error = await t
        .send({ method: 'GET', url: new URL('https://127.0.0.1:9/'), headers: {} })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).kind).toBe('connect');
      expect((error as TimeoutError).timeoutMs).toBe(80);

      // The same through a client with long defaults: the call's own connect timeout wins.
      const patient = transport({ proxy: `http://127.0.0.1:${port}`, connectTimeoutMs: 60_000 });
      const perCall = await patient
        .send({ method: 'GET', url: new URL('https://127.0.0.1:9/'), headers: {}, connectTimeoutMs: 60 })
        .catch((e: unknown) => e);
      expect(perCall).toBeInstanceOf(TimeoutError);
      expect((perCall as TimeoutError).kind).toBe('connect');
      expect((perCall as TimeoutError).timeoutMs).toBe(60);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe('HttpTransport TLS', () => {
  let server: TestServer;
  let cert: string;
  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec' });
    cert = pems.cert;
    server = await startServer((_req, res) => res.end('secure'), {
      tls: { key: pems.private, cert: pems.cert },
    });
  });
  afterAll(async () => server.close());

  it('rejects a self-signed certificate by default with ConnectionError phase tls', async () => {
    const t = transport();
    const error = await t
      .send({ method: 'GET', url: new URL(`${server.url}/`), headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).phase).toBe('tls');
    expect((error as ConnectionError).code).toMatch(/SELF_SIGNED|CERT|UNABLE_TO/);
    expect((error as ConnectionError).message).toContain('verifySsl: false');
    expect(server.received).toHaveLength(0);
  });

  it('accepts it with the certificate as a custom ca', async () => {
    const t = transport({ ca: cert });
    const response = await t.send({ method: 'GET', url: new URL(`${server.url}/`), headers: {} });
    expect(response.text()).toBe('secure');
  });

  it('accepts it with verifySsl: false', async () => {
    const t = transport({ verifySsl: false });
    const response = await t.send({ method: 'GET', url: new URL(`${server.url}/`), headers: {} });
    expect(response.text()).toBe('secure');
  });
});

describe('HttpTransport through a proxy', () => {
  let target: TestServer;
  let plainTarget: TestServer;
  let cert: string;
  let proxy: ProxyServer;
  let proxyPort: number;
  const seen: Array<{ hostname: string; port: number; username: string; password: string; isHttp: boolean }> =
    [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec' });
    cert = pems.cert;
    target = await startServer((_req, res) => res.end('via-tls'), {
      tls: { key: pems.private, cert: pems.cert },
    });
    plainTarget = await startServer((_req, res) => res.end('via-http'));
    proxy = new ProxyServer({
      port: 0,
      host: '127.0.0.1',
      verbose: false,
      prepareRequestFunction: ({ hostname, port, username, password, isHttp }) => {
        seen.push({ hostname, port, username, password, isHttp });
        return { requestAuthentication: username !== 'alice' || password !== 'pr0xy:p@ss' };
      },
    });
    await proxy.listen();
    proxyPort = proxy.port;
  });
  afterAll(async () => {
    process.env = savedEnv;
    await proxy.close(true);
    await target.close();
    await plainTarget.close();
  });
  // The suite's own NO_PROXY (vitest.config.ts) and a developer's proxy settings must not leak in.
  beforeEach(() => {
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
      delete process.env[name];
    }
  });

  const proxyUrl = (password = 'pr0xy:p@ss'): string =>
    `http://alice:${encodeURIComponent(password)}@127.0.0.1:${proxyPort}`;

  it('tunnels an HTTPS request through a CONNECT proxy with proxy auth from the URL', async () => {
    const t = transport({ proxy: proxyUrl(), ca: cert });
    const before = seen.length;
    const response = await t.send({
      method: 'GET',
      url: new URL(`${target.url}/p`),
      headers: { 'X-CaSe': '1' },
    });
    expect(response.text()).toBe('via-tls');
    expect(seen.slice(before)).toEqual([
      { hostname: '127.0.0.1', port: target.port, username: 'alice', password: 'pr0xy:p@ss', isHttp: false },
    ]);
    const raw = target.received.at(-1)!.rawHeaders;
    expect(raw).toContain('X-CaSe');
    expect(raw.map((h) => h.toLowerCase())).not.toContain('proxy-authorization');
  });

  it('forwards a plain HTTP request through the proxy', async () => {
    const t = transport({ proxy: proxyUrl() });
    const before = seen.length;
    const response = await t.send({ method: 'GET', url: new URL(`${plainTarget.url}/p`), headers: {} });
    expect(response.text()).toBe('via-http');
    expect(seen.slice(before)).toMatchObject([{ isHttp: true, username: 'alice' }]);
  });

  it('fails with ConnectionError (407, not retryable) on wrong proxy credentials and never shows the password', async () => {
    const t = transport({ proxy: proxyUrl('wrong-Pa55word'), ca: cert });
    const error = await t
      .send({ method: 'GET', url: new URL(`${target.url}/p`), headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('ERR_PROXY_AUTH_REQUIRED');
    expect((error as ConnectionError).phase).toBe('connect');
    expect(inspect(error, { depth: 10 })).not.toContain('wrong-Pa55word');
    expect(JSON.stringify(error)).not.toContain('wrong-Pa55word');
  });

  it('takes the proxy from HTTPS_PROXY / https_proxy and bypasses it for NO_PROXY hosts', async () => {
    process.env['HTTPS_PROXY'] = proxyUrl();
    const t = transport({ ca: cert });
    let before = seen.length;
    expect((await t.send({ method: 'GET', url: new URL(`${target.url}/e`), headers: {} })).text()).toBe(
      'via-tls',
    );
    expect(seen.length - before).toBe(1);

    delete process.env['HTTPS_PROXY'];
    process.env['https_proxy'] = proxyUrl();
    before = seen.length;
    await t.send({ method: 'GET', url: new URL(`${target.url}/e`), headers: {} });
    expect(seen.length - before).toBe(1);

    process.env['NO_PROXY'] = 'example.com,127.0.0.1';
    before = seen.length;
    const direct = await t.send({ method: 'GET', url: new URL(`${target.url}/e`), headers: {} });
    expect(direct.text()).toBe('via-tls');
    expect(seen.length - before).toBe(0);
  });

  it('takes HTTP_PROXY for plain-HTTP endpoints, and ignores the environment with proxy: false', async () => {
    process.env['HTTP_PROXY'] = proxyUrl();
    const viaEnv = transport();
    const proxied = seen.length;
    expect(
      (await viaEnv.send({ method: 'GET', url: new URL(`${plainTarget.url}/h`), headers: {} })).text(),
    ).toBe('via-http');
    expect(seen.slice(proxied)).toMatchObject([{ isHttp: true, port: plainTarget.port }]);

    const t = transport({ proxy: false });
    const before = seen.length;
    expect((await t.send({ method: 'GET', url: new URL(`${plainTarget.url}/n`), headers: {} })).text()).toBe(
      'via-http',
    );
    expect(seen.length - before).toBe(0);
  });
});
