/** Drives the AppRole backend the way the core does: existence check first, then handle(). */
import { expect } from 'vitest';
import { createAppRoleBackendWith } from '../../../../src/auth/approle/index.js';
import { CoreError } from '../../../../src/errors.js';
import { nullLogger } from '../../../../src/log/logger.js';
import { PrefixView } from '../../../../src/logical/storage-view.js';
import type { Backend, LogicalRequest, LogicalResponse, Operation, StorageView } from '../../../../src/logical/types.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface CallOptions {
  remoteAddr?: string;
}

export interface AppRole {
  backend: Backend;
  storage: PrefixView;
  clock: { now: number };
  call(op: Operation, path: string, data?: Record<string, unknown>, opts?: CallOptions): Promise<LogicalResponse | null>;
  /** A write (create when the target does not exist, as the core decides). */
  write(path: string, data?: Record<string, unknown>, opts?: CallOptions): Promise<LogicalResponse>;
  /** The CoreError a request fails with, as {status, message}. */
  fail(op: Operation, path: string, data?: Record<string, unknown>, opts?: CallOptions): Promise<{ status: number; message: string }>;
  /** role_id and a fresh secret_id of a role. */
  credentials(role: string, data?: Record<string, unknown>): Promise<{ role_id: string; secret_id: string; accessor: string }>;
  login(data: Record<string, unknown>, remoteAddr?: string): Promise<LogicalResponse>;
}

export async function newAppRole(opts: { maxLeaseTtl?: number } = {}): Promise<AppRole> {
  const clock = { now: T0 };
  const backend = await createAppRoleBackendWith({ clock: () => clock.now })({
    logger: nullLogger(),
    options: {},
    config: { default_lease_ttl: 0, max_lease_ttl: opts.maxLeaseTtl ?? 0 },
    systemDefaults: { default_lease_ttl: 2764800, max_lease_ttl: 2764800 },
  });
  const storage = new PrefixView(createInmemBackend(), 'auth/4c8e2a10/');
  const call = async (op: Operation, path: string, data: Record<string, unknown> = {}, o: CallOptions = {}) => {
    const req: LogicalRequest = {
      operation: op,
      path,
      mountPoint: 'auth/approle/',
      data,
      storage,
      id: 'req-1',
      headers: {},
      remoteAddr: o.remoteAddr ?? '127.0.0.1',
      mountAccessor: 'auth_approle_4c8e2a10',
    };
    if (op === 'update' && (await backend.existenceCheck?.(req)) === false) req.operation = 'create';
    return backend.handle(req);
  };
  const app: AppRole = {
    backend,
    storage,
    clock,
    call,
    async write(path, data = {}, o = {}) {
      const resp = await call('update', path, data, o);
      expect(resp).not.toBeNull();
      return resp!;
    },
    async fail(op, path, data = {}, o = {}) {
      try {
        await call(op, path, data, o);
      } catch (err) {
        expect(err).toBeInstanceOf(CoreError);
        return { status: (err as CoreError).status, message: (err as CoreError).message };
      }
      throw new Error(`expected ${op} ${path} to fail`);
    },
    async credentials(role, data = {}) {
      const roleId = (await call('read', `role/${role}/role-id`))!.data!.role_id as string;
      const secret = await app.write(`role/${role}/secret-id`, data);
      return { role_id: roleId, secret_id: secret.data!.secret_id as string, accessor: secret.data!.secret_id_accessor as string };
    },
    async login(data, remoteAddr = '127.0.0.1') {
      return app.write('login', data, { remoteAddr });
    },
  };
  return app;
}

/** Every key and value in a storage view (values as UTF-8 text). */
export async function dump(storage: StorageView, prefix = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await storage.list(prefix)) {
    if (key.endsWith('/')) {
      for (const [k, v] of await dump(storage, prefix + key)) out.set(k, v);
    } else {
      out.set(prefix + key, Buffer.from((await storage.get(prefix + key))!).toString('latin1'));
    }
  }
  return out;
}
