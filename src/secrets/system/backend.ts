/**
 * The system backend, mounted at `sys/` as Vault mounts it: the state machine's HTTP-layer paths
 * (init, seal, unseal, health, generate-root, rekey …), the mount table, policies and the UI's
 * mount listing. One instance serves both sealed and unsealed: while sealed the pipeline reaches it
 * for SYSTEM_SEALED_PATHS only, and the mount table routes `sys/` to the same object once unsealed.
 */
import type { AuditTable } from '../../audit/table.js';
import type { Acl } from '../../auth/acl.js';
import { policyPaths } from '../../auth/policy-paths.js';
import type { PolicyStore } from '../../auth/policy-store.js';
import type { Core } from '../../core/core.js';
import type { Logger } from '../../log/types.js';
import { createPathBackend } from '../../logical/framework.js';
import type { MountManager } from '../../logical/mounts.js';
import type { Backend, RequestAuth } from '../../logical/types.js';
import { auditPaths } from './audit-paths.js';
import { generateRootPaths } from './generate-root-paths.js';
import type { HACoordinator } from '../../ha/coordinator.js';
import { haStatusPaths, leaderPaths } from './ha-paths.js';
import { healthPaths } from './health-paths.js';
import { httpPathSpecs } from './http-paths.js';
import { mountPaths } from './mount-paths.js';
import { rekeyPaths } from './rekey-paths.js';
import { remountPaths } from './remount-paths.js';
import { SYSTEM_ROOT_PATHS } from './root-paths.js';
import { sealPaths } from './seal-paths.js';
import { leasePaths } from './lease-paths.js';
import { WRAPPING_UNAUTHENTICATED_PATHS, wrappingPaths } from './wrapping-paths.js';
import type { TokenLeases } from '../../auth/token-leases.js';
import type { ResponseWrapper } from '../../auth/wrapping.js';
import { UI_MOUNT_UNAUTHENTICATED_PATHS, uiMountPaths } from './ui-mount-paths.js';
import type { Metrics } from '../../telemetry/metrics.js';
import { metricsPaths } from './metrics-paths.js';
import { OPENBAO_SUDO_PATHS, openBaoPaths } from './openbao-paths.js';
import { OPERATOR_UNAUTHENTICATED_PATHS, operatorPaths, type OperatorSources } from './operator-paths.js';

/**
 * The operator paths served while sealed (Vault's HTTP-layer sys handlers that do not check the
 * seal): everything needed to initialise, unseal and watch a sealed node.
 */
export const SYSTEM_SEALED_PATHS = [
  'init',
  'seal-status',
  'unseal',
  'health',
  'leader',
  'seal-backend-status',
  'generate-root/attempt',
  'generate-root/update',
  'rekey/init',
  'rekey/update',
  'rekey-recovery-key/init',
  'rekey-recovery-key/update',
] as const;

/** Vault's PathsSpecial.Unauthenticated of the system backend, as far as tsvault serves them. */
export const SYSTEM_UNAUTHENTICATED_PATHS = [
  ...SYSTEM_SEALED_PATHS,
  ...UI_MOUNT_UNAUTHENTICATED_PATHS,
  ...WRAPPING_UNAUTHENTICATED_PATHS,
  ...OPERATOR_UNAUTHENTICATED_PATHS,
] as const;

/**
 * PathsSpecial.Root, plus sys/seal and sys/step-down: Vault checks RootPrivsRequired in its handler, which asks for
 * the same thing (sudo on the path, or the root policy).
 */
export const SYSTEM_SUDO_PATHS = [...SYSTEM_ROOT_PATHS, 'seal', 'step-down', ...OPENBAO_SUDO_PATHS] as const;

export interface SystemBackendOptions {
  /** The state machine behind init, seal, unseal, generate-root and rekey. */
  core: Core;
  mounts: MountManager;
  policies: PolicyStore;
  /** A token's policies, for sys/capabilities-self and friends. */
  tokenPolicies(token: string): Promise<{ policies: readonly string[]; entityId: string } | null>;
  /** A token's ACL from its policies and entity (identity policies and templating). */
  aclOf(holder: { policies: readonly string[]; entityId: string }): Promise<Acl>;
  aclFor(auth: RequestAuth): Promise<Acl>;
  version: string;
  logger: Logger;
  /** The HA standby loop, when the storage is HA (sys/leader, sys/ha-status, sys/step-down, health). */
  ha?: HACoordinator;
  /** sys/leases over the token leases; `tidy` starts a pass of the token reaper. */
  leases: { leases: TokenLeases; now: () => number; tidy: () => void };
  /** sys/wrapping. */
  wrapper: ResponseWrapper;
  /** sys/audit, sys/audit-hash. */
  audits: AuditTable;
  /** sys/metrics (absent: not served). */
  metrics?: Metrics;
  /** sys/monitor, sys/loggers, sys/in-flight-req, sys/config/state/sanitized (the daemon's logger and config). */
  operator?: OperatorSources;
}

export function createSystemBackend(opts: SystemBackendOptions): Backend {
  const keyPaths = [...healthPaths(opts.core, opts.ha), ...generateRootPaths(opts.core.generateRoot), ...rekeyPaths(opts.core.rekeys)];
  const http = httpPathSpecs([
    ...sealPaths(opts.core, opts.logger),
    ...leaderPaths(opts.core, opts.ha),
    ...keyPaths,
    // OpenBao's names (sys/generate-root-token/*, sys/rotate/root/*, sys/rotate/keyring): authenticated.
    ...openBaoPaths(keyPaths),
  ]);
  return createPathBackend({
    type: 'system',
    paths: [
      ...http.specs,
      ...mountPaths(opts.mounts, opts.version),
      ...remountPaths(opts.mounts, opts.logger),
      ...haStatusPaths(opts.ha),
      ...uiMountPaths(opts.mounts, opts.version, opts.aclFor),
      ...policyPaths(opts.policies, { tokenPolicies: opts.tokenPolicies, aclOf: opts.aclOf }),
      ...leasePaths(opts.leases.leases, opts.leases.now, opts.leases.tidy),
      ...wrappingPaths(opts.wrapper),
      ...auditPaths(opts.audits),
      ...metricsPaths(opts.metrics),
      ...operatorPaths(opts.operator ?? {}, opts.mounts, opts.version, () => opts.core.sealed),
    ],
    help: 'The system backend, mounted at sys/: initialising, sealing and unsealing, mounts and auth methods, policies, leases, response wrapping, and the operator endpoints (monitor, loggers, host-info, in-flight-req, config state).',
    unauthenticatedPaths: SYSTEM_UNAUTHENTICATED_PATHS,
    rootPaths: SYSTEM_SUDO_PATHS,
    sealedPaths: SYSTEM_SEALED_PATHS,
    httpPaths: http.methods,
  });
}
