/** sys/mounts ([V] api/sys_mounts.go). */

/** POST sys/mounts/<path>/tune body ([V] MountConfigInput; omitempty fields left out). */
export interface MountConfigInput {
  options: Record<string, string> | null;
  default_lease_ttl: string;
  description?: string;
  max_lease_ttl: string;
  force_no_cache: boolean;
}

/** POST sys/mounts/<path> body ([V] MountInput, in Go's field order). */
export interface MountInput {
  type: string;
  description: string;
  config: MountConfigInput;
  local: boolean;
  seal_wrap: boolean;
  external_entropy_access: boolean;
  options: Record<string, string> | null;
}
