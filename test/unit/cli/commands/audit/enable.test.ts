import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';

// [V] api-docs/system/audit "Enable audit device": the server answers 204 No Content.
const { vault, home } = useFakeVault({
  'PUT /v1/sys/audit/file': { status: 204 },
  'PUT /v1/sys/audit/audit_path': { status: 204 },
});

describe('vault audit enable', () => {
  it('PUTs sys/audit/<type> with type, description, options and local; prints Vault\'s success line', async () => {
    expect(await runVault(vault, ['audit', 'enable', 'file', 'file_path=/var/log/vault_audit.log'])).toEqual({
      code: 0,
      err: '',
      out: 'Success! Enabled the file audit device at: file/\n',
    });
    expect(requestLines(vault)).toEqual([
      'PUT /v1/sys/audit/file {"type":"file","description":"","options":{"file_path":"/var/log/vault_audit.log"},"local":false}',
    ]);
    expect(vault.requests[0]?.headers['x-vault-token']).toBe('hvs.root');
  });

  it('-path, -description and -local; options from @file and stdin; no options is {}', async () => {
    const file = join(home.dir, 'prefix.txt');
    await writeFile(file, 'vault-');
    const r = await runVault(
      vault,
      ['audit', 'enable', '-path=audit_path', '-description=copy', '-local', 'file', `prefix=@${file}`, 'file_path=-', 'mode=0600'],
      { stdin: '/tmp/a.log' },
    );
    expect(r).toEqual({ code: 0, err: '', out: 'Success! Enabled the file audit device at: audit_path/\n' });
    await runVault(vault, ['audit', 'enable', 'file']);
    expect(vault.requests.map((q) => q.json)).toEqual([
      { type: 'file', description: 'copy', options: { prefix: 'vault-', file_path: '/tmp/a.log', mode: '0600' }, local: true },
      { type: 'file', description: '', options: {}, local: false },
    ]);
  });

  it('without a type: Vault\'s "audit type missing" error, exit 1, nothing sent', async () => {
    expect(await runVault(vault, ['audit', 'enable'])).toEqual({
      code: 1,
      out: '',
      err: "Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.\n",
    });
    expect(vault.requests).toEqual([]);
  });

  it('bad K=V data: "Failed to parse K=V data: …", exit 1; a repeated key does not convert to a string', async () => {
    expect(await runVault(vault, ['audit', 'enable', 'file', 'novalue'])).toEqual({
      code: 1,
      out: '',
      err: 'Failed to parse K=V data: invalid key/value pair "novalue": format must be key=value\n',
    });
    expect(await runVault(vault, ['audit', 'enable', 'file', 'a=1', 'a=2'])).toEqual({
      code: 1,
      out: '',
      err: 'Failed to parse K=V data: failed to convert values to strings\n',
    });
    expect(vault.requests).toEqual([]);
  });

  it('an API error is "Error enabling audit device: …", exit 2; an unknown flag exits 1', async () => {
    vault.on('PUT /v1/sys/audit/socket', { status: 400, body: { errors: ['path already in use'] } });
    expect(await runVault(vault, ['audit', 'enable', 'socket'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error enabling audit device: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/sys/audit/socket\n` +
        'Code: 400. Errors:\n\n* path already in use\n',
    });
    const bad = await runVault(vault, ['audit', 'enable', '-nope', 'file']);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('flag provided but not defined: -nope\n');
  });
});
