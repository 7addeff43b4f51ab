/**
 * The audit contract between the broker (src/audit/broker.ts: the device table, fail-closed
 * fan-out, the pipeline's calls) and the devices (src/audit/devices/: file, socket, syslog, each
 * formatting and hashing its own entries as Vault's audit backends do). Plain data in, so a device
 * depends on nothing of the request path.
 */
import type { Logger } from '../log/types.js';

/** The token side of an entry (Vault's audit `auth` object; also a login response's `auth`). */
export interface AuditAuth {
  clientToken?: string;
  accessor?: string;
  displayName?: string;
  policies?: readonly string[];
  tokenPolicies?: readonly string[];
  identityPolicies?: readonly string[];
  metadata?: Readonly<Record<string, string>> | null;
  entityId?: string;
  tokenType?: string;
  /** Seconds. */
  tokenTtl?: number;
  /** RFC 3339. */
  tokenIssueTime?: string;
}

/** The request side (Vault's audit `request` object). */
export interface AuditRequest {
  id: string;
  operation: string;
  /** The full request path (`secret/data/app`). */
  path: string;
  mountType?: string;
  mountAccessor?: string;
  mountPoint?: string;
  clientToken?: string;
  clientTokenAccessor?: string;
  data?: Readonly<Record<string, unknown>> | null;
  remoteAddress?: string;
  remotePort?: number;
  /** Seconds (X-Vault-Wrap-TTL). */
  wrapTtl?: number;
  headers?: Readonly<Record<string, readonly string[]>>;
}

/** The response side (Vault's audit `response` object). */
export interface AuditResponse {
  mountType?: string;
  mountAccessor?: string;
  /** A login's or token creation's auth block. */
  auth?: AuditAuth;
  data?: Readonly<Record<string, unknown>> | null;
  /** wrap_info of a wrapped response (token, accessor, ttl, creation_time, creation_path). */
  wrapInfo?: Readonly<Record<string, unknown>> | null;
  warnings?: readonly string[] | null;
  redirect?: string;
  /** Lease of a leased secret. */
  secret?: { leaseId: string } | null;
}

/** One request or response to be logged (Vault's logical.LogInput). */
export interface AuditInput {
  auth?: AuditAuth;
  request: AuditRequest;
  response?: AuditResponse;
  /** The error the client saw (Vault's OuterErr), for a failed request. */
  error?: string;
}

/** What a device type is given when it is enabled or restored on unseal. */
export interface AuditDeviceConfig {
  /** The mount path with its trailing slash (`file/`). */
  path: string;
  type: string;
  /** The device's options as Vault takes them: strings (`file_path`, `log_raw`, `hmac_accessor`, …). */
  options: Readonly<Record<string, string>>;
  /** The device's HMAC key (its salt), created at enable time and kept in the barrier. */
  salt: Uint8Array;
  logger: Logger;
}

/** One enabled audit device. */
export interface AuditDevice {
  /** Write the `request` entry; rejects when it cannot be written (the broker decides what follows). */
  logRequest(input: AuditInput): Promise<void>;
  /** Write the `response` entry; rejects when it cannot be written. */
  logResponse(input: AuditInput): Promise<void>;
  /** The device's hash of a value, `hmac-sha256:<hex>` (sys/audit-hash). */
  hash(value: string): string;
  /** Reopen the output (SIGHUP, for logrotate). */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/** A device type: validates options (throwing a coded error with Vault's text) and opens the device. */
export type AuditDeviceFactory = (config: AuditDeviceConfig) => Promise<AuditDevice>;
