import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../../support.js';

const NONCE = '91365630-524b-dfce-cf2b-ed777db412d8';
const KEY = 'roRigRRbbcXHiVW55w1xQ/Q5HwjaykcdUHZ6ppMqIk/t';
const NEW_KEYS = [
  '/jkk9//ZEqDoEqXsf3NDRu4R+gIF1tZ9WdN5QrSt0odX',
  'HroWSiYp5EySPA2rz94f4wg3fCE7GiMTaIIIWmrtsZeT',
  'LVse36NDsANEEeAW2hJFjgW7vIxP52hBf1hgoi2SY87P',
];
const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

const status = (over: Record<string, unknown> = {}) => ({
  nonce: NONCE,
  started: true,
  t: 2,
  n: 3,
  progress: 0,
  required: 3,
  pgp_fingerprints: null,
  backup: false,
  verification_required: false,
  ...over,
});

/** The table of the 3rd-party sample output (Vault 1.15), progress filled in. */
const table = (progress: string) => `Key                      Value
---                      -----
Nonce                    ${NONCE}
Started                  true
Rekey Progress           ${progress}
New Shares               3
New Threshold            2
Verification Required    false
`;

const { vault } = useFakeVault(() => ({ 'GET /v1/sys/rekey/init': { body: status() } }));

const run = (args: string[], stdin?: string) => runVault(vault, ['operator', 'rekey', ...args], { stdin });
const bodies = (path: string) => vault.requests.filter((r) => r.path === path).map((r) => r.json);

describe('vault operator rekey', () => {
  it('-init sends the new config, warns about unencrypted keys and prints the status table', async () => {
    vault.on('PUT /v1/sys/rekey/init', { body: status() });
    const r = await run(['-init', '-key-shares=3', '-key-threshold=2']);
    expect(bodies('/v1/sys/rekey/init')).toEqual([
      { secret_shares: 3, secret_threshold: 2, stored_shares: 0, pgp_keys: null, backup: false, require_verification: false },
    ]);
    expect(r.err).toBe(`WARNING! If you lose the keys after they are returned, there is no recovery.
Consider canceling this operation and re-initializing with the -pgp-keys flag
to protect the returned unseal keys along with -backup to allow recovery of
the encrypted keys in case of emergency. You can delete the stored keys later
using the -delete flag.
`);
    expect(r.out).toBe(`\n${table('0/3')}`);
    expect(r.code).toBe(0);
  });

  it('takes keys against the nonce, prints progress, then the new keys and Vault\'s paragraph', async () => {
    vault.on('PUT /v1/sys/rekey/update', { body: status({ progress: 1 }) });
    vault.on('GET /v1/sys/rekey/init', { body: status({ progress: 1 }) });
    const partial = await run([`-nonce=${NONCE}`, '-'], `${KEY}\n`);
    expect(bodies('/v1/sys/rekey/update')).toEqual([{ key: KEY, nonce: NONCE }]);
    expect(partial).toEqual({ code: 0, out: table('1/3'), err: '' });

    vault.on('PUT /v1/sys/rekey/update', {
      body: {
        nonce: NONCE,
        complete: true,
        keys: NEW_KEYS.map(hex),
        keys_base64: NEW_KEYS,
        pgp_fingerprints: null,
        backup: false,
        verification_required: false,
      },
    });
    const done = await run([`-nonce=${NONCE}`, KEY]);
    expect(done.out).toBe(`
Key 1: ${NEW_KEYS[0]}
Key 2: ${NEW_KEYS[1]}
Key 3: ${NEW_KEYS[2]}

Operation nonce: ${NONCE}

Vault unseal keys rekeyed with 3 key shares and a key threshold of 2. Please
securely distribute the key shares printed above. When Vault is re-sealed,
restarted, or stopped, you must supply at least 2 of these keys to unseal it
before it can start servicing requests.
`);
    expect(done.code).toBe(0);
    const json = await run(['-format=json', `-nonce=${NONCE}`, KEY]);
    expect(JSON.parse(json.out)).toMatchObject({ complete: true, keys_base64: NEW_KEYS });
  });

  it('prompts with the rekey nonce; the recovery target uses its paths, prompt and paragraph', async () => {
    vault.on('GET /v1/sys/rekey-recovery-key/init', { body: status() });
    vault.on('PUT /v1/sys/rekey-recovery-key/update', {
      body: { nonce: NONCE, complete: true, keys: [hex(NEW_KEYS[0]!)], keys_base64: [NEW_KEYS[0]], pgp_fingerprints: null, backup: false },
    });
    const r = await run(['-target=recovery'], `${KEY}\n`);
    expect(bodies('/v1/sys/rekey-recovery-key/update')).toEqual([{ key: KEY, nonce: NONCE }]);
    expect(r.out).toBe(`Rekey operation nonce: ${NONCE}
Recovery Key (will be hidden): 

Key 1: ${NEW_KEYS[0]}

Operation nonce: ${NONCE}

Vault recovery keys rekeyed with 3 key shares and a key threshold of 2. Please
securely distribute the key shares printed above.
`);
  });

  it('-status, -cancel with the nonce, and errors with Vault\'s exit codes', async () => {
    vault.on('GET /v1/sys/rekey/init', { body: status({ started: false, nonce: '', t: 0, n: 0 }) });
    expect((await run(['-status'])).out).toBe('Key        Value\n---        -----\nNonce      n/a\nStarted    false\n');
    expect(await run([KEY])).toMatchObject({
      code: 1,
      err: 'No rekey is in progress. Start a rekey process by running "vault operator\nrekey -init".\n',
    });
    vault.on('DELETE /v1/sys/rekey/init', { status: 204 });
    expect(await run(['-cancel', `-nonce=${NONCE}`])).toEqual({ code: 0, out: 'Success! Canceled rekeying (if it was started)\n', err: '' });
    expect(vault.requests.filter((q) => q.method === 'DELETE').map((q) => q.json)).toEqual([{ nonce: NONCE }]);
    vault.on('DELETE /v1/sys/rekey/init', { status: 400, body: { errors: ['invalid request'] } });
    const refused = await run(['-cancel']);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(
      `Error canceling rekey: Error making API request.\n\nURL: DELETE ${vault.address}/v1/sys/rekey/init\nCode: 400. Errors:\n\n* invalid request\n`,
    );
    vault.on('PUT /v1/sys/rekey/init', { status: 400, body: { errors: ['provided threshold greater than the total shares'] } });
    expect((await run(['-init', '-n=2', '-t=3'])).code).toBe(2);
    expect(await run(['-target=hsmx', '-status'])).toMatchObject({ code: 1, err: 'Unknown target: hsmx\n' });
    expect((await run(['-verify', '-status'])).code).toBe(1);
  });

  it('reports a failed key with exit 2 and a missing nonce with exit 1', async () => {
    vault.on('PUT /v1/sys/rekey/update', {
      status: 500,
      body: { errors: ['failed to read root key: invalid key: failed to decrypt keys from storage: cipher: message authentication failed'] },
    });
    const r = await run([`-nonce=${NONCE}`, KEY]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error posting unseal key: Error making API request\.[\s\S]*Code: 500\. Errors:\n\n\* failed to read root key: /);
    expect(await run([KEY])).toMatchObject({ code: 1, err: 'Missing nonce value: specify it via the -nonce flag\n' });
  });
});
