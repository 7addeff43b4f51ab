import { randomBytes, randomUUID } from 'node:crypto';
import type { MountConfig } from './types.js';

/** One row of Vault's mount table (core/mounts) or auth table (core/auth). */
export interface MountEntry {
  table: 'mounts' | 'auth';
  /** With a trailing slash; auth entries without the `auth/` prefix, as Vault stores them. */
  path: string;
  type: string;
  description: string;
  uuid: string;
  accessor: string;
  config: MountConfig;
  options: Record<string, string> | null;
  local: boolean;
  seal_wrap: boolean;
}

export function newMountEntry(
  table: MountEntry['table'],
  path: string,
  type: string,
  fields: Partial<Pick<MountEntry, 'description' | 'config' | 'options' | 'local' | 'seal_wrap'>> = {},
): MountEntry {
  return {
    table,
    path,
    type,
    description: fields.description ?? '',
    uuid: randomUUID(),
    // Vault's accessors: `kv_1a2b3c4d` for secrets engines, `auth_userpass_1a2b3c4d` for auth methods.
    accessor: `${table === 'auth' ? 'auth_' : ''}${type.replace(/[^a-z0-9]/gi, '')}_${randomBytes(4).toString('hex')}`,
    config: fields.config ?? { default_lease_ttl: 0, max_lease_ttl: 0 },
    options: fields.options ?? null,
    local: fields.local ?? false,
    seal_wrap: fields.seal_wrap ?? false,
  };
}

/** The full request path under which an entry is routed: `secret/`, `auth/token/`. */
export function routePath(entry: MountEntry): string {
  return entry.table === 'auth' ? `auth/${entry.path}` : entry.path;
}

/** Vault's mount paths: non-empty segments, no `..`, normalised with one trailing slash. */
export function normaliseMountPath(path: string): string | undefined {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '' || trimmed.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return `${trimmed}/`;
}
