/**
 * auth/token/roles (LIST) and auth/token/roles/<role_name> (read, create/update, delete): Vault's
 * token role paths. They are ordinary ACL paths, not root paths.
 */
import type { PathSpec } from '../logical/types.js';
import { newRole, roleReadData, type TokenRoleStore } from './token-roles.js';
import { parseRoleWrite } from './token-roles-write.js';

/** framework.GenericNameRegex("role_name"). */
export const ROLE_NAME = String.raw`(?<role_name>\w(?:[\w.-]*\w)?)`;

export function tokenRolePaths(roles: TokenRoleStore, maxLeaseTtl: () => number): PathSpec[] {
  return [
    {
      pattern: /^roles\/?$/,
      operations: {
        list: async () => {
          const keys = await roles.list();
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
    },
    {
      pattern: new RegExp(`^roles/${ROLE_NAME}$`),
      existenceCheck: async (_req, { role_name = '' }) => (await roles.get(role_name)) !== null,
      operations: {
        read: async (_req, { role_name = '' }) => {
          const role = await roles.get(role_name);
          return role ? { data: roleReadData(role) } : null;
        },
        update: async (req, { role_name = '' }) => {
          // Due to the existence check, only a create finds no role (Vault's defaults then apply).
          const stored = (await roles.get(role_name)) ?? newRole(role_name);
          const { role, warnings } = parseRoleWrite(req.data, stored, maxLeaseTtl());
          await roles.put(role);
          return warnings.length > 0 ? { data: null, warnings } : { noContent: true };
        },
        delete: async (_req, { role_name = '' }) => {
          await roles.delete(role_name);
          return { noContent: true };
        },
      },
    },
  ];
}
