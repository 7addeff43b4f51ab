import { describe, expect, it } from 'vitest';
import { EntityStore } from '../../../../src/auth/identity/entity-store.js';
import { createIdentityBackend } from '../../../../src/auth/identity/backend.js';
import { PrefixView } from '../../../../src/logical/storage-view.js';
import type { LogicalRequest, Operation } from '../../../../src/logical/types.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';

const MOUNT = { accessor: 'auth_userpass_1a2b3c4d', path: 'auth/userpass/', type: 'userpass' };
const OTHER = { accessor: 'auth_approle_00ff00ff', path: 'auth/approle/', type: 'approle' };

function setup() {
  const storage = createInmemBackend();
  const store = new EntityStore(new PrefixView(storage, ''), () => Date.UTC(2026, 0, 1));
  const backend = createIdentityBackend({ store, mountByAccessor: (a) => [MOUNT, OTHER].find((m) => m.accessor === a) });
  const call = (operation: Operation, path: string, data: Record<string, unknown> = {}) =>
    backend.handle({ operation, path, data, mountPoint: 'identity/', storage: new PrefixView(storage, 'x/'), id: 'r', headers: {} } as LogicalRequest);
  return { storage, store, call };
}

describe('identity entities from logins', () => {
  it('creates one entity and alias on the first login per mount and name, and finds it again after', async () => {
    const { store } = setup();
    const first = await store.entityForLogin(MOUNT, { name: 'alice' });
    expect(first.name).toMatch(/^entity_[0-9a-f]{8}$/);
    expect(first.alias_ids).toHaveLength(1);
    const again = await store.entityForLogin(MOUNT, { name: 'alice' });
    expect(again.id).toBe(first.id);
    const elsewhere = await store.entityForLogin(OTHER, { name: 'alice' });
    expect(elsewhere.id).not.toBe(first.id);
    const alias = await store.aliasByName(MOUNT.accessor, 'alice');
    expect(alias).toMatchObject({ canonical_id: first.id, mount_path: 'auth/userpass/', mount_type: 'userpass', name: 'alice' });
  });

  it('never creates two entities for concurrent first logins of the same alias', async () => {
    const { store } = setup();
    const entities = await Promise.all(Array.from({ length: 8 }, () => store.entityForLogin(MOUNT, { name: 'bob' })));
    expect(new Set(entities.map((e) => e.id)).size).toBe(1);
    expect(await store.listEntityIds()).toHaveLength(1);
  });

  it('gives ACL templating the entity and its aliases by accessor', async () => {
    const { store } = setup();
    const e = await store.entityForLogin(MOUNT, { name: 'carol', metadata: { team: 'x' } });
    const identity = await store.templateIdentity(e.id);
    expect(identity?.entity).toMatchObject({ id: e.id, name: e.name });
    expect(identity?.aliases).toEqual([expect.objectContaining({ mountAccessor: MOUNT.accessor, name: 'carol', metadata: { team: 'x' } })]);
    expect(await store.templateIdentity('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('serves the templating identity from memory until the entity is written through the store', async () => {
    const { store, storage } = setup();
    const e = await store.entityForLogin(MOUNT, { name: 'fay' });
    const first = await store.templateIdentity(e.id);
    let reads = 0;
    const get = storage.get.bind(storage);
    storage.get = async (key: string) => ((reads += 1), get(key));
    expect(await store.templateIdentity(e.id)).toBe(first);
    expect(reads).toBe(0);
    await store.updateEntity((await store.entity(e.id))!, { metadata: { team: 'blue' } });
    expect((await store.templateIdentity(e.id))?.entity.metadata).toEqual({ team: 'blue' });
    await store.addAlias((await store.entity(e.id))!, OTHER, { name: 'fay-app' });
    expect((await store.templateIdentity(e.id))?.aliases.map((a) => a.name)).toEqual(['fay', 'fay-app']);
    await store.deleteAlias((await store.aliasByName(OTHER.accessor, 'fay-app'))!);
    expect((await store.templateIdentity(e.id))?.aliases.map((a) => a.name)).toEqual(['fay']);
    await store.deleteEntity((await store.entity(e.id))!);
    expect(await store.templateIdentity(e.id)).toBeUndefined();
  });

  it('drops the aliases of a disabled mount, so the next login there makes a new entity', async () => {
    const { store } = setup();
    const e = await store.entityForLogin(MOUNT, { name: 'dave' });
    await store.deleteAliasesOf(MOUNT.accessor);
    expect(await store.aliasByName(MOUNT.accessor, 'dave')).toBeNull();
    expect((await store.entity(e.id))?.alias_ids).toEqual([]);
    expect((await store.entityForLogin(MOUNT, { name: 'dave' })).id).not.toBe(e.id);
  });
});

describe('identity/ paths', () => {
  it('reads an entity by id and by name in Vault\'s shape, lists both ways, and looks it up by alias', async () => {
    const { store, call } = setup();
    const e = await store.entityForLogin(MOUNT, { name: 'erin' });
    const byId = await call('read', `entity/id/${e.id}`);
    expect(byId?.data).toMatchObject({ id: e.id, name: e.name, namespace_id: 'root', disabled: false, policies: [] });
    expect((byId?.data?.aliases as Array<Record<string, unknown>>)[0]).toMatchObject({ name: 'erin', mount_accessor: MOUNT.accessor });
    expect((await call('read', `entity/name/${e.name}`))?.data?.id).toBe(e.id);
    expect((await call('list', 'entity/id/'))?.data?.keys).toEqual([e.id]);
    expect((await call('list', 'entity/name/'))?.data?.keys).toEqual([e.name]);
    const looked = await call('update', 'lookup/entity', { alias_name: 'erin', alias_mount_accessor: MOUNT.accessor });
    expect(looked?.data?.id).toBe(e.id);
    expect(await call('update', 'lookup/entity', { name: 'nobody' })).toEqual({ noContent: true });
    expect(await call('read', 'entity/id/00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('creates entities and aliases by hand, refuses a taken alias, and deletes', async () => {
    const { call } = setup();
    const created = await call('update', 'entity', { name: 'svc', policies: ['p1'], metadata: { env: 'prod' } });
    const id = created?.data?.id as string;
    expect(created?.data).toMatchObject({ name: 'svc' });
    const alias = await call('update', 'entity-alias', { name: 'svc-role', canonical_id: id, mount_accessor: OTHER.accessor });
    expect(alias?.data?.canonical_id).toBe(id);
    const dup = await call('update', 'entity-alias', { name: 'svc-role', mount_accessor: OTHER.accessor }).catch((e: Error) => e.message);
    expect(dup).toBe('combination of mount and alias name is already in use');
    const bad = await call('update', 'entity-alias', { name: 'x', mount_accessor: 'nope' }).catch((e: Error) => e.message);
    expect(bad).toBe('invalid mount accessor "nope"');
    expect(await call('delete', `entity/id/${id}`)).toEqual({ noContent: true });
    expect(await call('read', `entity/id/${id}`)).toBeNull();
    expect(await call('list', 'entity-alias/id/')).toBeNull();
  });

  it('creates an entity by name with a write to entity/name/:name, and updates it there with a 204', async () => {
    const { call } = setup();
    const created = await call('update', 'entity/name/build-bot', { policies: ['ci'], metadata: { team: 'infra' } });
    const id = created?.data?.id as string;
    expect(created?.data).toEqual({ aliases: null, id, name: 'build-bot' });
    expect(await call('update', 'entity/name/build-bot', { policies: ['ci', 'deploy'], disabled: true })).toEqual({ noContent: true });
    expect((await call('read', 'entity/name/build-bot'))?.data).toMatchObject({
      id,
      name: 'build-bot',
      policies: ['ci', 'deploy'],
      metadata: { team: 'infra' },
      disabled: true,
    });
    expect((await call('list', 'entity/name/'))?.data?.keys).toEqual(['build-bot']);
  });
});
