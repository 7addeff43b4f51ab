import { randomBytes, randomUUID } from 'node:crypto';
import type { Barrier } from './barrier.js';

const CLUSTER_INFO_PATH = 'core/cluster/local/info';

export interface ClusterInfo {
  name: string;
  id: string;
}

/** The cluster's name and id, made on first unseal and kept in the barrier. */
export async function loadClusterInfo(barrier: Barrier, configuredName: string | undefined): Promise<ClusterInfo> {
  const raw = await barrier.get(CLUSTER_INFO_PATH);
  if (raw) {
    const info = JSON.parse(Buffer.from(raw).toString('utf8')) as ClusterInfo;
    if (!configuredName || configuredName === info.name) return info;
    const renamed = { ...info, name: configuredName };
    await barrier.put(CLUSTER_INFO_PATH, Buffer.from(JSON.stringify(renamed)));
    return renamed;
  }
  const info = {
    name: configuredName || `vault-cluster-${randomBytes(4).toString('hex')}`,
    id: randomUUID(),
  };
  await barrier.put(CLUSTER_INFO_PATH, Buffer.from(JSON.stringify(info)));
  return info;
}
