import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../../ui/src/router.js';

describe('the UI router (hash routes)', () => {
  it('reads the page and the decoded segments after it', () => {
    expect(parseRoute('')).toEqual({ page: '', rest: [] });
    expect(parseRoute('#/')).toEqual({ page: '', rest: [] });
    expect(parseRoute('#/status')).toEqual({ page: 'status', rest: [] });
    expect(parseRoute('#/secrets/kv/a%2Fb/c%20d/')).toEqual({ page: 'secrets', rest: ['kv', 'a/b', 'c d'] });
    expect(parseRoute('#secrets//kv')).toEqual({ page: 'secrets', rest: ['kv'] });
    expect(parseRoute('#/x/%E0%A4%A')).toEqual({ page: 'x', rest: ['%E0%A4%A'] });
  });

  it('builds hrefs whose segments survive the round trip', () => {
    const link = href('secrets', 'kv', 'team/app', 'a b?#');
    expect(link).toBe('#/secrets/kv/team%2Fapp/a%20b%3F%23');
    expect(parseRoute(link)).toEqual({ page: 'secrets', rest: ['kv', 'team/app', 'a b?#'] });
  });
});
