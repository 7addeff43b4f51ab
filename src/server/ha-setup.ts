/**
 * Whether this server runs as an HA node, and on what: the `ha_storage` block's backend when there
 * is one, else the storage itself when it is HA-capable with `ha_enabled` (Vault's rules in
 * command/server.go), and this node's advertisement (api_addr / cluster_addr, defaulted from the
 * first listener as Vault does).
 */
import { randomUUID } from 'node:crypto';
import type { ServerConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { createAdvertisement, defaultAddresses, type Advertisement } from '../ha/advertisement.js';
import type { Logger } from '../log/types.js';
import { isHABackend, type HABackend } from '../storage/ha.js';
import type { Backend } from '../storage/types.js';
import { openStorage } from './phases.js';

export interface HASetup {
  backend: HABackend & Backend;
  /** The separate ha_storage backend (closed with the server), when not the storage itself. */
  separate: boolean;
  self: Advertisement;
}

export async function openHA(config: ServerConfig, storage: Backend, logger: Logger, version: string): Promise<HASetup | undefined> {
  let backend: Backend = storage;
  let separate = false;
  if (config.haStorage) {
    backend = await openStorage({ ...config, storage: config.haStorage }, logger);
    separate = true;
    if (!isHABackend(backend) || !backend.haEnabled) {
      await backend.close?.();
      // Vault's text (command/server.go).
      throw new ConfigError('CONFIG_INVALID', 'Specified HA storage does not support HA', config.haStorage.pos);
    }
  }
  if (!isHABackend(backend) || !backend.haEnabled) return undefined;
  const first = config.listeners[0];
  const { apiAddr, clusterAddr } = defaultAddresses(
    {
      ...((config.apiAddr ?? config.storage.redirectAddr) ? { apiAddr: config.apiAddr ?? config.storage.redirectAddr } : {}),
      ...((config.clusterAddr ?? config.storage.clusterAddr) ? { clusterAddr: config.clusterAddr ?? config.storage.clusterAddr } : {}),
    },
    first ? { address: first.address, tls: !first.tlsDisable } : undefined,
  );
  if (!config.apiAddr) logger.warn('api_addr is not set: other HA nodes will forward to the first listener\'s address', { api_addr: apiAddr });
  const self = createAdvertisement({ nodeId: randomUUID(), apiAddr, clusterAddr, version });
  return { backend: backend as HABackend & Backend, separate, self };
}
