import type { RequestContext } from '../env.js';

/**
 * An operation handler: typed with the SDK's own model types, e.g.
 *   CreateCacheCluster: (input: CreateCacheClusterMessage, ctx) => CreateCacheClusterResult
 * The codec decodes the request into `input` and encodes the result as XML.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler<I = any, O = any> = (input: I, ctx: RequestContext) => O | Promise<O>;

export type HandlerMap = Record<string, Handler>;
