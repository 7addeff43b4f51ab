/**
 * The `identity/` mount (Vault's identity store paths, entities and aliases only): entity create,
 * read, update, delete and list by id or name (create/update by name too), alias create/read/delete/list, and lookup/entity.
 */
import { badRequest } from '../../logical/errors.js';
import { createPathBackend } from '../../logical/framework.js';
import { bool, str, strList, strMap } from '../../logical/fields.js';
import type { Backend, LogicalRequest, LogicalResponse } from '../../logical/types.js';
import { EntityNameTaken, type Alias, type Entity, type EntityStore, type LoginMount } from './entity-store.js';

export interface IdentityBackendOptions {
  store: EntityStore;
  /** The auth mount with this accessor, for aliases created by hand. */
  mountByAccessor(accessor: string): LoginMount | undefined;
}

/** An alias as Vault shows it. */
function aliasData(a: Alias): Record<string, unknown> {
  return {
    canonical_id: a.canonical_id,
    creation_time: a.creation_time,
    custom_metadata: {},
    id: a.id,
    last_update_time: a.last_update_time,
    local: false,
    merged_from_canonical_ids: null,
    metadata: a.metadata,
    mount_accessor: a.mount_accessor,
    mount_path: a.mount_path,
    mount_type: a.mount_type,
    name: a.name,
    namespace_id: 'root',
  };
}

const NO_CONTENT: LogicalResponse = { noContent: true };

