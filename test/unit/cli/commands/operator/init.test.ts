import { describe, expect, it } from 'vitest';
import { command as operatorInitCommand } from '../../../../../src/cli/commands/operator/init.js';
import { memoryIO, SEALED_SHAMIR, useFakeVault } from '../../support.js';

// The article's `vault operator init` outputs (Vault 1.13.2), verbatim.
const ARTICLE_SHAMIR_INIT = `Unseal Key 1: roRigRRbbcXHiVW55w1xQ/Q5HwjaykcdUHZ6ppMqIk/t
Unseal Key 2: tADq6ssl+6ECZT3EwhbnTa7NcbuBDBu2pEYZuP2HqxNp
Unseal Key 3: +08Y8qS3Ppf+JLXDt0PXvtGIN3hfHjRNlSvhgaGpuUE/
Unseal Key 4: MCqr6URNg/LCICrJiOsd4xC4zHOochQ0mcA5/uDjgpnM
Unseal Key 5: uvCEU3YQ/CLYibVkgpCtxxCf1iWhL9pnbbgfVXgo948u

Initial Root Token: hvs.FjIXkI1ETPjTZMKhrdy64VhI

Vault initialized with 5 key shares and a key threshold of 3. Please securely
distribute the key shares printed above. When the Vault is re-sealed,
restarted, or stopped, you must supply at least 3 of these keys to unseal it
before it can start servicing requests.

Vault does not store the generated root key. Without at least 3 keys to
reconstruct the root key, Vault will remain permanently sealed!

It is possible to generate new unseal keys, provided you have a quorum of
existing unseal keys shares. See "vault operator rekey" for more information.
`;

// The article shows a blank line before "Recovery Key 1" (a paste artifact: Vault's code prints
// nothing before the keys); everything after it is compared verbatim.
const ARTICLE_AUTO_INIT = `Recovery Key 1: g9ivJfz9fEAMiDB2syYpqX9QUds3UCtTzW6FXHJZf1+m
Recovery Key 2: M6dFEBQG6zDRWtp6JM7vli7v/vvRZMkD07rRi/+P1k6c
Recovery Key 3: xhpcTeUdVbe0ppm2TlXsRTnqwWQfcUeLOSTGRVwCVZle
Recovery Key 4: Le7UdabGcHXtazYjcJbuOTRI0ZWBaY/g/Qv3jPj8aRNI
Recovery Key 5: meI4or8lQ1NlS8TP0Eu0eNz46AaEKE5lmzSfTz0Tt17n

Initial Root Token: hvs.UoeCV061Ultto8UY0Z3fe5OR

Success! Vault is initialized

Recovery key initialized with 5 key shares and a key threshold of 3. Please
securely distribute the key shares printed above.
`;

const keysOf = (text: string, label: string): string[] =>
  [...text.matchAll(new RegExp(`^${label} \\d: (\\S+)$`, 'gm'))].map((m) => m[1] ?? '');
const hex = (b64: string): string => Buffer.from(b64, 'base64').toString('hex');

const SHAMIR_B64 = keysOf(ARTICLE_SHAMIR_INIT, 'Unseal Key');
const RECOVERY_B64 = keysOf(ARTICLE_AUTO_INIT, 'Recovery Key');
const SHAMIR_RESPONSE = {
  keys: SHAMIR_B64.map(hex),
  keys_base64: SHAMIR_B64,
  root_token: 'hvs.FjIXkI1ETPjTZMKhrdy64VhI',
};
const AUTO_RESPONSE = {
  keys: [],
  keys_base64: [],
  recovery_keys: RECOVERY_B64.map(hex),
  recovery_keys_base64: RECOVERY_B64,
  root_token: 'hvs.UoeCV061Ultto8UY0Z3fe5OR',
};
const UNINIT_SHAMIR = { ...SEALED_SHAMIR, initialized: false, t: 0, n: 0 };
const UNINIT_AWSKMS = { ...UNINIT_SHAMIR, type: 'awskms', recovery_seal: true };

const { vault } = useFakeVault();

async function run(args: string[] = []) {
  const io = memoryIO({ env: { VAULT_ADDR: vault.address } });
  const code = await operatorInitCommand.run(args, io);
  return { code, out: io.out(), err: io.errOut() };
}

const initBodies = () => vault.requests.filter((r) => r.method === 'PUT' && r.path === '/v1/sys/init').map((r) => r.json);

