/** Driving a userpass backend as the core does, on an in-memory mount view. */
import { recordingLogger, type LogLine } from '../../../support/recording-logger.js';
import { PrefixView } from '../../../../src/logical/storage-view.js';
import type { Backend, BackendContext, LogicalRequest, LogicalResponse, Operation, StorageView } from '../../../../src/logical/types.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';
import { createUserpassBackendWith, type UserpassOptions } from '../../../../src/auth/userpass/index.js';

/** The lowest bcrypt cost: tests hash in about a millisecond. */
export const TEST_COST = 4;

export function context(lines: LogLine[] = []): BackendContext {
  return {
    logger: recordingLogger(lines),
    options: {},
    config: { default_lease_ttl: 0, max_lease_ttl: 0 },
    systemDefaults: { default_lease_ttl: 2_764_800, max_lease_ttl: 2_764_800 },
  };
}

export interface Userpass {
  backend: Backend;
  storage: StorageView;
  logs: LogLine[];
  /** An update that the existence check calls new becomes a create, as in the core. */
  /** `remoteAddr` null: a request without connection information. */
  call(operation: Operation, path: string, data?: Record<string, unknown>, remoteAddr?: string | null): Promise<LogicalResponse | null>;
}

export async function userpass(options: UserpassOptions = { cost: TEST_COST }): Promise<Userpass> {
  const logs: LogLine[] = [];
  const backend = await createUserpassBackendWith(options)(context(logs));
  const storage = new PrefixView(createInmemBackend(), 'auth/uuid/');
  return {
    backend,
    storage,
    logs,
    async call(operation, path, data = {}, remoteAddr: string | null = '127.0.0.1') {
      const req: LogicalRequest = {
        operation,
        path,
        mountPoint: 'auth/userpass/',
        data,
        storage,
        id: 'req-1',
        headers: {},
        remoteAddr: remoteAddr ?? undefined,
        mountAccessor: 'auth_userpass_1a2b3c4d',
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
