/**
 * ACL policies in the barrier, as Vault's PolicyStore keeps them (vault/policy_store.go): one entry
 * per policy at `sys/policy/<name>`, names lower-cased and trimmed, parsed policies and built ACLs
 * cached. On first use the `default` policy is created (then it is the operator's to edit) and the
 * `response-wrapping` policy written. `root` exists without an entry and can be neither written nor
 * deleted; `default` cannot be deleted.
 *
 * Templated policies (`{{identity.…}}` paths) give an ACL per identity. The ACL of a name set is
 * cached by the set alone and is what callers without an identity, or sets without templated rules,
 * get. With an identity and templated rules, the set's templated paths are rendered (cheap string
 * work) and the per-identity ACL is cached by the name set plus those rendered paths: exactly what
 * the ACL depends on, so identities that render alike share one and no identity sees another's.
 */
import { CoreError } from '../errors.js';
import type { StorageView } from '../logical/types.js';
import { getJson, putJson } from '../logical/storage-view.js';
import { Acl, buildAcl } from './acl.js';
import { renderTemplate, type TemplateIdentity } from './acl-template.js';
import {
  DEFAULT_POLICY,
  DEFAULT_POLICY_NAME,
  IMMUTABLE_POLICIES,
  NON_ASSIGNABLE_POLICIES,
  RESPONSE_WRAPPING_POLICY,
  RESPONSE_WRAPPING_POLICY_NAME,
} from './default-policies.js';
import { parsePolicy, type Policy } from './policy.js';

const PREFIX = 'sys/policy/';
/** As Vault's policy LRU. */
const CACHE_SIZE = 1024;

/** The stored entry. Vault's own entries ({"Version":2,"Raw":…,"Type":0}) are read as well. */
interface PolicyEntry {
  name?: string;
  raw?: string;
  Raw?: string;
}

/** Vault's sanitizeName. */
export const policyName = (name: string): string => name.trim().toLowerCase();

/**
 * Whether a (sanitised) name can be a storage key: `sys/policy//default` and `sys/policy/default/`
 * name no policy. Vault finds none there (a read is a 404, a delete a no-op); a write is refused.
 */
const storableName = (name: string): boolean => name !== '' && name.split('/').every((s) => s !== '' && s !== '.' && s !== '..') && !name.includes('\0');

const ROOT_POLICY: Policy = Object.freeze({ name: 'root', raw: '', templated: false, rules: Object.freeze([]) });

const badRequest = (message: string): CoreError => new CoreError('CORE_INVALID_REQUEST', message);

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/** A name set's policies, its identity-less ACL, and its templated paths as written (in rule order). */
interface PolicySet {
  policies: readonly Policy[];
  acl: Acl;
  templates: readonly string[];
}

export class PolicyStore {
  readonly #view: StorageView;
  readonly #policies = new Map<string, Policy>();
  readonly #acls = new Map<string, PolicySet>();
  /** Per-identity ACLs of sets with templated rules, by name set and rendered paths. */
  readonly #identityAcls = new Map<string, Acl>();
  #ready: Promise<void> | undefined;
  /** Bumped by every write, so a read that raced one never caches what it saw. */
  #generation = 0;

  constructor(view: StorageView) {
    this.#view = view;
  }

  /** Forget everything cached (on seal, or after storage changed underneath). */
  reset(): void {
    this.#policies.clear();
    this.#clearAcls();
    this.#ready = undefined;
    this.#generation++;
  }

  /** The named policy, `root` included; null when there is none. */
  async get(name: string): Promise<Policy | null> {
    await this.#setup();
    return this.#load(policyName(name));
  }

  /** Parses and stores a policy (400 with Vault's text when it does not parse or is immutable). */
  async put(name: string, raw: string): Promise<void> {
    await this.#setup();
    const clean = policyName(name);
    if (clean === '') throw badRequest('policy name missing');
    if (!storableName(clean)) throw badRequest(`invalid policy name ${JSON.stringify(clean)}: empty, "." or ".." path segment`);
    const policy = parsePolicy(clean, raw);
    if (IMMUTABLE_POLICIES.includes(clean)) throw badRequest(`cannot update ${JSON.stringify(clean)} policy`);
    await this.#write(policy);
  }

