import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from '../../../src/http/request-url.js';

/** The outcome, a throw included (`/\\` is no valid URL for the parser either). */
const outcome = (parse: () => { pathname: string; query: URLSearchParams }) => {
  try {
    const t = parse();
    return { pathname: t.pathname, query: [...t.query] };
  } catch (err) {
    return { threw: (err as NodeJS.ErrnoException).code };
  }
};
const viaUrl = (raw: string) =>
  outcome(() => {
    const url = new URL(raw, 'http://localhost');
    return { pathname: url.pathname, query: url.searchParams };
  });
const viaFastPath = (raw: string) => outcome(() => parseRequestTarget(raw));

describe('parseRequestTarget', () => {
  it('gives what new URL gives, for plain targets and for every kind it hands over to URL', () => {
    const targets = [
      '/v1/secret/data/k1',
      '/v1/secret/data/app.config?version=2&x=%20y+z',
      '/v1/sys/mounts/',
      '/v1/secret/metadata/?list=true',
      '/v1/a%2Fb/%41',
      '/v1/a/./b',
      '/v1/a/%2e%2E/b',
      '/v1/a/..',
      '//v1/sys/health',
      '/v1/a b',
      '/v1/a\\b',
      '/v1/x#frag',
      '/v1/x?q=1#frag',
      '/v1/%zz',
      '/v1/ü',
      '/v1/a\t/b',
      '/v1/"quoted"<>',
      '/v1/a?b?c=d',
      '/',
      '/\\',
    ];
    for (const raw of targets) expect(viaFastPath(raw), raw).toEqual(viaUrl(raw));
    expect(viaFastPath('/v1/secret/data/k1?version=2')).toEqual({ pathname: '/v1/secret/data/k1', query: [['version', '2']] });
  });

  it('gives what new URL gives for any target built from URL-significant characters (property)', () => {
    const chars = fc.constantFrom('a', 'Z', '0', '/', '.', '%', '2', 'e', 'E', 'f', '?', '#', '&', '=', '+', ' ', '\\', ':', '@', "'", '~', '-', '_', 'é', '\t', '"', '<', '`', '{', '|', '^', '[', '\n');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (parts) => {
        const raw = `/${parts.join('')}`;
        expect(viaFastPath(raw)).toEqual(viaUrl(raw));
      }),
      { numRuns: 3000 },
    );
  });
});
