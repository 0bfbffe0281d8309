import { it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { Server as ProxyServer } from 'proxy-chain';
import { generate } from 'selfsigned';
import { HttpTransport } from 'yunkit/core';
import { startServer } from './helpers.js';
it('slow answer via proxy', async () => {
  const out: string[] = [];
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec' });
  const s = await startServer((_req, res) => { setTimeout(() => res.end('late'), 300); }, { tls: { key: pems.private, cert: pems.cert } });
  const p = new ProxyServer({ port: 0, host: '127.0.0.1', verbose: false });
  await p.listen();
  for (const keepAlive of [true, false]) {
    const t = new HttpTransport({ proxy: `http://127.0.0.1:${p.port}`, ca: pems.cert, connectTimeoutMs: 100, keepAlive });
    const r = await t.send({ method: 'POST', url: new URL(`${s.url}/x`), headers: {}, body: 'x' }).catch((e) => e);
    out.push(`${keepAlive} ${r instanceof Error ? `${r.name} ${r.kind} ${r.message}` : r.text()}`);
    const r2 = await t.send({ method: 'POST', url: new URL(`${s.url}/x`), headers: {}, body: 'x' }).catch((e) => e);
    out.push(`${keepAlive} second ${r2 instanceof Error ? `${r2.name} ${r2.kind} ${r2.message}` : r2.text()}`);
    t.close();
  }
  const t2 = new HttpTransport({ proxy: `http://127.0.0.1:${p.port}`, connectTimeoutMs: 100 });
  const plain = await startServer((_req, res) => { setTimeout(() => res.end('late-plain'), 300); });
  const r3 = await t2.send({ method: 'POST', url: new URL(`${plain.url}/x`), headers: {}, body: 'x' }).catch((e) => e);
  out.push(`plain ${r3 instanceof Error ? `${r3.name} ${r3.kind} ${r3.message}` : r3.text()}`);
  t2.close(); await plain.close();
  await p.close(true); await s.close();
  writeFileSync('/tmp/aud/probe.out', out.join('\n'));
}, 20000);
