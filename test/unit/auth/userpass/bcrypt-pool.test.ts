import { availableParallelism } from 'node:os';
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BcryptInputError,
  BcryptPool,
  BcryptWorkerError,
  defaultBcryptPoolSize,
  sharedBcryptPool,
  type BcryptPoolOptions,
} from '../../../../src/auth/userpass/bcrypt-pool.js';

/** Fails jobs whose password starts with throw, exit, wrong-id or garbage; the real worker otherwise. */
const MISBEHAVING = new URL('./fixtures/misbehaving-bcrypt-worker.mjs', import.meta.url);
/** Answers a job only while another worker has one too (see the fixture). */
const RENDEZVOUS = new URL('./fixtures/rendezvous-worker.mjs', import.meta.url);

const pools: BcryptPool[] = [];
function pool(options: BcryptPoolOptions = {}): BcryptPool {
  const p = new BcryptPool(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

async function elapsedMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('bcrypt worker pool', () => {
  it('hashes exactly as bcryptjs does in-process, for the same salt', async () => {
    const p = pool();
    const passwords = ['', 's3cret', 'a'.repeat(72), 'é'.repeat(36), '🔑 pass phrase', 'allmine'];
    for (const password of passwords) {
      const salt = bcrypt.genSaltSync(4);
      expect(await p.hash(password, salt)).toBe(bcrypt.hashSync(password, salt));
    }
    // Go's known answer, with the whole stored hash as the salt (bcrypt reads its first 29).
    const go = '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga';
    expect(await p.hash('allmine', go)).toBe(go);
    expect(await p.hash('allmine', go.slice(0, 29))).toBe(go);
  });

  it('makes a new salt of the given cost for a number', async () => {
    const p = pool();
    const a = await p.hash('s3cret', 5);
    const b = await p.hash('s3cret', 5);
    expect(a).toMatch(/^\$2b\$05\$.{53}$/);
    expect(a).not.toBe(b);
    expect(bcrypt.compareSync('s3cret', a)).toBe(true);
    expect(bcrypt.compareSync('s3cret', b)).toBe(true);
  });

  it('rejects a salt bcryptjs refuses, saying nothing of the password or the salt', async () => {
    const p = pool();
    const salts = ['$2a$qwertyjibberfishjibberfish', '$3a$10$XajjQvNhvvRt5GSeFk1xFe', '$2a$03$XajjQvNhvvRt5GSeFk1xFe', '$2a$10$Xajj', 'short'];
    for (const salt of salts) {
      expect(() => bcrypt.hashSync('hunter2-secret', salt)).toThrow();
      const err = await rejection(p.hash('hunter2-secret', salt));
      expect(err).toBeInstanceOf(BcryptInputError);
      expect(err.message).toBe('bcrypt: invalid salt or cost');
    }
    // The worker is fine after that.
    expect(await p.hash('x', '$2a$04$XajjQvNhvvRt5GSeFk1xFe')).toBe(bcrypt.hashSync('x', '$2a$04$XajjQvNhvvRt5GSeFk1xFe'));
  });

  it('is min(2, availableParallelism()) workers by default, or the size it is given', () => {
    expect(defaultBcryptPoolSize()).toBe(Math.min(2, availableParallelism()));
    expect(pool().size).toBe(defaultBcryptPoolSize());
    expect(pool({ size: 3 }).size).toBe(3);
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => new BcryptPool({ size })).toThrow(RangeError);
    expect(sharedBcryptPool()).toBe(sharedBcryptPool());
    expect(sharedBcryptPool().size).toBe(defaultBcryptPoolSize());
  });

  it('starts workers lazily, never more than its size', async () => {
    const p = pool({ size: 2 });
    expect(p.workers).toBe(0);
    await p.hash('one', 4);
    expect(p.workers).toBe(1);
    await Promise.all(Array.from({ length: 6 }, (_, i) => p.hash(`pw${i}`, 4)));
    expect(p.workers).toBe(2);
  });

  it('runs waiting jobs first in, first out', async () => {
    const p = pool({ size: 1 });
    const done: number[] = [];
    await Promise.all(Array.from({ length: 8 }, (_, i) => p.hash(`pw${i}`, 4).then(() => done.push(i))));
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts a worker per core, up to two, and hashes right with either', async () => {
    const cores = availableParallelism();
    const p = pool();
    const salt = bcrypt.genSaltSync(9);
    await Promise.all([p.hash('warm', salt), p.hash('up', salt)]); // both workers started
    if (cores < 2) {
      // One core: one worker, and two at once still both hash right.
      expect(p.workers).toBe(1);
      const [a, b] = await Promise.all([p.hash('one', salt), p.hash('two', salt)]);
      expect(a).toBe(bcrypt.hashSync('one', salt));
      expect(b).toBe(bcrypt.hashSync('two', salt));
      return;
    }
    expect(p.workers).toBe(2);
  });

  it('runs two jobs at the same time on two workers', async () => {
    // Each stand-in worker answers only once the other has a job too: done means run in parallel.
    const p = pool({ size: 2, workerUrl: RENDEZVOUS });
    const [a, b] = await Promise.all([p.hash('one', 4), p.hash('two', 4)]);
    expect(p.workers).toBe(2);
    expect(a).not.toBe(b); // two thread ids
  });

  it('leaves the event loop free during a hash', async () => {
    const p = pool({ size: 1 });
    await p.hash('warm-up', 4); // the worker started
    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    let ms = 0;
    try {
      const salt = bcrypt.genSaltSync(12);
      ms = await elapsedMs(() => p.hash('a cost-12 password', salt));
      expect(ms).toBeGreaterThan(50);
    } finally {
      clearInterval(timer);
    }
    maxGap = Math.max(maxGap, performance.now() - last);
    // The 10 ms timer kept firing while the hash ran: a hash on this thread would have held it off
    // for the whole hash. (The bound on the gap is loose: a loaded machine delays timers too.)
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(maxGap).toBeLessThan(ms / 2 + 250);
  });

  for (const [how, password] of [
    ['throws', 'throw hunter2'],
    ['exits', 'exit hunter2'],
    ['answers another job', 'wrong-id hunter2'],
    ['answers nonsense', 'garbage hunter2'],
  ] as const) {
    it(`rejects the job of a worker that ${how}, and the next job runs on a new worker`, async () => {
      const p = pool({ size: 1, workerUrl: MISBEHAVING });
      const salt = bcrypt.genSaltSync(4);
      expect(await p.hash('before', salt)).toBe(bcrypt.hashSync('before', salt));
      // A job already waiting behind the failing one is not lost with it.
      const failing = rejection(p.hash(password, salt));
      const waiting = p.hash('waiting', salt);
      const err = await failing;
      expect(err).toBeInstanceOf(BcryptWorkerError);
      expect(err.message).toMatch(/^bcrypt worker/);
      expect(err.message).not.toContain('hunter2');
      expect(await waiting).toBe(bcrypt.hashSync('waiting', salt));
      expect(await p.hash('after', salt)).toBe(bcrypt.hashSync('after', salt));
      expect(p.workers).toBe(1);
    });
  }

  it('drops only the worker that failed', async () => {
    const p = pool({ size: 2, workerUrl: MISBEHAVING });
    const salt = bcrypt.genSaltSync(8);
    const [ok, failed] = await Promise.allSettled([p.hash('fine', salt), p.hash('exit now', salt)]);
    expect(ok).toEqual({ status: 'fulfilled', value: bcrypt.hashSync('fine', salt) });
    expect(failed.status).toBe('rejected');
    expect(await p.hash('again', 4)).toMatch(/^\$2b\$04\$/);
  });

  it('rejects every job, without hanging, when its worker cannot start', async () => {
    const p = pool({ size: 2, workerUrl: new URL('./fixtures/no-such-worker.mjs', import.meta.url) });
    const results = await Promise.allSettled([p.hash('a', 4), p.hash('b', 4), p.hash('c', 4)]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BcryptWorkerError);
    }
    expect(p.workers).toBe(0);
  });

  it('rejects running, waiting and later jobs once closed', async () => {
    const p = pool({ size: 1 });
    const running = rejection(p.hash('running', 12));
    const waiting = rejection(p.hash('waiting', 4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await p.close();
    for (const err of [await running, await waiting, await rejection(p.hash('later', 4))]) {
      expect(err).toBeInstanceOf(BcryptWorkerError);
      expect(err.message).toBe('bcrypt pool is closed');
    }
    expect(p.workers).toBe(0);
  });
});
