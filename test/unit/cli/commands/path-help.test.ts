import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../support.js';

// The top-level shape Vault's help handler answers with ([V] http/help.go respondOk(w, resp.Data);
// api/help.go api.Help: help, see_also, openapi).
const SYS_MOUNTS_HELP = {
  help: '## DESCRIPTION\n\nList the currently mounted backends.\n\n## PATHS\n',
  see_also: null,
  openapi: { openapi: '3.0.2', info: { title: 'HashiCorp Vault', version: '1.15.0' }, paths: { '/sys/mounts': { description: 'a<b' } } },
};

const { vault } = useFakeVault({ 'GET /v1/sys/mounts': { body: SYS_MOUNTS_HELP } });

describe('vault path-help', () => {
  it('GETs the path with help=1 and prints the help text', async () => {
    expect(await runVault(vault, ['path-help', '/sys/mounts/'])).toEqual({
      code: 0,
      err: '',
      out: '## DESCRIPTION\n\nList the currently mounted backends.\n\n## PATHS\n\n',
    });
    expect(vault.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/sys/mounts?help=1']);
    expect(vault.requests[0]?.headers['x-vault-token']).toBe('hvs.root');
  });

  it('-format=json prints the OpenAPI document as Go\'s compact json.Marshal', async () => {
    expect(await runVault(vault, ['path-help', '-format=json', 'sys/mounts'])).toEqual({
      code: 0,
      err: '',
      out:
        '{"info":{"title":"HashiCorp Vault","version":"1.15.0"},"openapi":"3.0.2",' +
        '"paths":{"/sys/mounts":{"description":"a\\u003cb"}}}\n',
    });
    vault.on('GET /v1/sys/mounts', { body: { help: 'x' } });
    expect((await runVault(vault, ['path-help', '-format=json', 'sys/mounts'])).out).toBe('null\n');
  });

  it('an unknown path: "Error retrieving help: …", exit 2', async () => {
    vault.on('GET /v1/nope', { status: 404, body: { errors: ['unsupported path'] } });
    expect(await runVault(vault, ['path-help', 'nope'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error retrieving help: Error making API request.\n\n' +
        `URL: GET ${vault.address}/v1/nope?help=1\n` +
        'Code: 404. Errors:\n\n* unsupported path\n',
    });
  });

  it('a sealed server: Vault\'s sealed message, exit 2', async () => {
    vault.on('GET /v1/secret', { status: 503, body: { errors: ['Vault is sealed'] } });
    expect(await runVault(vault, ['path-help', 'secret/'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error: Vault is sealed.\n\nThe "path-help" command requires the Vault to be unsealed so that the mount\n' +
        'points of the secret engines are known.\n',
    });
  });

  it('needs exactly one PATH, exit 1', async () => {
    expect(await runVault(vault, ['path-help'])).toEqual({ code: 1, out: '', err: 'Not enough arguments (expected 1, got 0)\n' });
    expect(await runVault(vault, ['path-help', 'a', 'b'])).toEqual({ code: 1, out: '', err: 'Too many arguments (expected 1, got 2)\n' });
    expect(vault.requests).toEqual([]);
  });
});
