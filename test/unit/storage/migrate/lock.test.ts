import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { holderMayBeAlive, rfc3339, STALE_AFTER_MS } from '../../../../src/storage/migrate/lock.js';

describe('holderMayBeAlive', () => {
  const start = '2024-01-02T03:04:05.678Z';
  it('a lock Vault wrote (no holder) is always taken as running', () => {
    expect(holderMayBeAlive({ start })).toBe(true);
  });
  it('on this host, asks whether the pid runs', () => {
    expect(holderMayBeAlive({ start, id: 'i', pid: process.ppid, host: hostname() })).toBe(true);
    expect(holderMayBeAlive({ start, id: 'i', pid: 2 ** 22 + 12345, host: hostname() })).toBe(false);
  });
  it('on another host, goes by the heartbeat', () => {
    const now = Date.parse('2024-01-02T04:00:00Z');
    const lock = { start, id: 'i', pid: 1, host: 'elsewhere.example' };
    expect(holderMayBeAlive({ ...lock, heartbeat: new Date(now - 1000).toISOString() }, now)).toBe(true);
    expect(holderMayBeAlive({ ...lock, heartbeat: new Date(now - STALE_AFTER_MS - 1).toISOString() }, now)).toBe(false);
  });
  it('formats the start as Go\'s RFC 3339', () => {
    expect(rfc3339(start)).toBe('2024-01-02T03:04:05Z');
  });
});