  async delete(name: string): Promise<void> {
    await this.#setup();
    const clean = policyName(name);
    if (IMMUTABLE_POLICIES.includes(clean)) throw badRequest(`cannot delete ${JSON.stringify(clean)} policy`);
    if (clean === DEFAULT_POLICY_NAME) throw badRequest('cannot delete default policy');
    if (!storableName(clean)) return;
    this.#generation++;
    await this.#view.delete(PREFIX + clean);
    this.#policies.delete(clean);
    this.#clearAcls();
  }

  /** Stored policy names, sorted, without the non-assignable ones (and without `root`, which has no entry). */
  async list(): Promise<string[]> {
    await this.#setup();
    const names: string[] = [];
    const walk = async (prefix: string): Promise<void> => {
      for (const child of await this.#view.list(PREFIX + prefix)) {
        if (child.endsWith('/')) await walk(prefix + child);
        else names.push(prefix + child);
      }
    };
    await walk('');
    return names.filter((n) => !NON_ASSIGNABLE_POLICIES.includes(n)).sort();
  }

  /**
   * The ACL of a token's policies; names without a policy are skipped, as Vault skips them.
   * `identity` (the token's entity, aliases and groups) fills templated paths; without it they are
   * left out, as for a token without an entity.
   */
  async acl(names: readonly string[], identity?: TemplateIdentity): Promise<Acl> {
    await this.#setup();
    const unique = [...new Set(names.map(policyName))].sort();
    const key = unique.join('\n');
    const generation = this.#generation;
    const set = this.#acls.get(key) ?? (await this.#loadSet(key, unique, generation));
    if (!identity || set.templates.length === 0) return set.acl;
    const rendered = set.templates.map((t) => renderTemplate(t, identity) ?? null);
    const identityKey = JSON.stringify([key, rendered]);
    const cached = this.#identityAcls.get(identityKey);
    if (cached) return cached;
    const acl = buildAcl(set.policies, identity);
    if (generation === this.#generation) remember(this.#identityAcls, identityKey, acl);
    return acl;
  }

  async #loadSet(key: string, names: readonly string[], generation: number): Promise<PolicySet> {
    const policies: Policy[] = [];
    for (const n of names) {
      const p = await this.#load(n);
      if (p) policies.push(p);
    }
    const templates: string[] = [];
    for (const p of policies) for (const r of p.templated ? p.rules : []) if (r.template !== undefined) templates.push(r.template);
    const set: PolicySet = { policies, acl: buildAcl(policies), templates };
    if (generation === this.#generation) remember(this.#acls, key, set);
    return set;
  }

  async #load(name: string): Promise<Policy | null> {
    if (name === 'root') return ROOT_POLICY;
    if (!storableName(name)) return null;
    const cached = this.#policies.get(name);
    if (cached) return cached;
    const generation = this.#generation;
    const entry = await getJson<PolicyEntry>(this.#view, PREFIX + name);
    if (!entry) return null;
    const policy = parsePolicy(name, entry.raw ?? entry.Raw ?? '');
    if (generation === this.#generation) remember(this.#policies, name, policy);
    return policy;
  }

  async #write(policy: Policy): Promise<void> {
    this.#generation++;
    await putJson(this.#view, PREFIX + policy.name, { name: policy.name, raw: policy.raw });
    remember(this.#policies, policy.name, policy);
    this.#clearAcls();
  }

  #clearAcls(): void {
    this.#acls.clear();
    this.#identityAcls.clear();
  }

  /** setupPolicyStore: create `default` if missing; keep `response-wrapping` as Vault ships it. */
  #setup(): Promise<void> {
    this.#ready ??= (async () => {
      if (!(await this.#load(DEFAULT_POLICY_NAME))) await this.#write(parsePolicy(DEFAULT_POLICY_NAME, DEFAULT_POLICY));
      const wrapping = await this.#load(RESPONSE_WRAPPING_POLICY_NAME);
      if (wrapping?.raw !== RESPONSE_WRAPPING_POLICY) {
        await this.#write(parsePolicy(RESPONSE_WRAPPING_POLICY_NAME, RESPONSE_WRAPPING_POLICY));
      }
    })().catch((err: unknown) => {
      this.#ready = undefined;
      throw err;
    });
    return this.#ready;
  }
}
