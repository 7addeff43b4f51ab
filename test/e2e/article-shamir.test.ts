/**
 * The first half of ../shared/seed-article.txt, typed as the operator types it: init, status,
 * three unseals, status, restart, sealed again, a different three keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/harness.js';

const INIT_PARAGRAPHS = `Vault initialized with 5 key shares and a key threshold of 3. Please securely
distribute the key shares printed above. When the Vault is re-sealed,
restarted, or stopped, you must supply at least 3 of these keys to unseal it
before it can start servicing requests.

Vault does not store the generated root key. Without at least 3 keys to
reconstruct the root key, Vault will remain permanently sealed!

It is possible to generate new unseal keys, provided you have a quorum of
existing unseal keys shares. See "vault operator rekey" for more information.
`;

/** The article's sealed table, with the values that differ per build or run as patterns. */
const SEALED_TABLE = [
  /^Key                Value$/,
  /^---                -----$/,
  /^Seal Type          shamir$/,
  /^Initialized        true$/,
  /^Sealed             true$/,
  /^Total Shares       5$/,
  /^Threshold          3$/,
  /^Unseal Progress    0\/3$/,
  /^Unseal Nonce       n\/a$/,
  /^Version            \S+$/,
  /^Build Date         \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
  /^Storage Type       file$/,
  /^HA Enabled         false$/,
];

const UNSEALED_TABLE = [
  /^Key             Value$/,
  /^---             -----$/,
  /^Seal Type       shamir$/,
  /^Initialized     true$/,
  /^Sealed          false$/,
  /^Total Shares    5$/,
  /^Threshold       3$/,
  /^Version         \S+$/,
  /^Build Date      \S+$/,
  /^Storage Type    file$/,
  /^Cluster Name    vault-cluster-[0-9a-f]{8}$/,
  /^Cluster ID      [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /^HA Enabled      false$/,
];

function expectTable(stdout: string, rows: RegExp[]): void {
  const lines = stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(rows.length);
  rows.forEach((re, i) => expect(lines[i]).toMatch(re));
}

describe('the article, Shamir half', () => {
  let server: ServerProcess;
  let keys: string[] = [];
  let rootToken = '';

  beforeAll(async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('vault operator init prints five unseal keys, the root token and Vault\'s paragraphs', () => {
    const r = server.vault(['operator', 'init']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (let i = 0; i < 5; i++) expect(lines[i]).toMatch(new RegExp(`^Unseal Key ${i + 1}: [A-Za-z0-9+/]{43}[A-Za-z0-9+/=]$`));
    keys = lines.slice(0, 5).map((l) => l.split(': ')[1]!);
    rootToken = lines[6]!.split(': ')[1]!;
    expect(new Set(keys).size).toBe(5);
    expect(lines[5]).toBe('');
    expect(lines[6]).toMatch(/^Initial Root Token: hvs\.[0-9A-Za-z]{24}$/);
    expect(lines[7]).toBe('');
    expect(lines.slice(8).join('\n')).toBe(INIT_PARAGRAPHS);
  });

  it('vault status shows it sealed at 0/3 and exits 2', () => {
    const r = server.vault(['status']);
    expect(r.code).toBe(2);
    expectTable(r.stdout, SEALED_TABLE);
  });

  it('three vault operator unseal calls unseal it', () => {
    for (const [i, key] of keys.slice(0, 3).entries()) {
      const r = server.vault(['operator', 'unseal', key]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(i < 2 ? `Unseal Progress    ${i + 1}/3` : 'Sealed          false');
    }
    const status = server.vault(['status']);
    expect(status.code).toBe(0);
    expectTable(status.stdout, UNSEALED_TABLE);
  });

  it('after a restart it is sealed again and a different three keys unseal it', async () => {
    await server.restart();
    const sealed = server.vault(['status']);
    expect(sealed.code).toBe(2);
    expectTable(sealed.stdout, SEALED_TABLE);
    for (const key of [keys[1]!, keys[3]!, keys[4]!]) expect(server.vault(['operator', 'unseal', key]).code).toBe(0);
    const status = server.vault(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Sealed          false$/m);
  });

  it('only the root token seals; vault login stores it; a piped key answers the prompt', () => {
    const bad = server.vault(['operator', 'seal'], undefined, { VAULT_TOKEN: 'hvs.notavalidtokennotavalid' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Code: 403. Errors:');
    expect(bad.stderr).toContain('* permission denied');
    const login = server.vault(['login', rootToken]);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('Success! You are now authenticated.');
    const sealed = server.vault(['operator', 'seal']);
    expect(sealed).toMatchObject({ code: 0, stdout: 'Success! Vault is sealed.\n' });
    for (const key of [keys[0]!, keys[2]!, keys[4]!]) expect(server.vault(['operator', 'unseal'], `${key}\n`).code).toBe(0);
    expect(server.vault(['status']).code).toBe(0);
  });

  it('never prints an unseal key or the root token in the server output', () => {
    for (const secret of [...keys, rootToken]) expect(server.output).not.toContain(secret);
  });
});
