import { describe, expect, it } from 'vitest';
import { normalizeEntry } from '../../../src/auth/token-entry.js';
import { chooseRolePolicies, globMatch, roleHasPolicyLists } from '../../../src/auth/token-roles-policies.js';
import { newRole } from '../../../src/auth/token-roles.js';

describe('globMatch (go-glob)', () => {
  it.each([
    ['team-*', 'team-a', true],
    ['team-*', 'team-', true],
    ['team-*', 'xteam-a', false],
    ['*-admin', 'ops-admin', true],
    ['*-admin', 'ops-admins', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'acb', false],
    ['a*b', 'a', false],
    ['a*a', 'aa', true],
    ['*', '', true],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['', '', true],
    ['', 'x', false],
  ])('%s vs %s → %s', (pattern, subject, expected) => {
    expect(globMatch(pattern, subject)).toBe(expected);
  });
});

describe('chooseRolePolicies', () => {
  const parent = normalizeEntry({ hash: 'p', policies: ['app', 'default'] });

  it('says whether a role restricts policies', () => {
    expect(roleHasPolicyLists(newRole('r'))).toBe(false);
    expect(roleHasPolicyLists({ ...newRole('r'), disallowed_policies_glob: ['x*'] })).toBe(true);
  });

  it('with only a disallowed list, no request gives the parent\'s policies plus default', () => {
    const role = { ...newRole('r'), disallowed_policies: ['secret'] };
    expect(chooseRolePolicies(role, [], false, normalizeEntry({ hash: 'p', policies: ['app'] }))).toEqual(['app', 'default']);
    expect(chooseRolePolicies(role, ['x'], true, parent)).toEqual(['x']);
  });

  it('root in the allowed list swallows the rest', () => {
    const role = { ...newRole('r'), allowed_policies: ['root'] };
    expect(chooseRolePolicies(role, [], false, parent)).toEqual(['root']);
  });
});
