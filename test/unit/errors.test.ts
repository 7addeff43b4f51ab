import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ERROR_CODES, TsvaultError } from '../../src/errors.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.split('## Error codes')[1]?.split('\n## ')[0] ?? '';
const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);

describe('error codes', () => {
  it('the README table lists exactly the codes in src/errors.ts, in order', () => {
    expect(documented).toEqual([...ERROR_CODES]);
  });

  it('config errors carry file:line:col in front of the message', () => {
    const e = new ConfigError('CONFIG_PARSE', 'bad', { file: 'a.hcl', line: 3, col: 7 });
    expect(e.message).toBe('a.hcl:3:7: bad');
    expect(e).toBeInstanceOf(TsvaultError);
    expect(e.code).toBe('CONFIG_PARSE');
  });
});
