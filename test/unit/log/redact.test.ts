/** redact() itself (src/log/redact.ts): what it walks, what it copies, and where it stops. */
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactFields } from '../../../src/log/redact.js';

describe('redact', () => {
  it('returns primitives, null and undefined as they are', () => {
    for (const v of [5, 'token', true, null, undefined, 10n]) expect(redact(v)).toBe(v);
  });

  it('blanks sensitive fields beside null and undefined values', () => {
    expect(redact({ a: null, b: undefined, token: 'x' })).toStrictEqual({ a: null, b: undefined, token: REDACTED });
  });

  it('returns the very same value when there is nothing to blank, and never adds keys', () => {
    const clean = { a: 1, b: [{ c: 'd' }], e: new Error('plain') };
    expect(redact(clean)).toBe(clean);
    const err = new Error('just a message');
    expect(redact(err)).toBe(err);
    expect(redactFields({ password: 'p' })).toStrictEqual({ password: REDACTED });
  });

  it("copies on write: the caller's objects and arrays are left untouched", () => {
    const row = { token: 'secret' };
    const list = [row, { other: 1 }];
    const input = { list };
    const out = redact(input) as { list: Array<Record<string, unknown>> };
    expect(out.list[0]).toStrictEqual({ token: REDACTED });
    expect(out.list[1]).toBe(list[1]);
    expect(list[0]).toBe(row);
    expect(row.token).toBe('secret');
    expect(input.list).toBe(list);
  });

  it('walks objects without a prototype, and the fields of errors', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { token: 'x', kept: 1 });
    expect(redact(bare)).toStrictEqual({ token: REDACTED, kept: 1 });
    const err = Object.assign(new Error('failed'), { client_token: 'hvs.x' });
    expect(redact(err)).toStrictEqual({ client_token: REDACTED, message: 'failed', name: 'Error' });
  });

  it('marks a cycle, but blanks an object shared by two fields in both places', () => {
    const loop: Record<string, unknown> = { token: 'x' };
    loop.self = loop;
    expect(redact(loop)).toStrictEqual({ token: REDACTED, self: '[circular]' });
    const shared = { token: 'x' };
    expect(redact({ a: shared, b: [shared] })).toStrictEqual({ a: { token: REDACTED }, b: [{ token: REDACTED }] });
  });

  it('stops 16 levels down, so nothing deeper can leak', () => {
    const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { n: nest(depth - 1, leaf) });
    const at = (v: unknown, depth: number): unknown => (depth === 0 ? v : at((v as { n: unknown }).n, depth - 1));
    const out = redact(nest(30, { token: 'deep' }));
    expect(at(out, 16)).toBe('[too deep]');
    expect(typeof at(out, 15)).toBe('object');
    expect(JSON.stringify(out)).not.toContain('deep"');
    const list = redact([[[[[[[[[[[[[[[[['x']]]]]]]]]]]]]]]]]);
    expect(JSON.stringify(list)).toContain('[too deep]');
  });
});
