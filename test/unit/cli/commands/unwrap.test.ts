import { describe, expect, it } from 'vitest';
import { USERPASS_LOGIN, USERPASS_TABLE } from '../auth-fixtures.js';
import { requestLines, runVault, useFakeVault } from '../support.js';
import { envelope } from '../vault-fixtures.js';

const WRAPPING = 'hvs.CAESIBmLkCm3SxQeGiWcMVbmUx8V1dBcC8zH5ovP3X';
const SECRET = envelope({ data: { foo: 'bar', ttl: 3600 } });

const { vault } = useFakeVault({ 'PUT /v1/sys/wrapping/unwrap': { body: SECRET } });

describe('vault unwrap', () => {
  it('a token argument goes in the body, the CLI token authenticates; the data prints like vault read', async () => {
    const r = await runVault(vault, ['unwrap', WRAPPING]);
    expect(r).toEqual({
      code: 0,
      err: '',
      out: `Key    Value
---    -----
foo    bar
ttl    1h
`,
    });
    expect(requestLines(vault)).toEqual([`PUT /v1/sys/wrapping/unwrap {"token":"${WRAPPING}"}`]);
    expect(vault.requests[0]?.headers['x-vault-token']).toBe('hvs.root');
  });

  it('without an argument the CLI\'s own token is unwrapped (body null)', async () => {
    await runVault(vault, ['unwrap'], { env: { VAULT_TOKEN: WRAPPING } });
    expect(requestLines(vault)).toEqual(['PUT /v1/sys/wrapping/unwrap null']);
    expect(vault.requests[0]?.headers['x-vault-token']).toBe(WRAPPING);
  });

  it('with no CLI token the wrapping token authenticates the request (body null)', async () => {
    await runVault(vault, ['unwrap', WRAPPING], { env: { VAULT_TOKEN: '' } });
    expect(requestLines(vault)).toEqual(['PUT /v1/sys/wrapping/unwrap null']);
    expect(vault.requests[0]?.headers['x-vault-token']).toBe(WRAPPING);
  });

  it('a wrapped auth response prints the token table; -field picks one value', async () => {
    vault.on('PUT /v1/sys/wrapping/unwrap', { body: USERPASS_LOGIN });
    expect((await runVault(vault, ['unwrap', WRAPPING])).out).toBe(USERPASS_TABLE);
    const field = await runVault(vault, ['unwrap', '-field=token_accessor', WRAPPING]);
    expect(field).toEqual({ code: 0, out: '0e9e354a-520f-df04-6867-ee81cae3d42d', err: '' });
  });

  it('a wrapped LIST answer prints as a list; JSON prints the secret', async () => {
    vault.on('PUT /v1/sys/wrapping/unwrap', { body: envelope({ data: { keys: ['b', 'a/'] } }) });
    expect((await runVault(vault, ['unwrap', WRAPPING])).out).toBe('Keys\n----\na/\nb\n');
    vault.on('PUT /v1/sys/wrapping/unwrap', { body: SECRET });
    const json = await runVault(vault, ['unwrap', '-format=json', WRAPPING]);
    expect(JSON.parse(json.out)).toMatchObject({ data: { foo: 'bar', ttl: 3600 } });
  });

  it('an empty answer: Vault\'s "no data" line (table only), exit 0', async () => {
    vault.on('PUT /v1/sys/wrapping/unwrap', { status: 204 });
    expect(await runVault(vault, ['unwrap', WRAPPING])).toEqual({
      code: 0,
      out: 'Successfully unwrapped. There was no data in the wrapped secret.\n',
      err: '',
    });
    expect(await runVault(vault, ['unwrap', '-format=json', WRAPPING])).toEqual({ code: 0, out: '', err: '' });
  });

  it('an invalid token is "Error unwrapping: …" with the server\'s error, exit 2', async () => {
    vault.on('PUT /v1/sys/wrapping/unwrap', { status: 400, body: { errors: ['wrapping token is not valid or does not exist'] } });
    expect(await runVault(vault, ['unwrap', 'hvs.bogus'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error unwrapping: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/sys/wrapping/unwrap\n` +
        'Code: 400. Errors:\n\n* wrapping token is not valid or does not exist\n',
    });
    expect(await runVault(vault, ['unwrap', 'a', 'b'])).toMatchObject({ code: 1, err: 'Too many arguments (expected 0-1, got 2)\n' });
  });

  it('a 404 without content falls back to the old cubbyhole/response with the wrapping token', async () => {
    vault.on('PUT /v1/sys/wrapping/unwrap', { status: 404, body: { errors: [] } });
    vault.on('GET /v1/cubbyhole/response', {
      body: envelope({ data: { response: JSON.stringify(envelope({ data: { legacy: 'yes' } })) } }),
    });
    const r = await runVault(vault, ['unwrap', WRAPPING]);
    expect(r.out).toBe('Key       Value\n---       -----\nlegacy    yes\n');
    expect(vault.requests.map((q) => `${q.method} ${q.path} ${String(q.headers['x-vault-token'])}`)).toEqual([
      'PUT /v1/sys/wrapping/unwrap hvs.root',
      `GET /v1/cubbyhole/response ${WRAPPING}`,
    ]);
    vault.on('GET /v1/cubbyhole/response', { status: 404, body: { errors: [] } });
    expect((await runVault(vault, ['unwrap', WRAPPING])).err).toBe('Error unwrapping: no value found at "cubbyhole/response"\n');
  });
});
