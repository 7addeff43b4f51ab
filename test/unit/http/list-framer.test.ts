import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIST_MARKER_HEADER, ListFramer } from '../../../src/http/list-framer.js';

const NONCE = 'n0nce';
const MARK = `${LIST_MARKER_HEADER}: ${NONCE}\r\n`;

function frame(input: string, splits: number[] = []): { out: string; passthrough: boolean } {
  const framer = new ListFramer(NONCE);
  const bytes = Buffer.from(input, 'latin1');
  const cuts = [...new Set(splits.filter((s) => s > 0 && s < bytes.length))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(...framer.feed(bytes.subarray(from, cut)));
    from = cut;
  }
  return { out: Buffer.concat(parts).toString('latin1'), passthrough: framer.passthrough };
}

describe('ListFramer', () => {
  it('rewrites a LIST request line into GET with the marker header after it', () => {
    expect(frame('LIST /v1/secret/metadata/ HTTP/1.1\r\nHost: x\r\n\r\n').out).toBe(`GET /v1/secret/metadata/ HTTP/1.1\r\n${MARK}Host: x\r\n\r\n`);
  });

  it('leaves every other method, and lower-case list, byte for byte', () => {
    for (const req of ['GET /a HTTP/1.1\r\n\r\n', 'LISTX /a HTTP/1.1\r\n\r\n', 'list /a HTTP/1.1\r\n\r\n', 'DELETE /LIST HTTP/1.1\r\n\r\n']) {
      expect(frame(req)).toEqual({ out: req, passthrough: false });
    }
  });

  it('never rewrites LIST inside a Content-Length body, and rewrites the request after it', () => {
    const body = 'LIST /x HTTP/1.1\r\n\r\n';
    const input = `POST /a HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}LIST /b HTTP/1.1\r\n\r\n`;
    expect(frame(input).out).toBe(`POST /a HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}GET /b HTTP/1.1\r\n${MARK}\r\n`);
  });

  it('follows chunked bodies (with extensions and trailers) to the next request', () => {
    const input = 'PUT /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nLIST \r\n3\r\n/b \r\n0\r\nX-T: 1\r\n\r\nLIST /c HTTP/1.1\r\n\r\n';
    const { out, passthrough } = frame(input);
    expect(passthrough).toBe(false);
    expect(out).toBe(input.replace('LIST /c', 'GET /c').replace('/c HTTP/1.1\r\n', `/c HTTP/1.1\r\n${MARK}`));
  });

  it('skips the empty lines allowed between requests', () => {
    expect(frame('\r\nLIST /a HTTP/1.1\r\n\r\n').out).toBe(`\r\nGET /a HTTP/1.1\r\n${MARK}\r\n`);
  });

  it.each([
    ['both Content-Length and Transfer-Encoding', 'POST /a HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['two Content-Lengths', 'POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n'],
    ['a coding other than chunked', 'POST /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n'],
    ['an invalid Content-Length', 'POST /a HTTP/1.1\r\nContent-Length: 3x\r\n\r\n'],
    ['obs-fold', 'GET /a HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n'],
    ['a space before the colon', 'GET /a HTTP/1.1\r\nContent-Length : 3\r\n\r\n'],
    ['a bare LF', 'GET /a HTTP/1.1\nHost: x\n\n'],
    ['a bare CR inside a line', 'GET /a HTTP/1.1\r\nX-A: 1\r2\r\n\r\n'],
    ['an Upgrade', 'GET /a HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n'],
    ['CONNECT', 'CONNECT x:1 HTTP/1.1\r\n\r\n'],
    ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['a bad chunk size', 'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a chunk without its CRLF', 'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n'],
    ['an over-long method', `${'X'.repeat(40)} /a HTTP/1.1\r\n\r\n`],
  ])('stops rewriting on %s: the rest passes untouched', (_name, head) => {
    const input = `${head}LIST /z HTTP/1.1\r\n\r\n`;
    expect(frame(input)).toEqual({ out: input, passthrough: true });
  });

  it('holds no more than a bounded line: an endless header line turns to pass-through', () => {
    const framer = new ListFramer(NONCE);
    framer.feed(Buffer.from('GET /a HTTP/1.1\r\nX-Long: '));
    const big = Buffer.alloc(32 * 1024, 0x61);
    let passed = 0;
    for (let i = 0; i < 4; i++) passed += Buffer.concat(framer.feed(big)).length;
    expect(passed).toBe(4 * big.length); // every byte forwarded at once, none held back
    expect(framer.passthrough).toBe(true);
  });

  it('gives the same bytes whatever the chunk boundaries (property)', () => {
    const request = fc.oneof(
      fc.constantFrom('LIST', 'GET', 'DELETE').map((m) => `${m} /v1/k?x=1 HTTP/1.1\r\nHost: h\r\n\r\n`),
      fc.string({ maxLength: 40 }).map((b) => {
        const body = `LIST ${b}`;
        return `POST /v1/p HTTP/1.1\r\ncontent-length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;
      }),
      fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }).map(
        (chunks) => `PUT /v1/c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n${chunks.map((c) => `${Buffer.byteLength(c, 'latin1').toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`,
      ),
    );
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(600), { maxLength: 12 }), (requests, splits) => {
        const input = requests.join('');
        const whole = frame(input);
        expect(whole.passthrough).toBe(false);
        expect(frame(input, splits).out).toBe(whole.out);
        const expected = requests.map((r) => (r.startsWith('LIST ') ? r.replace('LIST ', 'GET ').replace('HTTP/1.1\r\n', `HTTP/1.1\r\n${MARK}`) : r)).join('');
        expect(whole.out).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
