import { describe, expect, it } from 'vitest';
import { getJson } from '../../../../src/logical/storage-view.js';
import type { UserEntry } from '../../../../src/auth/userpass/user-store.js';
import { failure, userpass } from './support.js';

const GO_HASH = '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga';

/** Everything a read shows for a user written with token_* fields only. */
const TOKEN_DEFAULTS = {
  token_bound_cidrs: [],
  token_explicit_max_ttl: 0,
  token_max_ttl: 0,
  token_no_default_policy: false,
  token_num_uses: 0,
  token_period: 0,
  token_policies: [],
  token_ttl: 0,
  token_type: 'default',
};

async function stored(u: Awaited<ReturnType<typeof userpass>>, name: string): Promise<UserEntry | null> {
  return getJson<UserEntry>(u.storage, `user/${name}`);
}

describe('userpass users', () => {
  it('creates, reads, updates and deletes a user, with a 204 for each write', async () => {
    const u = await userpass();
    expect(await u.call('update', 'users/alice', { password: 'pw1', token_policies: 'dev,ops', token_ttl: '1h' })).toEqual({
      noContent: true,
    });
    expect(await u.call('read', 'users/alice')).toEqual({
      data: { ...TOKEN_DEFAULTS, token_policies: ['dev', 'ops'], token_ttl: 3600 },
    });
    // An update merges: fields not sent keep their values, the password stays.
    const before = (await stored(u, 'alice'))!.password_hash;
    await u.call('update', 'users/alice', { token_max_ttl: 7200, token_bound_cidrs: ['10.0.0.0/8', '192.168.1.7'] });
    expect((await u.call('read', 'users/alice'))?.data).toEqual({
      ...TOKEN_DEFAULTS,
      token_policies: ['dev', 'ops'],
      token_ttl: 3600,
      token_max_ttl: 7200,
      token_bound_cidrs: ['10.0.0.0/8', '192.168.1.7'],
    });
    expect((await stored(u, 'alice'))!.password_hash).toBe(before);
    expect(await u.call('delete', 'users/alice')).toEqual({ noContent: true });
    expect(await u.call('read', 'users/alice')).toBeNull();
    expect(await stored(u, 'alice')).toBeNull();
    // Deleting what is not there is still a 204, as in Vault.
    expect(await u.call('delete', 'users/alice')).toEqual({ noContent: true });
  });

  it('keeps the bcrypt hash, never the password, and never shows either', async () => {
    const u = await userpass();
    await u.call('update', 'users/alice', { password: 'correct horse battery staple' });
    const entry = await stored(u, 'alice');
    expect(entry?.password_hash).toMatch(/^\$2[aby]\$04\$.{53}$/);
    const raw = Buffer.from((await u.storage.get('user/alice'))!).toString('utf8');
    expect(raw).not.toContain('correct horse');
    const read = JSON.stringify(await u.call('read', 'users/alice'));
    expect(read).not.toContain(entry!.password_hash);
    expect(read).not.toMatch(/password|hash/);
  });

  it('tells create from update with its existence check', async () => {
    const u = await userpass();
    const req = {
      operation: 'update' as const,
      path: 'users/Alice',
      mountPoint: 'auth/userpass/',
      data: {},
      storage: u.storage,
      id: 'r',
      headers: {},
    };
    expect(await u.backend.existenceCheck?.(req)).toBe(false);
    await u.call('update', 'users/alice', { password: 'pw' });
    expect(await u.backend.existenceCheck?.(req)).toBe(true);
    expect(await u.backend.existenceCheck?.({ ...req, path: 'login/alice' })).toBeUndefined();
  });

  it('needs a password or a password hash to create, not to update', async () => {
    const u = await userpass();
    expect(await failure(u.call('update', 'users/alice', { token_policies: 'dev' }))).toEqual({
      status: 400,
      message: '"password" or "password_hash" must be supplied',
    });
    expect(await failure(u.call('update', 'users/alice', { password: '' }))).toEqual({
      status: 400,
      message: '"password" or "password_hash" must be supplied',
    });
    expect(await u.call('read', 'users/alice')).toBeNull();
    await u.call('update', 'users/alice', { password: 'pw' });
    expect(await u.call('update', 'users/alice', { token_policies: 'dev' })).toEqual({ noContent: true });
  });

  it('refuses a password and a password hash together', async () => {
    const u = await userpass();
    expect(await failure(u.call('update', 'users/alice', { password: 'pw', password_hash: GO_HASH }))).toEqual({
      status: 400,
      message: '"password" and "password_hash" cannot be supplied together',
    });
    expect(await u.call('read', 'users/alice')).toBeNull();
  });

  it('stores a pre-hashed password as given, after checking its shape', async () => {
    const u = await userpass();
    await u.call('update', 'users/bob', { password_hash: GO_HASH });
    expect((await stored(u, 'bob'))?.password_hash).toBe(GO_HASH);
    expect(await failure(u.call('update', 'users/carol', { password_hash: 'not-bcrypt' }))).toEqual({
      status: 400,
      message: 'password hash has incorrect length',
    });
    expect(await failure(u.call('update', 'users/bob', { password_hash: `$2x$${GO_HASH.slice(4)}` }))).toEqual({
      status: 400,
      message: 'password hash has incorrect prefix',
    });
    expect((await stored(u, 'bob'))?.password_hash).toBe(GO_HASH);
    expect(await u.call('read', 'users/carol')).toBeNull();
  });

  it('refuses a token field error before hashing, and stores nothing', async () => {
    const u = await userpass();
    expect(await failure(u.call('update', 'users/alice', { password: 'pw', token_type: 'batch' }))).toEqual({
      status: 400,
      message: 'batch tokens are not supported',
    });
    expect(await failure(u.call('update', 'users/alice', { password: 'a'.repeat(73) }))).toEqual({
      status: 500,
      message: 'bcrypt: password length exceeds 72 bytes',
    });
    expect(await u.call('read', 'users/alice')).toBeNull();
  });

  it('lower-cases usernames everywhere, as Vault does', async () => {
    const u = await userpass();
    await u.call('update', 'users/Alice', { password: 'pw', token_policies: 'dev' });
    expect(await u.storage.list('user/')).toEqual(['alice']);
    expect((await u.call('read', 'users/ALICE'))?.data).toMatchObject({ token_policies: ['dev'] });
    // An update under another case is an update of the same user.
    await u.call('update', 'users/aLiCe', { token_policies: 'ops' });
    expect((await u.call('read', 'users/alice'))?.data).toMatchObject({ token_policies: ['ops'] });
    await u.call('update', 'users/ALICE/policies', { token_policies: 'qa' });
    await u.call('update', 'users/ALICE/password', { password: 'pw2' });
    expect(await u.storage.list('user/')).toEqual(['alice']);
    expect((await u.call('read', 'users/alice'))?.data).toMatchObject({ token_policies: ['qa'] });
    await u.call('delete', 'users/ALICE');
    expect(await u.call('read', 'users/alice')).toBeNull();
  });

  it('lists the users, and answers 404 (null) when there are none', async () => {
    const u = await userpass();
    expect(await u.call('list', 'users/')).toBeNull();
    await u.call('update', 'users/web', { password: 'pw' });
    await u.call('update', 'users/web2', { password: 'pw' });
    await u.call('update', 'users/Web3', { password: 'pw' });
    expect(await u.call('list', 'users/')).toEqual({ data: { keys: ['web', 'web2', 'web3'] } });
    expect(await u.call('list', 'users')).toEqual({ data: { keys: ['web', 'web2', 'web3'] } });
  });

  it("only serves Vault's operations and names", async () => {
    const u = await userpass();
    expect(await failure(u.call('read', 'users/'))).toEqual({ status: 405, message: 'unsupported operation' });
    expect(await failure(u.call('read', 'users/alice/password'))).toEqual({ status: 405, message: 'unsupported operation' });
    expect(await failure(u.call('update', 'users/-alice', { password: 'pw' }))).toEqual({ status: 404, message: 'unsupported path' });
    expect(await failure(u.call('update', 'users/alice.', { password: 'pw' }))).toEqual({ status: 404, message: 'unsupported path' });
    expect(await failure(u.call('update', 'users/a/b', { password: 'pw' }))).toEqual({ status: 404, message: 'unsupported path' });
    expect(await u.call('update', 'users/a.b-c_d', { password: 'pw' })).toEqual({ noContent: true });
    expect(await u.call('update', 'users/x', { password: 'pw' })).toEqual({ noContent: true });
  });

  describe('users/<name>/password', () => {
    it('replaces the hash and nothing else', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'old', token_policies: 'dev' });
      const before = await stored(u, 'alice');
      expect(await u.call('update', 'users/alice/password', { password: 'new' })).toEqual({ noContent: true });
      const after = await stored(u, 'alice');
      expect(after?.password_hash).not.toBe(before?.password_hash);
      expect(after?.token).toEqual(before?.token);
      expect(after?.legacy).toEqual(before?.legacy);
    });

    it("answers Vault's errors", async () => {
      const u = await userpass();
      expect(await failure(u.call('update', 'users/nobody/password', { password: 'x' }))).toEqual({
        status: 500,
        message: 'username does not exist',
      });
      expect(await u.call('read', 'users/nobody')).toBeNull();
      await u.call('update', 'users/alice', { password: 'pw' });
      expect(await failure(u.call('update', 'users/alice/password', {}))).toEqual({ status: 400, message: 'missing password' });
      expect(await failure(u.call('update', 'users/alice/password', { password: '' }))).toEqual({
        status: 400,
        message: 'missing password',
      });
    });
  });

  describe('users/<name>/policies', () => {
    it('sets token_policies as a sorted, de-duplicated policy list', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw', token_policies: 'dev', token_ttl: 60 });
      expect(await u.call('update', 'users/alice/policies', { token_policies: 'foo, Bar,foo' })).toEqual({ noContent: true });
      const data = (await u.call('read', 'users/alice'))?.data;
      expect(data).toMatchObject({ token_policies: ['bar', 'foo'], token_ttl: 60 });
      expect(data).not.toHaveProperty('policies');
    });

    it('takes the deprecated policies too, and echoes it', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw' });
      await u.call('update', 'users/alice/policies', { policies: ['root', 'dev'] });
      expect((await u.call('read', 'users/alice'))?.data).toMatchObject({ policies: ['root'], token_policies: ['root'] });
      await u.call('update', 'users/alice/policies', { token_policies: 'ops' });
      const data = (await u.call('read', 'users/alice'))?.data;
      expect(data).toMatchObject({ token_policies: ['ops'] });
      expect(data).not.toHaveProperty('policies');
    });

    it('keeps the password', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw' });
      const hash = (await stored(u, 'alice'))?.password_hash;
      await u.call('update', 'users/alice/policies', { token_policies: 'dev' });
      expect((await stored(u, 'alice'))?.password_hash).toBe(hash);
    });

    it('is a plain error for an unknown user', async () => {
      const u = await userpass();
      expect(await failure(u.call('update', 'users/nobody/policies', { token_policies: 'dev' }))).toEqual({
        status: 500,
        message: 'username does not exist',
      });
      expect(await u.call('read', 'users/nobody')).toBeNull();
    });
  });

  it('does not lose a write when two land on one user at once', async () => {
    const u = await userpass();
    await u.call('update', 'users/alice', { password: 'pw' });
    await Promise.all([
      u.call('update', 'users/alice', { password: 'new-pw' }),
      u.call('update', 'users/alice/policies', { token_policies: 'dev' }),
      u.call('update', 'users/alice', { token_ttl: 60 }),
    ]);
    expect((await u.call('read', 'users/alice'))?.data).toMatchObject({ token_policies: ['dev'], token_ttl: 60 });
  });
});
