import { describe, expect, it } from 'vitest';
import { columnize, goJson, goStringList, humanDuration, table, wrapAtLength } from '../../../src/cli/format.js';

describe('output primitives', () => {
  it('columnize pads all but the last column, glues with four spaces, shows empty as n/a', () => {
    expect(columnize([['a', '1'], ['long key', ''], [' x ', ' y ']])).toBe('a           1\nlong key    n/a\nx           y');
  });

  it('table adds the Key/Value header and rule', () => {
    expect(table([['Sealed', 'true']])).toBe('Key       Value\n---       -----\nSealed    true');
  });

  it('wraps with minimal raggedness at 78 columns like kr/text', () => {
    const wrapped = wrapAtLength(
      'Success! You are now authenticated. The token information displayed below is already ' +
        'stored in the token helper. You do NOT need to run "vault login" again. Future Vault ' +
        'requests will automatically use this token.',
    );
    expect(wrapped).toBe(
      'Success! You are now authenticated. The token information displayed below\n' +
        'is already stored in the token helper. You do NOT need to run "vault login"\n' +
        'again. Future Vault requests will automatically use this token.',
    );
    expect(wrapAtLength('short text', 2)).toBe('  short text');
  });

  it('JSON like json.MarshalIndent, HTML-escaped', () => {
    expect(goJson({ a: [], b: ['<&>'], c: null })).toBe(
      '{\n  "a": [],\n  "b": [\n    "\\u003c\\u0026\\u003e"\n  ],\n  "c": null\n}',
    );
  });

  it('durations and string lists like Vault', () => {
    expect(humanDuration(0)).toBe('0s');
    expect(humanDuration(90)).toBe('1m30s');
    expect(humanDuration(3600)).toBe('1h');
    expect(humanDuration(3660)).toBe('1h1m');
    expect(humanDuration(3601)).toBe('1h1s'); // Vault drops "0m" wherever it is
    expect(goStringList(null)).toBe('[]');
    expect(goStringList(['a', 'b'])).toBe('["a" "b"]');
  });
});
