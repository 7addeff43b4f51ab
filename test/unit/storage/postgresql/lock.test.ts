import { describe, expect, it } from 'vitest';
import { CORE_LOCK_KEY } from '../../../../src/storage/ha.js';
import { connect } from '../../../support/postgres.js';
import { rejection } from '../support.js';
import { backends, SHORT_TIMINGS, usePostgres } from './support.js';

const enc = (s: string) => new TextEncoder().encode(s);
const pg = usePostgres();
const open = backends(pg);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two nodes on the same tables. */
function pair() {
  const a = open();
  const b = open({ table: a.table, ha_table: a.haTable });
  return { a, b };
}

describe('postgresql HA lock (short timings)', () => {
  it('refuses timings under which a holder could never keep the lock', () => {
    expect(() => open({}, { lockTimings: { ttlSeconds: 1.5 } })).toThrow(/whole seconds/);
    expect(() => open({}, { lockTimings: { ttlSeconds: 2, renewIntervalMs: 1800, safetyMarginMs: 300 } })).toThrow(/renewals due before/);
  });

  it('two locks contend: one wins, holder() names it, the other waits', async () => {
    const { a, b } = pair();
    const la = a.backend.lockWith(CORE_LOCK_KEY, 'node-a');
    const lb = b.backend.lockWith(CORE_LOCK_KEY, 'node-b');
    const lost = await la.lock(new AbortController().signal);
    expect(lost?.aborted).toBe(false);
    expect(la.heldUntil()).toBeGreaterThan(performance.now());
    expect(await b.backend.holder(CORE_LOCK_KEY)).toEqual({ held: true, value: 'node-a' });
    const stop = new AbortController();
    const waiting = lb.lock(stop.signal);
    await sleep(SHORT_TIMINGS.ttlSeconds * 1000 + 300); // past a TTL: a renewed lock is not free
    expect(lb.heldUntil()).toBe(0);
    stop.abort();
    expect(await waiting).toBeNull();
    expect(lost?.aborted).toBe(false);
    expect(await a.backend.holder('other/key')).toEqual({ held: false, value: '' });
    await la.unlock();
  });

  it('unlock deletes the row and hands over to a waiting lock', async () => {
    const { a, b } = pair();
    const la = a.backend.lockWith(CORE_LOCK_KEY, 'node-a');
    const lb = b.backend.lockWith(CORE_LOCK_KEY, 'node-b');
    await la.lock(new AbortController().signal);
    const waiting = lb.lock(new AbortController().signal);
    await sleep(150);
    await la.unlock();
    expect(la.heldUntil()).toBe(0);
    const started = performance.now();
    expect((await waiting)?.aborted).toBe(false);
    expect(performance.now() - started).toBeLessThan(SHORT_TIMINGS.retryIntervalMs + 500);
    expect(await a.backend.holder(CORE_LOCK_KEY)).toEqual({ held: true, value: 'node-b' });
    await lb.unlock();
    expect(await a.backend.holder(CORE_LOCK_KEY)).toEqual({ held: false, value: '' });
    await lb.unlock(); // not held: no error
  });

  it('a renewal that finds the row taken aborts `lost`', async () => {
    const { a } = pair();
    const la = a.backend.lockWith(CORE_LOCK_KEY, 'node-a');
    const lost = (await la.lock(new AbortController().signal))!;
    const client = await connect(pg());
    try {
      await client.query(
        `UPDATE "${a.haTable}" SET ha_identity = 'thief', ha_value = 'x', valid_until = NOW() + INTERVAL '30 seconds'`,
      );
    } finally {
      await client.end();
    }
    const started = performance.now();
    while (!lost.aborted && performance.now() - started < 2000) await sleep(20);
    expect(lost.aborted).toBe(true);
    expect(performance.now() - started).toBeLessThan(SHORT_TIMINGS.renewIntervalMs + 400);
    expect(la.heldUntil()).toBe(0);
    await la.unlock(); // deletes nothing of the thief's
    expect(await a.backend.holder(CORE_LOCK_KEY)).toEqual({ held: true, value: 'x' });
  });

  it('a holder whose renewals are blocked steps down before a contender can take the lock', async () => {
    const { a, b } = pair();
    const la = a.backend.lockWith(CORE_LOCK_KEY, 'node-a');
    const lb = b.backend.lockWith(CORE_LOCK_KEY, 'node-b');
    const lost = (await la.lock(new AbortController().signal))!;
    let lostAt = 0;
    lost.addEventListener('abort', () => (lostAt = performance.now()));
    await sleep(SHORT_TIMINGS.renewIntervalMs); // one renewal through
    const blocker = await connect(pg());
    let acquiredAt = 0;
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE "${a.haTable}" IN ACCESS EXCLUSIVE MODE`);
      const blockedAt = performance.now();
      const bLost = lb.lock(new AbortController().signal).then((s) => ((acquiredAt = performance.now()), s));
      await sleep(SHORT_TIMINGS.ttlSeconds * 1000 + 500);
      expect(lost.aborted).toBe(true);
      expect(lostAt - blockedAt).toBeLessThan(SHORT_TIMINGS.ttlSeconds * 1000);
      expect(acquiredAt).toBe(0);
      await blocker.query('ROLLBACK');
      expect((await bLost)?.aborted).toBe(false);
    } finally {
      await blocker.end();
    }
    expect(lostAt).toBeGreaterThan(0);
    expect(lostAt).toBeLessThan(acquiredAt);
    expect(await b.backend.holder(CORE_LOCK_KEY)).toEqual({ held: true, value: 'node-b' });
    expect(a.logger.lines.some((l) => l.level === 'warn' && /stepping down/.test(l.msg))).toBe(true);
    await la.unlock();
    await lb.unlock();
  });

  it('fenced writes go through while the lock holds and refuse (writing nothing) after a takeover', async () => {
    const { a, b } = pair();
    const la = a.backend.lockWith(CORE_LOCK_KEY, 'node-a');
    await la.lock(new AbortController().signal);
    a.backend.fenceWrites(la);
    await a.backend.put('k', enc('one'));
    await a.backend.put('gone', enc('x'));
    await a.backend.delete('gone');
    expect(await a.backend.get('gone')).toBeNull();
    const client = await connect(pg());
    try {
      await client.query(`UPDATE "${a.haTable}" SET ha_identity = 'thief' WHERE ha_key = $1`, [CORE_LOCK_KEY]);
    } finally {
      await client.end();
    }
    const err = await rejection(a.backend.put('k', enc('two')), 'STORAGE_NOT_ACTIVE');
    expect(err.message).toBe('local node not active but active cluster node not found');
    await rejection(a.backend.put('new', enc('n')), 'STORAGE_NOT_ACTIVE');
    await rejection(a.backend.delete('k'), 'STORAGE_NOT_ACTIVE');
    expect(new TextDecoder().decode((await b.backend.get('k'))!)).toBe('one');
    expect(await b.backend.get('new')).toBeNull();
    a.backend.fenceWrites(undefined);
    await a.backend.put('k', enc('unfenced'));
    await la.unlock();
  });

  it('a lock that fenced itself refuses writes without asking the database', async () => {
    const { a } = pair();
    const la = a.backend.lockWith(CORE_LOCK_KEY, 'node-a');
    await la.lock(new AbortController().signal);
    await la.unlock();
    a.backend.fenceWrites(la);
    await rejection(a.backend.put('k', enc('x')), 'STORAGE_NOT_ACTIVE');
    expect(await a.backend.get('k')).toBeNull();
  });

  it('records nodes beside the lock, each with its own TTL', async () => {
    const { a, b } = pair();
    const client = await connect(pg());
    const dbNow = async () => (await client.query<{ now: Date }>('SELECT NOW() AS now')).rows[0]!.now.getTime();
    try {
      await a.backend.recordNode('node-b', 'https://b:8200', 1);
      await b.backend.recordNode('node-a', 'https://a:8200', 30);
      const now = await dbNow();
      const nodes = await a.backend.nodes();
      expect(nodes.map((n) => [n.id, n.value])).toEqual([
        ['node-a', 'https://a:8200'],
        ['node-b', 'https://b:8200'],
      ]);
      for (const n of nodes) expect(Math.abs(n.updatedAt.getTime() - now)).toBeLessThan(1000);
      await sleep(1300);
      expect((await b.backend.nodes()).map((n) => n.id)).toEqual(['node-a']);
      const { rows } = await client.query(`SELECT ha_key FROM "${a.haTable}" ORDER BY ha_key`);
      expect(rows.map((r) => r.ha_key)).toEqual(['core/nodes/node-a', 'core/nodes/node-b']);
    } finally {
      await client.end();
    }
  });
});
