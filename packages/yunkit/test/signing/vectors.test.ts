import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from 'yunkit/core';
import {
  applySignedHeaders,
  huaweiCanonicalQuery,
  huaweiDerivedKey,
  presignVolcengineDetailed,
  signHuawei,
  signHuaweiDerived,
  signHuaweiDerivedDetailed,
  signHuaweiDetailed,
  signSangforEc2,
  signSangforEc2Detailed,
  signSigV4,
  signVolcengine,
  signVolcengineDetailed,
  signZstack,
  signZstackDetailed,
  sigV4CanonicalQuery,
  volcengineSigningKey,
  zstackDate,
  zstackPasswordDigest,
} from 'yunkit/signing';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const lastLine = (text: string) => text.slice(text.lastIndexOf('\n') + 1);

describe('Sangfor SCP EC2 (sangfor-scp.md §5.3)', () => {
  const credentials = {
    accessKeyId: 'AKEXAMPLE0000000000',
    secretAccessKey: 'SKEXAMPLESECRET000000000000000000',
  };
  const common = {
    credentials,
    region: 'cn-south-1',
    service: 'open-api',
    now: new Date('2024-07-25T08:00:00Z'),
  };

  it('vector 1: GET with Cookie, query ignored', () => {
    const result = signSangforEc2Detailed({
      ...common,
      method: 'GET',
      url: new URL('https://10.0.0.1/janus/20180725/servers?page_num=0&page_size=100&az_id=x'),
      headers: {
        Cookie: 'aCMPAuthToken=0123456789abcdef0123456789abcdef',
        'Content-Type': 'application/json',
      },
    });
    expect(result.canonicalRequest).toBe(
      'GET\n/janus/20180725/servers\n\ncookie:aCMPAuthToken=0123456789abcdef0123456789abcdef\nx-amz-date:20240725T080000Z\n\ncookie;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(result.signature).toBe('50aa96e96249d738edc321e73f4ea3d84b62dae8c7f932007f118dbecf712a8c');
    expect(result.headers).toEqual({
      'X-Amz-Date': '20240725T080000Z',
      Authorization:
        'AWS4-HMAC-SHA256 Credential=AKEXAMPLE0000000000/20240725/cn-south-1/open-api/aws4_request, SignedHeaders=cookie;x-amz-date, Signature=50aa96e96249d738edc321e73f4ea3d84b62dae8c7f932007f118dbecf712a8c',
    });
  });

  it('vector 2: POST {} without Cookie still declares cookie;x-amz-date', () => {
    const result = signSangforEc2Detailed({
      ...common,
      method: 'post',
      url: new URL('https://10.0.0.1/janus/20180725/servers/abc/start'),
      headers: {},
      body: new TextEncoder().encode('{}'),
    });
    expect(result.canonicalRequest).toBe(
      'POST\n/janus/20180725/servers/abc/start\n\nx-amz-date:20240725T080000Z\n\ncookie;x-amz-date\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
    expect(result.signature).toBe('f5d18cec0d734b13319ff31dc3768030922385988b5a8d892020cabcb11ca4ff');
  });

  it('uses UTC, replaces a stale X-Amz-Date and never signs host', () => {
    const headers = signSangforEc2({
      ...common,
      now: new Date('2024-07-25T23:30:05+08:00'),
      method: 'GET',
      url: new URL('https://scp.example:8443/janus/20180725/servers'),
      headers: { 'X-Amz-Date': '19990101T000000Z', Host: 'scp.example:8443', Authorization: 'stale' },
    });
    expect(headers['X-Amz-Date']).toBe('20240725T153005Z');
    expect(headers['Authorization']).toContain(
      'Credential=AKEXAMPLE0000000000/20240725/cn-south-1/open-api/aws4_request',
    );
    expect(headers['Authorization']).toContain('SignedHeaders=cookie;x-amz-date,');
  });

  it('defaults to the official sample region and service, and keeps the raw path', () => {
    const result = signSangforEc2Detailed({
      credentials,
      now: common.now,
      method: 'GET',
      url: new URL('https://scp/janus/20180725/servers/a%20b'),
      headers: {},
    });
    expect(result.stringToSign.split('\n')[2]).toBe('20240725/regionOne/sdk-api/aws4_request');
    expect(result.canonicalRequest.split('\n')[1]).toBe('/janus/20180725/servers/a%20b');
  });

  it('signs a custom header list in the given order, skipping absent ones', () => {
    const result = signSangforEc2Detailed({
      ...common,
      method: 'GET',
      url: new URL('https://scp/janus/20180725/azs'),
      headers: { 'Content-Type': ' application/json ' },
      signedHeaders: ['x-amz-date', 'content-type', 'cookie'],
    });
    expect(result.signedHeaders).toBe('x-amz-date;content-type;cookie');
    expect(result.canonicalRequest).toContain(
      '\nx-amz-date:20240725T080000Z\ncontent-type:application/json\n\n',
    );
  });

  it('refuses host as a signed header and bad credentials', () => {
    const base = { ...common, method: 'GET', url: new URL('https://scp/janus/x'), headers: {} };
    expect(() => signSangforEc2({ ...base, signedHeaders: ['host', 'x-amz-date'] })).toThrow(ValidationError);
    expect(() => signSangforEc2({ ...base, credentials: { accessKeyId: '', secretAccessKey: 'x' } })).toThrow(
      ValidationError,
    );
    expect(() => signSangforEc2({ ...base, method: 'GET /x' })).toThrow(ValidationError);
  });
});

describe('Huawei SDK-HMAC-SHA256 and V11-HMAC-SHA256 (huawei-cloud.md §1.4, §1.5)', () => {
  const credentials = {
    accessKeyId: 'HWAKEXAMPLE0000000001',
    secretAccessKey: 'hwSecretKeyExample0000000000000000000001',
  };
  const projectId = '0123456789abcdef0123456789abcdef';
  const now = new Date('2024-01-15T08:30:00Z');

  it('vector A: ListServersDetails through the SDK', () => {
    const result = signHuaweiDetailed({
      credentials,
      projectId,
      now,
      method: 'GET',
      url: new URL(`http://127.0.0.1:18080/v1/${projectId}/cloudservers/detail?limit=10&offset=1`),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(result.canonicalRequest).toBe(
      `GET\n/v1/${projectId}/cloudservers/detail/\nlimit=10&offset=1\ncontent-type:application/json\nhost:127.0.0.1:18080\nx-project-id:${projectId}\nx-sdk-date:20240115T083000Z\n\ncontent-type;host;x-project-id;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`,
    );
    expect(result.stringToSign).toBe(
      'SDK-HMAC-SHA256\n20240115T083000Z\ne905fe773ff0c18a6ff7bdcdc46b9c01a529ffb80ed372f537f92d266f21ecd9',
    );
    expect(result.headers).toEqual({
      'X-Sdk-Date': '20240115T083000Z',
      'X-Project-Id': projectId,
      Authorization:
        'SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=6ad0166c73f72506484ff94bc0ed47fcd00dc6cb478ae930ab34f71cd912a9bd',
    });
  });

  it('vector B: BatchStartServers with a JSON body', () => {
    const body = '{"os-start":{"servers":[{"id":"616fb98f-46ca-475e-917e-2563e5a8cd19"}]}}';
    const result = signHuaweiDetailed({
      credentials,
      projectId,
      now,
      method: 'POST',
      url: new URL(`http://127.0.0.1:18080/v1/${projectId}/cloudservers/action`),
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(lastLine(result.canonicalRequest)).toBe(
      '70328795d58885d33e81b2d1f76fd631fa983a3c27ce16bfc542a0b19555b688',
    );
    expect(result.canonicalRequest.split('\n').slice(1, 3)).toEqual([
      `/v1/${projectId}/cloudservers/action/`,
      '',
    ]);
    expect(lastLine(result.stringToSign)).toBe(
      '7b4eeef8a9982acf231ec1035cd779060339349061b7fe1ca2932b12ae016e9b',
    );
    expect(result.signature).toBe('f75f936df335ecc116d156ba9105a01cb2b05b241b81433e6236803b870996c6');
  });

  it('vector C: awkward query, strictly re-encoded and sorted', () => {
    const wireQuery = "name=web%20server*01&limit=25&not-tags=env%3Dprod&tags=b&tags=a&marker=%C3%BC(x)!'~";
    const result = signHuaweiDetailed({
      credentials,
      now,
      method: 'GET',
      url: new URL(
        `https://ecs.cn-north-4.myhuaweicloud.com/v1/${projectId}/cloudservers/detail?${wireQuery}`,
      ),
      headers: { 'content-type': 'application/json', 'X-Project-Id': projectId },
    });
    expect(result.canonicalRequest.split('\n')[2]).toBe(
      'limit=25&marker=%C3%BC%28x%29%21%27~&name=web%20server%2A01&not-tags=env%3Dprod&tags=a&tags=b',
    );
    expect(lastLine(result.stringToSign)).toBe(
      'b232cd053c899e94488ca45466df126282c12be71ab1623bfe6014ef5e005d7f',
    );
    expect(result.headers['Authorization']).toBe(
      'SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=933b0f89c6f35cdeb5c4eddaa6051b888b9914facac51cc66a258e3c8c046ca3',
    );
    // No projectId option: the X-Project-Id already on the request is signed and nothing is added.
    expect(result.headers['X-Project-Id']).toBeUndefined();
  });

  it('vector D: POST with a security token', () => {
    const result = signHuaweiDetailed({
      credentials: { ...credentials, securityToken: 'tokenABC' },
      projectId,
      now,
      method: 'POST',
      url: new URL(`https://ecs.cn-north-4.myhuaweicloud.com/v1/${projectId}/cloudservers/delete`),
      headers: { 'content-type': 'application/json', 'X-Sdk-Date': '20240115T083000Z' },
      body: '{"servers":[{"id":"616fb98f-46ca-475e-917e-2563e5a8cd19"}],"delete_publicip":true,"delete_volume":true}',
    });
    expect(result.signedHeaders).toBe('content-type;host;x-project-id;x-sdk-date;x-security-token');
    expect(lastLine(result.canonicalRequest)).toBe(
      '24b4005ac71166142ede9c1c08a8e7dfcea239aceb98893951ca2b9ac498df51',
    );
    expect(lastLine(result.stringToSign)).toBe(
      '10425ad44dfb7ef0f97edee13dbc64fe842a1880b43967323e6ad1ce8bf2ed7b',
    );
    expect(result.signature).toBe('ed00c9e2f469d8aae9d3e7cc2377c8837fd71b30c07874d848581a362cba1567');
    expect(result.headers['X-Security-Token']).toBe('tokenABC');
  });

  it('vector E: derived key (V11-HMAC-SHA256)', () => {
    expect(
      huaweiDerivedKey(credentials.accessKeyId, credentials.secretAccessKey, '20240115/cn-north-4/ecs'),
    ).toBe('de3ce3504ebfff22d22fc9b738bfbe6c214b00e96ad9452c882c7171c52e26b9');
    const result = signHuaweiDerivedDetailed({
      credentials,
      now,
      region: 'cn-north-4',
      service: 'ecs',
      method: 'GET',
      url: new URL(
        `https://ecs.cn-north-4.myhuaweicloud.com/v1/${projectId}/cloudservers/detail?limit=10&offset=1`,
      ),
      headers: { 'content-type': 'application/json', 'X-Project-Id': projectId },
    });
    expect(result.stringToSign.split('\n').slice(0, 3)).toEqual([
      'V11-HMAC-SHA256',
      '20240115T083000Z',
      '20240115/cn-north-4/ecs',
    ]);
    expect(lastLine(result.stringToSign)).toBe(
      '364ad888b9c97599a060a3ae8a3fdd9774389f6eaa558e6a1419ec84aeb433b7',
    );
    expect(result.signature).toBe('302f1b44c827ac8af785a041e0884d4250a9b5e13389fc0c3decb3a225d0fa1e');
    expect(result.headers['Authorization']).toBe(
      'V11-HMAC-SHA256 Credential=HWAKEXAMPLE0000000001/20240115/cn-north-4/ecs, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=302f1b44c827ac8af785a041e0884d4250a9b5e13389fc0c3decb3a225d0fa1e',
    );
  });

  it('lets refreshed credentials replace a token header left from an earlier attempt', () => {
    const request = {
      now,
      method: 'GET',
      url: new URL('https://ecs.cn-north-4.myhuaweicloud.com/v1/p/cloudservers'),
      headers: { 'x-security-token': 'old-token', 'X-Project-Id': 'p', Authorization: 'old' },
    };
    const result = signHuaweiDetailed({
      ...request,
      credentials: { ...credentials, securityToken: 'new-token' },
      projectId: 'p',
    });
    expect(result.canonicalRequest).toContain('\nx-security-token:new-token\n');
    expect(result.headers['X-Security-Token']).toBe('new-token');
    applySignedHeaders(request.headers, result.headers);
    expect(request.headers).toEqual({
      'X-Project-Id': 'p',
      'X-Sdk-Date': '20240115T083000Z',
      'X-Security-Token': 'new-token',
      Authorization: result.headers['Authorization'],
    });
  });

  it('double-encodes the path as sent and adds the trailing slash', () => {
    const result = signHuaweiDetailed({
      credentials,
      now,
      method: 'GET',
      url: new URL('http://127.0.0.1/v1/a b/c%2Fd/'),
      headers: {},
    });
    expect(result.canonicalRequest.split('\n')[1]).toBe('/v1/a%2520b/c%252Fd/');
  });

  it('signs domain id, UNSIGNED-PAYLOAD and drops a multipart content-type', () => {
    const result = signHuaweiDetailed({
      credentials,
      domainId: 'dom1',
      unsignedPayload: true,
      now,
      method: 'POST',
      url: new URL('https://iam.myhuaweicloud.com/v3/x'),
      headers: { 'Content-Type': 'multipart/form-data; boundary=x', Authorization: 'stale' },
      body: 'ignored',
    });
    expect(result.signedHeaders).toBe('host;x-domain-id;x-sdk-content-sha256;x-sdk-date');
    expect(lastLine(result.canonicalRequest)).toBe('UNSIGNED-PAYLOAD');
    expect(result.headers['X-Sdk-Content-Sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(result.headers['X-Domain-Id']).toBe('dom1');
  });

  it('refuses headers that differ only in letter case, and malformed query escapes', () => {
    const base = { credentials, now, method: 'GET', url: new URL('https://h/v1/x') };
    expect(() => signHuawei({ ...base, headers: { 'X-A': '1', 'x-a': '2' } })).toThrow(ValidationError);
    expect(() => signHuawei({ ...base, url: new URL('https://h/v1/x?a=%zz'), headers: {} })).toThrow(
      ValidationError,
    );
  });
});

describe('Volcengine HMAC-SHA256 (volcengine.md §1.6)', () => {
  const credentials = { accessKeyId: 'AKLTexampleAK', secretAccessKey: 'exampleSK' };
  const now = new Date('2024-01-02T03:04:05Z');

  it('V1: GET DescribeInstances', () => {
    const result = signVolcengineDetailed({
      credentials,
      now,
      region: 'cn-beijing',
      service: 'ecs',
      method: 'GET',
      url: new URL(
        'https://open.volcengineapi.com/?Version=2020-04-01&Action=DescribeInstances&MaxResults=10&InstanceIds.1=i-abc&InstanceIds.2=i-def',
      ),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'yunkit' },
    });
    expect(result.canonicalRequest).toBe(
      'GET\n/\nAction=DescribeInstances&InstanceIds.1=i-abc&InstanceIds.2=i-def&MaxResults=10&Version=2020-04-01\nx-date:20240102T030405Z\n\nx-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256(result.canonicalRequest)).toBe(
      '8f1dbb761c1f5336e4aff0d3871c3e8c3c4644fef13e321ee3940dc7215dbd3a',
    );
    expect(result.stringToSign).toBe(
      'HMAC-SHA256\n20240102T030405Z\n20240102/cn-beijing/ecs/request\n8f1dbb761c1f5336e4aff0d3871c3e8c3c4644fef13e321ee3940dc7215dbd3a',
    );
    expect(volcengineSigningKey('exampleSK', '20240102', 'cn-beijing', 'ecs').toString('hex')).toBe(
      '8e79bc6791eec92e145ed20d8d9c09e2b74eb3f2a6abdbcd5cf4e9ddefa27311',
    );
    expect(result.headers).toEqual({
      'X-Date': '20240102T030405Z',
      Authorization:
        'HMAC-SHA256 Credential=AKLTexampleAK/20240102/cn-beijing/ecs/request, SignedHeaders=x-date, Signature=ea791bb6c6255f85da690ce9e538e7a022d54e778506073391893059059a033b',
    });
  });

  it('V2: POST JSON with STS', () => {
    const result = signVolcengineDetailed({
      credentials: { ...credentials, sessionToken: 'STS2exampleToken' },
      now,
      region: 'cn-shanghai',
      service: 'vpc',
      method: 'POST',
      url: new URL('https://open.volcengineapi.com/?Action=CreateVpc&Version=2020-04-01'),
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"VpcName":"demo","CidrBlock":"10.0.0.0/16"}',
    });
    expect(result.headers['X-Content-Sha256']).toBe(
      '18a394960af8ad1eafa47d2ab83aa497bc8586091d332e4059962cb88fcb13bc',
    );
    expect(result.headers['X-Security-Token']).toBe('STS2exampleToken');
    expect(result.canonicalRequest).toBe(
      'POST\n/\nAction=CreateVpc&Version=2020-04-01\nx-content-sha256:18a394960af8ad1eafa47d2ab83aa497bc8586091d332e4059962cb88fcb13bc\nx-date:20240102T030405Z\nx-security-token:STS2exampleToken\n\nx-content-sha256;x-date;x-security-token\n18a394960af8ad1eafa47d2ab83aa497bc8586091d332e4059962cb88fcb13bc',
    );
    expect(sha256(result.canonicalRequest)).toBe(
      '55c5ec6390b115aa5c1d15accc90f2f38a46807fea7b8c520dc2c5edffdb03dc',
    );
    expect(volcengineSigningKey('exampleSK', '20240102', 'cn-shanghai', 'vpc').toString('hex')).toBe(
      '39f3129d80698787de24d161df5a3c6de209cab9e416c3b34b1dfa3e85242caf',
    );
    expect(result.headers['Authorization']).toBe(
      'HMAC-SHA256 Credential=AKLTexampleAK/20240102/cn-shanghai/vpc/request, SignedHeaders=x-content-sha256;x-date;x-security-token, Signature=8015f07ab143e1145a5af5b5e2a1ba3dafd05d486f866476bb05220153a3d6c2',
    );
  });

  it('V3: encoding edge cases', () => {
    const name = encodeURIComponent("a b*c(d)!e'f~g/h+i=j&k中");
    const result = signVolcengineDetailed({
      credentials,
      now,
      region: 'cn-beijing',
      service: 'ecs',
      method: 'GET',
      url: new URL(
        `https://open.volcengineapi.com/?Action=DescribeInstances&Version=2020-04-01&InstanceName=${name}&Tag.1.Key=k&zeta=2&zeta=1`,
      ),
      headers: {},
    });
    expect(result.canonicalRequest.split('\n')[2]).toBe(
      'Action=DescribeInstances&InstanceName=a%20b%2Ac%28d%29%21e%27f~g%2Fh%2Bi%3Dj%26k%E4%B8%AD&Tag.1.Key=k&Version=2020-04-01&zeta=1&zeta=2',
    );
    expect(sha256(result.canonicalRequest)).toBe(
      '71668b14fa9384adcd19d478e0f4bcc5a533e0701a85d818daa94e5bde7eabb8',
    );
    expect(result.signedHeaders).toBe('x-date');
    expect(result.signature).toBe('16673b9788c80c39f07746c2bfab548f4c2605fb863d137c6344b2269e1abe1a');
  });

  it('V4: host signed (sdk-core style)', () => {
    const result = signVolcengineDetailed({
      credentials,
      now,
      region: 'cn-beijing',
      service: 'ecs',
      signHost: true,
      method: 'GET',
      url: new URL(
        'http://127.0.0.1:18080/?Action=DescribeInstances&InstanceIds.1=i-abc&InstanceIds.2=i-def&MaxResults=10&Version=2020-04-01',
      ),
      headers: { 'content-type': 'text/plain' },
    });
    expect(result.canonicalRequest).toContain(
      '\nhost:127.0.0.1:18080\nx-date:20240102T030405Z\n\nhost;x-date\n',
    );
    expect(sha256(result.canonicalRequest)).toBe(
      'cc1a00a7a7ff9794c8d49c6fbbd86fcae7561c5519737a404f284172ea10174a',
    );
    expect(result.signature).toBe('0811a404cd45765ce1199bcb630c3fb3884ed793ee522686f64893800728cc97');
  });

  it('V5: sdk-core POST JSON with STS', () => {
    const result = signVolcengineDetailed({
      credentials: { ...credentials, sessionToken: 'STS2exampleToken' },
      now,
      region: 'cn-shanghai',
      service: 'storage_ebs',
      signHost: true,
      method: 'POST',
      url: new URL('http://127.0.0.1:18080/?Action=CreatePlacementGroup&Version=2020-04-01'),
      headers: { 'content-type': 'application/json' },
      body: '{"PlacementGroupName":"pg"}',
    });
    expect(result.headers['X-Content-Sha256']).toBe(
      'fd5fef5e07956606a9d27d1179d6cfc4904eb4a231269684fded03b4e3d27241',
    );
    expect(sha256(result.canonicalRequest)).toBe(
      '408d810018399c6e96576030b93637cccf79f077846cc807504812a483de3201',
    );
    expect(volcengineSigningKey('exampleSK', '20240102', 'cn-shanghai', 'storage_ebs').toString('hex')).toBe(
      '6b146fb30eef8940fb55bb61cb69b9a5b2c6a2f8065b40c7ecb5e7bb44d69cc4',
    );
    expect(result.signedHeaders).toBe('host;x-content-sha256;x-date;x-security-token');
    expect(result.signature).toBe('6ee37b69a46c330b7ce10aeaba13c3bb8f6e54ea68ab4aa913b2c94b3b057124');
  });

  it('V6: presigned URL', () => {
    const result = presignVolcengineDetailed({
      credentials,
      now,
      region: 'cn-beijing',
      service: 'ecs',
      method: 'GET',
      url: new URL('https://open.volcengineapi.com/?Action=DescribeInstances&Version=2020-04-01'),
    });
    expect(result.canonicalRequest).toBe(
      'GET\n/\nAction=DescribeInstances&Version=2020-04-01&X-Algorithm=HMAC-SHA256&X-Credential=AKLTexampleAK%2F20240102%2Fcn-beijing%2Fecs%2Frequest&X-Date=20240102T030405Z&X-NotSignBody=&X-SignedHeaders=\n\n\n\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256(result.canonicalRequest)).toBe(
      'dc7d02cdc70585b46590221673326e99b744624323e5ab641831152249a8baf5',
    );
    expect(result.url.search.slice(1)).toBe(
      'Action=DescribeInstances&Version=2020-04-01&X-Algorithm=HMAC-SHA256&X-Credential=AKLTexampleAK%2F20240102%2Fcn-beijing%2Fecs%2Frequest&X-Date=20240102T030405Z&X-NotSignBody=&X-SignedHeaders=&X-SignedQueries=Action%3BVersion%3BX-Algorithm%3BX-Credential%3BX-Date%3BX-NotSignBody%3BX-SignedHeaders&X-Signature=30436953e8f2d3dade5a9fb518a365a31b290c2f07fd5b4a299fcbb43c34acae',
    );
  });

  it('collapses whitespace in signed header values and never signs content-type', () => {
    const result = signVolcengineDetailed({
      credentials,
      now,
      region: 'cn-beijing',
      service: 'ecs',
      method: 'GET',
      url: new URL('https://open.volcengineapi.com/?Action=A&Version=1'),
      headers: { 'X-Custom': '  a \t b  ', 'Content-Type': 'text/plain', 'Content-Length': '0' },
    });
    expect(result.signedHeaders).toBe('x-custom;x-date');
    expect(result.canonicalRequest).toContain('\nx-custom:a b\n');
  });
});

describe('ZStack AccessKey (zstack.md §2.2)', () => {
  const credentials = {
    accessKeyId: 'vvSZpmj4cnB53qUDmm6E',
    secretAccessKey: '8heumeFTvIeZxkTGfEYvVi9qVVPd9ffQNDALSPPb',
  };
  // 17:58:34 in Beijing (PRC, UTC+8).
  const now = new Date('2021-08-06T09:58:34Z');

  it('reproduces the documented signature, context path and query left out', () => {
    const result = signZstackDetailed({
      credentials,
      now,
      timeZone: 'Asia/Shanghai',
      zoneLabel: 'PRC',
      method: 'GET',
      url: new URL('http://172.20.11.134:8080/zstack/v1/vm-instances?limit=10'),
      headers: {},
    });
    expect(result.stringToSign).toBe('GET\nFri, 06 Aug 2021 17:58:34 PRC\n/v1/vm-instances');
    expect(result.signature).toBe('hPToRHeHdV49D4u20G8OlE0yJho=');
    expect(result.headers).toEqual({
      Date: 'Fri, 06 Aug 2021 17:58:34 PRC',
      Authorization: 'ZStack vvSZpmj4cnB53qUDmm6E:hPToRHeHdV49D4u20G8OlE0yJho=',
    });
  });

  it('signing the context path too gives the documented wrong signature', () => {
    const result = signZstackDetailed({
      credentials,
      now,
      timeZone: 'Asia/Shanghai',
      zoneLabel: 'PRC',
      contextPath: '/',
      method: 'GET',
      url: new URL('http://172.20.11.134:8080/zstack/v1/vm-instances'),
      headers: {},
    });
    expect(result.signature).toBe('4IpKm7pLtCo1/xrAUTuOcJqiyWc=');
  });

  it('uses an explicit context path and defaults to a UTC date the server parses', () => {
    const headers = signZstack({
      credentials,
      now,
      contextPath: 'zstack',
      method: 'put',
      url: new URL('http://mn:8080/zstack/v1/vm-instances/abc/actions'),
      headers: {},
    });
    expect(headers['Date']).toBe('Fri, 06 Aug 2021 09:58:34 GMT');
    expect(headers['Date']).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [A-Za-z/_]+$/,
    );
    expect(zstackDate(new Date('2024-02-29T23:05:09Z'), 'Asia/Shanghai')).toBe(
      'Fri, 01 Mar 2024 07:05:09 Asia/Shanghai',
    );
    expect(zstackDate(new Date('2024-01-01T00:00:00Z'), 'America/New_York', 'EST')).toBe(
      'Sun, 31 Dec 2023 19:00:00 EST',
    );
  });

  it('refuses paths outside /v1 and unknown zones', () => {
    const base = { credentials, now, method: 'GET', headers: {} };
    expect(() => signZstack({ ...base, url: new URL('http://mn:8080/zstack/v2/x') })).toThrow(
      ValidationError,
    );
    expect(() =>
      signZstack({ ...base, url: new URL('http://mn/zstack/v1/x'), timeZone: 'Mars/Base' }),
    ).toThrow(ValidationError);
  });

  it('hashes login passwords with SHA-512', () => {
    expect(zstackPasswordDigest('password')).toBe(
      'b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86',
    );
  });
});

describe('applySignedHeaders', () => {
  it('replaces a header of another letter case instead of duplicating it', () => {
    const headers: Record<string, string> = {
      'x-sdk-date': 'old',
      authorization: 'old',
      Accept: 'application/json',
    };
    applySignedHeaders(headers, { 'X-Sdk-Date': 'new', Authorization: 'sig' });
    expect(headers).toEqual({ Accept: 'application/json', 'X-Sdk-Date': 'new', Authorization: 'sig' });
  });
});

describe('canonical query fast path agrees with the general path', () => {
  it('encodes a second "=" and sorts keys that prefix each other by key first', () => {
    const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' };
    const now = new Date('2024-01-02T03:04:05Z');
    const line = (search: string) =>
      signHuaweiDetailed({
        credentials,
        now,
        method: 'GET',
        url: new URL(`https://h/v1/x${search}`),
        headers: {},
      }).canonicalRequest.split('\n')[2];
    expect(line('?a=b=c')).toBe('a=b%3Dc');
    expect(line('?a=1&b=2')).toBe('a=1&b=2');
    expect(line('?a=1&b=2&')).toBe('a=1&b=2');
    expect(line('?a=1&&b=2')).toBe('a=1&b=2');
    expect(line('?b=2&a=1')).toBe('a=1&b=2');
    expect(line('?a=2&a=1')).toBe('a=1&a=2');
    expect(line('?a=1&ab=0')).toBe('a=1&ab=0');
    expect(line('?ab=0&a=1')).toBe('a=1&ab=0');
    expect(line('?a-b=1&a=2&flag&a=1')).toBe('a=1&a=2&a-b=1&flag=');
    // The same pairs once something needs encoding: both paths must agree.
    expect(line('?a-b=1&a=2&flag&a=1&z=%20')).toBe('a=1&a=2&a-b=1&flag=&z=%20');
    const volc = (search: string) =>
      signVolcengineDetailed({
        credentials,
        now,
        region: 'r',
        service: 's',
        method: 'GET',
        url: new URL(`https://h/${search}`),
        headers: {},
      }).canonicalRequest.split('\n')[2];
    expect(volc('?=x&b=1&a=2')).toBe('a=2&b=1');
    expect(volc('?=x&b=1&a=%202')).toBe('a=%202&b=1');
  });
});

describe('query decoding', () => {
  it('reads + as a space and %2B as a plus, as URLSearchParams writes them and the gateways read them', () => {
    const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' };
    const now = new Date('2024-01-02T03:04:05Z');
    const url = new URL('https://h/v1/x');
    url.searchParams.set('name', 'a b+c');
    expect(url.search).toBe('?name=a+b%2Bc');
    const huawei = signHuaweiDetailed({ credentials, now, method: 'GET', url, headers: {} });
    expect(huawei.canonicalRequest.split('\n')[2]).toBe('name=a%20b%2Bc');
    const volc = signVolcengineDetailed({
      credentials,
      now,
      region: 'r',
      service: 's',
      method: 'GET',
      url,
      headers: {},
    });
    expect(volc.canonicalRequest.split('\n')[2]).toBe('name=a%20b%2Bc');
    const sameWithPercent = signHuaweiDetailed({
      credentials,
      now,
      method: 'GET',
      url: new URL('https://h/v1/x?name=a%20b%2Bc'),
      headers: {},
    });
    expect(sameWithPercent.signature).toBe(huawei.signature);
  });
});

describe('plain-query fast path', () => {
  it('matches the general decode/sort/encode path on random plain queries', () => {
    // A trailing `ÿ` key forces the general path and sorts after every ASCII key, so the general
    // result must be the fast result plus that one pair.
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const alphabet = 'aAbB09-_.~';
    const word = () => Array.from({ length: 1 + next(3) }, () => alphabet[next(alphabet.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const parts = Array.from({ length: next(6) }, () =>
        next(5) === 0 ? word() : `${word()}=${next(4) ? word() : ''}`,
      );
      // Half of them already sorted, to take the "already canonical" shortcut too.
      if (next(2) === 0) parts.sort();
      const query = parts.join('&');
      const plain = huaweiCanonicalQuery(`?${query}`);
      const general = huaweiCanonicalQuery(`?${query}${query ? '&' : ''}%C3%BF=x`);
      expect(general, query).toBe(plain ? `${plain}&%C3%BF=x` : '%C3%BF=x');
      expect(sigV4CanonicalQuery(`?${query}`), query).toBe(plain);
    }
  });
});

describe('signing-key caches', () => {
  it('never hand one credential or scope the key of another, also past the cache capacity', () => {
    const now = new Date('2024-01-02T03:04:05Z');
    const sign = (secretAccessKey: string, region: string) =>
      signVolcengineDetailed({
        credentials: { accessKeyId: 'AK', secretAccessKey },
        now,
        region,
        service: 'ecs',
        method: 'GET',
        url: new URL('https://h/?Action=A'),
        headers: {},
      }).signature;
    const first = sign('SK1', 'r0');
    expect(sign('SK2', 'r0')).not.toBe(first);
    expect(sign('SK1', 'r0')).toBe(first);
    const seen = new Set<string>();
    for (let i = 0; i < 80; i++) seen.add(sign('SK1', `r${i}`));
    expect(seen.size).toBe(80);
    expect(sign('SK1', 'r0')).toBe(first);
    expect(volcengineSigningKey('SK1', '20240102', 'r0', 'ecs').toString('hex')).toBe(
      volcengineSigningKey('SK1', '20240102', 'r0', 'ecs').toString('hex'),
    );
  });
});

describe('every signer', () => {
  const credentials = { accessKeyId: 'AKALL', secretAccessKey: 'all-secret', sessionToken: 'tok' };
  const signers: Array<
    [string, (request: { url: URL; headers: Record<string, string>; now?: Date }) => Record<string, string>]
  > = [
    ['SigV4', (r) => signSigV4({ ...r, method: 'POST', body: '{}', credentials, region: 'r', service: 's' })],
    ['SCP', (r) => signSangforEc2({ ...r, method: 'POST', body: '{}', credentials })],
    ['Huawei', (r) => signHuawei({ ...r, method: 'POST', body: '{}', credentials, projectId: 'p' })],
    [
      'Huawei V11',
      (r) => signHuaweiDerived({ ...r, method: 'POST', body: '{}', credentials, region: 'r', service: 's' }),
    ],
    [
      'Volcengine',
      (r) => signVolcengine({ ...r, method: 'POST', body: '{}', credentials, region: 'r', service: 's' }),
    ],
    ['ZStack', (r) => signZstack({ ...r, method: 'POST', body: '{}', credentials })],
  ];
  const request = () => ({
    url: new URL('https://h.example:8443/zstack/v1/a%20b?x=1&y=a+b'),
    headers: { 'Content-Type': 'application/json', 'X-Custom': ' v ', Authorization: 'stale' },
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves the request it is given untouched', () => {
    for (const [name, sign] of signers) {
      const original = request();
      const frozen = { url: original.url, headers: Object.freeze({ ...original.headers }) };
      const href = frozen.url.href;
      // A write to the frozen headers would throw (ES modules are strict).
      expect(() => sign({ ...frozen, now: new Date('2024-01-02T03:04:05Z') }), name).not.toThrow();
      expect(frozen.headers, name).toEqual(original.headers);
      expect(frozen.url.href, name).toBe(href);
    }
  });

  it('reads the clock only when no `now` is given', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-05-06T07:08:09Z'));
    for (const [name, sign] of signers) {
      const fromClock = sign(request());
      const injected = sign({ ...request(), now: new Date('2031-05-06T07:08:09Z') });
      expect(fromClock, name).toEqual(injected);
      const stamp =
        fromClock['X-Amz-Date'] ?? fromClock['X-Sdk-Date'] ?? fromClock['X-Date'] ?? fromClock['Date'];
      expect(stamp, name).toMatch(/^20310506T070809Z$|^Tue, 06 May 2031 07:08:09 GMT$/);
      const later = sign({ ...request(), now: new Date('2031-05-06T07:08:10Z') });
      expect(later['Authorization'], name).not.toBe(fromClock['Authorization']);
    }
  });
});
