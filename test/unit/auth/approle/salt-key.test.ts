/**
 * AppRole HMACs role IDs, secret IDs and accessors under the mount salt's KeyObject, made once per
 * salt (and again after a reset); output is the one the code before this change made (fixed vector
 * from main at 0ed32c2).
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppRoleState } from '../../../../src/auth/approle/state.js';
import { PrefixView } from '../../../../src/logical/storage-view.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';
import { context } from '../../secrets/kv/support.js';
import { keySpy, keysUsed } from '../../crypto/key-object-spy.js';

vi.mock('node:crypto', async (orig) => (await import('../../crypto/key-object-spy.js')).spiedCrypto(orig));

const vectors = JSON.parse(readFileSync(new URL('../../../fixtures/crypto/main-0ed32c2-vectors.json', import.meta.url), 'utf8')) as { approle: string };

async function view(): Promise<PrefixView> {
  const v = new PrefixView(createInmemBackend(), 'auth/ar/');
  await v.put('salt', Buffer.alloc(32, 0x44));
  return v;
}

describe('AppRole salt as a KeyObject', () => {
  beforeEach(() => keySpy.reset());

  it('HMACs as the code before KeyObjects did (fixed vector)', async () => {
    expect(await new AppRoleState(context()).hmac(await view(), 'role-id-example')).toBe(vectors.approle);
  });

  it('makes one KeyObject per mount salt for every HMAC; a reset makes a new one', async () => {
    const state = new AppRoleState(context());
    const v = await view();
    const macs = await Promise.all(Array.from({ length: 10 }, (_, i) => state.hmac(v, `secret-${i}`, 'secret_id')));
    expect(new Set(macs).size).toBe(10);
    expect(keySpy.made).toBe(1);
    expect(keysUsed()).toMatchObject({ distinct: 1, allKeyObjects: true });
    const other = await view();
    await state.hmac(other, 'x');
    expect(keySpy.made).toBe(2);
    state.reset();
    keySpy.reset();
    expect(await state.hmac(v, 'secret-0', 'secret_id')).toBe(macs[0]);
    expect(keySpy.made).toBe(1);
  });
});
