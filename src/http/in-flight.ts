/**
 * The requests being served now (Vault's in-flight request data, sys/in-flight-req): one Set entry
 * added when a request arrives and deleted when its response is done, shown under an id of its own.
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

/** One request as held: what it arrived with, formatted only when someone looks (sys/in-flight-req). */
interface Held {
  at: number;
  method: string;
  /** As received: the query is cut off when shown. */
  url: string;
  address: string;
  port: number | undefined;
  /** Given the first time the request is shown, then kept. */
  id?: string;
}

const remoteOf = (address: string, port: number | undefined): string =>
  port === undefined ? address : address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

export class InFlightRequests {
  readonly #requests = new Set<Held>();

  /**
   * A request arrived; returns the function that removes it. Nothing is formatted here (no id,
   * no date, no address text): that waits for a snapshot, so the request path pays one Set entry.
   */
  add(method: string, url: string, remoteAddress: string, remotePort: number | undefined): () => void {
    const held: Held = { at: Date.now(), method, url, address: remoteAddress, port: remotePort };
    this.#requests.add(held);
    return () => {
      this.#requests.delete(held);
    };
  }

  get size(): number {
    return this.#requests.size;
  }

  /** Vault's map: request id → start time, client address, path, method and client id. */
  snapshot(): Record<string, InFlightRequest> {
    const out: Record<string, InFlightRequest> = {};
    for (const r of this.#requests) {
      r.id ??= randomUUID();
      const q = r.url.indexOf('?');
      out[r.id] = {
        start_time: goLocalTime(new Date(r.at)),
        client_remote_address: remoteOf(r.address, r.port),
        request_path: q < 0 ? r.url : r.url.slice(0, q),
        request_method: r.method,
        client_id: '',
      };
    }
    return out;
  }
}
