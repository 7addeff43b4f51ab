/**
 * The audit device table (Vault's core/audit, and core/local-audit for `local` devices): kept in
 * the barrier, restored on unseal, emptied on seal. Each device's HMAC key (its salt) is created
 * when the device is enabled and kept in the barrier at `audit/<uuid>/salt`, never anywhere else.
 * The devices themselves are opened through the device types' factories and handed to the broker.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { getJson, putJson, type Store } from '../logical/storage-view.js';
import { AuditBroker, type AuditEntryKind } from './broker.js';
import type { AuditDevice, AuditDeviceFactory } from './types.js';

/** One row of the audit table. */
export interface AuditEntry {
  table: 'audit';
  /** With its trailing slash. */
  path: string;
  type: string;
  description: string;
  options: Record<string, string>;
  local: boolean;
  uuid: string;
  accessor: string;
}

interface StoredTable {
  type: 'audit';
  entries: AuditEntry[];
}

const TABLE_PATH = { shared: 'core/audit', local: 'core/local-audit' } as const;
const SALT_BYTES = 32;

export interface AuditTableOptions {
  barrier: Store;
  logger: Logger;
  /** The device types by name (src/audit/devices/registry.ts). */
  factories: Readonly<Record<string, AuditDeviceFactory>>;
  /** Told of every entry no device could write (telemetry). */
  onFailure?: (kind: AuditEntryKind) => void;
}

