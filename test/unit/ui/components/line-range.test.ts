import { describe, expect, it } from 'vitest';
import { lineRange } from '../../../../ui/src/components/line-range.js';

describe('lineRange', () => {
  it('gives the offsets of a 1-based line, the last line when past the end', () => {
    const text = 'path "a" {\n  capabilities = ["read"\n}';
    expect(text.slice(...lineRange(text, 1))).toBe('path "a" {');
    expect(text.slice(...lineRange(text, 2))).toBe('  capabilities = ["read"');
    expect(text.slice(...lineRange(text, 3))).toBe('}');
    expect(text.slice(...lineRange(text, 9))).toBe('}');
    expect(lineRange('', 1)).toEqual([0, 0]);
    expect(lineRange('a\n', 2)).toEqual([2, 2]);
  });
});
