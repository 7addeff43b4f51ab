import { describe, expect, it } from 'vitest';
import { useFakeVaultClient } from './fake-vault-client.js';

const { vault, client } = useFakeVaultClient();

describe('path help', () => {
  it('help GETs the path with help=1 and reads the top-level help and openapi', async () => {
    vault.on('GET /v1/sys/mounts', { body: { help: '## PATH\n', openapi: { openapi: '3.0.2' }, see_also: null } });
    expect(await client.help('sys/mounts')).toEqual({ help: '## PATH\n', see_also: null, openapi: { openapi: '3.0.2' } });
    expect(vault.requests[0]?.url).toBe('/v1/sys/mounts?help=1');
  });

  it('help throws Vault\'s error for a 404', async () => {
    await expect(client.help('nothing/here')).rejects.toThrow(
      `Error making API request.\n\nURL: GET ${vault.address}/v1/nothing/here?help=1\nCode: 404. Errors:\n\n`,
    );
  });
});
