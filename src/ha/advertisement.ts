/**
 * What an HA node tells the others about itself: the lock value of the active node (its API and
 * cluster addresses, which standbys forward to and `sys/leader` shows) and each node's record for
 * `sys/ha-status`. Stored as JSON in the HA table's ha_value column.
 */
import { hostname } from 'node:os';

export interface Advertisement {
  /** This process's node id (a UUID per start). */
  node_id: string;
  hostname: string;
  api_addr: string;
  cluster_addr: string;
  version: string;
}

export function createAdvertisement(opts: { nodeId: string; apiAddr: string; clusterAddr: string; version: string }): Advertisement {
  return { node_id: opts.nodeId, hostname: hostname(), api_addr: opts.apiAddr, cluster_addr: opts.clusterAddr, version: opts.version };
}

export function encodeAdvertisement(ad: Advertisement): string {
  return JSON.stringify(ad);
}

/**
 * Reads a lock or node value. A value that is not ours (a Vault node's lock value is a bare UUID)
 * still names a holder, with no addresses.
 */
export function decodeAdvertisement(value: string): Advertisement {
  try {
    const v = JSON.parse(value) as Partial<Advertisement>;
    if (typeof v === 'object' && v !== null) {
      return {
        node_id: String(v.node_id ?? ''),
        hostname: String(v.hostname ?? ''),
        api_addr: String(v.api_addr ?? ''),
        cluster_addr: String(v.cluster_addr ?? ''),
        version: String(v.version ?? ''),
      };
    }
  } catch {
    /* not JSON: below */
  }
  return { node_id: value, hostname: '', api_addr: '', cluster_addr: '', version: '' };
}

/**
 * Vault's defaults when api_addr/cluster_addr are not configured: the API address from the first
 * listener (https unless TLS is off), the cluster address on the next port with https.
 */
export function defaultAddresses(
  configured: { apiAddr?: string; clusterAddr?: string },
  listener: { address: string; tls: boolean } | undefined,
): { apiAddr: string; clusterAddr: string } {
  let apiAddr = configured.apiAddr ?? '';
  if (!apiAddr && listener) {
    const host = listener.address.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^\[::\]:/, '[::1]:');
    apiAddr = `${listener.tls ? 'https' : 'http'}://${host}`;
  }
  let clusterAddr = configured.clusterAddr ?? '';
  if (!clusterAddr && apiAddr) {
    try {
      const u = new URL(apiAddr);
      const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80)) + 1;
      clusterAddr = `https://${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${port}`;
    } catch {
      clusterAddr = '';
    }
  }
  return { apiAddr, clusterAddr };
}
