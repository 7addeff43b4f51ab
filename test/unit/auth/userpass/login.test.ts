import { describe, expect, it } from 'vitest';
import { createPasswordHasher, type PasswordHasher } from '../../../../src/auth/userpass/password-hash.js';
import { failure, TEST_COST, userpass } from './support.js';

const GO_HASH = '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga';

/** A real hasher that also records what each verify compared against. */
function watchedHasher(): PasswordHasher & { compared: Array<string | null> } {
  const real = createPasswordHasher(TEST_COST);
  const compared: Array<string | null> = [];
  return {
    compared,
    cost: real.cost,
    hash: (password) => real.hash(password),
    verify: (password, stored) => {
      compared.push(stored);
      return real.verify(password, stored);
    },
  };
}

describe('userpass login', () => {
  it("answers the LoginAuth the core makes a token from, with Vault's metadata and alias", async () => {
    const u = await userpass();
    await u.call('update', 'users/alice', {
      password: 'pw',
      token_policies: 'dev,ops',
      token_ttl: '1h',
      token_max_ttl: '2h',
      token_explicit_max_ttl: '3h',
      token_num_uses: 5,
      token_no_default_policy: true,
      token_bound_cidrs: '127.0.0.0/8',
    });
    expect(await u.call('update', 'login/alice', { password: 'pw' })).toEqual({
      login: {
        policies: ['dev', 'ops'],
        noDefaultPolicy: true,
        metadata: { username: 'alice' },
        displayName: 'alice',
        alias: { name: 'alice' },
        ttl: 3600,
        maxTtl: 7200,
        explicitMaxTtl: 10800,
        period: 0,
        numUses: 5,
        renewable: true,
        boundCidrs: ['127.0.0.0/8'],
      },
    });
  });

  it('is an unauthenticated path of a userpass backend', async () => {
    const u = await userpass();
    expect(u.backend.type).toBe('userpass');
    expect(u.backend.unauthenticatedPaths).toEqual(['login/*']);
  });

  it('lower-cases the username in the metadata, display name and alias', async () => {
    const u = await userpass();
    await u.call('update', 'users/alice', { password: 'pw' });
    const res = await u.call('update', 'login/ALICE', { password: 'pw' });
    expect(res?.login).toMatchObject({ metadata: { username: 'alice' }, displayName: 'alice', alias: { name: 'alice' } });
  });

  it('takes the new password after a change, not the old one', async () => {
    const u = await userpass();
    await u.call('update', 'users/alice', { password: 'old' });
    expect((await u.call('update', 'login/alice', { password: 'old' }))?.login).toBeDefined();
    await u.call('update', 'users/alice/password', { password: 'new' });
    expect(await failure(u.call('update', 'login/alice', { password: 'old' }))).toEqual({
      status: 400,
      message: 'invalid username or password',
    });
    expect((await u.call('update', 'login/alice', { password: 'new' }))?.login).toBeDefined();
    // A new password through users/<name> works the same way.
    await u.call('update', 'users/alice', { password: 'newer' });
    expect(await failure(u.call('update', 'login/alice', { password: 'new' }))).toMatchObject({ status: 400 });
    expect((await u.call('update', 'login/alice', { password: 'newer' }))?.login).toBeDefined();
  });

  it('gives the policies set through users/<name>/policies', async () => {
    const u = await userpass();
    await u.call('update', 'users/alice', { password: 'pw', token_policies: 'dev' });
    await u.call('update', 'users/alice/policies', { token_policies: 'foo,bar' });
    expect((await u.call('update', 'login/alice', { password: 'pw' }))?.login?.policies).toEqual(['bar', 'foo']);
  });

  it("logs in with a hash made by Go's bcrypt (a user moved from Vault with password_hash)", async () => {
    const u = await userpass();
    await u.call('update', 'users/moved', { password_hash: GO_HASH });
    expect((await u.call('update', 'login/moved', { password: 'allmine' }))?.login?.displayName).toBe('moved');
    expect(await failure(u.call('update', 'login/moved', { password: 'allmine2' }))).toMatchObject({ status: 400 });
  });

  it('answers a wrong password and an unknown user identically, after one compare each', async () => {
    const hasher = watchedHasher();
    const u = await userpass({ hasher });
    await u.call('update', 'users/alice', { password: 'right' });
    const wrongPassword = await failure(u.call('update', 'login/alice', { password: 'wrong' }));
    const unknownUser = await failure(u.call('update', 'login/mallory', { password: 'wrong' }));
    expect(wrongPassword).toEqual({ status: 400, message: 'invalid username or password' });
    expect(unknownUser).toEqual(wrongPassword);
    // The known user is compared against its hash, the unknown one against the dummy (null).
    expect(hasher.compared).toHaveLength(2);
    expect(hasher.compared[0]).toMatch(/^\$2[aby]\$04\$/);
    expect(hasher.compared[1]).toBeNull();
  });

  it('still compares when the user was deleted', async () => {
    const hasher = watchedHasher();
    const u = await userpass({ hasher });
    await u.call('update', 'users/alice', { password: 'pw' });
    await u.call('delete', 'users/alice');
    expect(await failure(u.call('update', 'login/alice', { password: 'pw' }))).toEqual({
      status: 400,
      message: 'invalid username or password',
    });
    expect(hasher.compared).toEqual([null]);
  });

  it("answers Vault's plain error for a missing password, without a compare", async () => {
    const hasher = watchedHasher();
    const u = await userpass({ hasher });
    await u.call('update', 'users/alice', { password: 'pw' });
    expect(await failure(u.call('update', 'login/alice', {}))).toEqual({ status: 500, message: 'missing password' });
    expect(await failure(u.call('update', 'login/alice', { password: '' }))).toEqual({ status: 500, message: 'missing password' });
    expect(hasher.compared).toEqual([]);
  });

  it('is served for update (and create) only', async () => {
    const u = await userpass();
    await u.call('update', 'users/alice', { password: 'pw' });
    expect(await failure(u.call('read', 'login/alice'))).toEqual({ status: 405, message: 'unsupported operation' });
    expect((await u.call('create', 'login/alice', { password: 'pw' }))?.login).toBeDefined();
  });

  describe('token_bound_cidrs', () => {
    it('lets in a client inside the CIDRs and refuses one outside with a 403', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw', token_bound_cidrs: ['10.1.0.0/16', '192.168.0.7'] });
      expect((await u.call('update', 'login/alice', { password: 'pw' }, '10.1.2.3'))?.login).toBeDefined();
      expect((await u.call('update', 'login/alice', { password: 'pw' }, '192.168.0.7'))?.login).toBeDefined();
      // A v4 client on a dual-stack socket.
      expect((await u.call('update', 'login/alice', { password: 'pw' }, '::ffff:10.1.9.9'))?.login).toBeDefined();
      expect(await failure(u.call('update', 'login/alice', { password: 'pw' }, '10.2.0.1'))).toEqual({
        status: 403,
        message: 'permission denied',
      });
      expect(await failure(u.call('update', 'login/alice', { password: 'pw' }, '192.168.0.8'))).toEqual({
        status: 403,
        message: 'permission denied',
      });
    });

    it('checks the password first: a wrong password from outside is still a 400', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw', token_bound_cidrs: '10.0.0.0/8' });
      expect(await failure(u.call('update', 'login/alice', { password: 'nope' }, '172.16.0.1'))).toEqual({
        status: 400,
        message: 'invalid username or password',
      });
    });

    it('refuses, and says why in the log, when the request has no client address', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw', bound_cidrs: '10.0.0.0/8' });
      expect(await failure(u.call('update', 'login/alice', { password: 'pw' }, null))).toEqual({
        status: 403,
        message: 'permission denied',
      });
      expect(u.logs).toEqual([
        { level: 'warn', msg: 'token bound CIDRs found but no connection information available for validation', fields: undefined },
      ]);
    });

    it('binds nothing when empty, even without a client address', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw' });
      expect((await u.call('update', 'login/alice', { password: 'pw' }, null))?.login).toBeDefined();
    });
  });

  it('never logs the password or the hash', async () => {
    const u = await userpass();
    await u.call('update', 'users/alice', { password: 'hunter2-secret', token_bound_cidrs: '10.0.0.0/8' });
    await failure(u.call('update', 'login/alice', { password: 'hunter2-secret' }, null));
    await failure(u.call('update', 'login/alice', { password: 'wrong-secret' }));
    const logged = JSON.stringify(u.logs);
    expect(logged).not.toContain('secret');
    expect(logged).not.toContain('$2');
  });
});
