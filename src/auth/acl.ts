/**
 * An ACL built from a token's policies, following Vault's NewACL and ACL.AllowOperation
 * (vault/acl.go):
 * - rules for the same path (exact, prefix or `+` pattern) merge across policies: capabilities are
 *   united, and a `deny` on that path wipes everything else;
 * - a request path is looked up exactly first; then (LIST) without its trailing `/`; then among the
 *   `*` prefixes (the longest wins) and the `+` patterns, ranked as Vault ranks them;
 * - the `root` policy allows everything, sudo included, and cannot be combined with others;
 * - templated rules (`{{identity.entity.name}}`, …) are rendered with the token's identity and then
 *   placed like any other rule, their exact/`*`/`+` shape read from the rendered path; a rule that
 *   does not render, or any templated rule when there is no identity, is left out (Vault's parsePaths).
 * Create versus update is the caller's decision (an existence check); list paths end in `/`.
 */
import { CoreError } from '../errors.js';
import type { Capability, Operation } from '../logical/types.js';
import { parametersAllowed } from './acl-params.js';
import { renderTemplate, type TemplateIdentity } from './acl-template.js';
import { CAPABILITY_BITS, PolicyParseError, type Policy, type PathRule } from './policy.js';
import { pathShape } from './policy-rule.js';

export interface AclResult {
  allowed: boolean;
  /** The capabilities of the matching rule (sorted; `["deny"]` when denied, `[]` when none matched). */
  capabilities: Capability[];
  /** The matching rule grants `sudo` (or the token is root): root-protected paths may be used. */
  sudo: boolean;
  root: boolean;
}

export interface AclCheckOptions {
  /** The request's data, for `allowed_parameters`, `denied_parameters` and `required_parameters`. */
  data?: Readonly<Record<string, unknown>>;
  /** The requested response-wrapping TTL in seconds, for `min_wrapping_ttl`/`max_wrapping_ttl`. */
  wrapTtl?: number;
}

/** What sys/capabilities answers: Vault's capability names, or `root`. */
export type CapabilityName = Capability | 'root';

interface Permissions {
  bits: number;
  minWrappingTtl: number;
  maxWrappingTtl: number;
  allowedParameters: Record<string, unknown[]> | undefined;
  deniedParameters: Record<string, unknown[]> | undefined;
  requiredParameters: string[];
  mfaMethods: string[] | undefined;
}

const ALL_BUT_DENY = (Object.keys(CAPABILITY_BITS) as Capability[]).filter((c) => c !== 'deny').sort();
const OP_CAPABILITY: Readonly<Record<Operation, Capability>> = {
  read: 'read',
  list: 'list',
  create: 'create',
  update: 'update',
  delete: 'delete',
  patch: 'patch',
};

/** A copy of the lists (their values are never changed; structuredClone would strip JsonNumbers). */
const copyParams = (p: Record<string, unknown[]>): Record<string, unknown[]> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [...v]]));
const cloneParams = (p: Record<string, unknown[]> | undefined): Record<string, unknown[]> | undefined =>
  p === undefined ? undefined : copyParams(p);

function fromRule(rule: PathRule): Permissions {
  return {
    bits: rule.bits,
    minWrappingTtl: rule.minWrappingTtl,
    maxWrappingTtl: rule.maxWrappingTtl,
    allowedParameters: cloneParams(rule.allowedParameters),
    deniedParameters: cloneParams(rule.deniedParameters),
    requiredParameters: [...rule.requiredParameters],
    mfaMethods: rule.mfaMethods ? [...rule.mfaMethods] : undefined,
  };
}

/** Merges parameter maps: values append; an empty list (any value) wins over a list. */
function mergeParams(into: Record<string, unknown[]> | undefined, add: Record<string, unknown[]> | undefined) {
  if (!add || Object.keys(add).length === 0) return into;
  if (!into) return copyParams(add);
  for (const [key, values] of Object.entries(add)) {
    const existing = Object.hasOwn(into, key) ? into[key] : undefined;
    into[key] = values.length === 0 || (existing !== undefined && existing.length === 0) ? [] : [...values, ...(existing ?? [])];
  }
  return into;
}

