import { describe, expect, it } from 'vitest';
import { DEFAULT_WRAPPING_TTL, NO_WRAPPING, wrapTtlFor } from '../../../src/api/wrapping.js';

describe('wrapTtlFor (the X-Vault-Wrap-TTL of a request)', () => {
  it('the CLI flag, else VAULT_WRAP_TTL, else 5m for a write to sys/wrapping/wrap, else none', () => {
    const flag = { flagTtl: '1m0s', envTtl: '2m', off: false };
    expect(wrapTtlFor(flag, 'GET', 'secret/foo')).toBe('1m0s');
    expect(wrapTtlFor({ ...flag, flagTtl: '' }, 'GET', 'secret/foo')).toBe('2m');
    expect(wrapTtlFor(NO_WRAPPING, 'PUT', 'sys/wrapping/wrap')).toBe(DEFAULT_WRAPPING_TTL);
    expect(wrapTtlFor(NO_WRAPPING, 'POST', 'sys/wrapping/wrap')).toBe('5m');
    expect(wrapTtlFor(NO_WRAPPING, 'GET', 'sys/wrapping/wrap')).toBe('');
    expect(wrapTtlFor(NO_WRAPPING, 'PUT', 'secret/foo')).toBe('');
  });

  it('a lookup turned off answers nothing, whatever the flag or environment say', () => {
    expect(wrapTtlFor({ flagTtl: '1m0s', envTtl: '2m', off: true }, 'PUT', 'sys/wrapping/wrap')).toBe('');
  });
});
