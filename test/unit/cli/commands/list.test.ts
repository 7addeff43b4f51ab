import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../support.js';
import { envelope, NOT_FOUND } from '../vault-fixtures.js';

const { vault } = useFakeVault();

describe('vault list', () => {
  it('sends LIST as GET ?list=true and prints sorted Keys', async () => {
    vault.on('GET /v1/secret/my-app', { body: envelope({ data: { keys: ['b', 'a/', 'c'] } }) });
    const r = await runVault(vault, ['list', 'secret/my-app/']);
    expect(r).toEqual({ code: 0, out: 'Keys\n----\na/\nb\nc\n', err: '' });
    expect(requestLines(vault)).toEqual(['GET /v1/secret/my-app?list=true']);
  });

  it('nothing there: "No value found at PATH" exit 2; JSON prints {} exit 2', async () => {
    vault.on('GET /v1/secret/none', NOT_FOUND);
    expect(await runVault(vault, ['list', 'secret/none'])).toEqual({ code: 2, out: '', err: 'No value found at secret/none\n' });
    expect(await runVault(vault, ['list', '-format=json', 'secret/none'])).toEqual({ code: 2, out: '{}\n', err: '' });
  });

  it('-format=json prints the keys; -detailed adds key_info columns', async () => {
    vault.on('GET /v1/pki/issuers', {
      body: envelope({
        data: {
          keys: ['b1', 'a1'],
          key_info: { a1: { issuer_name: 'root', ttl: 3600 }, b1: { issuer_name: 'int' } },
        },
      }),
    });
    expect((await runVault(vault, ['list', '-format=json', 'pki/issuers'])).out).toBe('[\n  "b1",\n  "a1"\n]\n');
    expect((await runVault(vault, ['list', '-detailed', 'pki/issuers'])).out).toBe(
      'Keys    issuer_name    ttl\n----    -----------    ---\na1      root           1h\nb1      int            n/a\n',
    );
  });

  it('data without keys: "No entries found at PATH", exit 2', async () => {
    vault.on('GET /v1/x', { body: envelope({ data: { other: 1 } }) });
    expect(await runVault(vault, ['list', 'x'])).toEqual({ code: 2, out: '', err: 'No entries found at x\n' });
  });
});
