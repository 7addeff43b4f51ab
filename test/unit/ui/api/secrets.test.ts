import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, type Method, type RequestOptions } from '../../../../ui/src/api/client.js';
import { kv, kvVersion, secrets, versionState } from '../../../../ui/src/api/secrets.js';

interface Call {
  method: Method;
  path: string;
  body: unknown;
}

/** An ApiClient that records each call and answers from a table of path → answer (or ApiError). */
class FakeApi extends ApiClient {
  readonly calls: Call[] = [];
  constructor(private readonly answers: Record<string, unknown>) {
    super(() => 'hvs.test');
  }
  override async request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T | undefined> {
    this.calls.push({ method, path, body: opts.body });
    const a = this.answers[`${method} ${path}`];
    if (a instanceof ApiError) throw a;
    return a as T | undefined;
  }
}

const table = {
  'secret/': { type: 'kv', description: 'key/value secret storage', options: { version: '2' } },
  'cubbyhole/': { type: 'cubbyhole', description: 'per-token private secret storage', options: null },
  'old/': { type: 'kv', description: '', options: null },
};

describe('the Secrets pages\' API calls', () => {
  it('lists mounts from sys/internal/ui/mounts, sorted, with their KV version', async () => {
    const api = new FakeApi({ 'GET sys/internal/ui/mounts': { data: { secret: table, auth: {} } } });
    const mounts = await secrets.mounts(api);
    expect(mounts.map((m) => [m.path, m.type, kvVersion(m)])).toEqual([
      ['cubbyhole/', 'cubbyhole', 0],
      ['old/', 'kv', 1],
      ['secret/', 'kv', 2],
    ]);
    expect(api.calls.map((c) => c.path)).toEqual(['sys/internal/ui/mounts']);
  });

  it('falls back to sys/mounts when the server has no sys/internal/ui/mounts, but not on other errors', async () => {
    const api = new FakeApi({ 'GET sys/internal/ui/mounts': new ApiError(404, []), 'GET sys/mounts': { data: table } });
    expect((await secrets.mounts(api)).map((m) => m.path)).toEqual(['cubbyhole/', 'old/', 'secret/']);
    const denied = new FakeApi({ 'GET sys/internal/ui/mounts': new ApiError(403, ['permission denied']) });
    await expect(secrets.mounts(denied)).rejects.toMatchObject({ errors: ['permission denied'] });
    expect(denied.calls).toHaveLength(1);
  });

  it('enables KV v2, KV v1 and transit as `vault secrets enable` does; a path is trimmed of slashes, an empty one refused before any call', async () => {
    const api = new FakeApi({});
    expect(await secrets.enable(api, '/team/kv/', 'kv-v2', ' team secrets ')).toBe('team/kv');
    expect(await secrets.enable(api, 'plain', 'kv', '')).toBe('plain');
    expect(await secrets.enable(api, 'transit', 'transit', '')).toBe('transit');
    expect(api.calls).toEqual([
      { method: 'POST', path: 'sys/mounts/team/kv', body: { type: 'kv', description: 'team secrets', options: { version: '2' } } },
      { method: 'POST', path: 'sys/mounts/plain', body: { type: 'kv', options: { version: '1' } } },
      { method: 'POST', path: 'sys/mounts/transit', body: { type: 'transit' } },
    ]);
    await expect(secrets.enable(api, ' / ', 'kv', '')).rejects.toThrow('a mount path is required');
    expect(api.calls).toHaveLength(3);
    const taken = new FakeApi({ 'POST sys/mounts/secret': new ApiError(400, ['path is already in use at secret/']) });
    await expect(secrets.enable(taken, 'secret', 'kv-v2', '')).rejects.toMatchObject({ status: 400, errors: ['path is already in use at secret/'] });
  });

  it('reads one mount by a path inside it', async () => {
    const api = new FakeApi({ 'GET sys/internal/ui/mounts/team/kv': { data: { ...table['secret/'], path: 'team/kv/' } } });
    expect(await secrets.mount(api, 'team/kv')).toMatchObject({ path: 'team/kv/', type: 'kv', options: { version: '2' } });
  });

  it('KV v2: lists metadata/, reads data/ (a version on demand), writes {data}, reads metadata', async () => {
    const api = new FakeApi({
      'LIST secret/metadata/': { data: { keys: ['b', 'a/'] } },
      'LIST secret/metadata/a/': { data: { keys: ['x'] } },
      'GET secret/data/a/x': { data: { data: { k: 'v2' }, metadata: { version: 2 } } },
      'GET secret/data/a/x?version=1': { data: { data: { k: 'v1' }, metadata: { version: 1 } } },
      'PUT secret/data/a/x': { data: { version: 3 } },
      'GET secret/metadata/a/x': { data: { current_version: 3, versions: { '1': { created_time: 't', deletion_time: '', destroyed: false } } } },
    });
    expect(await kv.list(api, 'secret/', 2, '')).toEqual(['a/', 'b']);
    expect(await kv.list(api, 'secret/', 2, 'a/')).toEqual(['x']);
    expect(await kv.read(api, 'secret/', 2, 'a/x')).toEqual({ k: 'v2' });
    expect(await kv.read(api, 'secret/', 2, 'a/x', 1)).toEqual({ k: 'v1' });
    expect(await kv.write(api, 'secret/', 2, 'a/x', { k: 'v3' })).toBe(3);
    expect((await kv.metadata(api, 'secret/', 'a/x'))?.current_version).toBe(3);
    expect(api.calls.find((c) => c.method === 'PUT')?.body).toEqual({ data: { k: 'v3' } });
  });

  it('KV v2: delete latest, delete/undelete/destroy versions, delete metadata', async () => {
    const api = new FakeApi({});
    await kv.delete(api, 'secret/', 2, 'a b');
    await kv.deleteVersions(api, 'secret/', 'a b', [2]);
    await kv.undelete(api, 'secret/', 'a b', [2]);
    await kv.destroy(api, 'secret/', 'a b', [1]);
    await kv.deleteMetadata(api, 'secret/', 'a b');
    expect(api.calls).toEqual([
      { method: 'DELETE', path: 'secret/data/a%20b', body: undefined },
      { method: 'PUT', path: 'secret/delete/a%20b', body: { versions: [2] } },
      { method: 'PUT', path: 'secret/undelete/a%20b', body: { versions: [2] } },
      { method: 'PUT', path: 'secret/destroy/a%20b', body: { versions: [1] } },
      { method: 'DELETE', path: 'secret/metadata/a%20b', body: undefined },
    ]);
  });

  it('KV v1: the secret at <mount>/<path>; a 404 is "nothing there", other errors are thrown', async () => {
    const api = new FakeApi({
      'LIST old/': { data: { keys: ['y'] } },
      'GET old/y': { data: { a: '1' } },
      'LIST old/none/': new ApiError(404, []),
      'GET old/gone': new ApiError(404, []),
      'GET old/denied': new ApiError(403, ['permission denied']),
    });
    expect(await kv.list(api, 'old/', 1, '')).toEqual(['y']);
    expect(await kv.list(api, 'old/', 1, 'none')).toEqual([]);
    expect(await kv.read(api, 'old/', 1, 'y')).toEqual({ a: '1' });
    expect(await kv.read(api, 'old/', 1, 'gone')).toBeUndefined();
    await expect(kv.read(api, 'old/', 1, 'denied')).rejects.toMatchObject({ status: 403 });
    expect(await kv.write(api, 'old/', 1, 'y', { a: '2' })).toBeUndefined();
    await kv.delete(api, 'old/', 1, 'y');
    expect(api.calls.slice(-2)).toEqual([
      { method: 'PUT', path: 'old/y', body: { a: '2' } },
      { method: 'DELETE', path: 'old/y', body: undefined },
    ]);
  });

  it('a version is deleted once its deletion time has passed, destroyed above all', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(versionState({ created_time: '', deletion_time: '', destroyed: false }, now)).toBe('live');
    expect(versionState({ created_time: '', deletion_time: '2026-01-01T00:00:00Z', destroyed: false }, now)).toBe('deleted');
    expect(versionState({ created_time: '', deletion_time: '2026-01-03T00:00:00Z', destroyed: false }, now)).toBe('live');
    expect(versionState({ created_time: '', deletion_time: '2026-01-01T00:00:00Z', destroyed: true }, now)).toBe('destroyed');
  });
});