export function createIdentityBackend(opts: IdentityBackendOptions): Backend {
  const { store } = opts;

  const entityData = async (e: Entity): Promise<Record<string, unknown>> => {
    const aliases = (await Promise.all(e.alias_ids.map((id) => store.alias(id)))).filter((a): a is Alias => a !== null);
    return {
      aliases: aliases.map(aliasData),
      creation_time: e.creation_time,
      direct_group_ids: [],
      disabled: e.disabled,
      group_ids: [],
      id: e.id,
      inherited_group_ids: [],
      last_update_time: e.last_update_time,
      merged_entity_ids: null,
      metadata: e.metadata,
      mfa_secrets: {},
      name: e.name,
      namespace_id: 'root',
      policies: e.policies,
    };
  };

  const entityResponse = async (e: Entity | null): Promise<LogicalResponse | null> => (e ? { data: await entityData(e) } : null);

  const entityFields = (req: LogicalRequest) => ({
    ...(req.data.metadata !== undefined ? { metadata: strMap(req.data, 'metadata') ?? {} } : {}),
    ...(req.data.policies !== undefined ? { policies: strList(req.data, 'policies') } : {}),
    ...(req.data.disabled !== undefined ? { disabled: bool(req.data, 'disabled') } : {}),
  });

  /** Vault's handleEntityUpdateCommon for `entity` (name in the body) and `entity/name/:name`: 204 when the name exists. */
  const createEntity = async (req: LogicalRequest, name = str(req.data, 'name')): Promise<LogicalResponse> => {
    const existing = name ? await store.entityByName(name) : null;
    if (existing) {
      await store.updateEntity(existing, entityFields(req));
      return NO_CONTENT;
    }
    try {
      const e = await store.createEntity({ name, ...entityFields(req) });
      return { data: { aliases: null, id: e.id, name: e.name } };
    } catch (err) {
      if (err instanceof EntityNameTaken) throw badRequest(err.message);
      throw err;
    }
  };

  const listEntities = async (by: 'id' | 'name'): Promise<LogicalResponse | null> => {
    const entities = (await Promise.all((await store.listEntityIds()).map((id) => store.entity(id)))).filter((e): e is Entity => e !== null);
    if (entities.length === 0) return null;
    const keyInfo = Object.fromEntries(
      entities.map((e) => [by === 'id' ? e.id : e.name, by === 'id' ? { name: e.name } : { id: e.id }]),
    );
    return { data: { key_info: keyInfo, keys: entities.map((e) => (by === 'id' ? e.id : e.name)).sort() } };
  };

  const createAlias = async (req: LogicalRequest): Promise<LogicalResponse> => {
    const name = str(req.data, 'name');
    const accessor = str(req.data, 'mount_accessor');
    const canonical = str(req.data, 'canonical_id');
    if (name === '') throw badRequest('missing alias name');
    if (accessor === '') throw badRequest('missing mount_accessor');
    const mount = opts.mountByAccessor(accessor);
    if (!mount) throw badRequest(`invalid mount accessor ${JSON.stringify(accessor)}`);
    if (await store.aliasByName(accessor, name)) throw badRequest('combination of mount and alias name is already in use');
    const entity = canonical ? await store.entity(canonical) : await store.createEntity({});
    if (!entity) throw badRequest('invalid canonical ID');
    const updated = await store.addAlias(entity, mount, { name, ...(strMap(req.data, 'metadata') ? { metadata: strMap(req.data, 'metadata')! } : {}) });
    const alias = await store.aliasByName(accessor, name);
    return { data: { canonical_id: updated.id, id: alias?.id ?? '' } };
  };

  const lookupEntity = async (req: LogicalRequest): Promise<LogicalResponse | null> => {
    const given = ['id', 'name', 'alias_id', 'alias_name'].filter((k) => str(req.data, k) !== '');
    if (given.length === 0) throw badRequest('missing entity identification criteria');
    if (given.length > 1) throw badRequest('query parameters are mutually exclusive');
    const [by] = given;
    let entity: Entity | null = null;
    if (by === 'id') entity = await store.entity(str(req.data, 'id'));
    else if (by === 'name') entity = await store.entityByName(str(req.data, 'name'));
    else {
      const alias =
        by === 'alias_id'
          ? await store.alias(str(req.data, 'alias_id'))
          : await store.aliasByName(str(req.data, 'alias_mount_accessor'), str(req.data, 'alias_name'));
      entity = alias ? await store.entity(alias.canonical_id) : null;
    }
    return entity ? entityResponse(entity) : NO_CONTENT;
  };

  return createPathBackend({
    type: 'identity',
    help: 'The identity store: entities (one per person or machine) and their aliases (one per auth method login), with policies that follow the entity across auth methods.',
    paths: [
      { pattern: /^entity$/, synopsis: 'Create or update an entity.', operations: { update: (req) => createEntity(req) } },
      { pattern: /^entity\/id\/?$/, operations: { list: () => listEntities('id') } },
      {
        pattern: /^entity\/id\/(?<id>[^/]+)$/,
        operations: {
          read: async (_req, p) => entityResponse(await store.entity(p.id!)),
          update: async (req, p) => {
            const e = await store.entity(p.id!);
            if (!e) throw badRequest('entity not found from id');
            await store.updateEntity(e, entityFields(req));
            return { data: { id: e.id, name: e.name } };
          },
          delete: async (_req, p) => {
            const e = await store.entity(p.id!);
            if (e) await store.deleteEntity(e);
            return NO_CONTENT;
          },
        },
      },
      { pattern: /^entity\/name\/?$/, operations: { list: () => listEntities('name') } },
      {
        pattern: /^entity\/name\/(?<name>[^/]+)$/,
        operations: {
          read: async (_req, p) => entityResponse(await store.entityByName(p.name!)),
          update: (req, p) => createEntity(req, p.name!),
          delete: async (_req, p) => {
            const e = await store.entityByName(p.name!);
            if (e) await store.deleteEntity(e);
            return NO_CONTENT;
          },
        },
      },
      { pattern: /^entity-alias$/, synopsis: 'Create an alias tying an auth method login to an entity.', operations: { update: createAlias } },
      {
        pattern: /^entity-alias\/id\/?$/,
        operations: {
          list: async () => {
            const aliases = (await Promise.all((await store.listAliasIds()).map((id) => store.alias(id)))).filter((a): a is Alias => a !== null);
            if (aliases.length === 0) return null;
            const keyInfo = Object.fromEntries(
              aliases.map((a) => [a.id, { canonical_id: a.canonical_id, mount_accessor: a.mount_accessor, mount_path: a.mount_path, mount_type: a.mount_type, name: a.name }]),
            );
            return { data: { key_info: keyInfo, keys: aliases.map((a) => a.id).sort() } };
          },
        },
      },
      {
        pattern: /^entity-alias\/id\/(?<id>[^/]+)$/,
        operations: {
          read: async (_req, p) => {
            const a = await store.alias(p.id!);
            return a ? { data: aliasData(a) } : null;
          },
          delete: async (_req, p) => {
            const a = await store.alias(p.id!);
            if (a) await store.deleteAlias(a);
            return NO_CONTENT;
          },
        },
      },
      { pattern: /^lookup\/entity$/, operations: { update: lookupEntity } },
    ],
  });
}
