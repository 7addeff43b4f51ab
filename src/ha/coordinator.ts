/**
 * Vault's HA standby loop (vault/ha.go runStandby): once the barrier is open, an HA node is a
 * standby until it holds the core lock. Holding it, the node takes over: the fence is armed with the
 * lock, the read cache turned on empty, the keyring re-read (the previous active node may have
 * rotated it) and the services brought up. Losing it (a renewal failed or found the row taken),
 * stepping down or sealing brings them down again, and the node goes back to waiting for the lock.
 *
 * It stands between the core and the real services as their UnsealedServices: the core's
 * post-unseal setup starts the loop, its pre-seal teardown stops it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { UnsealedServices } from '../core/core-options.js';
import type { Logger } from '../log/types.js';
import { CORE_LOCK_KEY, type HABackend, type HALock } from '../storage/ha.js';
import { decodeAdvertisement, encodeAdvertisement, type Advertisement } from './advertisement.js';
import type { WriteFence } from './write-fence.js';

/** Vault's manualStepDownSleepPeriod: a node that stepped down leaves the lock to others this long. */
export const STEP_DOWN_SLEEP_MS = 10_000;
/** How often each node refreshes its sys/ha-status record, and how long the record lives. */
export const NODE_RECORD_INTERVAL_MS = 5_000;
export const NODE_RECORD_TTL_S = 15;

export type HAState = 'sealed' | 'standby' | 'active';

export interface HACoordinatorOptions {
  backend: HABackend;
  /** The real services (src/server/services.ts). */
  services: UnsealedServices;
  fence: WriteFence;
  cache?: { setEnabled(enabled: boolean): void };
  barrier: { reload(): Promise<void> };
  self: Advertisement;
  logger: Logger;
  stepDownSleepMs?: number;
}

export interface LeaderView {
  isSelf: boolean;
  activeTime: Date | undefined;
  leader: Advertisement | undefined;
}

export class HACoordinator implements UnsealedServices {
  readonly deferred = true;
  readonly self: Advertisement;
  readonly #o: HACoordinatorOptions;
  readonly #log: Logger;
  #state: HAState = 'sealed';
  #activeSince: Date | undefined;
  #stop: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #stepDown: (() => void) | undefined;
  #records: NodeJS.Timeout | undefined;

  constructor(opts: HACoordinatorOptions) {
    this.#o = opts;
    this.self = opts.self;
    this.#log = opts.logger;
    // A standby's reads go to storage: another node writes it.
    opts.cache?.setEnabled(false);
  }

  get state(): HAState {
    return this.#state;
  }

  get standby(): boolean {
    return this.#state === 'standby';
  }

  /** Post-unseal: become a standby and start waiting for the lock. */
  async setup(): Promise<void> {
    if (this.#loop) return;
    this.#state = 'standby';
    this.#log.info('entering standby mode');
    const stop = (this.#stop = new AbortController());
    this.#loop = this.#run(stop.signal).catch((err: unknown) => {
      this.#log.error('HA standby loop failed', { error: (err as Error).message });
    });
    this.#recordSelf();
    this.#records = setInterval(() => this.#recordSelf(), NODE_RECORD_INTERVAL_MS);
    this.#records.unref();
  }

  /** Pre-seal: stop waiting, give the lock up and bring the services down. */
  async teardown(): Promise<void> {
    if (this.#records) clearInterval(this.#records);
    this.#records = undefined;
    const loop = this.#loop;
    if (!loop) {
      await this.#o.services.teardown();
      return;
    }
    this.#stop?.abort();
    await loop;
    this.#loop = undefined;
    this.#state = 'sealed';
  }

  createRootToken(id?: string): Promise<string> {
    return this.#o.services.createRootToken(id);
  }

  /** sys/step-down: the active node gives the lock up and leaves it to the others for a while. */
  stepDown(): boolean {
    if (this.#state !== 'active' || !this.#stepDown) return false;
    this.#stepDown();
    return true;
  }

  /** Who is active, for sys/leader and forwarding. */
  async leader(): Promise<LeaderView> {
    if (this.#state === 'active') return { isSelf: true, activeTime: this.#activeSince, leader: this.self };
    const holder = await this.#o.backend.holder(CORE_LOCK_KEY);
    return { isSelf: false, activeTime: undefined, leader: holder.held ? decodeAdvertisement(holder.value) : undefined };
  }

  /** The nodes heard from (their records), for sys/ha-status. */
  async nodes(): Promise<Array<{ ad: Advertisement; lastSeen: Date }>> {
    const records = await this.#o.backend.nodes();
    return records.map((r) => ({ ad: decodeAdvertisement(r.value), lastSeen: r.updatedAt }));
  }

  #recordSelf(): void {
    this.#o.backend.recordNode(this.self.node_id, encodeAdvertisement(this.self), NODE_RECORD_TTL_S).catch((err: unknown) => {
      this.#log.debug('could not refresh this node\'s HA record', { error: (err as Error).message });
    });
  }

  async #run(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      const lock = this.#o.backend.lockWith(CORE_LOCK_KEY, encodeAdvertisement(this.self));
      const lost = await lock.lock(stop);
      if (!lost) return;
      if (!(await this.#takeOver(lock))) {
        await lock.unlock();
        await sleep(1_000, undefined, { signal: stop }).catch(() => undefined);
        continue;
      }
      const why = await this.#waitForEnd(lost, stop);
      await this.#giveUp(lock, why);
      if (why === 'step-down' && !stop.aborted) {
        await sleep(this.#o.stepDownSleepMs ?? STEP_DOWN_SLEEP_MS, undefined, { signal: stop }).catch(() => undefined);
      }
    }
  }

  async #takeOver(lock: HALock): Promise<boolean> {
    const { fence, cache, barrier, backend, services } = this.#o;
    fence.arm(lock);
    backend.fenceWrites?.(lock);
    cache?.setEnabled(true);
    this.#log.info('acquired lock, enabling active operation');
    this.#log.info('post-unseal setup starting');
    try {
      await barrier.reload();
      await services.setup();
    } catch (err) {
      this.#log.error('failed to take over as the active node', { error: (err as Error).message });
      await services.teardown().catch(() => undefined);
      cache?.setEnabled(false);
      return false;
    }
    this.#state = 'active';
    this.#activeSince = new Date();
    this.#log.info('post-unseal setup complete');
    return true;
  }

  #waitForEnd(lost: AbortSignal, stop: AbortSignal): Promise<'lost' | 'stop' | 'step-down'> {
    return new Promise((resolve) => {
      const done = (why: 'lost' | 'stop' | 'step-down'): void => {
        lost.removeEventListener('abort', onLost);
        stop.removeEventListener('abort', onStop);
        this.#stepDown = undefined;
        resolve(why);
      };
      const onLost = (): void => done('lost');
      const onStop = (): void => done('stop');
      if (lost.aborted) return done('lost');
      if (stop.aborted) return done('stop');
      lost.addEventListener('abort', onLost);
      stop.addEventListener('abort', onStop);
      this.#stepDown = () => done('step-down');
    });
  }

  async #giveUp(lock: HALock, why: 'lost' | 'stop' | 'step-down'): Promise<void> {
    if (why === 'lost') this.#log.warn('leadership lost, stopping active operation');
    else if (why === 'step-down') this.#log.info('stepping down from active operation to standby');
    this.#state = 'standby';
    this.#activeSince = undefined;
    await this.#o.services.teardown().catch((err: unknown) => {
      this.#log.error('pre-seal teardown failed', { error: (err as Error).message });
    });
    this.#o.cache?.setEnabled(false);
    await lock.unlock().catch(() => undefined);
  }
}
