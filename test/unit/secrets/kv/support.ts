import { nullLogger } from '../../../../src/log/logger.js';
import { PrefixView } from '../../../../src/logical/storage-view.js';
import type {
  Backend,
  BackendContext,
  LogicalRequest,
  LogicalResponse,
  Operation,
  RequestAuth,
  StorageView,
} from '../../../../src/logical/types.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';

export const NS_PER_S = 1_000_000_000n;

export function context(options: Record<string, string> = {}, defaultTtl = 0, maxTtl = 0): BackendContext {
  return {
    logger: nullLogger(),
    options,
    config: { default_lease_ttl: defaultTtl, max_lease_ttl: maxTtl },
    systemDefaults: { default_lease_ttl: 2_764_800, max_lease_ttl: 2_764_800 },
  };
}

/** A clock the test moves by hand: 2024-01-02T03:04:05.123456789Z to start with. */
export function manualClock(): { clock: () => bigint; advance(seconds: number): void; set(ns: bigint): void } {
  let now = BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1_000_000n + 123_456_789n;
  return {
    clock: () => now,
    advance: (seconds) => {
      now += BigInt(seconds) * NS_PER_S;
    },
    set: (ns) => {
      now = ns;
    },
  };
}

export function auth(tokenHash: string): RequestAuth {
  return { clientToken: 'hvs.x', accessor: 'a', policies: ['default'], displayName: 'token', entityId: '', tokenHash };
}

export interface Harness {
  storage: StorageView;
  /** Drives the backend as the core does: an update that the existence check says is new becomes a create. */
  call(operation: Operation, path: string, data?: Record<string, unknown>, who?: RequestAuth): Promise<LogicalResponse | null>;
}

export function harness(backend: Backend, storage: StorageView = new PrefixView(createInmemBackend(), 'logical/uuid/')): Harness {
  return {
    storage,
    async call(operation, path, data = {}, who) {
      const req: LogicalRequest = {
        operation,
        path,
        mountPoint: 'secret/',
        data,
        storage,
        auth: who,
        id: 'req-1',
        headers: {},
      };
      if (operation === 'update' && (await backend.existenceCheck?.(req)) === false) req.operation = 'create';
      return backend.handle(req);
    },
  };
}

/** The CoreError a call rejects with, as {status, message}. */
export async function failure(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { status?: number; message: string };
    return { status: e.status ?? -1, message: e.message };
  }
  throw new Error('expected the call to fail');
}
