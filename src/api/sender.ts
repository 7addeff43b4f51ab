/**
 * The one transport every method group is written against: `send` (Vault's RawRequest: any
 * status, Vault's error attached), `call` (send, throw the error, decode the JSON) and `stream`
 * (an answer read as it arrives, for sys/monitor).
 * VaultClient in client.ts implements it; the groups (sys-seal.ts, sys-keys.ts, ...) only see this.
 */
import type { ApiResponseError } from './errors.js';

/** What `send` returns: the answer of any status, with Vault's error for 400 and above. */
export interface RawResponse {
  method: string;
  url: string;
  status: number;
  text: string;
  error: ApiResponseError | undefined;
}

export interface SendOptions {
  body?: unknown;
  /** Values may repeat; keys are sent sorted, as Go's url.Values.Encode does. */
  query?: Readonly<Record<string, readonly string[]>>;
  contentType?: string;
}

export interface StreamOptions {
  query?: SendOptions['query'];
  /** Ends the request (and the body being read); there is no timeout otherwise. */
  signal?: AbortSignal;
}

/** A successful answer whose body is still arriving. */
export interface StreamResponse {
  method: string;
  url: string;
  status: number;
  body: ReadableStream<Uint8Array>;
}

export interface Sender {
  send(method: string, path: string, options?: SendOptions): Promise<RawResponse>;
  /** `send`, then Vault's error for a status of 400 or more, else the decoded JSON (undefined if empty). */
  call<T = unknown>(method: string, path: string, body?: unknown, query?: SendOptions['query']): Promise<T>;
  /** Decodes the JSON of an answer (undefined for an empty body), with Vault's decoding error text. */
  decode<T = unknown>(res: RawResponse): T;
  /** Opens a streamed answer; Vault's error is thrown for a status of 400 or more. */
  stream(method: string, path: string, options?: StreamOptions): Promise<StreamResponse>;
}
