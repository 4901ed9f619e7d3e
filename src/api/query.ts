/**
 * One awsQuery request, end to end: find the operation, decode and validate
 * its input, call the handler with the caller's scope, and encode the result
 * or the error. Knows no resource: everything comes from the SDK schema.
 */
import { randomUUID } from 'node:crypto';
import type { Env, RequestContext } from '../env.js';
import type { Logger } from '../log.js';
import type { HandlerMap } from '../services/handler.js';
import type { Scope } from '../store/db.js';
import { decodeInput } from './decode.js';
import { encodeError, encodeResponse, type EncodedError } from './encode.js';
import { ApiError } from './errors.js';
import { errorShapes, operations, type StructShape } from './schema.js';

export const API_VERSION = '2015-02-02';

export interface QueryRequest {
  /** Form body and query string parameters, body last (it wins). */
  params: [string, string][];
  scope: Scope;
}

export interface QueryResponse {
  status: number;
  body: string;
  requestId: string;
  /** Query error code when status >= 400 (for logs and metrics). */
  errorCode?: string;
  action?: string;
}

/** Error shapes also by their query code, for handlers that throw e.g. 'CacheClusterNotFound'. */
const errorShapesByQueryCode = new Map<string, StructShape>(
  [...errorShapes.values()].map((shape) => [shape.error!.code, shape]),
);

export async function handleQuery(
  request: QueryRequest,
  env: Env,
  handlers: HandlerMap,
  log: Logger,
): Promise<QueryResponse> {
  const requestId = randomUUID();
  const params = new Map(request.params);
  const action = params.get('Action');
  try {
    if (!action) throw new ApiError('MissingAction', 'Could not find operation: missing Action parameter', 400);
    const operation = operations.get(action);
    if (!operation) throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
    const version = params.get('Version');
    if (version !== undefined && version !== API_VERSION) {
      throw new ApiError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);
    }
    const input = decodeInput(operation.input, request.params);
    const handler = handlers[action];
    if (!handler) {
      throw new ApiError('NotImplemented', `The operation ${action} is not yet implemented by elasticache-local.`, 501);
    }
    const ctx: RequestContext = { ...request.scope, requestId, env };
    const result = await handler(input, ctx);
    return { status: 200, body: encodeResponse(action, operation.output, result ?? {}, requestId), requestId, action };
  } catch (err) {
    const { status, error } = describeError(err, log, action);
    return { status, body: encodeError(error, requestId), requestId, errorCode: error.code, action };
  }
}

/** Maps a thrown value to the status and `<Error>` the awsQuery protocol sends. */
export function describeError(err: unknown, log: Logger, action?: string): { status: number; error: EncodedError } {
  const named = err as { name?: unknown; code?: unknown; message?: unknown; status?: unknown; $fault?: unknown };
  // ApiError, or an SDK exception instance (new CacheClusterNotFoundFault({...})) thrown by a handler.
  const code =
    err instanceof ApiError ? err.code : typeof named?.$fault === 'string' && typeof named.name === 'string' ? named.name : undefined;
  if (code !== undefined) {
    const message = typeof named.message === 'string' ? named.message : '';
    const shape = errorShapes.get(code) ?? errorShapesByQueryCode.get(code);
    if (shape?.error) {
      const status = err instanceof ApiError && err.status !== undefined ? err.status : shape.error.status;
      return { status, error: { type: shape.error.fault === 'server' ? 'Receiver' : 'Sender', code: shape.error.code, message } };
    }
    const status = err instanceof ApiError && err.status !== undefined ? err.status : 400;
    return { status, error: { type: status >= 500 ? 'Receiver' : 'Sender', code, message } };
  }
  log.error(`internal error in ${action ?? 'request'}:`, err);
  return {
    status: 500,
    error: { type: 'Receiver', code: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.' },
  };
}
