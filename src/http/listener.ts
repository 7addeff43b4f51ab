import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createSecureContext, type SecureVersion } from 'node:tls';
import { effectiveLimits } from '../config/listener-timeouts.js';
import type { ListenerConfig } from '../config/types.js';
import { ListenerError } from '../errors.js';
import { acceptListMethod } from './list-method.js';

const TLS_VERSIONS: Record<ListenerConfig['tlsMinVersion'], SecureVersion> = {
  tls10: 'TLSv1',
  tls11: 'TLSv1.1',
  tls12: 'TLSv1.2',
  tls13: 'TLSv1.3',
};

export interface BoundListener {
  config: ListenerConfig;
  server: Server;
  /** host:port actually bound (the port may have been 0). */
  address: string;
  /**
   * New TLS material for connections accepted from now on (SIGHUP); open connections keep theirs.
   * Throws LISTENER_INVALID on a plain-HTTP listener.
   */
  setTls(options: TlsOptions): void;
  close(): Promise<void>;
}

export interface TlsOptions {
  cert: Buffer;
  key: Buffer;
  minVersion: SecureVersion;
}

/** Split `host:port` or `[v6]:port` as Go's net.SplitHostPort does, with its error texts. */
export function splitHostPort(address: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:[\]]*):(\d+)$/.exec(address);
  if (!m) {
    const reason = address.includes(':') ? 'too many colons in address' : 'missing port in address';
    throw new ListenerError('LISTENER_INVALID', `Error initializing listener of type tcp: listen tcp: address ${address}: ${reason}`);
  }
  const port = Number(m[2]);
  if (port > 65535) {
    throw new ListenerError('LISTENER_INVALID', `Error initializing listener of type tcp: listen tcp: address ${address}: invalid port`);
  }
  return { host: m[1] === '' ? '0.0.0.0' : m[1]!, port };
}

/**
 * Reads a TLS listener's certificate and key and checks that they load and belong together (a
 * secure context is built from them), so a bad pair fails here with LISTENER_INVALID instead of
 * inside the HTTPS server.
 */
export function loadTlsOptions(config: ListenerConfig): TlsOptions {
  if (!config.tlsCertFile || !config.tlsKeyFile) {
    throw new ListenerError('LISTENER_INVALID', 'Error initializing listener of type tcp: tls_cert_file and tls_key_file must be set when TLS is enabled');
  }
  let options: TlsOptions;
  try {
    options = {
      cert: readFileSync(config.tlsCertFile),
      key: readFileSync(config.tlsKeyFile),
      minVersion: TLS_VERSIONS[config.tlsMinVersion],
    };
    createSecureContext(options);
  } catch (cause) {
    throw new ListenerError('LISTENER_INVALID', `Error initializing listener of type tcp: error loading TLS cert: ${(cause as Error).message}`, { cause });
  }
  return options;
}

/**
 * node:http's options for a listener's limits (config/listener-timeouts.ts): headers and whole
 * requests that arrive too slowly get a 408 and the connection closed, idle keep-alive connections
 * are closed. node:http looks for overdue requests every `connectionsCheckingInterval`; it is kept
 * at a fraction of the header timeout so that a slow client is cut close to the time configured.
 */
export function serverOptions(config: ListenerConfig): { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number } {
  const t = effectiveLimits(config.limits);
  // node:http refuses a header timeout longer than the request timeout; Go applies the shorter anyway.
  const headersTimeout = t.readMs > 0 ? Math.min(t.readHeaderMs, t.readMs) : t.readHeaderMs;
  const shortest = Math.min(...[headersTimeout, t.readMs].filter((ms) => ms > 0), 30_000);
  return {
    headersTimeout,
    requestTimeout: t.readMs,
    keepAliveTimeout: t.idleMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(shortest / 4))),
  };
}

/** Bind one `listener "tcp"` block; TLS unless tls_disable. */
export async function bindListener(config: ListenerConfig, handler: RequestListener): Promise<BoundListener> {
  const { host, port } = splitHostPort(config.address);
  const options = serverOptions(config);
  const server = config.tlsDisable ? createHttpServer(options, handler) : createHttpsServer({ ...loadTlsOptions(config), ...options }, handler);
  server.keepAliveTimeout = options.keepAliveTimeout;
  const { maxConnections } = effectiveLimits(config.limits);
  if (maxConnections > 0) server.maxConnections = maxConnections; // further connections are closed at once
  // Vault's LIST verb, which Node's parser refuses: see list-framer.ts for the design.
  acceptListMethod(server, config.tlsDisable ? 'connection' : 'secureConnection');
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      reject(new ListenerError('LISTENER_BIND', `Error initializing listener of type tcp: listen tcp ${config.address}: ${err.message}`, { cause: err }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = server.address();
  const address = typeof bound === 'object' && bound ? `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}` : config.address;
  return {
    config,
    server,
    address,
    setTls(options: TlsOptions): void {
      if (config.tlsDisable) throw new ListenerError('LISTENER_INVALID', `listener ${address} does not use TLS`);
      (server as unknown as HttpsServer).setSecureContext(options);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
