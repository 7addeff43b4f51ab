/**
 * Vault's PathsSpecial.Root of the system backend (vault/logical_system.go): paths under `sys/` that
 * need `sudo` in the caller's ACL (or the root policy), whether or not this server serves them yet,
 * so that a token without sudo gets 403 before it can learn whether a path exists.
 */
export const SYSTEM_ROOT_PATHS = [
  'auth/*',
  'remount',
  'audit',
  'audit/*',
  'raw',
  'raw/*',
  'replication/primary/secondary-token',
  'replication/performance/primary/secondary-token',
  'replication/dr/primary/secondary-token',
  'replication/reindex',
  'replication/dr/reindex',
  'replication/performance/reindex',
  'rotate',
  'config/cors',
  'config/auditing/*',
  'config/ui/headers/*',
  'plugins/catalog/*',
  'revoke-prefix/*',
  'revoke-force/*',
  'leases/revoke-prefix/*',
  'leases/revoke-force/*',
  'leases/lookup/*',
  'storage/raft/snapshot-auto/config/*',
  'leases',
  'internal/inspect/*',
] as const;
