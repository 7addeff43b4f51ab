import { describe, expect, it } from 'vitest';
import { createKvV2Backend } from '../../../../src/secrets/kv/index.js';
import { context, failure, harness, manualClock } from './support.js';

async function v2() {
  const time = manualClock();
  const kv = harness(await createKvV2Backend(context({ version: '2' }), { clock: time.clock }));
  return { kv, time };
}

const T0 = '2024-01-02T03:04:05.123456789Z';

describe('kv v2 data/', () => {
  it('writes numbered versions and reads the latest or a given one', async () => {
    const { kv, time } = await v2();
    const w1 = await kv.call('update', 'data/app', { data: { pw: 'one' } });
    expect(w1).toEqual({
      data: { created_time: T0, custom_metadata: null, deletion_time: '', destroyed: false, version: 1 },
    });
    time.advance(1);
    const w2 = await kv.call('update', 'data/app', { data: { pw: 'two' } });
    expect(w2?.data?.version).toBe(2);
    expect(w2?.data?.created_time).toBe('2024-01-02T03:04:06.123456789Z');

    expect(await kv.call('read', 'data/app')).toEqual({
      data: {
        data: { pw: 'two' },
        metadata: {
          created_time: '2024-01-02T03:04:06.123456789Z',
          custom_metadata: null,
          deletion_time: '',
          destroyed: false,
          version: 2,
        },
      },
    });
    expect((await kv.call('read', 'data/app', { version: '1' }))?.data?.data).toEqual({ pw: 'one' });
    expect((await kv.call('read', 'data/app', { version: 0 }))?.data?.data).toEqual({ pw: 'two' });
    expect(await kv.call('read', 'data/app', { version: '3' })).toBeNull();
    expect(await kv.call('read', 'data/missing')).toBeNull();
  });

  it('needs a data field', async () => {
    const { kv } = await v2();
    expect(await failure(kv.call('update', 'data/app', { options: {} }))).toEqual({ status: 400, message: 'no data provided' });
    expect((await failure(kv.call('update', 'data/app', { data: 'text' }))).status).toBe(400);
  });

  it('checks check-and-set: cas 0 creates only, a stale cas fails', async () => {
    const { kv } = await v2();
    expect((await kv.call('update', 'data/c', { data: { a: 1 }, options: { cas: 0 } }))?.data?.version).toBe(1);
    expect(await failure(kv.call('update', 'data/c', { data: { a: 2 }, options: { cas: 0 } }))).toEqual({
      status: 400,
      message: 'check-and-set parameter did not match the current version',
    });
    expect((await kv.call('update', 'data/c', { data: { a: 2 }, options: { cas: '1' } }))?.data?.version).toBe(2);
    expect(await failure(kv.call('update', 'data/c', { data: { a: 3 }, options: { cas: 'x' } }))).toEqual({
      status: 400,
      message: 'error parsing check-and-set parameter',
    });
  });

  it('requires cas when the mount or the secret says so', async () => {
    const { kv } = await v2();
    await kv.call('update', 'config', { cas_required: true });
    expect(await failure(kv.call('update', 'data/k', { data: { a: 1 } }))).toEqual({
      status: 400,
      message: 'check-and-set parameter required for this call',
    });
    await kv.call('update', 'data/k', { data: { a: 1 }, options: { cas: 0 } });
    await kv.call('update', 'config', { cas_required: false });
    await kv.call('update', 'data/k', { data: { a: 2 } });
    await kv.call('update', 'metadata/k', { cas_required: true });
    expect((await failure(kv.call('update', 'data/k', { data: { a: 3 } }))).message).toBe('check-and-set parameter required for this call');
    expect((await kv.call('update', 'data/k', { data: { a: 3 }, options: { cas: 2 } }))?.data?.version).toBe(3);
  });

  it('soft-deletes the latest version: 404 with metadata, earlier versions still readable', async () => {
    const { kv, time } = await v2();
    await kv.call('update', 'data/s', { data: { v: 1 } });
    await kv.call('update', 'data/s', { data: { v: 2 } });
    time.advance(5);
    expect(await kv.call('delete', 'data/s')).toEqual({ noContent: true });
    time.advance(1);
    expect(await kv.call('read', 'data/s')).toEqual({
      status: 404,
      data: {
        data: null,
        metadata: { created_time: T0, custom_metadata: null, deletion_time: '2024-01-02T03:04:10.123456789Z', destroyed: false, version: 2 },
      },
    });
    expect((await kv.call('read', 'data/s', { version: 1 }))?.data?.data).toEqual({ v: 1 });
    // Deleting again changes nothing.
    await kv.call('delete', 'data/s');
    expect((await kv.call('read', 'data/s'))?.data?.metadata).toMatchObject({ deletion_time: '2024-01-02T03:04:10.123456789Z' });
    expect(await kv.call('delete', 'data/never')).toEqual({ noContent: true });
  });

  it('deletes, undeletes and destroys given versions', async () => {
    const { kv, time } = await v2();
    for (const v of [1, 2, 3]) await kv.call('update', 'data/d', { data: { v } });
    expect(await kv.call('update', 'delete/d', { versions: [1, 2] })).toEqual({ noContent: true });
    time.advance(1);
    expect((await kv.call('read', 'data/d', { version: 1 }))?.status).toBe(404);
    expect((await kv.call('read', 'data/d', { version: 2 }))?.status).toBe(404);
    expect(await kv.call('update', 'undelete/d', { versions: '1' })).toEqual({ noContent: true });
    expect((await kv.call('read', 'data/d', { version: 1 }))?.data?.data).toEqual({ v: 1 });

    expect(await kv.call('update', 'destroy/d', { versions: [1, 3, 99] })).toEqual({ noContent: true });
    const destroyed = await kv.call('read', 'data/d', { version: 1 });
    expect(destroyed).toMatchObject({ status: 404, data: { data: null, metadata: { destroyed: true, version: 1 } } });
    // A destroyed version cannot come back.
    await kv.call('update', 'undelete/d', { versions: [1, 3] });
    expect((await kv.call('read', 'data/d'))?.status).toBe(404);
    expect((await kv.call('read', 'metadata/d'))?.data?.versions).toMatchObject({
      '1': { destroyed: true },
      '2': { destroyed: false },
      '3': { destroyed: true },
    });
  });

  it('answers a missing versions list with Vault texts', async () => {
    const { kv } = await v2();
    expect(await failure(kv.call('update', 'delete/x', {}))).toEqual({ status: 400, message: 'No version number provided' });
    expect(await failure(kv.call('update', 'undelete/x', { versions: [] }))).toEqual({ status: 400, message: 'No version number provided' });
    expect(await failure(kv.call('update', 'destroy/x', {}))).toEqual({ status: 400, message: 'no version number provided' });
    expect(await kv.call('update', 'destroy/x', { versions: [1] })).toEqual({ noContent: true });
  });

  it('keeps max_versions versions, the larger of the mount and the key setting', async () => {
    const { kv } = await v2();
    await kv.call('update', 'config', { max_versions: 2 });
    for (let v = 1; v <= 4; v++) await kv.call('update', 'data/m', { data: { v } });
    let meta = (await kv.call('read', 'metadata/m'))?.data;
    expect(meta).toMatchObject({ current_version: 4, oldest_version: 3 });
    expect(Object.keys(meta?.versions as object)).toEqual(['3', '4']);
    expect(await kv.call('read', 'data/m', { version: 2 })).toBeNull();
    expect((await kv.call('read', 'data/m', { version: 3 }))?.data?.data).toEqual({ v: 3 });

    await kv.call('update', 'metadata/m', { max_versions: 3 });
    await kv.call('update', 'data/m', { data: { v: 5 } });
    meta = (await kv.call('read', 'metadata/m'))?.data;
    expect(Object.keys(meta?.versions as object)).toEqual(['3', '4', '5']);
  });

  it('prunes the stored data of versions that fell out of the window', async () => {
    const { kv } = await v2();
    await kv.call('update', 'config', { max_versions: 1 });
    for (let v = 1; v <= 3; v++) await kv.call('update', 'data/p', { data: { v } });
    const walk = async (prefix: string): Promise<string[]> => {
      const out: string[] = [];
      for (const name of await kv.storage.list(prefix)) {
        if (name.endsWith('/')) out.push(...(await walk(prefix + name)));
        else out.push(prefix + name);
      }
      return out;
    };
    const versions = (await walk('.kv-v2/versions/')).map((k) => k.split('/').pop());
    expect(versions).toEqual(['3']);
  });

  it('sets deletion_time from delete_version_after, the smaller of mount and key', async () => {
    const { kv, time } = await v2();
    await kv.call('update', 'config', { delete_version_after: '1h' });
    await kv.call('update', 'metadata/t', { delete_version_after: '10m' });
    const w = await kv.call('update', 'data/t', { data: { a: 1 } });
    expect(w?.data?.deletion_time).toBe('2024-01-02T03:14:05.123456789Z');
    time.advance(599);
    expect((await kv.call('read', 'data/t'))?.data?.data).toEqual({ a: 1 });
    time.advance(2);
    expect((await kv.call('read', 'data/t'))?.status).toBe(404);
    // Undelete restarts the clock.
    await kv.call('update', 'undelete/t', { versions: [1] });
    expect((await kv.call('read', 'data/t'))?.data?.metadata).toMatchObject({ deletion_time: '2024-01-02T03:24:06.123456789Z' });
    // A negative mount setting disables it everywhere.
    await kv.call('update', 'config', { delete_version_after: -1 });
    expect((await kv.call('update', 'data/t', { data: { a: 2 } }))?.data?.deletion_time).toBe('');
  });

  it('patches the current version with a JSON merge patch, honouring cas', async () => {
    const { kv, time } = await v2();
    expect(await kv.call('patch', 'data/p', { data: { a: 1 } })).toBeNull();
    await kv.call('update', 'data/p', { data: { a: 1, b: { c: 2, d: 3 }, e: 'x' } });
    const res = await kv.call('patch', 'data/p', { data: { a: 9, b: { d: null, f: 4 }, e: null } });
    expect(res?.data).toMatchObject({ version: 2, destroyed: false });
    expect((await kv.call('read', 'data/p'))?.data?.data).toEqual({ a: 9, b: { c: 2, f: 4 } });
    expect(await failure(kv.call('patch', 'data/p', { data: { a: 1 }, options: { cas: 1 } }))).toEqual({
      status: 400,
      message: 'check-and-set parameter did not match the current version',
    });
    expect(await failure(kv.call('patch', 'data/p', {}))).toEqual({ status: 400, message: 'no data provided' });
    await kv.call('delete', 'data/p');
    time.advance(1);
    const gone = await kv.call('patch', 'data/p', { data: { a: 1 } });
    expect(gone).toMatchObject({ status: 404, data: { version: 2, destroyed: false } });
  });

  it('keeps a __proto__ key as data', async () => {
    const { kv } = await v2();
    const data = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    await kv.call('update', 'data/proto', { data });
    await kv.call('patch', 'data/proto', { data: JSON.parse('{"__proto__": {"more": 1}}') });
    const read = (await kv.call('read', 'data/proto'))?.data?.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(JSON.stringify(read)).toBe('{"__proto__":{"polluted":true,"more":1},"ok":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('serialises concurrent writes to one secret', async () => {
    const { kv } = await v2();
    const results = await Promise.all([1, 2, 3, 4, 5].map((v) => kv.call('update', 'data/race', { data: { v } })));
    expect(results.map((r) => r?.data?.version).sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await kv.call('read', 'metadata/race'))?.data?.current_version).toBe(5);
  });

  it('reads subkeys with leaves nulled, down to a depth', async () => {
    const { kv, time } = await v2();
    await kv.call('update', 'data/s', { data: { a: 1, b: { c: 'x', d: { e: true } }, f: {} } });
    expect((await kv.call('read', 'subkeys/s'))?.data).toMatchObject({
      subkeys: { a: null, b: { c: null, d: { e: null } }, f: null },
      metadata: { version: 1 },
    });
    expect((await kv.call('read', 'subkeys/s', { depth: 1 }))?.data?.subkeys).toEqual({ a: null, b: null, f: null });
    expect((await kv.call('read', 'subkeys/s', { depth: '2' }))?.data?.subkeys).toEqual({ a: null, b: { c: null, d: null }, f: null });
    await kv.call('delete', 'data/s');
    time.advance(1);
    expect(await kv.call('read', 'subkeys/s')).toMatchObject({ status: 404, data: { subkeys: null } });
  });

  it('answers create for a new secret and update for an existing one', async () => {
    const backend = await createKvV2Backend(context({ version: '2' }));
    const kv = harness(backend);
    const req = (path: string) => ({ operation: 'update' as const, path, mountPoint: 'secret/', data: {}, storage: kv.storage, id: 'r', headers: {} });
    expect(await backend.existenceCheck?.(req('data/e'))).toBe(false);
    expect(await backend.existenceCheck?.(req('metadata/e'))).toBe(false);
    await kv.call('update', 'data/e', { data: { a: 1 } });
    expect(await backend.existenceCheck?.(req('data/e'))).toBe(true);
    expect(await backend.existenceCheck?.(req('metadata/e'))).toBe(true);
    expect(await backend.existenceCheck?.(req('config'))).toBeUndefined();
  });

  it('refuses parent references', async () => {
    const { kv } = await v2();
    expect(await failure(kv.call('update', 'data/a/../b', { data: { a: 1 } }))).toEqual({
      status: 400,
      message: 'path cannot contain parent references',
    });
    expect((await failure(kv.call('read', 'metadata/..'))).status).toBe(400);
  });
});
