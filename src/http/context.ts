import type { StreamBody } from '../logical/types.js';
import type { IncomingHttpHeaders } from 'node:http';

/** What the pipeline sees of an HTTP request once parsed. */
export interface RequestContext {
  method: string;
  /** The path after /v1/ without trailing slashes, e.g. `sys/seal-status`. */
  path: string;
  /** The path after /v1/ as sent (a trailing slash matters for LIST). */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  token: string | undefined;
  /** The client's IP address as the socket sees it ("" when unknown). */
  remoteAddr: string;
  /** The JSON body as an object (read and parsed on first call). */
  body(): Promise<Record<string, unknown>>;
}

export interface Reply {
  status: number;
  /** Omitted for 204 and HEAD. */
  body?: unknown;
  /** With a string body: sent as-is with this content type instead of JSON (sys/metrics). */
  contentType?: string;
  /** Written chunk by chunk with status 200 (sys/monitor). */
  stream?: StreamBody;
}
