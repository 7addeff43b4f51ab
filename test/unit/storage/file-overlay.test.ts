import { describe, expect, it } from 'vitest';
import { Overlay } from '../../../src/storage/file-overlay.js';

const put = () => ({ value: Uint8Array.of(1) });
const del = () => ({ value: null });
const sorted = (o: Overlay, prefix: string) => o.under(prefix).sort(([a], [b]) => (a < b ? -1 : 1));

describe('group-commit overlay: the folder index', () => {
  it('answers the children of a folder, leaves with put/delete and folders with whether a put lies under them', () => {
    const o = new Overlay();
    o.set('a/b/c', put());
    o.set('a/b/d', del());
    o.set('a/e', del());
    o.set('top', put());
    expect(sorted(o, '')).toEqual([['a/', true], ['top', true]]);
    expect(sorted(o, 'a/')).toEqual([['b/', true], ['e', false]]);
    expect(sorted(o, 'a/b/')).toEqual([['c', true], ['d', false]]);
    o.set('a/b/c', del()); // a put turned into a delete: no put left under a/
    expect(sorted(o, '')).toEqual([['a/', false], ['top', true]]);
    expect(o.under('nothing/')).toEqual([]);
  });

  it('forgets a key only when the checkpointed entry is still its latest', () => {
    const o = new Overlay();
    const first = put();
    o.set('x/y', first);
    const second = del();
    o.set('x/y', second);
    o.removeIf('x/y', first); // a later write came in: kept
    expect(o.get('x/y')).toBe(second);
    expect(sorted(o, 'x/')).toEqual([['y', false]]);
    o.removeIf('x/y', second);
    expect(o.size).toBe(0);
    expect(o.under('')).toEqual([]);
    expect(o.under('x/')).toEqual([]);
  });
});