/** NewACL's merge of a rule into the permissions already held for its path. */
function merge(existing: Permissions, rule: PathRule): void {
  if (existing.bits & CAPABILITY_BITS.deny) return;
  if (rule.bits & CAPABILITY_BITS.deny) {
    existing.bits = CAPABILITY_BITS.deny;
    existing.allowedParameters = undefined;
    existing.deniedParameters = undefined;
    return;
  }
  existing.bits |= rule.bits;
  // The lesser of two wrapping TTLs wins, keeping token lifetimes as short as possible.
  if (rule.maxWrappingTtl > 0 && (existing.maxWrappingTtl === 0 || rule.maxWrappingTtl < existing.maxWrappingTtl)) {
    existing.maxWrappingTtl = rule.maxWrappingTtl;
  }
  if (rule.minWrappingTtl > 0 && (existing.minWrappingTtl === 0 || rule.minWrappingTtl < existing.minWrappingTtl)) {
    existing.minWrappingTtl = rule.minWrappingTtl;
  }
  existing.allowedParameters = mergeParams(existing.allowedParameters, rule.allowedParameters);
  existing.deniedParameters = mergeParams(existing.deniedParameters, rule.deniedParameters);
  for (const p of rule.requiredParameters) if (!existing.requiredParameters.includes(p)) existing.requiredParameters.push(p);
  if (rule.mfaMethods && rule.mfaMethods.length > 0) {
    existing.mfaMethods = [...new Set([...(existing.mfaMethods ?? []), ...rule.mfaMethods])];
  }
}

/** A `+`/`*` candidate for a path, with what Vault ranks it by. */
interface Candidate {
  firstWildcard: number;
  isPrefix: boolean;
  wildcards: number;
  path: string;
  perms: Permissions;
}

/** Vault's order, lowest priority first: earlier first wildcard, a prefix, more `+`, shorter, smaller. */
function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard - b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix ? -1 : 1;
  if (a.wildcards !== b.wildcards) return b.wildcards - a.wildcards;
  if (a.path.length !== b.path.length) return a.path.length - b.path.length;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function capabilityList(bits: number): Capability[] {
  if (bits & CAPABILITY_BITS.deny) return ['deny'];
  return (Object.keys(CAPABILITY_BITS) as Capability[]).filter((c) => bits & CAPABILITY_BITS[c]).sort();
}

/**
 * CheckAllowedFromNonExactPaths with bareMount: whether a `+` pattern's leading segments match every
 * segment of the mount path (`secret/` or `a/b/`), so that it could match something inside it.
 */
function segmentCoversMount(pattern: string, mountPath: string): boolean {
  const isPrefix = pattern.endsWith('*');
  const segments = (isPrefix ? pattern.slice(0, -1) : pattern).split('/');
  const mount = mountPath.replace(/\/$/, '').split('/');
  if (segments.length < mount.length) return false;
  return mount.every((part, i) => {
    const seg = segments[i]!;
    if (seg === '+' || seg === part) return true;
    return isPrefix && i === segments.length - 1 && part.startsWith(seg);
  });
}

/** A templated rule with its path filled from `identity`; undefined when Vault would drop it. */
function renderRule(rule: PathRule, identity: TemplateIdentity): PathRule | undefined {
  const rendered = rule.template === undefined ? undefined : renderTemplate(rule.template, identity);
  if (rendered === undefined) return undefined;
  try {
    return { ...rule, ...pathShape(rendered) };
  } catch (err) {
    if (err instanceof PolicyParseError) return undefined; // rendered into `+*`
    throw err;
  }
}

export class Acl {
  readonly root: boolean;
  readonly #exact = new Map<string, Permissions>();
  readonly #prefix = new Map<string, Permissions>();
  readonly #segment = new Map<string, Permissions>();

  /** Use buildAcl(). */
  constructor(policies: readonly Policy[], identity?: TemplateIdentity) {
    this.root = policies.some((p) => p.name === 'root');
    if (this.root && policies.length !== 1) {
      throw new CoreError('CORE_INTERNAL', 'other policies present along with root');
    }
    for (const policy of policies) {
      for (const written of policy.rules) {
        const rule = written.templated ? identity && renderRule(written, identity) : written;
        if (!rule) continue;
        const tree = rule.hasSegmentWildcards ? this.#segment : rule.isPrefix ? this.#prefix : this.#exact;
        const existing = tree.get(rule.path);
        if (existing) merge(existing, rule);
        else tree.set(rule.path, fromRule(rule));
      }
    }
  }

