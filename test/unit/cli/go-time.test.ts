import { describe, expect, it } from 'vitest';
import { GO_ZERO_TIME, goTimeString } from '../../../src/cli/go-time.js';

describe('goTimeString (Go\'s time.Time.String of a JSON time)', () => {
  it('UTC times: trailing zeros of the fraction dropped, no fraction when zero', () => {
    expect(goTimeString('2026-01-15T09:12:03.048213Z')).toBe('2026-01-15 09:12:03.048213 +0000 UTC');
    expect(goTimeString('2026-01-15T09:12:03.048213000Z')).toBe('2026-01-15 09:12:03.048213 +0000 UTC');
    expect(goTimeString('2026-01-15T09:12:03.000Z')).toBe('2026-01-15 09:12:03 +0000 UTC');
    expect(goTimeString('2026-01-15T09:12:03Z')).toBe('2026-01-15 09:12:03 +0000 UTC');
  });

  it('an offset gets the fabricated zone named by the offset; empty is the zero time; junk stays as is', () => {
    expect(goTimeString('2018-01-04T15:25:36.427549-05:00')).toBe('2018-01-04 15:25:36.427549 -0500 -0500');
    expect(goTimeString('')).toBe(GO_ZERO_TIME);
    expect(goTimeString('yesterday')).toBe('yesterday');
  });
});
