/**
 * OpenBao's names for the key ceremonies, served beside Vault's so that the OpenBao CLI can drive
 * them (`bao operator generate-root`, `operator rotate`, `operator rotate-keys`): OpenBao's
 * vault/logical_system_paths.go and api/sys_generate_root.go, sys_rotate.go.
 *
 * - `generate-root-token/{attempt,update}` over Vault's `generate-root/*` state machine;
 * - `rotate/root/{init,update}` and `rotate/recovery/{init,update}` over `rekey/*` and
 *   `rekey-recovery-key/*`;
 * - `rotate/keyring` over `rotate` (sudo, as `rotate`).
 *
 * Unlike Vault's names these are authenticated logical paths: the caller's ACL is checked, they are
 * not served while sealed, and the answer comes in the envelope's `data` (OpenBao's client reads
 * `result.Data`), not as a bare body.
 */
import type { LogicalResponse } from '../../logical/types.js';
import type { HttpHandler, HttpPath } from './http-paths.js';

/** Vault-named path → OpenBao's name for it. */
const ALIASES: Readonly<Record<string, string>> = {
  'generate-root/attempt': 'generate-root-token/attempt',
  'generate-root/update': 'generate-root-token/update',
  'rekey/init': 'rotate/root/init',
  'rekey/update': 'rotate/root/update',
  'rekey-recovery-key/init': 'rotate/recovery/init',
  'rekey-recovery-key/update': 'rotate/recovery/update',
  rotate: 'rotate/keyring',
};

/** OpenBao's sudo paths among them (its PathsSpecial.Root: `rotate/keyring`, `rotate/root`). */
export const OPENBAO_SUDO_PATHS = ['rotate/keyring', 'rotate/root'] as const;

/** A bare 200 body moved into the envelope's `data`; a 204 (or an error) unchanged. */
function enveloped(handler: HttpHandler): HttpHandler {
  return async (req) => {
    const res: LogicalResponse = await handler(req);
    const raw = res?.raw;
    if (raw && raw.status === 200 && raw.body !== null && typeof raw.body === 'object') return { data: raw.body as Record<string, unknown> };
    return res;
  };
}

/** OpenBao's names for those of `vaultPaths` it renames. */
export function openBaoPaths(vaultPaths: readonly HttpPath[]): HttpPath[] {
  const out: HttpPath[] = [];
  for (const p of vaultPaths) {
    const alias = ALIASES[p.path];
    if (!alias) continue;
    const methods: HttpPath['methods'] = {};
    for (const [m, h] of Object.entries(p.methods) as [keyof HttpPath['methods'], HttpHandler][]) methods[m] = enveloped(h);
    out.push({ path: alias, methods });
  }
  return out;
}
