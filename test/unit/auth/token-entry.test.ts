import { describe, expect, it } from 'vitest';
import { LOOKUP_KEYS, lookupData, normalizeEntry } from '../../../src/auth/token-entry.js';

describe('lookupData', () => {
  it('writes every field, optional ones included, in sorted key order (Go map order)', () => {
    const now = Date.UTC(2025, 0, 1);
    const entry = normalizeEntry({
      hash: 'a'.repeat(64),
      accessor: 'acc',
      parent: 'b'.repeat(64),
      policies: ['default', 'dev'],
      path: 'auth/token/create/ops',
      display_name: 'token',
      creation_time: now / 1000,
      ttl: 3600,
      period: 600,
      num_uses: 2,
      meta: { team: 'x' },
      entity_id: 'e',
      role: 'ops',
      bound_cidrs: ['127.0.0.1/32'],
      lease: { issue_time: now, expire_time: now + 3_600_000, last_renewal_time: now + 1000, renewable: true, ttl: 3600 },
    });
    const data = lookupData(entry, 'hvs.x', now + 2000);
    const keys = Object.keys(data);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys)).toEqual(new Set(LOOKUP_KEYS));
    expect(data).toMatchObject({ id: 'hvs.x', role: 'ops', period: 600, bound_cidrs: ['127.0.0.1/32'], renewable: true, last_renewal_time: now / 1000 + 1 });
  });

  it('leaves the optional fields out for a root token, still in sorted order', () => {
    const data = lookupData(normalizeEntry({ hash: 'c'.repeat(64), policies: ['root'] }), 'root', 0);
    expect(Object.keys(data)).toEqual(Object.keys(data).sort());
    expect(data).not.toHaveProperty('role');
    expect(data).not.toHaveProperty('issue_time');
  });
});
