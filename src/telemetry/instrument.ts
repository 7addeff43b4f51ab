/**
 * Decorators that emit Vault's metrics around the parts they time, so that the parts themselves
 * stay unaware of telemetry: the physical storage (`vault.<type>.get|put|delete|list`, Vault's
 * `postgres` for PostgreSQL), a seal plugin's wrapper (`vault.seal.encrypt|decrypt` counters,
 * `.time` samples, `.error` counters, and the same under the seal's type), and the request
 * pipeline (`vault.core.handle_request`, `vault.core.handle_login_request`).
 */
import type { IncomingMessage } from 'node:http';
import type { Reply, RequestContext } from '../http/context.js';
import type { SealedBlob, SealWrapper } from '../seal/plugin-api.js';
import type { Backend } from '../storage/types.js';
import type { Metrics } from './metrics.js';

/** The name Vault's physical backends use in their metric keys. */
export function storageMetricName(type: string): string {
  return type === 'postgresql' ? 'postgres' : type;
}

/** The physical backend with each operation timed; every other member (HA lock, ready, close) passes through. */
export function instrumentStorage<B extends Backend>(backend: B, metrics: Metrics): B {
  const name = storageMetricName(backend.type);
  const timed: Partial<Backend> = {
    get: (key) => metrics.time([name, 'get'], () => backend.get(key)),
    put: (key, value) => metrics.time([name, 'put'], () => backend.put(key, value)),
    delete: (key) => metrics.time([name, 'delete'], () => backend.delete(key)),
    list: (prefix) => metrics.time([name, 'list'], () => backend.list(prefix)),
  };
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && Object.hasOwn(timed, prop)) return timed[prop as keyof Backend];
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function sealOp<T>(metrics: Metrics, type: string, op: 'encrypt' | 'decrypt', run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  metrics.incrCounter(['seal', op]);
  metrics.incrCounter(['seal', type, op]);
  try {
    return await run();
  } catch (err) {
    metrics.incrCounter(['seal', op, 'error']);
    metrics.incrCounter(['seal', type, op, 'error']);
    throw err;
  } finally {
    metrics.measureSince(['seal', op, 'time'], start);
    metrics.measureSince(['seal', type, op, 'time'], start);
  }
}

/** A seal plugin's wrapper with Vault's seal metrics around encrypt and decrypt. */
export function instrumentSealWrapper(wrapper: SealWrapper, metrics: Metrics): SealWrapper {
  const out: SealWrapper = {
    type: wrapper.type,
    keyId: () => wrapper.keyId(),
    encrypt: (plaintext: Uint8Array, aad?: Uint8Array) => sealOp(metrics, wrapper.type, 'encrypt', () => wrapper.encrypt(plaintext, aad)),
    decrypt: (blob: SealedBlob, aad?: Uint8Array) => sealOp(metrics, wrapper.type, 'decrypt', () => wrapper.decrypt(blob, aad)),
  };
  if (wrapper.health) out.health = () => wrapper.health!();
  if (wrapper.close) out.close = () => wrapper.close!();
  return out;
}

/** Vault's login paths as tsvault's auth methods declare them (`auth/<mount>/login…`). */
const LOGIN_PATH = /^auth\/.+\/login(\/|$)/;

/** What the request handler calls on the pipeline: requests and `?help=1`. */
type PipelineLike = { handle(ctx: RequestContext, req: IncomingMessage): Promise<Reply>; help(ctx: RequestContext, req: IncomingMessage): Promise<Reply> };

/** The pipeline with every request timed, logins apart (Vault's HandleRequest / handleLoginRequest); help is not timed. */
export function instrumentPipeline(pipeline: PipelineLike, metrics: Metrics): PipelineLike {
  return {
    async handle(ctx, req) {
      const start = performance.now();
      try {
        return await pipeline.handle(ctx, req);
      } finally {
        metrics.measureSince(['core', LOGIN_PATH.test(ctx.path) ? 'handle_login_request' : 'handle_request'], start);
      }
    },
    help: (ctx, req) => pipeline.help(ctx, req),
  };
}
