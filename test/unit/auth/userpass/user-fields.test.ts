import { describe, expect, it } from 'vitest';
import { mergePoliciesWrite, mergeUserWrite, userReadData } from '../../../../src/auth/userpass/user-fields.js';
import { NO_LEGACY } from '../../../../src/auth/userpass/user-store.js';
import { EMPTY_TOKEN_FIELDS } from '../../../../src/auth/token-fields.js';
import { userpass } from './support.js';

const NEW_USER = { token: EMPTY_TOKEN_FIELDS, legacy: NO_LEGACY };

describe('userpass user fields', () => {
  it('merge a write into what was stored, leaving the stored record alone', () => {
    const stored = mergeUserWrite({ token_policies: 'dev', token_ttl: 60 }, NEW_USER);
    const next = mergeUserWrite({ token_num_uses: 2 }, stored);
    expect(next.token).toMatchObject({ token_policies: ['dev'], token_ttl: 60, token_num_uses: 2 });
    expect(stored.token.token_num_uses).toBe(0);
    expect(EMPTY_TOKEN_FIELDS.token_policies).toEqual([]);
    expect(NO_LEGACY).toEqual({ policies: [], ttl: 0, max_ttl: 0, bound_cidrs: [] });
  });

  it('parse the deprecated policies as Vault parses a policy list', () => {
    expect(mergeUserWrite({ policies: ' B,a,,A ' }, NEW_USER)).toEqual({
      token: { ...EMPTY_TOKEN_FIELDS, token_policies: ['a', 'b'] },
      legacy: { policies: ['a', 'b'], ttl: 0, max_ttl: 0, bound_cidrs: [] },
    });
  });

  it('record each deprecated name only while the last write used it', () => {
    const old = mergeUserWrite({ ttl: 30, max_ttl: 90, bound_cidrs: '10.0.0.1' }, NEW_USER);
    expect(old.legacy).toEqual({ policies: [], ttl: 30, max_ttl: 90, bound_cidrs: ['10.0.0.1'] });
    const renamed = mergeUserWrite({ token_ttl: 40, token_bound_cidrs: '10.0.0.2' }, old);
    expect(renamed.legacy).toEqual({ policies: [], ttl: 0, max_ttl: 90, bound_cidrs: [] });
    expect(renamed.token).toMatchObject({ token_ttl: 40, token_max_ttl: 90, token_bound_cidrs: ['10.0.0.2'] });
  });

  it('set policies from the policies path, clearing the old name unless it was sent', () => {
    const withOld = mergePoliciesWrite({ policies: 'x,y' }, NEW_USER);
    expect(withOld.legacy.policies).toEqual(['x', 'y']);
    expect(mergePoliciesWrite({ token_policies: 'z' }, withOld)).toMatchObject({
      token: { token_policies: ['z'] },
      legacy: { policies: [] },
    });
    expect(mergePoliciesWrite({ token_policies: 'z', policies: 'ignored' }, withOld).legacy.policies).toEqual(['z']);
    // Neither name: nothing changes.
    expect(mergePoliciesWrite({}, withOld)).toEqual(withOld);
  });

  it('show ttl, max_ttl, policies and bound_cidrs only while set', () => {
    expect(Object.keys(userReadData(NEW_USER))).toEqual([
      'token_bound_cidrs',
      'token_explicit_max_ttl',
      'token_max_ttl',
      'token_no_default_policy',
      'token_num_uses',
      'token_period',
      'token_policies',
      'token_ttl',
      'token_type',
    ]);
    const old = mergeUserWrite({ ttl: 30 }, NEW_USER);
    expect(userReadData(old)).toMatchObject({ ttl: 30, token_ttl: 30 });
    expect(userReadData(old)).not.toHaveProperty('max_ttl');
  });

  describe('the deprecated fields', () => {
    it('set the token_* fields, and a read echoes them while they were last written by the old name', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', {
        password: 'pw',
        policies: 'Ops, dev,ops',
        ttl: '1h',
        max_ttl: 7200,
        bound_cidrs: '10.0.0.0/8',
      });
      expect((await u.call('read', 'users/alice'))?.data).toEqual({
        bound_cidrs: ['10.0.0.0/8'],
        max_ttl: 7200,
        policies: ['dev', 'ops'],
        token_bound_cidrs: ['10.0.0.0/8'],
        token_explicit_max_ttl: 0,
        token_max_ttl: 7200,
        token_no_default_policy: false,
        token_num_uses: 0,
        token_period: 0,
        token_policies: ['dev', 'ops'],
        token_ttl: 3600,
        token_type: 'default',
        ttl: 3600,
      });
      // A read lists its keys sorted, as Go encodes a map.
      expect(Object.keys((await u.call('read', 'users/alice'))!.data!)).toEqual(
        [...Object.keys((await u.call('read', 'users/alice'))!.data!)].sort(),
      );
    });

    it('stop being echoed once the new name is written alone', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw', policies: 'dev', ttl: 60 });
      await u.call('update', 'users/alice', { token_policies: 'ops', token_ttl: 120 });
      const data = (await u.call('read', 'users/alice'))?.data;
      expect(data).toMatchObject({ token_policies: ['ops'], token_ttl: 120 });
      expect(data).not.toHaveProperty('policies');
      expect(data).not.toHaveProperty('ttl');
    });

    it('lose to the new name when both are sent, and are echoed with its value', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw', policies: 'dev', token_policies: 'ops', ttl: 60, token_ttl: 120 });
      expect((await u.call('read', 'users/alice'))?.data).toMatchObject({
        policies: ['ops'],
        token_policies: ['ops'],
        ttl: 120,
        token_ttl: 120,
      });
    });

    it('stay echoed across writes that touch neither name', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw', max_ttl: 600 });
      await u.call('update', 'users/alice', { token_num_uses: 3 });
      await u.call('update', 'users/alice/password', { password: 'pw2' });
      expect((await u.call('read', 'users/alice'))?.data).toMatchObject({ max_ttl: 600, token_max_ttl: 600, token_num_uses: 3 });
    });

    it('leave out period: userpass has no such field', async () => {
      const u = await userpass();
      await u.call('update', 'users/alice', { password: 'pw', period: 300 });
      expect((await u.call('read', 'users/alice'))?.data).toMatchObject({ token_period: 0 });
      await u.call('update', 'users/alice', { token_period: 300 });
      expect((await u.call('read', 'users/alice'))?.data).toMatchObject({ token_period: 300 });
    });
  });
});
