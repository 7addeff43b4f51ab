import { describe, expect, it } from 'vitest';
import { createCubbyholeBackend, destroyCubbyhole } from '../../../src/secrets/cubbyhole.js';
import { auth, context, failure, harness } from './kv/support.js';

async function cubbyhole() {
  const backend = await createCubbyholeBackend(context());
  return { backend, ...harness(backend) };
}

const alice = auth('hash-alice');
const bob = auth('hash-bob');

describe('cubbyhole', () => {
  it('keeps each token in its own space', async () => {
    const c = await cubbyhole();
    expect(await c.call('update', 'secret', { v: 'alice' }, alice)).toEqual({ noContent: true });
    await c.call('update', 'secret', { v: 'bob' }, bob);
    expect((await c.call('read', 'secret', {}, alice))?.data).toEqual({ v: 'alice' });
    expect((await c.call('read', 'secret', {}, bob))?.data).toEqual({ v: 'bob' });
    await c.call('update', 'only/alice', { v: 1 }, alice);
    expect(await c.call('read', 'only/alice', {}, bob)).toBeNull();
    expect((await c.call('list', '', {}, alice))?.data).toEqual({ keys: ['only/', 'secret'] });
    expect((await c.call('list', '', {}, bob))?.data).toEqual({ keys: ['secret'] });
    expect((await c.call('list', 'only', {}, alice))?.data).toEqual({ keys: ['alice'] });
    expect(await c.call('list', 'only/', {}, bob)).toBeNull();
    // Deleting in one space leaves the other alone.
    expect(await c.call('delete', 'secret', {}, bob)).toEqual({ noContent: true });
    expect(await c.call('read', 'secret', {}, bob)).toBeNull();
    expect((await c.call('read', 'secret', {}, alice))?.data).toEqual({ v: 'alice' });
    // Each space lives under its token hash; bob's is empty now.
    expect(await c.storage.list('')).toEqual(['hash-alice/']);
  });

  it('tells create from update per token', async () => {
    const c = await cubbyhole();
    const req = (who: typeof alice) => ({
      operation: 'update' as const,
      path: 'x',
      mountPoint: 'cubbyhole/',
      data: { a: 1 },
      storage: c.storage,
      auth: who,
      id: 'r',
      headers: {},
    });
    await c.call('update', 'x', { a: 1 }, alice);
    expect(await c.backend.existenceCheck?.(req(alice))).toBe(true);
    expect(await c.backend.existenceCheck?.(req(bob))).toBe(false);
  });

  it("answers Vault's guards", async () => {
    const c = await cubbyhole();
    expect(await failure(c.call('read', 'x'))).toEqual({ status: 500, message: 'client token empty' });
    expect(await failure(c.call('update', 'x', {}, alice))).toEqual({ status: 500, message: 'missing data fields' });
    expect(await failure(c.call('update', '', { a: 1 }, alice))).toEqual({ status: 500, message: 'missing path' });
    expect(await failure(c.call('read', '', {}, alice))).toEqual({ status: 500, message: 'missing path' });
    expect(await failure(c.call('read', '../hash-bob/secret', {}, alice))).toEqual({
      status: 400,
      message: 'path cannot contain parent references',
    });
    expect(await failure(c.call('update', 'a/../../hash-bob/x', { a: 1 }, alice))).toMatchObject({ status: 400 });
  });

  it('empties a revoked token’s space and nothing else', async () => {
    const c = await cubbyhole();
    await c.call('update', 'a', { v: 1 }, alice);
    await c.call('update', 'deep/er/b', { v: 2 }, alice);
    await c.call('update', 'a', { v: 3 }, bob);
    await destroyCubbyhole(c.storage, 'hash-alice');
    expect(await c.call('list', '', {}, alice)).toBeNull();
    expect((await c.call('read', 'a', {}, bob))?.data).toEqual({ v: 3 });
    await expect(destroyCubbyhole(c.storage, '')).rejects.toThrow('client token empty during revocation');
    await destroyCubbyhole(c.storage, 'hash-nobody');
  });
});
