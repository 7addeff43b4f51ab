import { describe, expect, it } from 'vitest';
import { RequestDeadlines } from '../../../src/http/deadlines.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RequestDeadlines', () => {
  it('expires what is still held after the duration, in arrival order, and only that', async () => {
    const d = new RequestDeadlines(60);
    const fired: string[] = [];
    const a = {};
    const b = {};
    const c = {};
    d.hold(a, () => fired.push('a'));
    d.hold(b, () => fired.push('b'));
    expect(d.release(b)).toBe(true);
    await sleep(30);
    d.hold(c, () => fired.push('c'));
    await sleep(50);
    expect(fired).toEqual(['a']);
    expect(d.release(a)).toBe(false);
    await sleep(60);
    expect(fired).toEqual(['a', 'c']);
    expect(d.release(c)).toBe(false);
  });

  it('starts ticking again after everything held has gone', async () => {
    const d = new RequestDeadlines(20);
    const first = {};
    d.hold(first, () => undefined);
    expect(d.release(first)).toBe(true);
    await sleep(60);
    let fired = false;
    d.hold({}, () => (fired = true));
    await sleep(60);
    expect(fired).toBe(true);
  });
});
