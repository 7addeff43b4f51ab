import { describe, expect, it } from 'vitest';
import { encodeToken } from '../../../../../src/crypto/root-token.js';
import { runVault, useFakeVault } from '../../support.js';

const NONCE = '2dbd10f1-8528-6246-09e7-82b25b8aba63';
const OTP = 'Fm4V0tPv2KMm5F0U1lWFEb8aIHxX';
const TOKEN = 'hvs.QWe7bfJ4E0gwnsPD3o2vXHyh';
const KEY = 'roRigRRbbcXHiVW55w1xQ/Q5HwjaykcdUHZ6ppMqIk/t';

const status = (over: Record<string, unknown> = {}) => ({
  nonce: NONCE,
  started: true,
  progress: 0,
  required: 3,
  complete: false,
  encoded_token: '',
  encoded_root_token: '',
  pgp_fingerprint: '',
  otp: '',
  otp_length: 28,
  ...over,
});

const { vault } = useFakeVault(() => ({ 'GET /v1/sys/generate-root/attempt': { body: status() } }));

const run = (args: string[], stdin?: string) => runVault(vault, ['operator', 'generate-root', ...args], { stdin });
const bodies = (path: string) => vault.requests.filter((r) => r.path === path).map((r) => r.json);

describe('vault operator generate-root', () => {
  it('-init prints the status table with the generated OTP and warns to keep it', async () => {
    vault.on('PUT /v1/sys/generate-root/attempt', { body: status({ otp: OTP }) });
    const r = await run(['-init']);
    expect(bodies('/v1/sys/generate-root/attempt')).toEqual([{ otp: '', pgp_key: '' }]);
    expect(r.out).toBe(
      `Nonce         ${NONCE}\nStarted       true\nProgress      0/3\nComplete      false\nOTP           ${OTP}\nOTP Length    28\n`,
    );
    expect(r.err).toBe(
      'A One-Time-Password has been generated for you and is shown in the OTP field.\n' +
        'You will need this value to decode the resulting root token, so keep it safe.\n',
    );
    expect(r.code).toBe(0);
  });

  it('-init -otp sends the OTP; both -otp and -pgp-key is a usage error; API errors exit 2', async () => {
    vault.on('PUT /v1/sys/generate-root/attempt', { body: status() });
    expect((await run(['-init', `-otp=${OTP}`])).code).toBe(0);
    expect(bodies('/v1/sys/generate-root/attempt')).toEqual([{ otp: OTP, pgp_key: '' }]);
    expect(await run(['-init', '-otp=x', '-pgp-key=k'])).toMatchObject({
      code: 1,
      err: 'Error initializing: cannot specify both -otp and -pgp-key\n',
    });
    vault.on('PUT /v1/sys/generate-root/attempt', { status: 400, body: { errors: ['root generation already in progress'] } });
    const r = await run(['-init']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'Error initializing root generation: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/sys/generate-root/attempt\nCode: 400. Errors:\n\n* root generation already in progress\n`,
    );
  });

  it('takes a key with -nonce and prints the encoded token when complete', async () => {
    const encoded = encodeToken(TOKEN, OTP);
    vault.on('PUT /v1/sys/generate-root/update', {
      body: status({ progress: 3, complete: true, encoded_token: encoded, encoded_root_token: encoded, otp_length: 0 }),
    });
    const r = await run([`-nonce=${NONCE}`, KEY]);
    expect(bodies('/v1/sys/generate-root/update')).toEqual([{ key: KEY, nonce: NONCE }]);
    expect(r.out).toBe(`Nonce            ${NONCE}\nStarted          true\nProgress         3/3\nComplete         true\nEncoded Token    ${encoded}\n`);
    expect(r.code).toBe(0);

    const decoded = await run([`-decode=${encoded}`, `-otp=${OTP}`]);
    expect(decoded).toEqual({ code: 0, out: TOKEN, err: '' });
    const json = await run([`-decode=${encoded}`, `-otp=${OTP}`, '-format=json']);
    expect(JSON.parse(json.out)).toEqual({ token: TOKEN });
  });

  it('prompts with the operation nonce and reads a piped key; `-` reads stdin with -nonce', async () => {
    vault.on('PUT /v1/sys/generate-root/update', { body: status({ progress: 1, otp_length: 0 }) });
    const r = await run([], `${KEY}\n`);
    expect(r.out.startsWith(`Operation nonce: ${NONCE}\nUnseal Key (will be hidden): \nNonce       ${NONCE}\n`)).toBe(true);
    expect(r.out).toContain('\nProgress    1/3\n');
    expect(r.out).not.toContain(KEY);
    const dash = await run([`-nonce=${NONCE}`, '-'], `  ${KEY}\n`);
    expect(dash.code).toBe(0);
    expect(bodies('/v1/sys/generate-root/update')).toEqual([
      { key: KEY, nonce: NONCE },
      { key: KEY, nonce: NONCE },
    ]);
    expect(await run(['-'], KEY)).toMatchObject({ code: 1, err: 'Missing nonce value: specify it via the -nonce flag\n' });
  });

  it('refuses a key when no generation is in progress (exit 1) and reports update errors (exit 2)', async () => {
    vault.on('GET /v1/sys/generate-root/attempt', { body: status({ started: false, nonce: '' }) });
    const r = await run([KEY]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'No root generation is in progress. Start a root generation by running "vault\noperator generate-root -init".\n' +
        'If starting root generation using the OTP method and generating your own OTP,\nthe length of the OTP string needs to be 28 characters in length.\n',
    );
    vault.on('GET /v1/sys/generate-root/attempt', { body: status() });
    vault.on('PUT /v1/sys/generate-root/update', {
      status: 400,
      body: { errors: ['root generation aborted: unable to authenticate: recovery key verification failed: recovery key does not match submitted values'] },
    });
    const failed = await run([`-nonce=${NONCE}`, KEY]);
    expect(failed.code).toBe(2);
    expect(failed.err).toMatch(/^Error posting unseal key: Error making API request\.\n[\s\S]*\* root generation aborted: unable to authenticate: /);
  });

  it('-status, -cancel, -generate-otp, and JSON output', async () => {
    const s = await run(['-status']);
    expect(s.out).toBe(`Nonce         ${NONCE}\nStarted       true\nProgress      0/3\nComplete      false\nOTP Length    28\n`);
    const json = await run(['-status', '-format=json']);
    expect(JSON.parse(json.out)).toEqual(status());
    vault.on('DELETE /v1/sys/generate-root/attempt', { status: 204 });
    expect(await run(['-cancel'])).toEqual({ code: 0, out: 'Success! Root token generation canceled (if it was started)\n', err: '' });
    const otp = await run(['-generate-otp']);
    expect(otp.out).toMatch(/^[0-9A-Za-z]{28}$/);
    expect(JSON.parse((await run(['-generate-otp', '-format=json'])).out)).toEqual({ otp: expect.stringMatching(/^[0-9A-Za-z]{28}$/), otp_length: 28 });
    vault.on('GET /v1/sys/generate-root/attempt', { status: 503, body: { errors: ['Vault is sealed'] } });
    expect((await run(['-status'])).err).toMatch(/^Error getting root generation status: Error making API request/);
    expect((await run(['-status'])).code).toBe(2);
  });

  it('-decode errors exit 1 with Vault\'s texts', async () => {
    expect(await run(['-decode=abc'])).toMatchObject({ code: 1, err: 'Missing otp: use -otp to supply it\n' });
    expect(await run(['-decode=ab=c', `-otp=${OTP}`])).toMatchObject({
      code: 1,
      err: "Error decoding base64'd token: illegal base64 data at input byte 2\n",
    });
    expect(await run(['-decode=YWJj', `-otp=${OTP}`])).toMatchObject({
      code: 1,
      err: 'Error xoring token: length of byte slices is not equivalent: 3 != 28\n',
    });
    expect(await run(['a', 'b'])).toMatchObject({ code: 1, err: 'Too many arguments (expected 0-1, got 2)\n' });
  });
});
