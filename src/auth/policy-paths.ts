/**
 * The system backend's policy paths (mounted at `sys/`), with Vault's shapes
 * (vault/logical_system.go handlePolicies*, handleCapabilities):
 * - `policies/acl` LIST → `{keys}`; `policies/acl/<name>` GET → `{name, policy}`, PUT `policy`
 *   (HCL, or base64 of it), DELETE;
 * - legacy `policy` GET/LIST → `{keys, policies}`; `policy/<name>` GET → `{name, rules}`, PUT
 *   `policy` or the deprecated `rules`, DELETE;
 * - `capabilities-self` and `capabilities` PUT/POST with `paths` (or the deprecated `path`) →
 *   `{<path>: [...], …}` plus `capabilities` when one path was asked.
 * Vault's HTTP layer repeats the data at the top level for `sys/policy…` and `sys/capabilities…`
 * (vault/http/handler.go injectDataIntoTopRoutes), not for `sys/policies/acl`: `topLevel` says so.
 */
import { CoreError } from '../errors.js';
import { badRequest } from '../logical/errors.js';
import { str, strList } from '../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathHandler, PathSpec } from '../logical/types.js';
import type { Acl, CapabilityName } from './acl.js';
import type { PolicyStore } from './policy-store.js';

export interface PolicyPathsOptions {
  /** A token's policies and entity for `sys/capabilities` (`token` field); null when the token is unknown. */
  tokenPolicies?: (token: string) => Promise<{ policies: readonly string[]; entityId: string } | null>;
  /** A token's ACL (its entity's policies and templating included); without it, the policies' own ACL. */
  aclOf?: (holder: { policies: readonly string[]; entityId: string }) => Promise<Acl>;
}

/** Go's base64.StdEncoding.DecodeString: strict alphabet and padding, CR and LF ignored. */
function decodeBase64(raw: string): string | undefined {
  const s = raw.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined;
  return Buffer.from(s, 'base64').toString('utf8');
}

const noContent = (): LogicalResponse => ({ noContent: true });

function listHandler(store: PolicyStore, legacy: boolean): PathHandler {
  return async () => {
    const keys = [...(await store.list()), 'root'];
    return legacy ? { data: { keys, policies: keys }, topLevel: true } : { data: { keys } };
  };
}

function readHandler(store: PolicyStore, legacy: boolean): PathHandler {
  return async (_req, params) => {
    const policy = await store.get(params.name ?? '');
    if (!policy) return null;
    if (legacy) return { data: { name: policy.name, rules: policy.raw }, topLevel: true };
    return { data: { name: policy.name, policy: policy.raw } };
  };
}

function writeHandler(store: PolicyStore, legacy: boolean): PathHandler {
  return async (req, params) => {
    const name = (params.name ?? '').toLowerCase();
    if (name === '') throw badRequest('policy name must be provided in the URL');
    let raw = str(req.data, 'policy');
    const warnings: string[] = [];
    if (raw === '' && legacy) {
      raw = str(req.data, 'rules');
      warnings.push("'rules' is deprecated, please use 'policy' instead");
    }
    if (raw === '') throw badRequest("'policy' parameter not supplied or empty");
    await store.put(name, decodeBase64(raw) ?? raw);
    return warnings.length > 0 ? { warnings } : noContent();
  };
}

function deleteHandler(store: PolicyStore): PathHandler {
  return async (_req, params) => {
    await store.delete(params.name ?? '');
    return noContent();
  };
}

/** Core.Capabilities for one token's policies: `["deny"]` without any, else the ACL's sorted answer. */
async function capabilitiesOf(acl: () => Promise<Acl>, policies: readonly string[], path: string): Promise<CapabilityName[]> {
  if (path === '') throw badRequest('missing path');
  if (policies.length === 0) return ['deny'];
  return (await acl()).capabilities(path);
}

function capabilitiesHandler(store: PolicyStore, self: boolean, options: PolicyPathsOptions): PathHandler {
  return async (req: LogicalRequest) => {
    const token = self ? (req.auth?.clientToken ?? '') : str(req.data, 'token');
    if (token === '') throw new CoreError('CORE_INTERNAL', 'no token found');
    let paths = strList(req.data, 'paths');
    if (paths.length === 0) paths = strList(req.data, 'path');
    if (paths.length === 0) throw badRequest('paths must be supplied');

    let holder: { policies: readonly string[]; entityId: string } | null;
    if (self || token === req.auth?.clientToken) holder = { policies: req.auth?.policies ?? [], entityId: req.auth?.entityId ?? '' };
    else holder = options.tokenPolicies ? await options.tokenPolicies(token) : null;
    if (!holder) throw badRequest('invalid token');
    const found = holder;
    const acl = () => (options.aclOf ? options.aclOf(found) : store.acl(found.policies));

    const data: Record<string, unknown> = {};
    for (const path of paths) data[path] = await capabilitiesOf(acl, holder.policies, path);
    // Kept by Vault for older clients: the single path's answer under `capabilities` too.
    if (paths.length === 1) data.capabilities = data[paths[0]!];
    return { data, topLevel: true };
  };
}

/** The policy and capability paths of the system backend, in matching order. */
export function policyPaths(store: PolicyStore, options: PolicyPathsOptions = {}): PathSpec[] {
  const crud = (legacy: boolean): PathSpec['operations'] => ({
    read: readHandler(store, legacy),
    update: writeHandler(store, legacy),
    delete: deleteHandler(store),
  });
  return [
    { pattern: /^policies\/acl\/?$/, synopsis: 'List the ACL policies.', operations: { list: listHandler(store, false) } },
    { pattern: /^policies\/acl\/(?<name>.+)$/, synopsis: 'Read, write or delete an ACL policy.', operations: crud(false) },
    { pattern: /^policy\/?$/, operations: { read: listHandler(store, true), list: listHandler(store, true) } },
    { pattern: /^policy\/(?<name>.+)$/, operations: crud(true) },
    { pattern: /^capabilities-self$/, operations: { update: capabilitiesHandler(store, true, options) } },
    { pattern: /^capabilities$/, operations: { update: capabilitiesHandler(store, false, options) } },
  ];
}
