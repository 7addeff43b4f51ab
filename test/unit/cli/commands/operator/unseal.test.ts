import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { command as operatorUnsealCommand } from '../../../../../src/cli/commands/operator/unseal.js';
import type { CliIO } from '../../../../../src/cli/io.js';
import { LEADER_NO_HA, memoryIO, SEALED_SHAMIR, UNSEALED_SHAMIR, useFakeVault, withOurVersion } from '../../support.js';

const KEY = 'roRigRRbbcXHiVW55w1xQ/Q5HwjaykcdUHZ6ppMqIk/t';
const NONCE = '6cfe01f7-145e-108d-61f1-7bdb5c87dacc';
const PROGRESS_1 = { ...SEALED_SHAMIR, progress: 1, nonce: NONCE };

const { vault } = useFakeVault({
  'GET /v1/sys/leader': { body: LEADER_NO_HA },
  'PUT /v1/sys/unseal': { body: PROGRESS_1 },
});

async function run(args: string[], stdin?: string | CliIO['stdin']) {
  const io = memoryIO({ env: { VAULT_ADDR: vault.address }, stdin });
  const code = await operatorUnsealCommand.run(args, io);
  return { code, out: io.out(), err: io.errOut() };
}

const unsealBodies = () => vault.requests.filter((r) => r.path === '/v1/sys/unseal').map((r) => r.json);

describe('vault operator unseal', () => {
  it('sends the key (Vault\'s UnsealOpts body) and prints the status table, exit 0 while sealed', async () => {
    const r = await run([KEY]);
    expect(unsealBodies()).toEqual([{ key: KEY, reset: false, migrate: false }]);
    expect(r.out).toBe(
      withOurVersion(`Key                Value
---                -----
Seal Type          shamir
Initialized        true
Sealed             true
Total Shares       5
Threshold          3
Unseal Progress    1/3
Unseal Nonce       ${NONCE}
Version            1.13.2
Build Date         2023-04-25T13:02:50Z
Storage Type       file
HA Enabled         false
`),
    );
    expect(r.code).toBe(0);
  });

  it('prints the unsealed table after the last share', async () => {
    vault.on('PUT /v1/sys/unseal', { body: UNSEALED_SHAMIR });
    const r = await run([KEY]);
    expect(r.out).toContain('\nSealed          false\n');
    expect(r.out).toContain('\nCluster Name    vault-cluster-10632a7f\n');
    expect(r.code).toBe(0);
  });

  it('reads the key from piped stdin after the prompt', async () => {
    const r = await run([], `  ${KEY}  \nignored second line\n`);
    expect(unsealBodies()).toEqual([{ key: KEY, reset: false, migrate: false }]);
    expect(r.out.startsWith('Unseal Key (will be hidden): \nKey ')).toBe(true);
    expect(r.code).toBe(0);
  });

  it('reads the key hidden from a TTY, with backspace', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn() });
    const done = run([], stdin as unknown as CliIO['stdin']);
    await vi.waitFor(() => expect(stdin.setRawMode).toHaveBeenCalledWith(true));
    stdin.write(`${KEY}x\x7f`);
    stdin.write('\r');
    const r = await done;
    expect(stdin.setRawMode).toHaveBeenLastCalledWith(false);
    expect(unsealBodies()).toEqual([{ key: KEY, reset: false, migrate: false }]);
    expect(r.out).not.toContain(KEY);
  });

  it('Ctrl-C at the TTY prompt aborts with exit 1 and sends nothing', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn() });
    const done = run([], stdin as unknown as CliIO['stdin']);
    await vi.waitFor(() => expect(stdin.setRawMode).toHaveBeenCalledWith(true));
    stdin.write('abc\x03');
    const r = await done;
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^An error occurred attempting to ask for an unseal key\./);
    expect(r.err).toMatch(/was:  interrupted\n$/);
    expect(unsealBodies()).toEqual([]);
  });

  it('-migrate is passed through', async () => {
    await run(['-migrate', KEY]);
    expect(unsealBodies()).toEqual([{ key: KEY, reset: false, migrate: true }]);
  });

  it('-reset sends {"reset":true} without prompting', async () => {
    vault.on('PUT /v1/sys/unseal', { body: SEALED_SHAMIR });
    const r = await run(['-reset']);
    expect(unsealBodies()).toEqual([{ reset: true }]);
    expect(r.out).toContain('\nUnseal Progress    0/3\n');
    expect(r.code).toBe(0);
  });

  it('an API error is "Error unsealing: ..." with exit 2', async () => {
    vault.on('PUT /v1/sys/unseal', {
      status: 400,
      body: { errors: ["'key' must be a valid hex or base64 string"] },
    });
    const r = await run(['!!!']);
    expect(r.err).toBe(
      'Error unsealing: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/sys/unseal\n` +
        "Code: 400. Errors:\n\n* 'key' must be a valid hex or base64 string\n",
    );
    expect(r.code).toBe(2);
  });

  it('too many arguments exit 1; a flag after the key is not parsed and is warned about', async () => {
    const r = await run([KEY, '-migrate']);
    expect(r.err).toBe(
      'Command flags must be provided before positional arguments. The following arguments will ' +
        'not be parsed as flags: [-migrate]\nToo many arguments (expected 1, got 2)\n',
    );
    expect(r.code).toBe(1);
    expect(unsealBodies()).toEqual([]);
  });

  it('-non-interactive without a key refuses to prompt', async () => {
    const r = await run(['-non-interactive']);
    expect(r.err).toBe(
      'Refusing to read from stdin with -non-interactive specified; specify unseal\n' +
        'key as an argument to this command\n',
    );
    expect(r.code).toBe(1);
  });

  it('-format=json prints the status as JSON', async () => {
    const r = await run(['-format=json', KEY]);
    expect(JSON.parse(r.out)).toMatchObject({ sealed: true, progress: 1, nonce: NONCE, ha_enabled: false });
  });

  it('a bad boolean value is Go\'s error', async () => {
    const r = await run(['-reset=maybe']);
    expect(r.err).toBe(
      'invalid boolean value "maybe" for -reset: strconv.ParseBool: parsing "maybe": invalid syntax\n',
    );
    expect(r.code).toBe(1);
  });
});
