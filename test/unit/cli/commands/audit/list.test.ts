import { describe, expect, it } from 'vitest';
import { SYS_AUDIT, SYS_AUDIT_EMPTY } from '../../audit-fixtures.js';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault({ 'GET /v1/sys/audit': { body: SYS_AUDIT } });

describe('vault audit list', () => {
  it('prints Path/Type/Description sorted by path, an empty description as n/a', async () => {
    expect(await runVault(vault, ['audit', 'list'])).toEqual({
      code: 0,
      err: '',
      out: `Path        Type      Description
----        ----      -----------
file/       file      n/a
shipper/    socket    to the log shipper
`,
    });
    expect(requestLines(vault)).toEqual(['GET /v1/sys/audit']);
  });

  it('-detailed adds Replication and the options as k=v', async () => {
    expect(await runVault(vault, ['audit', 'list', '-detailed'])).toEqual({
      code: 0,
      err: '',
      out: `Path        Type      Description           Replication    Options
----        ----      -----------           -----------    -------
file/       file      n/a                   replicated     file_path=/var/log/audit.log
shipper/    socket    to the log shipper    local          address=127.0.0.1:9090 socket_type=tcp
`,
    });
  });

  it('reads the docs\' sample answer too (devices at the top level, no path field)', async () => {
    // [V] api-docs/system/audit "Sample response" of GET /sys/audit
    vault.on('GET /v1/sys/audit', {
      body: { file: { type: 'file', description: 'Store logs in a file', options: { file_path: '/var/log/vault.log' } } },
    });
    const r = await runVault(vault, ['audit', 'list', '-detailed']);
    expect(r.out.split('\n')[2]).toBe('file    file    Store logs in a file    replicated     file_path=/var/log/vault.log');
  });

  it('-format=json prints the devices as Vault\'s api.Audit structs', async () => {
    const r = await runVault(vault, ['audit', 'list', '-format=json']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`{
  "file/": {
    "type": "file",
    "description": "",
    "options": {
      "file_path": "/var/log/audit.log"
    },
    "local": false,
    "path": "file/"
  },
  "shipper/": {
    "type": "socket",
    "description": "to the log shipper",
    "options": {
      "address": "127.0.0.1:9090",
      "socket_type": "tcp"
    },
    "local": true,
    "path": "shipper/"
  }
}
`);
  });

  it('nothing enabled: "No audit devices are enabled." on stdout, exit 2; JSON prints {} and exits 0', async () => {
    vault.on('GET /v1/sys/audit', { body: SYS_AUDIT_EMPTY });
    expect(await runVault(vault, ['audit', 'list'])).toEqual({ code: 2, err: '', out: 'No audit devices are enabled.\n' });
    expect(await runVault(vault, ['audit', 'list', '-format=json'])).toEqual({ code: 0, err: '', out: '{}\n' });
  });

  it('a failed listing is "Error listing audits: …", exit 2; an argument exits 1', async () => {
    vault.on('GET /v1/sys/audit', { status: 403, body: { errors: ['permission denied'] } });
    expect(await runVault(vault, ['audit', 'list'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error listing audits: Error making API request.\n\n' +
        `URL: GET ${vault.address}/v1/sys/audit\n` +
        'Code: 403. Errors:\n\n* permission denied\n',
    });
    expect(await runVault(vault, ['audit', 'list', 'extra'])).toEqual({
      code: 1,
      out: '',
      err: 'Too many arguments (expected 0, got 1)\n',
    });
  });

  it('an answer without data is Vault\'s "data from server response is empty"', async () => {
    vault.on('GET /v1/sys/audit', { status: 204 });
    expect(await runVault(vault, ['audit', 'list'])).toEqual({
      code: 2,
      out: '',
      err: 'Error listing audits: data from server response is empty\n',
    });
  });
});
