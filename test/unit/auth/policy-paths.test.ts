import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/auth/default-policies.js';
import { policyPaths } from '../../../src/auth/policy-paths.js';
import { PolicyStore } from '../../../src/auth/policy-store.js';
import { CoreError } from '../../../src/errors.js';
import { createPathBackend } from '../../../src/logical/framework.js';
import { PrefixView } from '../../../src/logical/storage-view.js';
import type { Backend, LogicalResponse, Operation, RequestAuth } from '../../../src/logical/types.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

const POLICY = 'path "secret/data/app/*" {\n  capabilities = ["read", "list"]\n}\n';

let store: PolicyStore;
let sys: Backend;
let view: PrefixView;

const auth = (policies: string[], clientToken = 'hvs.caller'): RequestAuth => ({
  clientToken,
  accessor: 'acc',
  policies,
  displayName: 'token',
  entityId: '',
  tokenHash: 'h',
});

function call(operation: Operation, path: string, data: Record<string, unknown> = {}, who?: RequestAuth): Promise<LogicalResponse | null> {
  return sys.handle({ operation, path, mountPoint: 'sys/', data, storage: view, auth: who, id: 'req', headers: {} });
}

async function failure(p: Promise<unknown>): Promise<[number, string]> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoreError);
  return [(err as CoreError).status, (err as CoreError).message];
}

beforeEach(() => {
  view = new PrefixView(createInmemBackend(), '');
  store = new PolicyStore(view);
  sys = createPathBackend({
    type: 'system',
    paths: policyPaths(store, { tokenPolicies: async (t) => (t === 'hvs.other' ? { policies: ['app'], entityId: '' } : null) }),
  });
});

describe('sys/policies/acl', () => {
  it('writes, lists, reads and deletes a policy', async () => {
    expect(await call('update', 'policies/acl/App', { policy: POLICY })).toEqual({ noContent: true });
    expect(await call('list', 'policies/acl')).toEqual({ data: { keys: ['app', 'default', 'root'] } });
    expect(await call('list', 'policies/acl/')).toEqual({ data: { keys: ['app', 'default', 'root'] } });
    expect(await call('read', 'policies/acl/app')).toEqual({ data: { name: 'app', policy: POLICY } });
    expect(await call('read', 'policies/acl/root')).toEqual({ data: { name: 'root', policy: '' } });
    expect(await call('read', 'policies/acl/default')).toEqual({ data: { name: 'default', policy: DEFAULT_POLICY } });
    expect(await call('delete', 'policies/acl/app')).toEqual({ noContent: true });
    expect(await call('read', 'policies/acl/app')).toBeNull();
  });

  it('accepts the policy base64-encoded, as Vault does', async () => {
    await call('create', 'policies/acl/b64', { policy: Buffer.from(POLICY).toString('base64') });
    expect(await call('read', 'policies/acl/b64')).toEqual({ data: { name: 'b64', policy: POLICY } });
  });

  it("answers with Vault's texts", async () => {
    expect(await failure(call('update', 'policies/acl/x', {}))).toEqual([400, "'policy' parameter not supplied or empty"]);
    expect(await failure(call('update', 'policies/acl/x', { rules: POLICY }))).toEqual([400, "'policy' parameter not supplied or empty"]);
    expect(await failure(call('update', 'policies/acl/x', { policy: 'path "a" {\n  capabilities = ["read"\n}' }))).toEqual([
      400,
      'failed to parse policy: At 3:2: object expected closing RBRACE got: EOF',
    ]);
    expect(await failure(call('update', 'policies/acl/root', { policy: POLICY }))).toEqual([400, 'cannot update "root" policy']);
    expect(await failure(call('delete', 'policies/acl/root'))).toEqual([400, 'cannot delete "root" policy']);
    expect(await failure(call('delete', 'policies/acl/default'))).toEqual([400, 'cannot delete default policy']);
    expect(await failure(call('read', 'policies/acl'))).toEqual([405, 'unsupported operation']);
  });
});

describe('sys/policy (legacy)', () => {
  it('lists keys and policies, reads rules, and takes rules with a deprecation warning', async () => {
    expect(await call('update', 'policy/legacy', { rules: POLICY })).toEqual({ warnings: ["'rules' is deprecated, please use 'policy' instead"] });
    expect(await call('update', 'policy/modern', { policy: POLICY })).toEqual({ noContent: true });
    const keys = ['default', 'legacy', 'modern', 'root'];
    expect(await call('read', 'policy')).toEqual({ data: { keys, policies: keys }, topLevel: true });
    expect(await call('list', 'policy/')).toEqual({ data: { keys, policies: keys }, topLevel: true });
    expect(await call('read', 'policy/legacy')).toEqual({ data: { name: 'legacy', rules: POLICY }, topLevel: true });
    expect(await call('delete', 'policy/legacy')).toEqual({ noContent: true });
    expect(await call('read', 'policy/legacy')).toBeNull();
  });
});

describe('sys/capabilities-self and sys/capabilities', () => {
  beforeEach(async () => {
    await call('update', 'policies/acl/app', { policy: POLICY });
  });

  it("answers per path and, for one path, under capabilities too", async () => {
    const me = auth(['app', 'default']);
    expect(await call('update', 'capabilities-self', { paths: ['secret/data/app/x'] }, me)).toEqual({
      data: { 'secret/data/app/x': ['list', 'read'], capabilities: ['list', 'read'] },
      topLevel: true,
    });
    expect(await call('update', 'capabilities-self', { path: 'secret/data/app/x,secret/data/other' }, me)).toEqual({
      data: { 'secret/data/app/x': ['list', 'read'], 'secret/data/other': ['deny'] },
      topLevel: true,
    });
    expect(await call('update', 'capabilities-self', { paths: 'sys/capabilities-self' }, me)).toMatchObject({
      data: { capabilities: ['update'] },
    });
    expect(await call('update', 'capabilities-self', { paths: ['x'] }, auth(['root']))).toMatchObject({ data: { capabilities: ['root'] } });
    expect(await call('update', 'capabilities-self', { paths: ['x'] }, auth([]))).toMatchObject({ data: { capabilities: ['deny'] } });
  });

  it("looks another token's policies up for sys/capabilities", async () => {
    const me = auth(['root']);
    expect(await call('update', 'capabilities', { token: 'hvs.other', paths: ['secret/data/app/x'] }, me)).toMatchObject({
      data: { capabilities: ['list', 'read'] },
    });
    expect(await call('update', 'capabilities', { token: 'hvs.caller', path: 'anything' }, me)).toMatchObject({
      data: { capabilities: ['root'] },
    });
    expect(await failure(call('update', 'capabilities', { token: 'hvs.nope', paths: ['x'] }, me))).toEqual([400, 'invalid token']);
    expect(await failure(call('update', 'capabilities-self', {}, me))).toEqual([400, 'paths must be supplied']);
  });
});
