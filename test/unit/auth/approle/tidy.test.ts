import { describe, expect, it } from 'vitest';
import { putJson } from '../../../../src/logical/storage-view.js';
import { dump, newAppRole, T0 } from './support.js';

const STARTED = "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";

describe('approle tidy/secret-id', () => {
  it('answers 202 with Vault\'s warning and removes expired secret IDs with their accessors', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid', secret_id_ttl: 60 });
    const short = await app.credentials('r');
    const long = await app.credentials('r', { ttl: 30 });
    await app.write('role/forever');
    const forever = await app.credentials('forever');
    app.clock.now = T0 + 45_000;
    const res = await app.write('tidy/secret-id');
    expect(res).toEqual({
      raw: {
        status: 202,
        body: {
          request_id: 'req-1',
          lease_id: '',
          renewable: false,
          lease_duration: 0,
          data: null,
          wrap_info: null,
          warnings: [STARTED],
          auth: null,
          mount_type: '',
        },
      },
    });
    expect((await app.call('list', 'role/r/secret-id/'))!.data).toEqual({ keys: [short.accessor] });
    expect((await app.write('role/r/secret-id-accessor/lookup', { secret_id_accessor: long.accessor })).raw?.status).toBe(404);
    app.clock.now = T0 + 3_600_000;
    await app.write('tidy/secret-id');
    expect(await app.call('list', 'role/r/secret-id/')).toBeNull();
    expect((await app.call('list', 'role/forever/secret-id/'))!.data).toEqual({ keys: [forever.accessor] });
    const accessors = [...(await dump(app.storage)).keys()].filter((k) => k.startsWith('accessor/'));
    expect(accessors).toHaveLength(1);
  });

  it('removes dangling accessors and secret IDs of roles that are gone', async () => {
    const app = await newAppRole();
    await app.write('role/r');
    const kept = await app.credentials('r');
    await putJson(app.storage, 'accessor/deadbeef', { secret_id_hmac: 'aa', storage_id: 'nowhere' });
    await putJson(app.storage, 'secret_id/old-role/bb', {
      secret_id_hmac: 'bb', secret_id_accessor: 'x', secret_id_num_uses: 0, secret_id_ttl: 0,
      creation_time: T0, expiration_time: 0, last_updated_time: T0, metadata: {}, cidr_list: [], token_bound_cidrs: [],
    });
    await app.write('tidy/secret-id');
    const keys = [...(await dump(app.storage)).keys()];
    expect(keys.filter((k) => k.startsWith('accessor/'))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith('secret_id/'))).toHaveLength(1);
    expect((await app.write('role/r/secret-id-accessor/lookup', { secret_id_accessor: kept.accessor })).data).toBeDefined();
  });

  it('runs once at a time', async () => {
    const app = await newAppRole();
    await app.write('role/r');
    for (let i = 0; i < 5; i++) await app.credentials('r');
    const [a, b] = await Promise.all([app.write('tidy/secret-id'), app.write('tidy/secret-id')]);
    expect(a.raw?.status).toBe(202);
    expect(b).toEqual({ warnings: ['Tidy operation already in progress.'] });
  });
});
