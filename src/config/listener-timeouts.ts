/**
 * A `listener "tcp"` block's limits for slow or idle clients: Vault's keys and defaults
 * (command/server.go, internalshared/configutil/listener.go), plus tsvault's connection cap.
 *
 *   http_read_header_timeout  10s   time to receive a request's headers
 *   http_read_timeout         30s   time to receive a whole request, body included
 *   http_write_timeout        0     accepted; Vault's default (no limit) is what node:http does
 *   http_idle_timeout         5m    keep-alive connection waiting for its next request
 *   max_request_duration      90s   time for the server to answer a request (Vault's default_max_request_duration)
 *   max_connections           4096  (tsvault) open connections per listener; 0 = no limit
 *
 * Durations are read as Vault's parseutil.ParseDurationSecond (`30s`, `500ms`, `5m`, plain
 * seconds); a bad one stops start-up with Vault's text and the value's file:line:col.
 */
import { parseDurationSecondMs } from '../duration.js';
import { ConfigError } from '../errors.js';
import { type BlockItem, findNode, posOf } from './hcl.js';
import type { ListenerTimeouts } from './types.js';

const DURATION_KEYS = {
  http_read_header_timeout: 'readHeaderMs',
  http_read_timeout: 'readMs',
  http_write_timeout: 'writeMs',
  http_idle_timeout: 'idleMs',
  max_request_duration: 'maxRequestDurationMs',
} as const satisfies Record<string, keyof ListenerTimeouts>;

const CONNECTIONS_KEY = 'max_connections';

export const DEFAULT_LISTENER_TIMEOUTS: Readonly<ListenerTimeouts> = {
  readHeaderMs: 10_000,
  readMs: 30_000,
  writeMs: 0,
  idleMs: 300_000,
  maxRequestDurationMs: 90_000,
  // Far above what one Vault server serves (clients keep a few pooled connections each), far below
  // the unit's LimitNOFILE=65536, so a flood of idle or slow sockets cannot starve storage and
  // audit files of descriptors.
  maxConnections: 4096,
};

export function isListenerLimitKey(key: string): boolean {
  return key in DURATION_KEYS || key === CONNECTIONS_KEY;
}

function bad(item: BlockItem, key: string, reason: string, cause?: unknown): ConfigError {
  const pos = posOf(item.pos.file, findNode(item.nodes, key), item.pos);
  return new ConfigError('CONFIG_INVALID', `error parsing ${key}: ${reason}`, pos, cause === undefined ? undefined : { cause });
}

/** The limits a listener block sets, or undefined when it sets none (the defaults then apply). */
export function decodeListenerLimits(item: BlockItem): Partial<ListenerTimeouts> | undefined {
  const out: Partial<ListenerTimeouts> = {};
  let any = false;
  for (const [key, field] of Object.entries(DURATION_KEYS)) {
    const raw = item.body[key];
    if (raw === undefined) continue;
    try {
      out[field] = parseDurationSecondMs(raw);
    } catch (err) {
      throw bad(item, key, (err as Error).message, err);
    }
    any = true;
  }
  const conns = item.body[CONNECTIONS_KEY];
  if (conns !== undefined) {
    const n = typeof conns === 'string' && /^\d+$/.test(conns) ? Number(conns) : conns;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw bad(item, CONNECTIONS_KEY, `expected a whole number of connections, got ${JSON.stringify(conns)}`);
    }
    out.maxConnections = n;
    any = true;
  }
  return any ? out : undefined;
}

/** The limits in force: what the block set over Vault's defaults, with Go's fallbacks for zeros. */
export function effectiveLimits(set: Partial<ListenerTimeouts> | undefined): ListenerTimeouts {
  const t = { ...DEFAULT_LISTENER_TIMEOUTS, ...set };
  // net/http: a zero idle timeout falls back to the read timeout, then to the header timeout;
  // a zero header timeout falls back to the read timeout.
  if (t.idleMs === 0) t.idleMs = t.readMs || t.readHeaderMs;
  if (t.readHeaderMs === 0) t.readHeaderMs = t.readMs;
  return t;
}
