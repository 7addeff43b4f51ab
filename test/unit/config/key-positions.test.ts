import { describe, expect, it } from 'vitest';
import { locateKeys } from '../../../src/config/key-positions.js';

describe('locateKeys', () => {
  it('finds top-level and nested keys with their labels', () => {
    const nodes = locateKeys('ui = true\nlistener "tcp" {\n  address = "a" }\n"seal" "awskms" { region = "r" }\n');
    expect(nodes.map((n) => [n.key, n.labels, n.line, n.col])).toEqual([
      ['ui', [], 1, 1],
      ['listener', ['tcp'], 2, 1],
      ['seal', ['awskms'], 4, 1],
    ]);
    expect(nodes[1]!.body).toEqual([{ key: 'address', labels: [], line: 3, col: 3 }]);
    expect(nodes[2]!.body).toEqual([{ key: 'region', labels: [], line: 4, col: 19 }]);
  });

  it('does not mistake strings for keys', () => {
    const nodes = locateKeys('a = "storage \\"x\\" {"\nb = "${foo("bar", {})}"\nc = 1\n');
    expect(nodes.map((n) => n.key)).toEqual(['a', 'b', 'c']);
  });

  it('finds JSON keys inside objects and arrays', () => {
    const nodes = locateKeys('{\n  "listener": [\n    {"tcp": {"address": "a"}}\n  ]\n}');
    expect(nodes).toHaveLength(1);
    const tcp = nodes[0]!.items![0]![0]!;
    expect(tcp).toMatchObject({ key: 'tcp', line: 3, col: 6 });
    expect(tcp.body).toEqual([{ key: 'address', labels: [], line: 3, col: 14 }]);
  });
});
