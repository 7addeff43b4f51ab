/**
 * An in-process HABackend for the HA state machine's unit tests: one lock table shared by every
 * node of a test, Vault's lock rules (an expired row may be taken, the holder renews), short timings.
 * The integration tests use PostgreSQL itself.
 */
import { randomUUID } from 'node:crypto';
import type { HABackend, HALock, LockHolder, NodeRecord } from '../../../src/storage/ha.js';

interface Row {
  identity: string;
  value: string;
  until: number;
}

export class FakeLockTable {
  readonly rows = new Map<string, Row>();
  readonly records = new Map<string, { value: string; until: number; at: number }>();
  /** While true, renewals and acquisitions fail (the database is unreachable). */
  down = false;

  /** Another party takes the row, as a node would after the holder's TTL ran out. */
  steal(key: string): void {
    this.rows.set(key, { identity: 'thief', value: '{}', until: Date.now() + 60_000 });
  }
}

export class FakeHABackend implements HABackend {
  readonly haEnabled = true;
  constructor(
    readonly table: FakeLockTable,
    readonly timings = { ttlMs: 300, renewMs: 100, retryMs: 20, marginMs: 50 },
  ) {}

  lockWith(key: string, value: string): HALock {
    const { table, timings } = this;
    const identity = randomUUID();
    let heldUntil = 0;
    let renew: NodeJS.Timeout | undefined;
    let lost: AbortController | undefined;
    const tryWrite = (): boolean => {
      if (table.down) return false;
      const row = table.rows.get(key);
      if (row && row.identity !== identity && row.until > Date.now()) return false;
      table.rows.set(key, { identity, value, until: Date.now() + timings.ttlMs });
      heldUntil = performance.now() + timings.ttlMs - timings.marginMs;
      return true;
    };
    const lose = (): void => {
      heldUntil = 0;
      clearInterval(renew);
      lost?.abort();
    };
    return {
      identity,
      async lock(stop) {
        while (!stop.aborted) {
          if (tryWrite()) {
            lost = new AbortController();
            renew = setInterval(() => {
              const row = table.rows.get(key);
              if (row && row.identity !== identity) return lose();
              if (!tryWrite() && heldUntil <= performance.now()) lose();
            }, timings.renewMs);
            return lost.signal;
          }
          await new Promise((r) => setTimeout(r, timings.retryMs));
        }
        return null;
      },
      async unlock() {
        clearInterval(renew);
        heldUntil = 0;
        if (table.rows.get(key)?.identity === identity) table.rows.delete(key);
      },
      heldUntil: () => heldUntil,
    };
  }

  async holder(key: string): Promise<LockHolder> {
    const row = this.table.rows.get(key);
    return row && row.until > Date.now() ? { held: true, value: row.value } : { held: false, value: '' };
  }

  async recordNode(id: string, value: string, ttlSeconds: number): Promise<void> {
    this.table.records.set(id, { value, until: Date.now() + ttlSeconds * 1000, at: Date.now() });
  }

  async nodes(): Promise<NodeRecord[]> {
    return [...this.table.records]
      .filter(([, r]) => r.until > Date.now())
      .map(([id, r]) => ({ id, value: r.value, updatedAt: new Date(r.at) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}
