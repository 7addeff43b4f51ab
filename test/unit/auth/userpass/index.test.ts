import { describe, expect, it } from 'vitest';
import { BCRYPT_DEFAULT_COST, createUserpassBackend } from '../../../../src/auth/userpass/index.js';
import { PrefixView, getJson } from '../../../../src/logical/storage-view.js';
import type { LogicalRequest } from '../../../../src/logical/types.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';
import type { UserEntry } from '../../../../src/auth/userpass/user-store.js';
import { context, TEST_COST, userpass } from './support.js';

describe('createUserpassBackend', () => {
  it("is a userpass backend that hashes at Vault's cost", async () => {
    const backend = await createUserpassBackend(context());
    expect(backend.type).toBe('userpass');
    expect(backend.unauthenticatedPaths).toEqual(['login/*']);
    expect(BCRYPT_DEFAULT_COST).toBe(10);

    const storage = new PrefixView(createInmemBackend(), 'auth/uuid/');
    const req = (operation: LogicalRequest['operation'], path: string, data: Record<string, unknown>): LogicalRequest => ({
      operation,
      path,
      mountPoint: 'auth/userpass/',
      data,
      storage,
      id: 'r',
      headers: {},
      remoteAddr: '127.0.0.1',
    });
    await backend.handle(req('create', 'users/alice', { password: 'pw' }));
    expect((await getJson<UserEntry>(storage, 'user/alice'))?.password_hash).toMatch(/^\$2[aby]\$10\$/);
    expect((await backend.handle(req('update', 'login/alice', { password: 'pw' })))?.login?.displayName).toBe('alice');
  });

  it('gives each mount its own backend', async () => {
    const a = await createUserpassBackend(context());
    const b = await createUserpassBackend(context());
    expect(a).not.toBe(b);
  });

  it('hashes in-process or on the worker pool, as told', async () => {
    for (const hashIn of ['in-process', 'worker-pool'] as const) {
      const up = await userpass({ cost: TEST_COST, hashIn });
      await up.call('create', 'users/alice', { password: 'pw' });
      expect((await getJson<UserEntry>(up.storage, 'user/alice'))?.password_hash).toMatch(/^\$2[aby]\$04\$/);
      expect((await up.call('update', 'login/alice', { password: 'pw' }))?.login?.displayName).toBe('alice');
      await expect(up.call('update', 'login/alice', { password: 'nope' })).rejects.toMatchObject({ status: 400 });
    }
  });
});
