import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scp, startScp } from './helpers.js';

const WEB = '5e000001-5cf1-4b6e-9d2a-000000000001';
const VOLUME = 'd0000001-5cf1-4b6e-9d2a-000000000001';
const VPC = '7bc00001-5cf1-4b6e-9d2a-000000000001';

const ROUTES: Array<[string, string]> = [
  ['POST', '/janus/authenticate'],
  ['POST', '/janus/20180725/servers'],
  ['POST', '/janus/20180725/servers/action'],
  ['PUT', `/janus/20180725/servers/${WEB}`],
  ['DELETE', `/janus/20180725/servers/${WEB}`],
  ['POST', `/janus/20180725/servers/${WEB}/stop`],
  ['POST', `/janus/20180725/servers/${WEB}/action`],
  ['POST', '/janus/20180725/volumes'],
  ['PUT', `/janus/20180725/volumes/${VOLUME}`],
  ['POST', '/janus/20180725/vpcs'],
  ['PUT', `/janus/20180725/vpcs/${VPC}`],
  ['POST', '/janus/20180725/subnets'],
  ['POST', '/janus/20180725/eips'],
  ['POST', '/janus/20180725/floatingips'],
];

const BODIES = [
  '',
  'null',
  '[]',
  '"text"',
  '{',
  '{"a":1}',
  '{"name":123,"az_id":[],"cores":"2"}',
  '{"cores":1e309,"memory_mb":-1,"count":0}',
  '{"networks":[null],"disks":{"id":1}}',
  '{"action":{"x":1},"server_ids":"all","server_action":[]}',
  '{"size_mb":1.5,"cidr":"300.1.1.0/24","vpc_id":"7bc00001-5cf1-4b6e-9d2a-000000000001"}',
  '{"auth":{"passwordCredentials":{"username":"admin","password":"zz"}}}',
  '{"bandwidth_mb":"100","ip":"999.1.1.1","az_id":"a2a00001-5cf1-4b6e-9d2a-000000000001"}',
];

describe('sangfor emulator: malformed input', () => {
  let scp: Scp;
  beforeAll(async () => {
    scp = await startScp();
  });
  afterAll(async () => {
    await scp.close();
  });

  it('answers every malformed body with a 4xx in the SCP error shape, never a 5xx', async () => {
    for (const [method, path] of ROUTES) {
      for (const body of BODIES) {
        const answer = await scp.call(method, path, {
          ...(body === '' ? {} : { rawBody: body }),
          headers: { 'Content-Type': 'application/json' },
        });
        const label = `${method} ${path} ${body}`;
        if (answer.status === 200) {
          expect(answer.json.code, label).toBe(0);
          continue;
        }
        expect(answer.status, label).toBeGreaterThanOrEqual(400);
        expect(answer.status, label).toBeLessThan(500);
        expect(answer.json.code, label).toBe(answer.status);
        expect(typeof answer.json.message, label).toBe('string');
        expect(answer.json.data, label).toBeNull();
      }
    }
  });

  it('answers malformed queries and paths with 4xx', async () => {
    const cases = [
      '/janus/20180725/servers?page_size=abc',
      '/janus/20180725/servers?page_num=1.5',
      '/janus/20180725/servers?order_by=sideways',
      '/janus/20180725/servers?has_gpu=2',
      '/janus/20190725/servers?ids=a,b',
      '/janus/20180725/servers/%E0%A4%A',
      '/janus/20180725/volumes/not-a-volume',
      '/janus/20180725/tasks/unknown',
      '/janus/20180725/hosts/b0000001-5cf1-4b6e-9d2a-000000000001/interfaces?function=nope',
    ];
    for (const path of cases) {
      const answer = await scp.call('GET', path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.status, path).toBeLessThan(500);
      expect(answer.json.code, path).toBe(answer.status);
    }
  });
});
