import { describe, expect, it } from 'vitest';
import { formatRfc822Utc, goTimeJson, command as operatorKeyStatusCommand } from '../../../../../src/cli/commands/operator/key-status.js';
import { memoryIO, useFakeVault } from '../../support.js';

const { vault } = useFakeVault({
  'GET /v1/sys/key-status': {
    body: {
      request_id: 'a',
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: { term: 2, install_time: '2023-05-03T08:52:59.787654300Z', encryptions: 17 },
      wrap_info: null,
      warnings: null,
      auth: null,
    },
  },
});

async function run(args: string[] = []) {
  const io = memoryIO({ env: { VAULT_ADDR: vault.address, VAULT_TOKEN: 't' } });
  const code = await operatorKeyStatusCommand.run(args, io);
  return { code, out: io.out(), err: io.errOut() };
}

describe('vault operator key-status', () => {
  it('prints term, RFC822 install time and count without a header', async () => {
    const r = await run();
    expect(r.out).toBe('Key Term            2\nInstall Time        03 May 23 08:52 UTC\nEncryption Count    17\n');
    expect(r.code).toBe(0);
  });

  it('-format=json re-encodes the time like Go', async () => {
    const r = await run(['-format=json']);
    expect(r.out).toBe(
      '{\n  "term": 2,\n  "install_time": "2023-05-03T08:52:59.7876543Z",\n  "encryptions": 17\n}\n',
    );
  });

  it('errors exit 2', async () => {
    vault.on('GET /v1/sys/key-status', { status: 503, body: { errors: ['Vault is sealed'] } });
    const r = await run();
    expect(r.err).toBe(
      `Error reading key status: Error making API request.\n\nURL: GET ${vault.address}/v1/sys/key-status\n` +
        'Code: 503. Errors:\n\n* Vault is sealed\n',
    );
    expect(r.code).toBe(2);
  });

  it('formats times like Go', () => {
    expect(formatRfc822Utc(new Date('2006-01-02T22:04:05+07:00'))).toBe('02 Jan 06 15:04 UTC');
    expect(goTimeJson('2023-05-03T08:52:59.000Z')).toBe('2023-05-03T08:52:59Z');
    expect(goTimeJson('2023-05-03T08:52:59.120+02:00')).toBe('2023-05-03T08:52:59.12+02:00');
  });
});