export class AuditTable {
  readonly broker: AuditBroker;
  readonly #opts: AuditTableOptions;
  readonly #log: Logger;
  #entries: AuditEntry[] = [];
  /** One change of the table at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: AuditTableOptions) {
    this.#opts = opts;
    this.#log = opts.logger.named('audit');
    this.broker = new AuditBroker({ logger: this.#log, ...(opts.onFailure ? { onFailure: opts.onFailure } : {}) });
  }

  list(): readonly AuditEntry[] {
    return this.#entries;
  }

  /**
   * Unseal: reads both tables and opens every device. A stored device of a type this server does
   * not know is logged and skipped (unseal goes on); a device that cannot open now (its file's
   * directory is gone) stays enabled but fails every write until a SIGHUP reopens it, so the
   * server does not quietly stop auditing.
   */
  async setup(): Promise<void> {
    const entries: AuditEntry[] = [];
    for (const key of [TABLE_PATH.shared, TABLE_PATH.local]) {
      entries.push(...((await getJson<StoredTable>(this.#opts.barrier, key))?.entries ?? []));
    }
    this.#entries = entries;
    for (const entry of entries) {
      const factory = this.#factory(entry.type);
      if (!factory) {
        this.#log.error('failed to create audit entry', { path: entry.path, error: `unknown backend type: ${entry.type}` });
        continue;
      }
      const salt = await this.#opts.barrier.get(saltKey(entry));
      if (!salt) {
        this.#log.error('failed to create audit entry', { path: entry.path, error: 'the device has no salt in storage' });
        continue;
      }
      const open = () => factory({ path: entry.path, type: entry.type, options: entry.options, salt, logger: this.#deviceLogger(entry) });
      const device = await open().catch((err: unknown) => {
        this.#log.error('failed to open audit device; its writes fail until it can be reopened', { path: entry.path, error: String((err as Error).message ?? err) });
        return new UnopenedDevice(open);
      });
      this.broker.register(entry.path, device);
    }
  }

  /** Seal: every device closed, the table forgotten (re-read on unseal). */
  async teardown(): Promise<void> {
    await this.#queue;
    await this.broker.closeAll();
    this.#entries = [];
  }

  enable(path: string, type: string, fields: { description?: string; options?: Record<string, string>; local?: boolean } = {}): Promise<AuditEntry> {
    return this.#serial(async () => {
      const normal = `${path.replace(/^\/+/, '').replace(/\/+$/, '')}/`;
      if (normal === '/') throw new CoreError('CORE_INVALID_REQUEST', 'backend path must be specified');
      if (this.#entries.some((e) => e.path.startsWith(normal) || normal.startsWith(e.path))) {
        throw new CoreError('CORE_INVALID_REQUEST', 'path already in use');
      }
      const factory = this.#factory(type);
      if (!factory) throw new CoreError('CORE_INVALID_REQUEST', `unknown backend type: ${type}`);
      const entry: AuditEntry = {
        table: 'audit',
        path: normal,
        type,
        description: fields.description ?? '',
        options: fields.options ?? {},
        local: fields.local ?? false,
        uuid: randomUUID(),
        accessor: `audit_${type.replace(/[^a-z0-9]/gi, '')}_${randomBytes(4).toString('hex')}`,
      };
      const salt = new Uint8Array(randomBytes(SALT_BYTES));
      // The device type checks its options here (a coded error with Vault's text).
      const device = await factory({ path: normal, type, options: entry.options, salt, logger: this.#deviceLogger(entry) });
      try {
        await this.#opts.barrier.put(saltKey(entry), salt);
        await this.#persist([...this.#entries, entry]);
      } catch (err) {
        await device.close().catch(() => undefined);
        await this.#opts.barrier.delete(saltKey(entry)).catch(() => undefined);
        throw new CoreError('CORE_INTERNAL', 'failed to update audit table', { cause: err });
      }
      this.#entries = [...this.#entries, entry];
      this.broker.register(normal, device);
      this.#log.info('enabled audit backend', { path: normal, type });
      return entry;
    });
  }

  /** Removes a device; false when nothing was enabled at the path. */
  disable(path: string): Promise<boolean> {
    return this.#serial(async () => {
      const normal = `${path.replace(/^\/+/, '').replace(/\/+$/, '')}/`;
      const entry = this.#entries.find((e) => e.path === normal);
      if (!entry) return false;
      const rest = this.#entries.filter((e) => e !== entry);
      try {
        await this.#persist(rest);
      } catch (err) {
        throw new CoreError('CORE_INTERNAL', 'failed to update audit table', { cause: err });
      }
      this.#entries = rest;
      const device = this.broker.deregister(normal);
      await device?.close().catch((err: unknown) => this.#log.error('failed to close audit device', { path: normal, error: String(err) }));
      await this.#opts.barrier.delete(saltKey(entry));
      this.#log.info('disabled audit backend', { path: normal });
      return true;
    });
  }

  /** sys/audit-hash: the device's HMAC of `input`. */
  hash(path: string, input: string): string {
    return this.broker.hash(`${path.replace(/^\/+/, '').replace(/\/+$/, '')}/`, input);
  }

  /** SIGHUP: every device reopens its output. */
  reopen(): Promise<void> {
    return this.broker.reopen();
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #persist(entries: AuditEntry[]): Promise<void> {
    const { barrier } = this.#opts;
    await putJson(barrier, TABLE_PATH.shared, { type: 'audit', entries: entries.filter((e) => !e.local) } satisfies StoredTable);
    await putJson(barrier, TABLE_PATH.local, { type: 'audit', entries: entries.filter((e) => e.local) } satisfies StoredTable);
  }

  #factory(type: string): AuditDeviceFactory | undefined {
    const { factories } = this.#opts;
    return Object.hasOwn(factories, type) ? factories[type] : undefined;
  }

  #deviceLogger(entry: AuditEntry): Logger {
    return this.#log.named(`${entry.type}.${entry.path.replace(/\/$/, '')}`);
  }
}

function saltKey(entry: AuditEntry): string {
  return `audit/${entry.uuid}/salt`;
}

/**
 * A stored device that could not be opened at unseal: every write fails (so the broker fails
 * closed if it is the only one), and reopen (SIGHUP) tries to open it again.
 */
class UnopenedDevice implements AuditDevice {
  #device: AuditDevice | undefined;
  readonly #open: () => Promise<AuditDevice>;

  constructor(open: () => Promise<AuditDevice>) {
    this.#open = open;
  }

  logRequest(input: Parameters<AuditDevice['logRequest']>[0]): Promise<void> {
    return this.#device ? this.#device.logRequest(input) : Promise.reject(new Error('audit device is not open'));
  }

  logResponse(input: Parameters<AuditDevice['logResponse']>[0]): Promise<void> {
    return this.#device ? this.#device.logResponse(input) : Promise.reject(new Error('audit device is not open'));
  }

  hash(value: string): string {
    if (!this.#device) throw new CoreError('CORE_INTERNAL', 'audit device is not open');
    return this.#device.hash(value);
  }

  async reopen(): Promise<void> {
    if (this.#device) return this.#device.reopen();
    this.#device = await this.#open();
  }

  async close(): Promise<void> {
    await this.#device?.close();
  }
}
