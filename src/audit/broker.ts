/**
 * The audit broker (Vault's AuditBroker): the enabled devices by path, and the fan-out of every
 * request and response entry to all of them in parallel. An entry counts as logged when at least
 * one device wrote it; when devices are enabled and none could, the broker throws AUDIT_FAILED and
 * the request is not served (fail closed). With no device enabled nothing is logged and nothing
 * fails. Devices get plain data (src/audit/types.ts) and hash it themselves.
 */
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { AuditDevice, AuditInput } from './types.js';

export type AuditEntryKind = 'request' | 'response';

/** What the pipeline asks of the broker (src/http/pipeline.ts). */
export interface AuditSink {
  /** Whether any device is enabled (nothing to build or log otherwise). */
  readonly enabled: boolean;
  logRequest(input: AuditInput): Promise<void>;
  logResponse(input: AuditInput): Promise<void>;
}

export interface AuditBrokerOptions {
  logger: Logger;
  /** Told of every entry no device could write (telemetry's failure counter). */
  onFailure?: (kind: AuditEntryKind) => void;
}

export class AuditBroker implements AuditSink {
  readonly #devices = new Map<string, AuditDevice>();
  readonly #log: Logger;
  readonly #onFailure: ((kind: AuditEntryKind) => void) | undefined;

  constructor(opts: AuditBrokerOptions) {
    this.#log = opts.logger;
    this.#onFailure = opts.onFailure;
  }

  get enabled(): boolean {
    return this.#devices.size > 0;
  }

  /** The enabled paths (with their trailing slash). */
  paths(): string[] {
    return [...this.#devices.keys()];
  }

  register(path: string, device: AuditDevice): void {
    this.#devices.set(path, device);
  }

  /** Removes a device from the fan-out and returns it (the caller closes it). */
  deregister(path: string): AuditDevice | undefined {
    const device = this.#devices.get(path);
    this.#devices.delete(path);
    return device;
  }

  logRequest(input: AuditInput): Promise<void> {
    return this.#fanOut('request', input);
  }

  logResponse(input: AuditInput): Promise<void> {
    return this.#fanOut('response', input);
  }

  /** A device's hash of a value (sys/audit-hash); 400 with Vault's text for a path with no device. */
  hash(path: string, value: string): string {
    const device = this.#devices.get(path);
    if (!device) throw new CoreError('CORE_INVALID_REQUEST', `unknown audit backend ${path}`);
    return device.hash(value);
  }

  /** Reopens every device's output (SIGHUP); a device that fails is logged and the others still reopen. */
  async reopen(): Promise<void> {
    await Promise.all(
      [...this.#devices].map(([path, device]) =>
        device.reopen().catch((err: unknown) => this.#log.error('failed to reopen audit device', { path, error: messageOf(err) })),
      ),
    );
  }

  /** Closes and forgets every device (seal). */
  async closeAll(): Promise<void> {
    const devices = [...this.#devices];
    this.#devices.clear();
    await Promise.all(
      devices.map(([path, device]) =>
        device.close().catch((err: unknown) => this.#log.error('failed to close audit device', { path, error: messageOf(err) })),
      ),
    );
  }

  async #fanOut(kind: AuditEntryKind, input: AuditInput): Promise<void> {
    const devices = [...this.#devices];
    if (devices.length === 0) return;
    const results = await Promise.allSettled(
      devices.map(([, device]) => (kind === 'request' ? device.logRequest(input) : device.logResponse(input))),
    );
    let logged = 0;
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') logged++;
      else this.#log.error(`backend failed to log ${kind}`, { backend: devices[i]![0], error: messageOf(r.reason) });
    });
    if (logged > 0) return;
    this.#onFailure?.(kind);
    throw new CoreError('AUDIT_FAILED', { cause: new Error(`no audit backend succeeded in logging the ${kind}`) });
  }
}

/** A device's error text for the server log (devices never put entry contents in their errors). */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