  /** Whether `op` on `path` (in-request path, e.g. `secret/data/app/x`; LIST ends in `/`) is allowed. */
  check(path: string, op: Operation, options: AclCheckOptions = {}): AclResult {
    if (this.root) return { allowed: true, capabilities: [...ALL_BUT_DENY], sudo: true, root: true };
    const perms = this.#lookup(path, op);
    if (!perms) return { allowed: false, capabilities: [], sudo: false, root: false };
    const result: AclResult = {
      allowed: false,
      capabilities: capabilityList(perms.bits),
      sudo: (perms.bits & CAPABILITY_BITS.sudo) !== 0,
      root: false,
    };
    if ((perms.bits & CAPABILITY_BITS[OP_CAPABILITY[op]]) === 0) return result;
    const wrap = options.wrapTtl;
    if (perms.maxWrappingTtl > 0 && (wrap === undefined || wrap > perms.maxWrappingTtl)) return result;
    if (perms.minWrappingTtl > 0 && (wrap === undefined || wrap < perms.minWrappingTtl)) return result;
    if (perms.minWrappingTtl !== 0 && perms.maxWrappingTtl !== 0 && perms.maxWrappingTtl < perms.minWrappingTtl) return result;
    if (op === 'read' || op === 'create' || op === 'update' || op === 'patch') {
      result.allowed = parametersAllowed(perms, options.data ?? {});
    } else result.allowed = true;
    return result;
  }

  /** sys/capabilities-self: `["root"]`, `["deny"]` or the sorted capabilities on `path`. */
  capabilities(path: string): CapabilityName[] {
    if (this.root) return ['root'];
    const list = capabilityList(this.#lookup(path, 'list')?.bits ?? 0);
    return list.length > 0 ? list : ['deny'];
  }

  /**
   * Vault's hasMountAccess: whether the ACL grants anything on the mount path or on any path inside
   * it (an exact or `*` rule below the mount, or a `+` pattern that matches it).
   */
  hasMountAccess(mountPath: string): boolean {
    if (this.root) return true;
    if (!this.capabilities(mountPath).includes('deny')) return true;
    const grants = (p: Permissions) => (p.bits & CAPABILITY_BITS.deny) === 0 && p.bits !== 0;
    for (const tree of [this.#exact, this.#prefix]) {
      for (const [path, perms] of tree) if (path.startsWith(mountPath) && grants(perms)) return true;
    }
    for (const [pattern, perms] of this.#segment) if (grants(perms) && segmentCoversMount(pattern, mountPath)) return true;
    return false;
  }

  #lookup(rawPath: string, op: Operation): Permissions | undefined {
    const path = rawPath.replace(/^\/+/, '');
    const exact = this.#exact.get(path) ?? (op === 'list' ? this.#exact.get(path.replace(/\/$/, '')) : undefined);
    if (exact) return exact;
    // List operations try without the trailing slash first: `foo*` rules also cover `foo/`.
    if (op === 'list' && path.endsWith('/')) {
      const found = this.#nonExact(path.slice(0, -1));
      if (found) return found;
    }
    return this.#nonExact(path);
  }

  /** CheckAllowedFromNonExactPaths: the longest `*` prefix, then `+` patterns, best ranked wins. */
  #nonExact(path: string): Permissions | undefined {
    let longest: string | undefined;
    for (const prefix of this.#prefix.keys()) {
      if (path.startsWith(prefix) && (longest === undefined || prefix.length > longest.length)) longest = prefix;
    }
    if (this.#segment.size === 0) return longest === undefined ? undefined : this.#prefix.get(longest);

    const candidates: Candidate[] = [];
    if (longest !== undefined) {
      candidates.push({ firstWildcard: longest.length, isPrefix: true, wildcards: 0, path: longest, perms: this.#prefix.get(longest)! });
    }
    const parts = path.split('/');
    for (const [full, perms] of this.#segment) {
      if (full === '') continue;
      const isPrefix = full.endsWith('*');
      const pattern = isPrefix ? full.slice(0, -1) : full;
      const segments = pattern.split('/');
      if (parts.length < segments.length || (!isPrefix && parts.length !== segments.length)) continue;
      let wildcards = 0;
      const matches = segments.every((seg, i) => {
        if (seg === '+') return ++wildcards > 0;
        if (seg === parts[i]) return true;
        return isPrefix && i === segments.length - 1 && parts[i]!.startsWith(seg);
      });
      if (matches) candidates.push({ firstWildcard: full.indexOf('+'), isPrefix, wildcards, path: pattern, perms });
    }
    if (candidates.length === 0) return undefined;
    return candidates.reduce((best, c) => (compareCandidates(c, best) > 0 ? c : best)).perms;
  }
}

/**
 * The ACL of a set of policies (Vault's NewACL); templated rules are rendered with `identity`, and
 * left out without one.
 */
export function buildAcl(policies: readonly Policy[], identity?: TemplateIdentity): Acl {
  return new Acl(policies, identity);
}
