import { describe, expect, it } from 'vitest';
import { GatedSink } from '../../../src/log/gated-sink.js';

describe('GatedSink', () => {
  it('holds lines until opened, then writes them in order and streams the rest', () => {
    const out: string[] = [];
    const gate = new GatedSink({ write: (l: string) => out.push(l) });
    gate.write('a');
    gate.write('b');
    expect(out).toEqual([]);
    gate.open();
    expect(out).toEqual(['a', 'b']);
    gate.write('c');
    expect(out).toEqual(['a', 'b', 'c']);
    gate.open(); // a second open writes nothing again
    expect(out).toEqual(['a', 'b', 'c']);
  });
});
