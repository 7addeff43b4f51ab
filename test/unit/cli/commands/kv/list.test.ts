import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';
import { envelope, KV_MOUNT_ROUTES, MOUNT_KV2, NOT_FOUND } from '../../vault-fixtures.js';

const { vault } = useFakeVault(KV_MOUNT_ROUTES);

describe('vault kv list / delete / undelete / destroy / patch', () => {
  it('kv list sends LIST as GET ?list=true on the metadata path and prints Keys', async () => {
    vault.on('GET /v1/sys/internal/ui/mounts/secret/my-app', { body: MOUNT_KV2 });
    vault.on('GET /v1/secret/metadata/my-app', {
      body: envelope({ data: { keys: ['release', 'admin_creds', 'qa_creds', 'domain', 'eng_creds'] } }),
    });
    const r = await runVault(vault, ['kv', 'list', 'secret/my-app/']);
    expect(r).toEqual({ code: 0, out: 'Keys\n----\nadmin_creds\ndomain\neng_creds\nqa_creds\nrelease\n', err: '' });
    expect(vault.requests[1]?.url).toBe('/v1/secret/metadata/my-app?list=true');
    expect(vault.requests[1]?.method).toBe('GET');
    const json = await runVault(vault, ['kv', 'list', '-format=json', 'secret/my-app']);
    expect(JSON.parse(json.out)).toEqual(['release', 'admin_creds', 'qa_creds', 'domain', 'eng_creds']);
  });

  it('kv list of nothing: "No value found at …" exit 2; JSON prints {} and exits 2', async () => {
    vault.on('GET /v1/secret/metadata', NOT_FOUND);
    expect(await runVault(vault, ['kv', 'list', '-mount=secret'])).toEqual({
      code: 2,
      out: '',
      err: 'No value found at secret/metadata\n',
    });
    expect(await runVault(vault, ['kv', 'list', '-format=json', 'secret'])).toEqual({ code: 2, out: '{}\n', err: '' });
  });

});
