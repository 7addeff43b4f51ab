import { describe, expect, it } from 'vitest';
import { PrefixView } from '../../../../src/logical/storage-view.js';
import type { StorageView } from '../../../../src/logical/types.js';
import { createKvBackend, createKvV2Backend } from '../../../../src/secrets/kv/index.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';
import { context, failure, harness, manualClock } from './support.js';

describe('kv v2 upgrade from v1 and invalid paths', () => {
  it('turns every v1 key into version 1 of a versioned secret', async () => {
    const storage = new PrefixView(createInmemBackend(), 'logical/u/');
    const v1 = harness(await createKvBackend(context()), storage);
    await v1.call('update', 'top', { a: '1' });
    await v1.call('update', 'dir/inner', { b: '2' });

    const backend = await createKvBackend(context({ version: '2' }));
    await backend.initialize?.(storage);
    const v2 = harness(backend, storage);
    // The move runs in the background; requests within its grace period (15 ms) wait for it.
    await expect.poll(async () => (await v2.call('read', 'data/top').catch(() => null))?.data?.data).toEqual({ a: '1' });
    const read = await v2.call('read', 'data/dir/inner');
    expect(read?.data?.data).toEqual({ b: '2' });
    expect(read?.data?.metadata).toMatchObject({ version: 1, destroyed: false, deletion_time: '' });
    expect((await v2.call('read', 'metadata/top'))?.data).toMatchObject({ current_version: 1, oldest_version: 1 });
    expect((await v2.call('list', 'metadata/'))?.data).toEqual({ keys: ['dir/', 'top'] });
    // The v1 keys are gone; only the v2 area is left.
    expect(await storage.list('')).toEqual(['.kv-v2/']);
    expect((await v2.call('update', 'data/top', { data: { a: '3' } }))?.data?.version).toBe(2);

    // A second start (a remount) finds the upgrade done.
    const again = harness(await createKvBackend(context({ version: '2' })), storage);
    expect((await again.call('read', 'data/top'))?.data?.data).toEqual({ a: '3' });
  });

  it("answers Vault's upgrading error while keys are still being moved", async () => {
    const inner = new PrefixView(createInmemBackend(), 'logical/u/');
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // A storage view whose deletes of v1 keys wait until the test releases them.
    const slow: StorageView = {
      get: (k) => inner.get(k),
      put: (k, v) => inner.put(k, v),
      delete: async (k) => {
        if (!k.startsWith('.kv-v2/')) await gate;
        return inner.delete(k);
      },
      list: (p) => inner.list(p),
      sub: (p) => inner.sub(p),
    };
    await inner.put('old', Buffer.from('{"x":1}'));
    const backend = await createKvV2Backend(context({ version: '2' }), { clock: manualClock().clock });
    const kv = harness(backend, slow);
    expect(await failure(kv.call('read', 'data/old'))).toEqual({
      status: 400,
      message:
        'Upgrading from non-versioned to versioned data. This backend will be unavailable for a brief period and will resume service shortly.',
    });
    release();
    await expect.poll(async () => (await kv.call('read', 'data/old').catch(() => null))?.data?.data).toEqual({ x: 1 });
  });

  it("answers paths outside the v2 API with Vault's 404 and hint", async () => {
    const kv = harness(await createKvV2Backend(context({ version: '2' })));
    expect(await kv.call('read', 'foo')).toEqual({
      status: 404,
      warnings: [
        "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.",
      ],
    });
    expect((await kv.call('update', 'foo/bar', { a: 1 }))?.warnings?.[0]).toContain("use 'vault kv put' for this operation.");
    expect((await kv.call('delete', 'foo'))?.warnings?.[0]).toContain("use 'vault kv delete' for this operation.");
    expect((await kv.call('patch', 'foo', {}))?.warnings?.[0]).toContain("use 'vault kv patch' for this operation.");
    expect((await kv.call('list', 'foo/'))?.warnings?.[0]).toContain("use 'vault kv list' for this operation.");
    expect(await kv.call('read', 'data')).toEqual({
      status: 404,
      warnings: ['Non-listing operations on the root of a K/V v2 mount are not supported.'],
    });
    expect((await kv.call('read', 'data/trailing/'))?.status).toBe(404);
  });

  it('refuses operations a path does not have', async () => {
    const kv = harness(await createKvV2Backend(context({ version: '2' })));
    expect((await kv.call('list', 'data/x/'))?.warnings?.[0]).toContain("use 'vault kv list'");
    expect(await failure(kv.call('read', 'destroy/x'))).toEqual({ status: 405, message: 'unsupported operation' });
    expect(await failure(kv.call('delete', 'config'))).toEqual({ status: 405, message: 'unsupported operation' });
  });
});
