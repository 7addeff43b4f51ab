/**
 * The requests being served now (Vault's in-flight request data, sys/in-flight-req): one Map set
 * when a request arrives and deleted when its response is done, keyed by an id of its own.
 */
import { randomUUID } from 'node:crypto';

export interface InFlightRequest {
  start_time: string;
  client_remote_address: string;
  request_path: string;
  request_method: string;
  client_id: string;
}

/** Go's time.Time JSON (RFC 3339 with the local offset), as Vault prints start_time. */
export function goLocalTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, -1);
  if (offset === 0) return `${local}Z`;
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export class InFlightRequests {
  readonly #requests = new Map<string, { at: Date; remote: string; path: string; method: string }>();

  /** A request arrived; returns the function that removes it. */
  add(method: string, path: string, remoteAddress: string, remotePort: number | undefined): () => void {
    const id = randomUUID();
    const remote = remotePort === undefined ? remoteAddress : remoteAddress.includes(':') ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
    this.#requests.set(id, { at: new Date(), remote, path, method });
    return () => {
      this.#requests.delete(id);
    };
  }

  get size(): number {
    return this.#requests.size;
  }

  /** Vault's map: request id → start time, client address, path, method and client id. */
  snapshot(): Record<string, InFlightRequest> {
    const out: Record<string, InFlightRequest> = {};
    for (const [id, r] of this.#requests) {
      out[id] = { start_time: goLocalTime(r.at), client_remote_address: r.remote, request_path: r.path, request_method: r.method, client_id: '' };
    }
    return out;
  }
}
