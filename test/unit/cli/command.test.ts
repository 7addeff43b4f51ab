import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVault, startFakeVault, type FakeVault } from './support.js';
import { envelope } from './vault-fixtures.js';

let vault: FakeVault;

beforeEach(async () => {
  vault = await startFakeVault();
});

afterEach(() => vault.close());

describe('flags after arguments', () => {
  it('are not parsed, with Vault\'s warning (a "-k=v" after the path is a K=V pair)', async () => {
    vault.on('GET /v1/secret/a', { body: envelope({ data: { k: 'v' } }) });
    const r = await runVault(vault, ['read', 'secret/a', '-field=k']);
    expect(r.err).toBe(
      'Command flags must be provided before positional arguments. The following arguments will not be parsed as flags: [-field=k]\n',
    );
    expect(r.out).toBe('Key    Value\n---    -----\nk      v\n');
    expect(vault.requests[0]?.url).toBe('/v1/secret/a?-field=k');
  });
});
