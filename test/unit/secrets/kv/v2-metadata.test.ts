import { describe, expect, it } from 'vitest';
import { createKvV2Backend } from '../../../../src/secrets/kv/index.js';
import { context, failure, harness, manualClock } from './support.js';

async function v2() {
  const time = manualClock();
  const kv = harness(await createKvV2Backend(context({ version: '2' }), { clock: time.clock }));
  return { kv, time };
}

const T0 = '2024-01-02T03:04:05.123456789Z';

describe('kv v2 metadata/ and config', () => {
  it('reads metadata in Vault shape', async () => {
    const { kv, time } = await v2();
    await kv.call('update', 'data/app', { data: { a: 1 } });
    time.advance(60);
    await kv.call('update', 'data/app', { data: { a: 2 } });
    expect(await kv.call('read', 'metadata/app')).toEqual({
      data: {
        cas_required: false,
        created_time: T0,
        current_version: 2,
        custom_metadata: null,
        delete_version_after: '0s',
        max_versions: 0,
        oldest_version: 0,
        updated_time: '2024-01-02T03:05:05.123456789Z',
        versions: {
          '1': { created_time: T0, deletion_time: '', destroyed: false },
          '2': { created_time: '2024-01-02T03:05:05.123456789Z', deletion_time: '', destroyed: false },
        },
      },
    });
    expect(await kv.call('read', 'metadata/none')).toBeNull();
    expect(await kv.call('read', 'metadata/')).toBeNull();
  });

  it('writes settings and custom metadata, which data responses then carry', async () => {
    const { kv } = await v2();
    expect(
      await kv.call('update', 'metadata/k', {
        max_versions: 5,
        cas_required: true,
        delete_version_after: '1h30m',
        custom_metadata: { owner: 'ops', n: 3 },
      }),
    ).toEqual({ noContent: true });
    const meta = (await kv.call('read', 'metadata/k'))?.data;
    expect(meta).toMatchObject({
      max_versions: 5,
      cas_required: true,
      delete_version_after: '1h30m0s',
      custom_metadata: { owner: 'ops', n: '3' },
      current_version: 0,
      created_time: T0,
      updated_time: T0,
      versions: {},
    });
    // A secret with metadata but no versions has nothing to read.
    expect(await kv.call('read', 'data/k')).toBeNull();
    const w = await kv.call('update', 'data/k', { data: { a: 1 }, options: { cas: 0 } });
    expect(w?.data?.custom_metadata).toEqual({ owner: 'ops', n: '3' });
    // Fields left out keep their values; custom_metadata is replaced as a whole.
    await kv.call('update', 'metadata/k', { custom_metadata: { team: 'x' } });
    expect((await kv.call('read', 'metadata/k'))?.data).toMatchObject({ max_versions: 5, custom_metadata: { team: 'x' } });
  });

  it('validates custom_metadata with Vault texts', async () => {
    const { kv } = await v2();
    expect(await failure(kv.call('update', 'metadata/k', { custom_metadata: { '': 'v' } }))).toEqual({
      status: 400,
      message: '1 error occurred:\n\t* custom_metadata validation failed: length of key "" is 0 but must be 0 < len(key) <= 128\n\n',
    });
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
    expect((await failure(kv.call('update', 'metadata/k', { custom_metadata: many }))).message).toBe(
      '1 error occurred:\n\t* custom_metadata validation failed: payload must contain at most 64 keys, provided 65\n\n',
    );
    const two = await failure(kv.call('update', 'metadata/k', { custom_metadata: { k: 'x'.repeat(513), 'bad\u0001': 'v' } }));
    expect(two.message.startsWith('2 errors occurred:\n\t* custom_metadata validation failed: length of value for key "k" is 513')).toBe(true);
  });

  it('warns when a key turns off cas that the mount requires', async () => {
    const { kv } = await v2();
    await kv.call('update', 'config', { cas_required: true });
    expect(await kv.call('update', 'metadata/k', { cas_required: false })).toEqual({
      warnings: ['"cas_required" set to false, but is mandated by backend config. This value will be ignored.'],
    });
  });

  it('refuses a negative key delete_version_after and a write without a path', async () => {
    const { kv } = await v2();
    expect(await failure(kv.call('update', 'metadata/k', { delete_version_after: '-5s' }))).toEqual({
      status: 400,
      message: 'error converting input "-5s" for field "delete_version_after": cannot provide negative value \'-5\'',
    });
    expect(await failure(kv.call('update', 'metadata/', { max_versions: 1 }))).toEqual({ status: 400, message: 'missing path' });
    // No known field: nothing is written.
    expect(await kv.call('update', 'metadata/quiet', { other: 1 })).toEqual({ noContent: true });
    expect(await kv.call('read', 'metadata/quiet')).toBeNull();
  });

  it('patches metadata: merge for custom_metadata, null removes a key', async () => {
    const { kv } = await v2();
    expect(await kv.call('patch', 'metadata/p', { max_versions: 3 })).toBeNull();
    await kv.call('update', 'metadata/p', { max_versions: 4, custom_metadata: { a: '1', b: '2' } });
    expect(await kv.call('patch', 'metadata/p', { cas_required: true, custom_metadata: { a: null, c: '3' } })).toEqual({ noContent: true });
    expect((await kv.call('read', 'metadata/p'))?.data).toMatchObject({
      max_versions: 4,
      cas_required: true,
      custom_metadata: { b: '2', c: '3' },
    });
    await kv.call('patch', 'metadata/p', { custom_metadata: null, delete_version_after: 90 });
    expect((await kv.call('read', 'metadata/p'))?.data).toMatchObject({ custom_metadata: null, delete_version_after: '1m30s' });
  });

  it('deletes a secret with all its versions', async () => {
    const { kv } = await v2();
    await kv.call('update', 'data/gone', { data: { a: 1 } });
    await kv.call('update', 'data/gone', { data: { a: 2 } });
    expect(await kv.call('delete', 'metadata/gone')).toEqual({ noContent: true });
    expect(await kv.call('read', 'metadata/gone')).toBeNull();
    expect(await kv.call('read', 'data/gone', { version: 1 })).toBeNull();
    expect(await kv.storage.list('.kv-v2/versions/')).toEqual([]);
    // A new secret at the same path starts over.
    expect((await kv.call('update', 'data/gone', { data: { a: 3 } }))?.data?.version).toBe(1);
    expect(await kv.call('delete', 'metadata/never')).toEqual({ noContent: true });
  });

  it('lists secrets and folders', async () => {
    const { kv } = await v2();
    for (const p of ['a', 'b/c', 'b/d/e']) await kv.call('update', `data/${p}`, { data: { x: 1 } });
    await kv.call('update', 'metadata/f', { max_versions: 1 });
    expect((await kv.call('list', 'metadata/'))?.data).toEqual({ keys: ['a', 'b/', 'f'] });
    expect((await kv.call('list', 'metadata/b/'))?.data).toEqual({ keys: ['c', 'd/'] });
    expect(await kv.call('list', 'metadata/nothing/')).toBeNull();
  });

  it('reads and writes the mount config', async () => {
    const { kv } = await v2();
    expect((await kv.call('read', 'config'))?.data).toEqual({ cas_required: false, delete_version_after: '0s', max_versions: 0 });
    expect(await kv.call('update', 'config', { max_versions: 7, delete_version_after: '768h', cas_required: 'true' })).toEqual({
      noContent: true,
    });
    expect((await kv.call('read', 'config'))?.data).toEqual({ cas_required: true, delete_version_after: '768h0m0s', max_versions: 7 });
    await kv.call('update', 'config', { delete_version_after: '-10s' });
    expect((await kv.call('read', 'config'))?.data?.delete_version_after).toBe('-1s');
    await kv.call('update', 'config', { delete_version_after: 0 });
    expect((await kv.call('read', 'config'))?.data).toEqual({ cas_required: true, delete_version_after: '0s', max_versions: 7 });
    expect((await failure(kv.call('update', 'config', { max_versions: 'many' }))).status).toBe(400);
  });
});
