/**
 * The AppRole auth method (Vault's builtin/credential/approle), mounted at `auth/<path>/`.
 *
 * Paths: `role/` (LIST), `role/<role_name>` and its per-field paths, `role/<role_name>/role-id`,
 * `role/<role_name>/secret-id` (generate, LIST accessors), `custom-secret-id`,
 * `secret-id/lookup`, `secret-id/destroy`, `secret-id-accessor/lookup`, `secret-id-accessor/destroy`,
 * `login` (unauthenticated) and `tidy/secret-id`.
 *
 * Storage layout in the mount's view (no secret ID is ever stored in clear; HMAC = HMAC-SHA256 with
 * the mount's salt, hex):
 *   salt                                  32 random bytes, made on first use
 *   role/<role name, lower-cased>         the role (JSON, RoleEntry)
 *   role_id/<HMAC(role_id)>               {name}: which role a role_id logs in to
 *   secret_id/<role storage_id>/<HMAC(secret_id)>   the secret ID's properties (JSON, SecretIdEntry)
 *   accessor/<HMAC(secret_id_accessor)>   {secret_id_hmac, storage_id}: the accessor index
 * A role's storage_id is random and fixed at creation, so a role deleted and created again under
 * the same name never sees the old role's secret IDs (tidy removes any left behind).
 */
import { createPathBackend } from '../../logical/framework.js';
import type { BackendFactory, StorageView } from '../../logical/types.js';
import { loginPaths } from './login.js';
import { rolePaths, type RoleDeps } from './paths-role.js';
import { roleFieldPaths } from './paths-role-fields.js';
import { secretIdPaths } from './paths-secret-id.js';
import { RoleStore } from './role-store.js';
import { SecretIdStore } from './secret-ids.js';
import { AppRoleState, type AppRoleOptions } from './state.js';
import { Tidier, TIDY_INTERVAL_MS, tidyPaths } from './tidy.js';

export type { AppRoleOptions, Clock } from './state.js';

/** The AppRole backend factory with injected options (a clock for tests). */
export function createAppRoleBackendWith(options: AppRoleOptions = {}): BackendFactory {
  return async (ctx) => {
    const state = new AppRoleState(ctx, options);
    const deps: RoleDeps = { state, roles: new RoleStore(state), secretIds: new SecretIdStore(state) };
    const tidier = new Tidier(deps);
    const logger = ctx.logger.named('approle');
    let timer: NodeJS.Timeout | undefined;
    const periodic = (storage: StorageView): void => {
      tidier.run(storage).catch((err: unknown) => logger.error('error tidying secret IDs', { error: (err as Error).message }));
    };
    return createPathBackend({
      type: 'approle',
      help: 'The AppRole auth method: machines log in with a role ID and a secret ID issued for a named role.',
      unauthenticatedPaths: ['login'],
      paths: [
        ...loginPaths(deps),
        ...rolePaths(deps),
        ...roleFieldPaths(deps),
        ...secretIdPaths(deps),
        ...tidyPaths(tidier, logger),
      ],
      initialize: async (storage) => {
        clearInterval(timer);
        timer = setInterval(() => periodic(storage), TIDY_INTERVAL_MS);
        timer.unref();
      },
      cleanup: async () => {
        clearInterval(timer);
        timer = undefined;
        state.reset();
      },
    });
  };
}

/** The AppRole auth method (`vault auth enable approle`). */
export const createAppRoleBackend: BackendFactory = createAppRoleBackendWith();
