import { describe, expect, it } from 'vitest';
import { createKvBackend } from '../../../../src/secrets/kv/index.js';
import { context, failure, harness } from './support.js';

async function v1(defaultTtl = 0, maxTtl = 0) {
  return harness(await createKvBackend(context({}, defaultTtl, maxTtl)));
}

describe('kv v1 (passthrough)', () => {
  it('writes, reads, overwrites and deletes arbitrary JSON', async () => {
    const kv = await v1();
    expect(await kv.call('update', 'app/db', { user: 'u', nested: { a: [1, 2] } })).toEqual({ noContent: true });
    expect((await kv.call('read', 'app/db'))?.data).toEqual({ user: 'u', nested: { a: [1, 2] } });
    await kv.call('update', 'app/db', { only: 'this' });
    expect((await kv.call('read', 'app/db'))?.data).toEqual({ only: 'this' });
    expect(await kv.call('delete', 'app/db')).toEqual({ noContent: true });
    expect(await kv.call('read', 'app/db')).toBeNull();
    expect(await kv.call('delete', 'app/db')).toEqual({ noContent: true });
  });

  it('reads a missing key as null (the router answers 404)', async () => {
    expect(await (await v1()).call('read', 'nope')).toBeNull();
  });

  it('refuses a write with no data and a write to the mount root, with Vault texts', async () => {
    const kv = await v1();
    expect(await failure(kv.call('update', 'k', {}))).toEqual({ status: 400, message: 'missing data fields' });
    expect(await failure(kv.call('update', '', { a: 1 }))).toEqual({ status: 400, message: 'missing path' });
  });

  it('reports the mount default TTL as lease_duration, or the stored ttl, capped at the max', async () => {
    const kv = await v1(3600, 7200);
    await kv.call('update', 'plain', { a: 'b' });
    await kv.call('update', 'short', { a: 'b', ttl: '30m' });
    await kv.call('update', 'long', { a: 'b', ttl: '100h' });
    await kv.call('update', 'lease', { a: 'b', lease: 90 });
    await kv.call('update', 'bad', { a: 'b', ttl: 'soon' });
    expect((await kv.call('read', 'plain'))?.leaseDuration).toBe(3600);
    const short = await kv.call('read', 'short');
    expect(short?.leaseDuration).toBe(1800);
    expect(short?.data).toEqual({ a: 'b', ttl: '30m' });
    expect((await kv.call('read', 'long'))?.leaseDuration).toBe(7200);
    expect((await kv.call('read', 'lease'))?.leaseDuration).toBe(90);
    expect((await kv.call('read', 'bad'))?.leaseDuration).toBe(3600);
  });

  it('falls back to the system default lease TTL when the mount sets none', async () => {
    const kv = await v1();
    await kv.call('update', 'k', { a: 1 });
    expect((await kv.call('read', 'k'))?.leaseDuration).toBe(2_764_800);
  });

  it('lists folders with a trailing slash and answers null for an empty folder', async () => {
    const kv = await v1();
    await kv.call('update', 'a', { v: 1 });
    await kv.call('update', 'b/c', { v: 1 });
    await kv.call('update', 'b/d/e', { v: 1 });
    expect((await kv.call('list', ''))?.data).toEqual({ keys: ['a', 'b/'] });
    expect((await kv.call('list', 'b/'))?.data).toEqual({ keys: ['c', 'd/'] });
    expect((await kv.call('list', 'b'))?.data).toEqual({ keys: ['c', 'd/'] });
    expect(await kv.call('list', 'zzz/')).toBeNull();
  });

  it('tells create from update through the existence check', async () => {
    const backend = await createKvBackend(context());
    const kv = harness(backend);
    const req = (path: string) => ({ operation: 'update' as const, path, mountPoint: 'secret/', data: { a: 1 }, storage: kv.storage, id: 'r', headers: {} });
    expect(await backend.existenceCheck?.(req('x'))).toBe(false);
    await kv.call('update', 'x', { a: 1 });
    expect(await backend.existenceCheck?.(req('x'))).toBe(true);
    expect(await backend.existenceCheck?.(req('../x'))).toBe(false);
  });

  it('refuses parent references and malformed paths with 400', async () => {
    const kv = await v1();
    expect(await failure(kv.call('update', 'a/../b', { a: 1 }))).toEqual({
      status: 400,
      message: 'path cannot contain parent references',
    });
    expect((await failure(kv.call('read', '../etc'))).status).toBe(400);
    expect((await failure(kv.call('update', 'a//b', { a: 1 }))).status).toBe(400);
    expect((await failure(kv.call('update', `${'x'.repeat(255)}`, { a: 1 }))).message).toBe('path segment longer than 254 bytes');
    expect(await kv.call('update', `${'x'.repeat(254)}`, { a: 1 })).toEqual({ noContent: true });
    expect(await kv.call('read', 'a/')).toBeNull();
  });
});