describe('vault operator init', () => {
  it('Shamir: sends only secret_* and prints the article\'s output line for line', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNINIT_SHAMIR });
    vault.on('PUT /v1/sys/init', { body: SHAMIR_RESPONSE });
    const r = await run();
    expect(initBodies()).toEqual([{ secret_shares: 5, secret_threshold: 3 }]);
    expect(r.out.split('\n')).toEqual(ARTICLE_SHAMIR_INIT.split('\n'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('auto-unseal: sends only recovery_* and prints the article\'s recovery-key output', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNINIT_AWSKMS });
    vault.on('PUT /v1/sys/init', { body: AUTO_RESPONSE });
    const r = await run();
    expect(initBodies()).toEqual([{ recovery_shares: 5, recovery_threshold: 3 }]);
    expect(r.out.split('\n')).toEqual(ARTICLE_AUTO_INIT.split('\n'));
    expect(r.code).toBe(0);
  });

  it('passes custom shares; -n and -t are aliases', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNINIT_SHAMIR });
    vault.on('PUT /v1/sys/init', { body: { ...SHAMIR_RESPONSE, keys: [], keys_base64: [] } });
    await run(['-key-shares=7', '-key-threshold', '4']);
    await run(['-n=2', '-t=2']);
    expect(initBodies()).toEqual([
      { secret_shares: 7, secret_threshold: 4 },
      { secret_shares: 2, secret_threshold: 2 },
    ]);
  });

  it('explicit -key-shares under auto-unseal reach the server, and its 400 is printed like Vault', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNINIT_AWSKMS });
    vault.on('PUT /v1/sys/init', {
      status: 400,
      body: { errors: ['parameters secret_shares,secret_threshold not applicable to seal type awskms'] },
    });
    const r = await run(['-key-shares=5', '-key-threshold=3']);
    expect(initBodies()).toEqual([
      { secret_shares: 5, secret_threshold: 3, recovery_shares: 5, recovery_threshold: 3 },
    ]);
    expect(r.err).toBe(
      'Error initializing: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/sys/init\n` +
        'Code: 400. Errors:\n\n' +
        '* parameters secret_shares,secret_threshold not applicable to seal type awskms\n',
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });

  it('-format=json prints Vault\'s machine-readable init', async () => {
    vault.on('GET /v1/sys/seal-status', { body: UNINIT_AWSKMS });
    vault.on('PUT /v1/sys/init', { body: AUTO_RESPONSE });
    const r = await run(['-format=json']);
    expect(JSON.parse(r.out)).toEqual({
      unseal_keys_b64: [],
      unseal_keys_hex: [],
      unseal_shares: 1,
      unseal_threshold: 1,
      recovery_keys_b64: RECOVERY_B64,
      recovery_keys_hex: RECOVERY_B64.map(hex),
      recovery_keys_shares: 5,
      recovery_keys_threshold: 3,
      root_token: 'hvs.UoeCV061Ultto8UY0Z3fe5OR',
    });
    expect(Object.keys(JSON.parse(r.out) as object)[0]).toBe('unseal_keys_b64');
    expect(r.out).toMatch(/^\{\n {2}"unseal_keys_b64": \[\],\n/);
  });

  it('-status exits 0 when initialized and 2 when not', async () => {
    vault.on('GET /v1/sys/seal-status', { body: SEALED_SHAMIR });
    vault.on('GET /v1/sys/init', { body: { initialized: true } });
    expect(await run(['-status'])).toEqual({ code: 0, out: 'Vault is initialized\n', err: '' });
    vault.on('GET /v1/sys/init', { body: { initialized: false } });
    expect(await run(['-status'])).toEqual({ code: 2, out: 'Vault is not initialized\n', err: '' });
    expect((await run(['-status', '-format=json'])).out).toBe('{\n  "initialized": false\n}\n');
    expect(initBodies()).toEqual([]);
  });

  it('a non-numeric -key-shares is a flag error: Go\'s text, exit 1, no request', async () => {
    const r = await run(['-key-shares=abc']);
    expect(r.err).toBe('invalid value "abc" for flag -key-shares: strconv.ParseInt: parsing "abc": invalid syntax\n');
    expect(r.code).toBe(1);
    expect(vault.requests).toHaveLength(0);
  });

  it('unknown flags and positional arguments exit 1', async () => {
    expect(await run(['-bogus'])).toMatchObject({ code: 1, err: 'flag provided but not defined: -bogus\n' });
    expect(await run(['extra'])).toMatchObject({ code: 1, err: 'Too many arguments (expected 0, got 1)\n' });
  });

  it('a seal-status failure is printed bare with exit 2', async () => {
    vault.on('GET /v1/sys/seal-status', { status: 500, body: { errors: ['internal error'] } });
    const r = await run();
    expect(r.err).toBe(
      `Error making API request.\n\nURL: GET ${vault.address}/v1/sys/seal-status\nCode: 500. Errors:\n\n* internal error\n`,
    );
    expect(r.code).toBe(2);
  });
});
