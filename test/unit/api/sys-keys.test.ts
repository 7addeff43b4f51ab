import { describe, expect, it } from 'vitest';
import { useFakeVaultClient } from './fake-vault-client.js';

const { vault, client } = useFakeVaultClient();

describe('sys-keys group', () => {
  it('sends generate-root with the methods, paths and bodies of Vault\'s Go client', async () => {
    vault.on('GET /v1/sys/generate-root/attempt', { body: { started: false } });
    vault.on('PUT /v1/sys/generate-root/attempt', { body: { started: true, nonce: 'n' } });
    vault.on('DELETE /v1/sys/generate-root/attempt', { status: 204 });
    vault.on('PUT /v1/sys/generate-root/update', { body: { complete: true } });
    expect(await client.generateRootStatus()).toEqual({ started: false });
    expect(await client.generateRootInit({ otp: 'o', pgp_key: '' })).toEqual({ started: true, nonce: 'n' });
    await client.generateRootCancel();
    expect(await client.generateRootUpdate({ key: 'k', nonce: 'n' })).toEqual({ complete: true });
    expect(vault.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'GET /v1/sys/generate-root/attempt ',
      'PUT /v1/sys/generate-root/attempt {"otp":"o","pgp_key":""}',
      'DELETE /v1/sys/generate-root/attempt ',
      'PUT /v1/sys/generate-root/update {"key":"k","nonce":"n"}',
    ]);
  });

  it('sends rekey to sys/rekey for the barrier and sys/rekey-recovery-key for the recovery key', async () => {
    vault.on('GET /v1/sys/rekey/init', { body: { started: false } });
    vault.on('DELETE /v1/sys/rekey-recovery-key/init', { status: 204 });
    vault.on('DELETE /v1/sys/rekey/init', { status: 204 });
    vault.on('PUT /v1/sys/rekey-recovery-key/init', { body: { started: true } });
    vault.on('PUT /v1/sys/rekey/update', { body: { complete: false } });
    await client.rekeyStatus('barrier');
    await client.rekeyCancel('recovery', 'n');
    await client.rekeyCancel('barrier', '');
    await client.rekeyInit('recovery', {
      secret_shares: 3,
      secret_threshold: 2,
      stored_shares: 0,
      pgp_keys: null,
      backup: false,
      require_verification: false,
    });
    await client.rekeyUpdate('barrier', { key: 'k', nonce: 'n' });
    expect(vault.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'GET /v1/sys/rekey/init ',
      'DELETE /v1/sys/rekey-recovery-key/init {"nonce":"n"}',
      'DELETE /v1/sys/rekey/init ',
      'PUT /v1/sys/rekey-recovery-key/init {"secret_shares":3,"secret_threshold":2,"stored_shares":0,"pgp_keys":null,"backup":false,"require_verification":false}',
      'PUT /v1/sys/rekey/update {"key":"k","nonce":"n"}',
    ]);
  });
});
