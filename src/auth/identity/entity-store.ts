/**
 * Identity entities and their aliases (Vault's identity store, without groups or merging), in the
 * barrier under `sys/identity/`:
 *   entity/<id>                       the entity (JSON)
 *   entity-name/<sha256(name)>        its id
 *   alias/<id>                        an alias (JSON)
 *   alias-index/<accessor>/<sha256(name)>  the alias id of (mount accessor, alias name)
 * A login through an auth method finds the alias of (mount, name), or creates the alias and a new
 * entity for it (Vault's CreateOrFetchEntity): one entity per person or application per mount.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { KeyedLock } from '../keyed-lock.js';
import { getJson, putJson } from '../../logical/storage-view.js';
import type { StorageView } from '../../logical/types.js';
import type { TemplateIdentity } from '../acl-template.js';

export interface Entity {
  id: string;
  name: string;
  metadata: Record<string, string>;
  policies: string[];
  disabled: boolean;
  alias_ids: string[];
  /** RFC 3339. */
  creation_time: string;
  last_update_time: string;
}

export interface Alias {
  id: string;
  canonical_id: string;
  mount_accessor: string;
  mount_path: string;
  mount_type: string;
  name: string;
  metadata: Record<string, string>;
  creation_time: string;
  last_update_time: string;
}

/** A token's entity as every request sees it. */
export interface EntityView {
  template: TemplateIdentity;
  /** The entity's own policies (Vault's identity policies), added to its tokens'. */
  policies: readonly string[];
  /** A disabled entity's tokens are refused. */
  disabled: boolean;
}

/** The mount a login came through. */
export interface LoginMount {
  accessor: string;
  /** `auth/userpass/` */
  path: string;
  type: string;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Entities whose template identity is kept in memory (every request of a login token needs it). */
const IDENTITY_CACHE_SIZE = 4096;

export class EntityStore {
  readonly #view: StorageView;
  readonly #locks = new KeyedLock();
  readonly #clock: () => number;
  /** entity id → its template identity; every write through this store drops the entity's entry. */
  readonly #identities = new Map<string, EntityView>();
  /** Bumped by every entity write, so a read that raced one is never cached. */
  #generation = 0;

  constructor(barrierRoot: StorageView, clock: () => number = Date.now) {
    this.#view = barrierRoot.sub('sys/identity/');
    this.#clock = clock;
  }

  /** Forget the cached identities (on seal, or when this node stops being the active one). */
  reset(): void {
    this.#identities.clear();
  }

  /** Store an entity, dropping its cached identity. */
  async #putEntity(entity: Entity): Promise<void> {
    this.#generation += 1;
    this.#identities.delete(entity.id);
    await putJson(this.#view, `entity/${entity.id}`, entity);
  }

  #now(): string {
    return new Date(this.#clock()).toISOString();
  }

