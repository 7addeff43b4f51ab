/** Drives the transit backend the way the core does: existence check first, then handle(). */
import { expect } from 'vitest';
import { CoreError } from '../../../../src/errors.js';
import { nullLogger } from '../../../../src/log/logger.js';
import { PrefixView } from '../../../../src/logical/storage-view.js';
import type { Backend, LogicalResponse, Operation } from '../../../../src/logical/types.js';
import { createTransitBackend } from '../../../../src/secrets/transit/index.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';

export const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');
export const unb64 = (s: unknown): string => Buffer.from(String(s), 'base64').toString('utf8');

export interface Transit {
  backend: Backend;
  storage: PrefixView;
  call(op: Operation, path: string, data?: Record<string, unknown>): Promise<LogicalResponse | null>;
  /** A write (create when the target does not exist, as the core decides). */
  write(path: string, data?: Record<string, unknown>): Promise<LogicalResponse>;
  /** The CoreError a request fails with. */
  fail(op: Operation, path: string, data?: Record<string, unknown>): Promise<CoreError>;
}

export async function newTransit(): Promise<Transit> {
  const backend = await createTransitBackend({
    logger: nullLogger(),
    options: {},
    config: { default_lease_ttl: 0, max_lease_ttl: 0 },
    systemDefaults: { default_lease_ttl: 2764800, max_lease_ttl: 2764800 },
  });
  const storage = new PrefixView(createInmemBackend(), 'logical/6d9a6f2e/');
  const call = async (op: Operation, path: string, data: Record<string, unknown> = {}) => {
    const req = { operation: op, path, mountPoint: 'transit/', data, storage, id: 'req', headers: {} };
    if (op === 'update' && (await backend.existenceCheck?.(req)) === false) req.operation = 'create';
    return backend.handle(req);
  };
  return {
    backend,
    storage,
    call,
    async write(path, data = {}) {
      const resp = await call('update', path, data);
      expect(resp).not.toBeNull();
      return resp!;
    },
    async fail(op, path, data = {}) {
      try {
        await call(op, path, data);
      } catch (err) {
        expect(err).toBeInstanceOf(CoreError);
        return err as CoreError;
      }
      throw new Error(`expected ${op} ${path} to fail`);
    },
  };
}
