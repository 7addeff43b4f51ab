import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { SecureVersion } from 'node:tls';
import type { ListenerConfig } from '../config/types.js';
import { ListenerError } from '../errors.js';

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
  close(): Promise<void>;
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

function tlsOptions(config: ListenerConfig): { cert: Buffer; key: Buffer; minVersion: SecureVersion } {
  if (!config.tlsCertFile || !config.tlsKeyFile) {
    throw new ListenerError('LISTENER_INVALID', 'Error initializing listener of type tcp: tls_cert_file and tls_key_file must be set when TLS is enabled');
  }
  try {
    return {
      cert: readFileSync(config.tlsCertFile),
      key: readFileSync(config.tlsKeyFile),
      minVersion: TLS_VERSIONS[config.tlsMinVersion],
    };
  } catch (cause) {
    throw new ListenerError('LISTENER_INVALID', `Error initializing listener of type tcp: error loading TLS cert: ${(cause as Error).message}`, { cause });
  }
}

/** Bind one `listener "tcp"` block; TLS unless tls_disable. */
export async function bindListener(config: ListenerConfig, handler: RequestListener): Promise<BoundListener> {
  const { host, port } = splitHostPort(config.address);
  const server = config.tlsDisable ? createHttpServer(handler) : createHttpsServer(tlsOptions(config), handler);
  server.keepAliveTimeout = 5_000;
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
