/**
 * sys/remount and sys/remount/status/:migration_id (Vault's handleRemount and
 * handleRemountStatusCheck, Vault ≥ 1.10): the request is checked, answered at once with a
 * `migration_id`, and the move runs after the answer; its status (`in-progress`, `success`,
 * `failure`) is kept in memory, as Vault keeps it, until the server stops.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log/types.js';
import { badRequest } from '../../logical/errors.js';
import { str } from '../../logical/fields.js';
import type { MountManager } from '../../logical/mounts.js';
import type { PathSpec } from '../../logical/types.js';

interface MigrationInfo {
  source_mount: string;
  target_mount: string;
  status: 'in-progress' | 'success' | 'failure';
}

/** Vault's protectedMounts (a secrets engine may not leave or enter them) and protectedAuths. */
const PROTECTED_MOUNTS = ['audit/', 'auth/', 'sys/', 'cubbyhole/', 'identity/'];
const PROTECTED_AUTHS = ['auth/token'];
/** Statuses kept; the oldest go first beyond this. */
const MAX_TRACKED = 1000;
const QUEUED_WARNING = "Mount move has been queued. Progress will be reported in Vault's server log, tagged with the returned migration_id";

/** Vault's sanitizePath: no leading slash, one trailing slash. */
const sanitize = (path: string): string => `${path.replace(/^\/+/, '').replace(/\/+$/, '')}/`;

function checkPaths(from: string, to: string): void {
  if (from.startsWith('auth/')) {
    if (!to.startsWith('auth/')) throw badRequest(`cannot remount auth mount to non-auth mount ${JSON.stringify(to)}`);
    if (PROTECTED_AUTHS.some((p) => from.startsWith(p))) throw badRequest(`cannot remount ${JSON.stringify(from)}`);
    if (PROTECTED_AUTHS.some((p) => to.startsWith(p))) throw badRequest(`cannot remount to destination ${JSON.stringify(to)}`);
    return;
  }
  for (const p of PROTECTED_MOUNTS) {
    if (from.startsWith(p)) throw badRequest(`cannot remount ${JSON.stringify(from)}`);
    if (to.startsWith(p)) throw badRequest(`cannot remount to destination ${to}`);
  }
}

export function remountPaths(mounts: MountManager, logger: Logger): PathSpec[] {
  const migrations = new Map<string, MigrationInfo>();
  const log = logger.named('mounts.migration');

  const start = (from: string, to: string): string => {
    const id = randomUUID();
    const info: MigrationInfo = { source_mount: from, target_mount: to, status: 'in-progress' };
    migrations.set(id, info);
    if (migrations.size > MAX_TRACKED) migrations.delete(migrations.keys().next().value!);
    setImmediate(() => {
      mounts.remount(from, to).then(
        () => {
          info.status = 'success';
          log.info('Completed mount move operations', { migration_id: id, from_path: from, to_path: to });
        },
        (err: unknown) => {
          info.status = 'failure';
          log.error('remount failed', { migration_id: id, from_path: from, to_path: to, error: err instanceof Error ? err.message : String(err) });
        },
      );
    });
    return id;
  };

  return [
    {
      pattern: /^remount$/,
      synopsis: 'Move a mounted secrets engine or auth method to a new path.',
      operations: {
        update: async (req) => {
          const rawFrom = str(req.data, 'from');
          const rawTo = str(req.data, 'to');
          if (rawFrom === '' || rawTo === '') throw badRequest("both 'from' and 'to' path must be specified as a string");
          if (rawFrom.trim() !== rawFrom) throw badRequest("'from' path cannot contain trailing whitespace");
          if (rawTo.trim() !== rawTo) throw badRequest("'to' path cannot contain trailing whitespace");
          const from = sanitize(rawFrom);
          const to = sanitize(rawTo);
          checkPaths(from, to);
          const table = from.startsWith('auth/') ? 'auth' : 'mounts';
          if (!mounts.find(table, table === 'auth' ? from.slice('auth/'.length) : from)) throw badRequest(`no matching mount at ${JSON.stringify(from)}`);
          const conflict = mounts.router.conflicts(to);
          if (conflict) throw badRequest(`path already in use at ${JSON.stringify(conflict)}`);
          return { data: { migration_id: start(from, to) }, warnings: [QUEUED_WARNING] };
        },
      },
    },
    {
      pattern: /^remount\/status\/(?<id>.+?)$/,
      synopsis: 'The status of a mount move, by its migration_id.',
      operations: {
        read: async (_req, p) => {
          const info = migrations.get(p.id!);
          return info ? { data: { migration_id: p.id!, migration_info: { ...info } } } : null;
        },
      },
    },
  ];
}