  entity(id: string): Promise<Entity | null> {
    return /^[0-9a-f-]{36}$/.test(id) ? getJson<Entity>(this.#view, `entity/${id}`) : Promise.resolve(null);
  }

  async entityByName(name: string): Promise<Entity | null> {
    const id = await getJson<string>(this.#view, `entity-name/${digest(name)}`);
    return id ? this.entity(id) : null;
  }

  alias(id: string): Promise<Alias | null> {
    return /^[0-9a-f-]{36}$/.test(id) ? getJson<Alias>(this.#view, `alias/${id}`) : Promise.resolve(null);
  }

  async aliasByName(accessor: string, name: string): Promise<Alias | null> {
    if (!/^[A-Za-z0-9_]+$/.test(accessor)) return null;
    const id = await getJson<string>(this.#view, `alias-index/${accessor}/${digest(name)}`);
    return id ? this.alias(id) : null;
  }

  async listEntityIds(): Promise<string[]> {
    return (await this.#view.list('entity/')).filter((k) => !k.endsWith('/'));
  }

  async listAliasIds(): Promise<string[]> {
    return (await this.#view.list('alias/')).filter((k) => !k.endsWith('/'));
  }

  /** Create an entity (identity/entity with a name, or for a first login: `entity_<8 hex>`). */
  async createEntity(fields: { name?: string; metadata?: Record<string, string>; policies?: string[]; disabled?: boolean }): Promise<Entity> {
    const name = fields.name || `entity_${randomBytes(4).toString('hex')}`;
    return this.#locks.run(`name:${name}`, async () => {
      if (await this.entityByName(name)) throw new EntityNameTaken(name);
      const now = this.#now();
      const entity: Entity = {
        id: randomUUID(),
        name,
        metadata: fields.metadata ?? {},
        policies: fields.policies ?? [],
        disabled: fields.disabled ?? false,
        alias_ids: [],
        creation_time: now,
        last_update_time: now,
      };
      await putJson(this.#view, `entity-name/${digest(name)}`, entity.id);
      await this.#putEntity(entity);
      return entity;
    });
  }

  async updateEntity(entity: Entity, change: Partial<Pick<Entity, 'metadata' | 'policies' | 'disabled'>>): Promise<Entity> {
    const updated = { ...entity, ...change, last_update_time: this.#now() };
    await this.#putEntity(updated);
    return updated;
  }

  async deleteEntity(entity: Entity): Promise<void> {
    for (const aliasId of entity.alias_ids) {
      const alias = await this.alias(aliasId);
      if (alias) await this.#dropAlias(alias);
    }
    await this.#view.delete(`entity-name/${digest(entity.name)}`);
    this.#generation += 1;
    this.#identities.delete(entity.id);
    await this.#view.delete(`entity/${entity.id}`);
  }

  /** The entity of a login's alias, creating alias and entity on the first login (Vault's CreateOrFetchEntity). */
  async entityForLogin(mount: LoginMount, alias: { name: string; metadata?: Record<string, string> }): Promise<Entity> {
    return this.#locks.run(`alias:${mount.accessor}:${alias.name}`, async () => {
      const existing = await this.aliasByName(mount.accessor, alias.name);
      if (existing) {
        const entity = await this.entity(existing.canonical_id);
        if (entity) return entity;
      }
      const entity = await this.createEntity({});
      return this.addAlias(entity, mount, alias);
    });
  }

  /** Attach a new alias to an entity; returns the entity as stored. */
  async addAlias(entity: Entity, mount: LoginMount, fields: { name: string; metadata?: Record<string, string> }): Promise<Entity> {
    const now = this.#now();
    const alias: Alias = {
      id: randomUUID(),
      canonical_id: entity.id,
      mount_accessor: mount.accessor,
      mount_path: mount.path,
      mount_type: mount.type,
      name: fields.name,
      metadata: fields.metadata ?? {},
      creation_time: now,
      last_update_time: now,
    };
    await putJson(this.#view, `alias/${alias.id}`, alias);
    await putJson(this.#view, `alias-index/${mount.accessor}/${digest(alias.name)}`, alias.id);
    const updated = { ...entity, alias_ids: [...entity.alias_ids, alias.id], last_update_time: now };
    await this.#putEntity(updated);
    return updated;
  }

  async deleteAlias(alias: Alias): Promise<void> {
    const entity = await this.entity(alias.canonical_id);
    if (entity) await this.#putEntity({ ...entity, alias_ids: entity.alias_ids.filter((a) => a !== alias.id) });
    await this.#dropAlias(alias);
  }

  async #dropAlias(alias: Alias): Promise<void> {
    await this.#view.delete(`alias-index/${alias.mount_accessor}/${digest(alias.name)}`);
    await this.#view.delete(`alias/${alias.id}`);
  }

  /** Remove every alias of an auth mount (Vault does so when the mount is disabled). */
  async deleteAliasesOf(accessor: string): Promise<void> {
    for (const id of await this.listAliasIds()) {
      const alias = await this.alias(id);
      if (alias?.mount_accessor === accessor) await this.deleteAlias(alias);
    }
  }

  /** What ACL templates are filled from: the entity, its aliases. */
  async templateIdentity(entityId: string): Promise<TemplateIdentity | undefined> {
    return (await this.view(entityId))?.template;
  }

  /** What a request needs of a token's entity (templating, identity policies, disabled), cached in memory. */
  async view(entityId: string): Promise<EntityView | undefined> {
    const cached = this.#identities.get(entityId);
    if (cached) return cached;
    const generation = this.#generation;
    const entity = await this.entity(entityId);
    if (!entity) return undefined;
    const aliases = (await Promise.all(entity.alias_ids.map((id) => this.alias(id)))).filter((a): a is Alias => a !== null);
    const view: EntityView = {
      template: {
        entity: { id: entity.id, name: entity.name, metadata: entity.metadata },
        aliases: aliases.map((a) => ({ id: a.id, mountAccessor: a.mount_accessor, name: a.name, metadata: a.metadata })),
      },
      policies: entity.policies,
      disabled: entity.disabled,
    };
    // Kept only if no entity was written while it was read.
    if (generation === this.#generation) {
      this.#identities.set(entityId, view);
      if (this.#identities.size > IDENTITY_CACHE_SIZE) this.#identities.delete(this.#identities.keys().next().value!);
    }
    return view;
  }

}

/** Vault: `entity name is already in use`. */
export class EntityNameTaken extends Error {
  constructor(readonly entityName: string) {
    super('entity name is already in use');
  }
}
