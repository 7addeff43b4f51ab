/**
 * A fixed-size pool of worker threads that run bcryptjs's hash(password, saltOrCost), so that
 * bcrypt's ~100 ms of CPU per userpass login or password write runs beside the event loop, on the
 * machine's other cores, instead of on it.
 *
 * - Size: min(2, os.availableParallelism()) unless given. Workers start on first use, one per job
 *   waiting, up to the size; each takes one job at a time, and jobs wait in FIFO order.
 * - An idle worker is unref()'d: the pool never keeps the process alive. A worker with a job is
 *   ref()'d until it answers, so a caller awaiting a hash is not cut off by the process exiting.
 * - A worker that throws, exits or sends a message that cannot be read is dropped (terminated) and
 *   its job rejected with a BcryptWorkerError; the next job starts a new worker in its place.
 * - The password goes to the worker by postMessage only. No error here or from the worker carries
 *   the password, the salt or bcryptjs's own message.
 *
 * The worker is bcrypt-worker.mjs beside this module: plain JavaScript, so that both the TypeScript
 * sources (vitest) and dist/ (`npm run build` copies it) can start it with no loader.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The worker script, beside this module in src/ and in dist/. */
export const BCRYPT_WORKER_URL = new URL('./bcrypt-worker.mjs', import.meta.url);

/** The pool or one of its workers failed (crashed, exited, could not start, or the pool is closed). */
export class BcryptWorkerError extends Error {
  override readonly name = 'BcryptWorkerError';
}

/** bcryptjs refused the salt or cost (a malformed stored hash): what its in-process hash throws for. */
export class BcryptInputError extends Error {
  override readonly name = 'BcryptInputError';
}

export interface BcryptPoolOptions {
  /** How many workers at most (a positive integer); default min(2, os.availableParallelism()). */
  size?: number;
  /** The worker script; default bcrypt-worker.mjs. Tests pass one that misbehaves on purpose. */
  workerUrl?: URL;
}

/** min(2, os.availableParallelism()): the default pool size. */
export function defaultBcryptPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

interface Job {
  readonly id: number;
  readonly password: string;
  readonly salt: string | number;
  readonly resolve: (hash: string) => void;
  readonly reject: (err: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | null;
}

interface Answer {
  id?: unknown;
  ok?: unknown;
  hash?: unknown;
}

export class BcryptPool {
  readonly size: number;
  readonly #workerUrl: URL;
  /** Every live worker; the idle ones are also in #idle. */
  readonly #slots = new Set<Slot>();
  readonly #idle: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: BcryptPoolOptions = {}) {
    const size = options.size ?? defaultBcryptPoolSize();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`bcrypt pool size must be a positive integer, got ${size}`);
    this.size = size;
    this.#workerUrl = options.workerUrl ?? BCRYPT_WORKER_URL;
  }

  /** How many workers are running now (started lazily, at most `size`). */
  get workers(): number {
    return this.#slots.size;
  }

  /**
   * bcryptjs's hash(password, saltOrCost) on a worker: a new salt of that cost for a number, the
   * given salt (or a whole stored hash, of which bcrypt reads the salt) for a string. Rejects with
   * a BcryptInputError where bcryptjs would throw, and a BcryptWorkerError if the worker fails.
   */
  hash(password: string, saltOrCost: string | number): Promise<string> {
    if (this.#closed) return Promise.reject(new BcryptWorkerError('bcrypt pool is closed'));
    return new Promise<string>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, password, salt: saltOrCost, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every worker; jobs waiting or running are rejected, and later hashes too. */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = new BcryptWorkerError('bcrypt pool is closed');
    for (const job of this.#queue.splice(0)) job.reject(closed);
    const slots = [...this.#slots];
    for (const slot of slots) this.#drop(slot, closed);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Gives waiting jobs to idle workers, starting workers up to the size. */
  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#idle.pop();
      if (slot === undefined) {
        if (this.#slots.size >= this.size) return;
        const job = this.#queue[0]!;
        try {
          slot = this.#start();
        } catch (err) {
          this.#queue.shift();
          job.reject(new BcryptWorkerError('bcrypt worker could not start', { cause: err }));
          continue;
        }
      }
      const job = this.#queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, password: job.password, salt: job.salt });
    }
  }

  #start(): Slot {
    const worker = new Worker(this.#workerUrl);
    worker.unref();
    const slot: Slot = { worker, job: null };
    this.#slots.add(slot);
    worker.on('message', (answer: Answer) => this.#answer(slot, answer));
    worker.on('error', (err) => this.#fail(slot, new BcryptWorkerError('bcrypt worker failed', { cause: err })));
    worker.on('messageerror', () => this.#fail(slot, new BcryptWorkerError('bcrypt worker sent an unreadable message')));
    worker.on('exit', (code) => this.#fail(slot, new BcryptWorkerError(`bcrypt worker exited with code ${code}`)));
    return slot;
  }

  #answer(slot: Slot, answer: Answer): void {
    const job = slot.job;
    if (job === null || answer?.id !== job.id) {
      this.#fail(slot, new BcryptWorkerError('bcrypt worker answered a job it was not given'));
      return;
    }
    slot.job = null;
    slot.worker.unref();
    this.#idle.push(slot);
    if (answer.ok === true && typeof answer.hash === 'string') job.resolve(answer.hash);
    else job.reject(new BcryptInputError('bcrypt: invalid salt or cost'));
    this.#dispatch();
  }

  /** A worker that failed: dropped, its job rejected, and waiting jobs moved on to a new one. */
  #fail(slot: Slot, err: BcryptWorkerError): void {
    if (!this.#slots.has(slot)) return; // already dropped ('error' is followed by 'exit')
    this.#drop(slot, err);
    void slot.worker.terminate().catch(() => undefined);
    this.#dispatch();
  }

  #drop(slot: Slot, err: Error): void {
    this.#slots.delete(slot);
    const i = this.#idle.indexOf(slot);
    if (i >= 0) this.#idle.splice(i, 1);
    slot.worker.unref();
    const job = slot.job;
    slot.job = null;
    job?.reject(err);
  }
}

let shared: BcryptPool | undefined;

/** The process's pool (default size), made on first call; it starts no worker until a hash. */
export function sharedBcryptPool(): BcryptPool {
  shared ??= new BcryptPool();
  return shared;
}
