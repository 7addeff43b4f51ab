import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, CoreError, ERROR_CODES, ERRORS, errorMessage, errorStatus, TsvaultError } from '../../src/errors.js';
import { HttpError } from '../../src/http/errors.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.split('## Error codes')[1]?.split('\n## ')[0] ?? '';
/** The table's rows: code, HTTP status ('—' for none) and the fixed message (empty where it varies). */
const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]*) \| ([^|]*) \|/gm)].map((m) => ({
  code: m[1],
  status: m[2]!.trim(),
  message: m[3]!.trim().replace(/^`(.*)`$/, '$1'),
}));

describe('error codes', () => {
  it('the README table lists exactly the codes in src/errors.ts, in order', () => {
    expect(rows.map((r) => r.code)).toEqual([...ERROR_CODES]);
  });

  it('the README table gives each code its declared HTTP status and fixed message', () => {
    const declared = ERROR_CODES.map((code) => ({
      code,
      status: String(errorStatus(code) ?? '—'),
      message: errorMessage(code) ?? '',
    }));
    expect(rows).toEqual(declared);
  });

  it('a fixed message belongs to a code with a status', () => {
    for (const code of ERROR_CODES) if (errorMessage(code) !== undefined) expect(errorStatus(code)).toBeDefined();
    expect(Object.keys(ERRORS)).toEqual([...ERROR_CODES]);
  });

  it('a CoreError takes its status and, where fixed, its message from the declaration', () => {
    const sealed = new CoreError('BARRIER_SEALED');
    expect([sealed.code, sealed.status, sealed.message]).toEqual(['BARRIER_SEALED', 503, 'Vault is sealed']);
    const cause = new Error('inner');
    const internal = new CoreError('CORE_INTERNAL', 'core: broke', { cause });
    expect([internal.code, internal.status, internal.message, internal.cause]).toEqual(['CORE_INTERNAL', 500, 'core: broke', cause]);
    const denied = new CoreError('CORE_PERMISSION_DENIED', { cause });
    expect([denied.status, denied.message, denied.cause]).toEqual([403, 'permission denied', cause]);
    expect(denied).toBeInstanceOf(TsvaultError);
  });

  it('an HttpError answers with the declared status and its error list', () => {
    const big = new HttpError('HTTP_BODY_TOO_LARGE');
    expect([big.status, big.errors]).toEqual([413, ['failed to parse JSON input: http: request body too large']]);
    const method = new HttpError('HTTP_METHOD_NOT_ALLOWED', []);
    expect([method.status, method.errors, method.message]).toEqual([405, [], '']);
    const bad = new HttpError('CORE_INVALID_REQUEST', ['a', 'b']);
    expect([bad.status, bad.errors, bad.message]).toEqual([400, ['a', 'b'], 'a; b']);
  });

  it('config errors carry file:line:col in front of the message', () => {
    const e = new ConfigError('CONFIG_PARSE', 'bad', { file: 'a.hcl', line: 3, col: 7 });
    expect(e.message).toBe('a.hcl:3:7: bad');
    expect(e).toBeInstanceOf(TsvaultError);
    expect(e.code).toBe('CONFIG_PARSE');
  });
});
