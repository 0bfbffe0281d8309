import { EmulatorHttpError, type EmulatorRequest, type EmulatorResponse } from '../engine/index.js';

/**
 * Each Huawei service answers errors in its own shape (reference §2.8); the gateway (APIG) in
 * front of them has a third one for auth, throttling and unknown APIs.
 */
export type HuaweiService = 'ecs' | 'evs' | 'ims' | 'vpc' | 'eip' | 'iam';
type ErrorShape = HuaweiService | 'apigw';

const SERVICE_NAMES: readonly HuaweiService[] = ['ecs', 'evs', 'ims', 'vpc', 'eip', 'iam'];

/** The service a per-service hostname names (`ecs.cn-north-4.myhuaweicloud.com` → ecs), if any. */
export function serviceFromHost(host: string | undefined): HuaweiService | undefined {
  if (!host) return undefined;
  const label = host.split('.')[0]?.toLowerCase() ?? '';
  return (SERVICE_NAMES as readonly string[]).includes(label) ? (label as HuaweiService) : undefined;
}

/** The service that owns a path, from the URL layout of reference §2. */
export function serviceFromPath(path: string): HuaweiService | undefined {
  const segments = path.split('/').filter((s) => s.length > 0);
  const [version, second, third] = segments;
  if (version === 'v3.0') return 'iam';
  if (version === 'v3') return third === 'eip' ? 'eip' : 'iam';
  if (version === 'v2' && (second === 'cloudimages' || second === 'images')) return 'ims';
  if (version === 'v2.0' && third === 'publicips') return 'eip';
  if (version === 'v2' || (version === 'v2.1' && third === 'cloudvolumes')) return 'evs';
  if (version === 'v2.1' || version === 'v1.1') return 'ecs';
  if (version === 'v1') {
    switch (third) {
      case 'vpcs':
      case 'subnets':
      case 'security-groups':
      case 'security-group-rules':
      case 'ports':
        return 'vpc';
      case 'publicips':
      case 'bandwidths':
        return 'eip';
      case 'cloudservers':
      case 'availability-zones':
      case 'jobs':
        return 'ecs';
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The service whose error shape a request gets: a per-service Host wins for shared paths (jobs). */
export function serviceOf(
  req: Pick<EmulatorRequest, 'path' | 'headers'> | undefined,
): HuaweiService | undefined {
  if (!req) return undefined;
  const byPath = serviceFromPath(req.path);
  const byHost = serviceFromHost(req.headers.host);
  if (byPath === 'ecs' && byHost === 'evs' && req.path.includes('/jobs/')) return 'evs';
  return byPath ?? byHost;
}

const KEYSTONE_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Codes for the engine's generic errors, per service (the cloud's codes are [I]; see docs). */
const ENGINE_CODES: Record<string, Partial<Record<ErrorShape, string>>> = {
  MalformedJson: { ecs: 'Ecs.0005', evs: 'EVS.2001', ims: 'IMG.0001', vpc: 'VPC.0101', eip: 'VPC.0301' },
  BadRequest: { ecs: 'Ecs.0005', evs: 'EVS.2001', ims: 'IMG.0001', vpc: 'VPC.0101', eip: 'VPC.0301' },
  InternalError: { ecs: 'Ecs.0500', evs: 'EVS.5400', ims: 'IMG.0500', vpc: 'VPC.0500', eip: 'VPC.0500' },
  InjectedFault: { ecs: 'Ecs.0500', evs: 'EVS.5400', ims: 'IMG.0500', vpc: 'VPC.0500', eip: 'VPC.0500' },
};

function shapeFor(status: number, code: string, req: EmulatorRequest | undefined): ErrorShape {
  if (code.startsWith('APIGW.')) return 'apigw';
  if (code === 'NotFound' || code === 'MethodNotAllowed' || code === 'PayloadTooLarge') return 'apigw';
  if (code === 'Throttled' || status === 429) return 'apigw';
  return serviceOf(req) ?? 'apigw';
}

function apigwCode(status: number, code: string): { status: number; code: string } {
  if (code.startsWith('APIGW.')) return { status, code };
  // The gateway answers an unknown path or method with 404 APIGW.0101 (it matches method+path together).
  if (code === 'NotFound' || code === 'MethodNotAllowed') return { status: 404, code: 'APIGW.0101' };
  if (code === 'PayloadTooLarge') return { status: 413, code: 'APIGW.0201' };
  if (status === 429) return { status, code: 'APIGW.0308' };
  if (status === 401) return { status, code: 'APIGW.0301' };
  if (status === 403) return { status, code: 'APIGW.0302' };
  return { status, code: status >= 500 ? 'APIGW.0203' : 'APIGW.0201' };
}

/** The whole error response for one status/code/message, in the shape of the service `req` went to. */
export function huaweiErrorResponse(
  status: number,
  code: string,
  message: string,
  req?: EmulatorRequest,
): EmulatorResponse {
  const shape = shapeFor(status, code, req);
  const headers: Record<string, string> = {};
  if (req?.requestId) headers['X-Request-Id'] = req.requestId;
  switch (shape) {
    case 'apigw': {
      const mapped = apigwCode(status, code);
      return {
        status: mapped.status,
        headers,
        body: { error_code: mapped.code, error_msg: message, request_id: req?.requestId ?? '' },
      };
    }
    case 'iam':
      return {
        status,
        headers,
        body: { error: { code: status, message, title: KEYSTONE_TITLES[status] ?? 'Error' } },
      };
    case 'vpc':
    case 'eip':
      return { status, headers, body: { code: ENGINE_CODES[code]?.[shape] ?? code, message } };
    default:
      return { status, headers, body: { error: { code: ENGINE_CODES[code]?.[shape] ?? code, message } } };
  }
}

/** Throw from a handler: the engine turns it into `huaweiErrorResponse(status, code, message, req)`. */
export function fail(status: number, code: string, message: string): never {
  throw new EmulatorHttpError(status, code, message);
}

/** The gateway's authentication failure (reference §1.3). */
export function authFailure(req: EmulatorRequest, detail: string): EmulatorResponse {
  return huaweiErrorResponse(401, 'APIGW.0301', `Incorrect IAM authentication information: ${detail}`, req);
}

/** Keystone-shaped error for IAM handlers. */
export function iamFail(status: number, message: string): never {
  throw new EmulatorHttpError(status, 'IAM', message);
}
