import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { blockItems, parseConfigSource } from '../../../src/config/hcl.js';

const FIXTURES = 'test/fixtures/config';

async function parseFixture(name: string) {
  const file = `${FIXTURES}/${name}`;
  return parseConfigSource(await readFile(file, 'utf8'), file);
}

async function parseError(name: string): Promise<ConfigError> {
  const err = await parseFixture(name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('parseConfigSource: HCL1 forms Vault accepts', () => {
  it('reads quoted keys', async () => {
    const { data } = await parseFixture('quoted-keys.hcl');
    expect(data.ui).toBe(true);
    expect(data.log_level).toBe('debug');
    expect(data.storage).toEqual([{ file: [{ path: '/var/lib/tsvault' }] }]);
  });

  it('reads commas after attributes', async () => {
    const { data } = await parseFixture('commas.hcl');
    expect(data.log_format).toBe('json');
    expect(data.listener).toEqual([{ tcp: [{ address: '127.0.0.1:8220', tls_disable: true }] }]);
  });

  it('reads attributes and the closing brace on one line', async () => {
    const { data } = await parseFixture('brace-same-line.hcl');
    expect(data.listener).toEqual([{ tcp: [{ address: '127.0.0.1:8230', tls_disable: 1 }] }]);
    expect(data.seal).toEqual([
      { transit: [{ address: 'https://transit.example:8200', key_name: 'autounseal' }] },
    ]);
  });

  it('ignores /* */, // and # comments, including keys inside them', async () => {
    const { data, nodes } = await parseFixture('comments.hcl');
    expect(data.storage).toEqual([{ file: [{ path: '/right' }] }]);
    expect(data.log_level).toBe('warn');
    const storage = nodes.filter((n) => n.key === 'storage');
    expect(storage).toHaveLength(1);
    expect(storage[0]).toMatchObject({ line: 9, col: 1, labels: ['file'] });
    expect(storage[0]!.body!.map((n) => [n.key, n.line])).toEqual([['path', 11]]);
  });

  it('reads tab-indented files and counts a tab as one column', async () => {
    const { data, nodes } = await parseFixture('tabs.hcl');
    expect(data.storage).toEqual([{ file: [{ path: '/tabbed' }] }]);
    const listener = nodes.find((n) => n.key === 'listener')!;
    expect(listener.body!.find((n) => n.key === 'tls_disable')).toMatchObject({ line: 7, col: 2 });
  });

  it('reads heredocs (plain and indented) and finds the keys after them', async () => {
    const { data, nodes } = await parseFixture('heredoc.hcl');
    expect(data.storage).toEqual([{ file: [{ path: '/heredoc', note: 'first line\nsecond line\n' }] }]);
    expect(data.seal).toEqual([
      {
        transit: [
          { address: 'https://transit.example:8200', token: 's.heredoc-token\n', key_name: 'autounseal' },
        ],
      },
    ]);
    const seal = nodes.find((n) => n.key === 'seal')!;
    expect(seal.body!.find((n) => n.key === 'key_name')).toMatchObject({ line: 14, col: 3 });
    expect(nodes.find((n) => n.key === 'listener')).toMatchObject({ line: 17, col: 1 });
  });

  it('reads octal and hex numbers as HCL1 does', async () => {
    const { data } = await parseConfigSource('a = 0644\nb = 0x10\n', 'inline.hcl');
    expect(data).toEqual({ a: 420, b: 16 });
  });

  it('strips a UTF-8 byte order mark', async () => {
    const { data } = await parseConfigSource('\uFEFFui = true\n', 'bom.hcl');
    expect(data).toEqual({ ui: true });
  });

  it('reads .json files with JSON.parse', async () => {
    const { data } = await parseFixture('config.json');
    expect(data.storage).toEqual({ file: { path: '/json/data', max_parallel: 8 } });
  });
});

describe('parseConfigSource: syntax errors carry file:line:col', () => {
  const cases: [string, number, number, string][] = [
    ['bad/unclosed-brace.hcl', 10, 1, 'object expected closing RBRACE got: EOF'],
    ['bad/illegal-char.hcl', 7, 15, 'illegal char'],
    ['bad/unterminated-string.hcl', 2, 18, 'literal not terminated'],
    ['bad/bad.json', 4, 3, "Expected ',' or '}' after property value"],
    ['bad/bad-token.json', 3, 16, "Unexpected token 'i'"],
    ['bad/truncated.json', 4, 1, "Expected ',' or '}' after property value"],
  ];
  it.each(cases)('%s → %i:%i', async (name, line, col, text) => {
    const err = await parseError(name);
    expect(err.code).toBe('CONFIG_PARSE');
    expect(err.message).toBe(`${FIXTURES}/${name}:${line}:${col}: ${text}`);
    expect([err.file, err.line, err.col]).toEqual([`${FIXTURES}/${name}`, line, col]);
  });

  const inline: [string, string][] = [
    ['ui true\n', 'x.hcl:1:4: expected: IDENT | STRING | ASSIGN | LBRACE got: BOOL'],
    ['ui = = 1\n', 'x.hcl:1:6: Unknown token: 1:6 ASSIGN ='],
    ['a = [1, 2\n', 'x.hcl:2:1: error parsing list, expected comma or list end, got: EOF'],
    ['/* never closed\nui = true\n', 'x.hcl:3:1: comment not terminated'],
    ['a = <<EOT\nno end\n', 'x.hcl:3:1: heredoc not terminated'],
    ['storage\n', "x.hcl:2:1: key 'storage' expected start of object ('{') or assignment ('=')"],
  ];
  it.each(inline)('reports %j with its position', async (text, expected) => {
    const err = await parseConfigSource(text, 'x.hcl').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(expected);
  });

  it('drops the library noise ("unable to parse JSON: At L:C:")', async () => {
    const err = await parseError('bad/illegal-char.hcl');
    expect(err.message).not.toMatch(/unable to parse|At \d+:\d+/);
  });

  it('finds a position for library errors that carry none', async () => {
    const err = await parseConfigSource('ui = true\nbig = 12345678901234567890\n', 'big.hcl').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/^big\.hcl:2:7: strconv\.ParseInt: parsing "12345678901234567890"/);
  });

  it('points an empty JSON document at its end', async () => {
    const err = await parseConfigSource('', 'empty.json').catch((e: unknown) => e);
    expect((err as ConfigError).message).toBe('empty.json:1:1: Unexpected end of JSON input');
  });

  it('rejects a JSON document that is not an object', async () => {
    const err = await parseConfigSource('[1, 2]', 'list.json').catch((e: unknown) => e);
    expect((err as ConfigError).message).toBe("list.json:1:1: file doesn't contain a root object");
  });

  /** The error a parse raises; fails the test when the parse succeeds. */
  async function raised(text: string, file: string): Promise<ConfigError> {
    const result = await parseConfigSource(text, file).then(
      (parsed) => parsed,
      (e: unknown) => e,
    );
    if (!(result instanceof Error)) throw new Error(`parsed without an error:\n${text}\n→ ${JSON.stringify(result)}`);
    expect(result).toBeInstanceOf(ConfigError);
    return result as ConfigError;
  }

  /** The message names file:line:col, the fields agree, and the position lies inside the text. */
  function expectPositioned(err: ConfigError, text: string, file: string): void {
    expect(err.code).toBe('CONFIG_PARSE');
    expect(err.file).toBe(file);
    expect(err.message.startsWith(`${file}:${err.line}:${err.col}: `), err.message).toBe(true);
    expect(err.message.slice(`${file}:${err.line}:${err.col}: `.length)).toMatch(/^\S/);
    const lines = text.split('\n');
    expect(err.line).toBeGreaterThanOrEqual(1);
    expect(err.line).toBeLessThanOrEqual(lines.length);
    expect(err.col).toBeGreaterThanOrEqual(1);
    expect(err.col).toBeLessThanOrEqual(lines[err.line! - 1]!.length + 1);
  }

  const ident = fc.constantFrom('ui', 'log_level', 'api_addr', 'max_lease_ttl', 'path', 'x1');
  const value = fc.constantFrom('true', '1', '0x10', '"text"', '"a b"', '[1, 2]', '["x", "y"]');
  const statement = fc.oneof(
    fc.tuple(ident, value).map(([k, v]) => [`${k} = ${v}`]),
    fc.tuple(ident, ident, value).map(([b, k, v]) => [`storage "${b}" {`, `  ${k} = ${v}`, '}']),
    fc.constantFrom(['# a comment'], ['// another'], ['/* block */'], ['']),
  );
  /** A fault on one line whose position is known: [text after the indent, column of the error, message]. */
  const fault = fc.oneof(
    fc.constant<[string, number, RegExp]>(['~', 1, /^illegal char$/]),
    fc.constant<[string, number, RegExp]>(['}', 1, /^expected: .* got: RBRACE$/]),
    ident.map((k): [string, number, RegExp] => [`${k} = = 1`, k.length + 4, /^Unknown token: \d+:\d+ ASSIGN =$/]),
    ident.map((k): [string, number, RegExp] => [`${k} = ~`, k.length + 4, /^illegal char$/]),
    ident.map((k): [string, number, RegExp] => [`${k} = "unterminated`, k.length + 17, /^literal not terminated$/]),
    ident.map((k): [string, number, RegExp] => [`${k} = 1 }`, k.length + 6, /^expected: .* got: RBRACE$/]),
  );

  it('reports the file, line and column of a fault put into valid HCL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(statement, { maxLength: 5 }),
        fault,
        fc.nat(3),
        fc.array(statement, { maxLength: 5 }),
        async (before, [bad, col, message], indent, after) => {
          const head = before.flat();
          const text = [...head, ' '.repeat(indent) + bad, ...after.flat()].join('\n') + '\n';
          const err = await raised(text, 'gen.hcl');
          expectPositioned(err, text, 'gen.hcl');
          expect([err.line, err.col]).toEqual([head.length + 1, indent + col]);
          expect(err.message.slice(`gen.hcl:${err.line}:${err.col}: `.length)).toMatch(message);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports a position for a truncated or corrupted JSON document', async () => {
    const json = fc.dictionary(fc.constantFrom('ui', 'storage', 'listener', 'a', 'b'), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 });
    await fc.assert(
      fc.asyncProperty(json, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), async (obj, at, corrupt) => {
        const full = JSON.stringify(obj, null, 2);
        const cut = Math.min(full.length - 1, Math.floor(at * full.length));
        // Either a proper prefix (never a whole object), or `~` where a value should start.
        const text = corrupt ? full.replace(/": /, '": ~') : full.slice(0, cut);
        const err = await raised(text, 'gen.json');
        expectPositioned(err, text, 'gen.json');
        if (corrupt) {
          const offset = text.indexOf('~');
          const line = text.slice(0, offset).split('\n').length;
          expect([err.line, err.col]).toEqual([line, offset - text.lastIndexOf('\n', offset - 1)]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('whatever the input: an object, or a ConfigError positioned inside the file (and errors do occur)', async () => {
    const piece = fc.constantFrom('ui', ' = ', '"x"', '{', '}', '[', ']', ',', '\n', '#', '/*', '~', '1', 'true', '<<EOT\n');
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.boolean(), async (text, json) => {
        const file = json ? 'gen.json' : 'gen.hcl';
        const result = await parseConfigSource(text, file).catch((e: unknown) => e);
        if (result instanceof Error) {
          errors++;
          expect(result).toBeInstanceOf(ConfigError);
          expectPositioned(result as ConfigError, text, file);
        } else {
          expect((result as { data: unknown }).data).toBeTypeOf('object');
        }
      }),
      { numRuns: 300 },
    );
    expect(errors).toBeGreaterThan(100);
  });
});

describe('blockItems', () => {
  it('reads HCL and JSON blocks the same way, with each block its own position', async () => {
    const hcl = await parseFixture('several-listeners.hcl');
    const json = await parseFixture('config.json');
    const fromHcl = blockItems(hcl.data.listener, hcl.nodes.filter((n) => n.key === 'listener'), hcl.file, 'listener');
    const fromJson = blockItems(json.data.listener, json.nodes.filter((n) => n.key === 'listener'), json.file, 'listener');
    expect(fromHcl.map((i) => [i.label, i.pos.line])).toEqual([
      ['tcp', 3],
      ['tcp', 8],
      ['tcp', 20],
    ]);
    expect(fromJson.map((i) => [i.label, i.body.address, i.pos.line, i.pos.col])).toEqual([
      ['tcp', '127.0.0.1:8300', 14, 7],
      ['tcp', '127.0.0.1:8301', 15, 7],
    ]);
    expect(fromHcl[1]!.nodes.find((n) => n.key === 'tls_min_version')).toMatchObject({ line: 12, col: 3 });
  });

  it('reads an empty labelled block', async () => {
    const src = await parseConfigSource('seal "shamir" {}\n', 'shamir.hcl');
    const items = blockItems(src.data.seal, src.nodes, src.file, 'seal');
    expect(items).toEqual([{ label: 'shamir', body: {}, pos: { file: 'shamir.hcl', line: 1, col: 1 }, nodes: [] }]);
  });

  it('refuses a value where a block belongs', async () => {
    const src = await parseConfigSource('ui = true\nstorage = "file"\n', 'value.hcl');
    expect(() => blockItems(src.data.storage, src.nodes.filter((n) => n.key === 'storage'), src.file, 'storage')).toThrow(
      'value.hcl:2:1: "storage" must be a block, not a value',
    );
  });
});
