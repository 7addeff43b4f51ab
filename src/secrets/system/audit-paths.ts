/**
 * sys/audit (list), sys/audit/<path> (enable, disable) and sys/audit-hash/<path>, as Vault's
 * system backend serves them. sys/audit and sys/audit/* need sudo (SYSTEM_ROOT_PATHS, Vault's
 * PathsSpecial.Root); sys/audit-hash needs only the ACL's update.
 */
import type { AuditEntry, AuditTable } from '../../audit/table.js';
import { badRequest } from '../../logical/errors.js';
import { bool, str, strMap } from '../../logical/fields.js';
import type { PathSpec } from '../../logical/types.js';

/** One device as sys/audit lists it. */
function describeAudit(e: AuditEntry): Record<string, unknown> {
  return { type: e.type, description: e.description, options: e.options, path: e.path, local: e.local };
}

export function auditPaths(audits: AuditTable): PathSpec[] {
  return [
    {
      pattern: /^audit\/?$/,
      operations: {
        read: async () => ({ data: Object.fromEntries(audits.list().map((e) => [e.path, describeAudit(e)])), topLevel: true }),
      },
    },
    {
      pattern: /^audit\/(?<path>.+)$/,
      operations: {
        update: async (req, p) => {
          const options = strMap(req.data, 'options');
          await audits.enable(p.path!, str(req.data, 'type'), {
            description: str(req.data, 'description'),
            ...(options ? { options } : {}),
            local: bool(req.data, 'local'),
          });
          return { noContent: true };
        },
        // Vault answers success when nothing is enabled there.
        delete: async (_req, p) => {
          await audits.disable(p.path!);
          return { noContent: true };
        },
      },
    },
    {
      pattern: /^audit-hash\/(?<path>.+)$/,
      operations: {
        update: async (req, p) => {
          const input = str(req.data, 'input');
          if (input === '') throw badRequest('the "input" parameter is empty');
          return { data: { hash: audits.hash(p.path!, input) }, topLevel: true };
        },
      },
    },
  ];
}
