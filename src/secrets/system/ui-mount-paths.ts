/**
 * sys/internal/ui/mounts and sys/internal/ui/mounts/<path>, as Vault serves them: unauthenticated
 * paths (the CLI's KV preflight needs no policy on sys/) that show a mount only to a token whose
 * ACL grants something inside it (Vault's hasMountAccess), so they cannot be used to discover mounts.
 */
import type { Acl } from '../../auth/acl.js';
import type { MountManager } from '../../logical/mounts.js';
import { CoreError } from '../../errors.js';
import { routePath, type MountEntry } from '../../logical/mount-table.js';
import type { PathSpec, RequestAuth } from '../../logical/types.js';
import { describeMount } from './mount-paths.js';

/** The ACL of an authenticated caller. */
export type AclFor = (auth: RequestAuth) => Promise<Acl>;

function preflightDenied(path: string): CoreError {
  return new CoreError(
    'CORE_PREFLIGHT_DENIED',
    `preflight capability check returned 403, please ensure client's policies grant access to path ${JSON.stringify(path)}`,
  );
}

export function uiMountPaths(mounts: MountManager, version: string, aclFor: AclFor): PathSpec[] {
  const visible = (acl: Acl | undefined, table: MountEntry['table']) => {
    if (!acl) return {}; // no mount has listing_visibility = "unauth" here
    return Object.fromEntries(
      mounts
        .list(table)
        .filter((e) => acl.hasMountAccess(routePath(e)))
        .map((e) => [e.path, describeMount(e, version)]),
    );
  };
  return [
    {
      pattern: /^internal\/ui\/mounts\/?$/,
      operations: {
        read: async (req) => {
          const acl = req.auth ? await aclFor(req.auth) : undefined;
          return { data: { secret: visible(acl, 'mounts'), auth: visible(acl, 'auth') } };
        },
      },
    },
    {
      pattern: /^internal\/ui\/mounts\/(?<path>.+)$/,
      operations: {
        read: async (req, p) => {
          const path = `${p.path!.replace(/^\/+/, '')}${p.path!.endsWith('/') ? '' : '/'}`;
          const match = mounts.router.match(path);
          if (!match || !req.auth) throw preflightDenied(path);
          const e = match.mounted.entry;
          if (!(await aclFor(req.auth)).hasMountAccess(routePath(e))) throw preflightDenied(path);
          return { data: { ...describeMount(e, version), path: routePath(e) } };
        },
      },
    },
  ];
}

/** The system backend's unauthenticated paths that the mount table serves (Vault's list, in part). */
export const UI_MOUNT_UNAUTHENTICATED_PATHS = ['internal/ui/mounts', 'internal/ui/mounts/*'] as const;
