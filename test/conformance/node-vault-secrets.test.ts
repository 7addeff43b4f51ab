/**
 * node-vault against a dev server: KV v2, transit, tokens, policies, in both of its modes: the default
 * sends list calls as LIST on the wire, noCustomHTTPVerbs as GET ?list=1.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess, tempDir } from '../support/harness.js';
import { recordSecrets } from '../support/leak-check.js';

type Fn = (args?: Record<string, unknown>) => Promise<any>;
interface NodeVault {
  read(path: string): Promise<any>;
  write(path: string, data: unknown): Promise<any>;
  list(path: string): Promise<any>;
  delete(path: string): Promise<any>;
  [command: string]: any;
  token: string;
}
const require = createRequire(import.meta.url);
const nodeVault = require('node-vault') as (o: Record<string, unknown>) => NodeVault;

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe.each([false, true])('node-vault (noCustomHTTPVerbs: %s): secrets, tokens and policies', (noCustomHTTPVerbs) => {
  let server: ServerProcess;
  let vault: NodeVault;

  beforeAll(async () => {
    const address = `127.0.0.1:${await freePort()}`;
    server = new ServerProcess({ dir: tempDir('tsvault-nv-'), configPath: '', address, printsSecrets: true });
    await server.start(['-dev', '-dev-root-token-id=nv-root', `-dev-listen-address=${address}`]);
    await server.waitForOutput(/Root Token: nv-root/);
    vault = nodeVault({ apiVersion: 'v1', endpoint: `http://${address}`, token: 'nv-root', noCustomHTTPVerbs });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('KV v2: write, read, versions, list, delete', async () => {
    await vault.write('secret/data/app/db', { data: { password: 'first' } });
    const second = await vault.write('secret/data/app/db', { data: { password: 'second' }, options: { cas: 1 } });
    expect(second.data.version).toBe(2);
    expect((await vault.read('secret/data/app/db')).data.data).toEqual({ password: 'second' });
    expect((await vault.read('secret/data/app/db?version=1')).data.data).toEqual({ password: 'first' });
    expect((await vault.list('secret/metadata/app')).data.keys).toEqual(['db']);
    await vault.delete('secret/metadata/app/db');
    await expect(vault.read('secret/data/app/db')).rejects.toMatchObject({ response: { statusCode: 404 } });
  });

  it('transit: create, encrypt, decrypt, rotate, rewrap', async () => {
    await (vault.mount as Fn)({ mount_point: 'transit', type: 'transit' });
    await (vault.transitCreateKey as Fn)({ name: 'k1' });
    const ct = (await (vault.encryptData as Fn)({ name: 'k1', plaintext: b64('hello') })).data.ciphertext as string;
    expect(ct).toMatch(/^vault:v1:/);
    await vault.write('transit/keys/k1/rotate', {});
    expect(Buffer.from((await (vault.decryptData as Fn)({ name: 'k1', ciphertext: ct })).data.plaintext, 'base64').toString()).toBe('hello');
    const rewrapped = (await (vault.rewrapData as Fn)({ name: 'k1', ciphertext: ct })).data.ciphertext as string;
    expect(rewrapped).toMatch(/^vault:v2:/);
    expect((await (vault.transitReadKey as Fn)({ name: 'k1' })).data.latest_version).toBe(2);
    expect((await vault.list('transit/keys')).data.keys).toEqual(['k1']);
  });

  it('tokens: create, lookup, renew, revoke', async () => {
    const created = await (vault.tokenCreate as Fn)({ policies: ['default'], ttl: '1h' });
    const token = created.auth.client_token as string;
    // tokenCreate is a "token source" in node-vault: it switches the client to the new token.
    expect(vault.token).toBe(token);
    vault.token = 'nv-root';
    recordSecrets(`"token": "${token}"`);
    expect((await (vault.tokenLookup as Fn)({ token })).data.policies).toEqual(['default']);
    expect((await (vault.tokenRenew as Fn)({ token, increment: '30m' })).auth.lease_duration).toBe(1800);
    vault.token = 'nv-root'; // tokenRenew is a token source too
    await (vault.tokenRevoke as Fn)({ token });
    await expect((vault.tokenLookup as Fn)({ token })).rejects.toMatchObject({ response: { statusCode: 403 } });
  });

  it('policies: write, read, list (legacy sys/policy)', async () => {
    await (vault.addPolicy as Fn)({ name: 'nv-read', rules: 'path "secret/data/*" { capabilities = ["read"] }' });
    expect((await (vault.getPolicy as Fn)({ name: 'nv-read' })).rules).toContain('secret/data/*');
    expect((await (vault.policies as Fn)()).policies).toEqual(expect.arrayContaining(['default', 'nv-read', 'root']));
  });
});
