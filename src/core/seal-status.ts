/** Vault's seal-status document, filled from the core's state and what the seal says of itself. */
import type { SealStatusFields } from '../seal/seal.js';
import { operatorKeysConfig, type SealConfigs } from '../seal/seal-config.js';
import type { ClusterInfo } from './cluster-info.js';
import type { CoreOptions, SealStatus } from './core-options.js';
import type { UnsealProgress } from './unseal-progress.js';

export interface SealStatusInput {
  initialized: boolean;
  sealed: boolean;
  /** The stored seal configs; null before init. */
  configs: SealConfigs | null;
  fields: SealStatusFields;
  progress: UnsealProgress;
  migration: boolean;
  options: Pick<CoreOptions, 'version' | 'buildDate' | 'storageType'>;
  cluster: ClusterInfo | undefined;
}

/** t/n are the shares operators hold; progress, nonce and the cluster only where Vault shows them. */
export function fillSealStatus(input: SealStatusInput): SealStatus {
  const { sealed, fields } = input;
  const keys = input.configs ? operatorKeysConfig(input.configs) : null;
  const status: SealStatus = {
    type: fields.type,
    initialized: input.initialized,
    sealed,
    t: keys?.secret_threshold ?? 0,
    n: keys?.secret_shares ?? 0,
    progress: sealed ? input.progress.progress : 0,
    nonce: sealed ? input.progress.nonce : '',
    version: input.options.version,
    build_date: input.options.buildDate,
    migration: input.migration,
    recovery_seal: fields.recovery_seal,
    ...(fields.recovery_seal_type ? { recovery_seal_type: fields.recovery_seal_type } : {}),
    storage_type: input.options.storageType,
  };
  if (!sealed && input.cluster) {
    status.cluster_name = input.cluster.name;
    status.cluster_id = input.cluster.id;
  }
  return status;
}
