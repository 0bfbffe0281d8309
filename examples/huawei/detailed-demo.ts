/**
 * The seed's "Detailed Demo": HttpConfig (timeouts, SSL, proxy), an HttpHandler that prints the
 * raw exchange (secrets redacted), and the access log to the console and to a file.
 *
 *   npx tsx --conditions=yunkit-source examples/huawei/detailed-demo.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpHandler, HuaweiClient, type RawResponseInfo } from 'yunkit/huawei';
import { type ExampleEnv, runIfMain } from '../env.js';

export async function detailedDemo(env: ExampleEnv): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'yunkit-hw-demo-'));
  const logFile = join(dir, 'test.log');
  // The seed's response_handler: request line, headers and body, then the response.
  const responseHandler = (response: RawResponseInfo) => {
    const { request } = response;
    const lines = [`> Request ${request.method} ${request.pathUrl} HTTP/1.1`, '> Headers:'];
    for (const [k, v] of Object.entries(request.headers)) lines.push(`    ${k}: ${v}`);
    lines.push(`> Body: ${request.body ?? ''}`, '', `< Response HTTP/1.1 ${response.status}`, '< Headers:');
    for (const [k, v] of Object.entries(response.headers)) lines.push(`    ${k}: ${v}`);
    lines.push(`< Body: ${response.body.slice(0, 120)}...`);
    for (const line of lines) env.log(line);
  };
  const hw = new HuaweiClient({
    region: 'cn-north-4',
    endpoint: env.endpoint,
    // With projectId given, nothing is resolved through IAM.
    credentials: {
      ak: env.credentials.accessKey!,
      sk: env.credentials.secretKey!,
      projectId: env.credentials.projectId!,
    },
    http: {
      timeout: [60_000, 120_000], // the seed's timeout = (60, 120), in ms
      ignoreSslVerification: false,
      ...(env.certificate ? { sslCaCert: env.certificate } : {}),
      proxy: false, // or { protocol: 'http', host: 'proxy.example.com', port: 80, user, password }
    },
    httpHandler: new HttpHandler().addResponseHandler(responseHandler),
    streamLog: { stream: { write: (line: string) => env.log(`[access] ${line.trimEnd()}`) } },
    fileLog: { path: logFile, maxBytes: 10_485_760, backupCount: 5 },
  });
  try {
    const { vpcs } = await hw.vpc.vpcs.list({ limit: 1 });
    env.log(`ListVpcs(limit=1): ${JSON.stringify(vpcs.map((v) => v.id))}`);
    env.log(`file log: ${readFileSync(logFile, 'utf8').trimEnd()}`);
  } finally {
    hw.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, 'huawei', detailedDemo);
