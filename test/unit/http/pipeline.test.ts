/**
 * The one request pipeline (Vault's HandleRequest → CheckToken → routing), against a fake mount, a
 * fake system backend and fake token/ACL services, so each decision can be watched.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/http/context.js';
import { Pipeline, type AclDecision, type RequestServices } from '../../../src/http/pipeline.js';
import { CoreError } from '../../../src/errors.js';
import type { Backend, LogicalRequest, Operation, RequestAuth, StorageView } from '../../../src/logical/types.js';
import type { Router } from '../../../src/logical/router.js';

const LOGIN_AUTH = {
  client_token: 'hvs.login',
  accessor: 'acc2',
  policies: [] as string[],
  token_policies: [],
  metadata: null,
  lease_duration: 60,
  renewable: true,
  entity_id: 'e',
  token_type: 'service' as const,
  orphan: true,
  mfa_requirement: null,
  num_uses: 0,
};
const AUTH: RequestAuth = { clientToken: 'hvs.good', accessor: 'acc', policies: ['p'], displayName: 'token', entityId: '', tokenHash: 'h' };

interface Setup {
  backend?: Partial<Backend>;
  system?: Partial<Backend>;
  decision?: Partial<AclDecision>;
  sealed?: boolean;
}

function setUp({ backend = {}, system = {}, decision = {}, sealed = false }: Setup = {}) {
  const calls: string[] = [];
  const seen: LogicalRequest[] = [];
  const checks: Array<{ path: string; op: Operation; data: unknown }> = [];
  const mount: Backend = {
    type: 'fake',
    async handle(req) {
      seen.push({ ...req });
      calls.push(`handle ${req.operation} ${req.path}`);
      return { data: { ok: true } };
    },
    ...backend,
  };
  const router = {
    match(path: string) {
      if (path.startsWith('auth/up/')) {
        const entry = { table: 'auth', path: 'up/', type: 'userpass', accessor: 'auth_userpass_1' };
        return { mounted: { entry, backend: mount, storage: {} }, mountPoint: 'auth/up/', rest: path.slice(8) };
      }
      if (!path.startsWith('m/')) return undefined;
      return { mounted: { entry: { type: 'fake' }, backend: mount, storage: {} }, mountPoint: 'm/', rest: path.slice(2) };
    },
  } as unknown as Router;
  const sys: Backend = {
    type: 'system',
    async handle(req) {
      seen.push({ ...req });
      calls.push(`system ${req.operation} ${req.path}`);
      return { raw: { status: 200, body: { ok: true } } };
    },
    ...system,
  };
  const services: RequestServices = {
    sealed,
    router,
    system: { backend: sys, storage: {} as StorageView },
    async authenticate(token) {
      calls.push(`authenticate ${token ?? '-'}`);
      if (token !== AUTH.clientToken) throw new CoreError('CORE_PERMISSION_DENIED');
      return AUTH;
    },
    async check(_auth, path, op, data) {
      checks.push({ path, op, data });
      return { allowed: true, sudo: false, root: false, ...decision };
    },
    async use() {
      calls.push('use');
    },
    async finish(auth) {
      calls.push(`finish ${auth ? 'auth' : '-'}`);
    },
    async login(mount, requestPath, login) {
      calls.push(`login ${mount.path} ${requestPath} ${login.alias.name}`);
      return { auth: { ...LOGIN_AUTH, policies: login.policies } };
    },
    async wrap(envelope, ttl, creationPath) {
      calls.push(`wrap ${ttl} ${creationPath}`);
      return { token: 'hvs.wrapping', ttl, creation_path: creationPath, wrapped: envelope };
    },
  };
  return { services, calls, seen, checks };
}

interface TestRequest {
  operation: 'read' | 'list' | 'update' | 'delete' | 'patch';
  method?: string;
  path: string;
  data: Record<string, unknown>;
  token: string | undefined;
  headers?: Record<string, string>;
}

const request = (over: Partial<TestRequest>): TestRequest => ({ operation: 'read', path: 'm/x', data: {}, token: AUTH.clientToken, ...over });

const METHOD = { read: 'GET', list: 'GET', update: 'PUT', delete: 'DELETE', patch: 'PATCH' } as const;

/** The request as the listener hands it over. */
function handleRequest(services: RequestServices, r: TestRequest) {
  const ctx: RequestContext = {
    method: r.method ?? METHOD[r.operation],
    path: r.path.replace(/\/+$/, ''),
    rawPath: r.path,
    query: new URLSearchParams(r.operation === 'list' ? { list: 'true' } : {}),
    headers: r.headers ?? {},
    token: r.token,
    remoteAddr: '127.0.0.1',
    body: async () => r.data,
  };
  return new Pipeline(services).handle(ctx, { resume() {} } as unknown as IncomingMessage);
}

async function denied(p: Promise<unknown>): Promise<CoreError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CoreError);
  return err as CoreError;
}

describe('mounted paths: create or update', () => {
  it('checks a write to something that does not exist yet as create, and to what exists as update', async () => {
    for (const [exists, op] of [[false, 'create'], [true, 'update'], [undefined, 'update']] as const) {
      const { services, checks, seen } = setUp({ backend: { existenceCheck: async () => exists } });
      await handleRequest(services, request({ operation: 'update', data: { v: 1 } }));
      expect(checks).toEqual([{ path: 'm/x', op, data: { v: 1 } }]);
      expect(seen[0]!.operation).toBe(op);
    }
  });

  it('treats writes as update on a backend without an existence check, and never asks for reads', async () => {
    const { services, checks } = setUp();
    await handleRequest(services, request({ operation: 'update' }));
    expect(checks[0]!.op).toBe('update');
    let asked = false;
    const other = setUp({ backend: { existenceCheck: async () => ((asked = true), false) } });
    await handleRequest(other.services, request({ operation: 'read' }));
    expect(asked).toBe(false);
    expect(other.checks[0]!.op).toBe('read');
  });
});

describe('mounted paths: root paths need sudo', () => {
  const rootPaths = { rootPaths: ['config/*', 'exact'] };

  it('refuses a root path without sudo, and serves it with sudo or to root', async () => {
    for (const path of ['m/config/a', 'm/exact']) {
      const plain = setUp({ backend: rootPaths });
      expect((await denied(handleRequest(plain.services, request({ path })))).message).toBe('permission denied');
      expect(plain.calls).not.toContain('use');
      for (const decision of [{ sudo: true }, { root: true }]) {
        const ok = setUp({ backend: rootPaths, decision });
        await handleRequest(ok.services, request({ path }));
        expect(ok.calls).toContain('use');
      }
    }
    const elsewhere = setUp({ backend: rootPaths });
    await handleRequest(elsewhere.services, request({ path: 'm/other' }));
    expect(elsewhere.calls.filter((c) => c.startsWith('handle'))).toEqual(['handle read other']);
  });

  it('refuses what the ACL does not allow before anything is used', async () => {
    const { services, calls } = setUp({ decision: { allowed: false, sudo: true, root: true } });
    const err = await denied(handleRequest(services, request({})));
    expect([err.status, err.message]).toEqual([403, 'permission denied']);
    expect(calls).toEqual([`authenticate ${AUTH.clientToken}`]);
  });
});

describe('mounted paths: unauthenticated paths', () => {
  const open = { unauthenticatedPaths: ['login/*'] };

  it('serves them without a token, and without a token use or ACL check', async () => {
    const { services, calls, checks, seen } = setUp({ backend: open });
    await handleRequest(services, request({ path: 'm/login/x', token: undefined }));
    expect(calls).toEqual(['handle read login/x']);
    expect(checks).toEqual([]);
    expect(seen[0]!.auth).toBeUndefined();
  });

  it('passes a valid token on to the backend, and ignores an invalid one', async () => {
    const good = setUp({ backend: open });
    await handleRequest(good.services, request({ path: 'm/login/x' }));
    expect(good.seen[0]!.auth).toEqual(AUTH);
    expect(good.checks).toEqual([]);
    expect(good.calls).not.toContain('use');
    const bad = setUp({ backend: open });
    await handleRequest(bad.services, request({ path: 'm/login/x', token: 'hvs.bad' }));
    expect(bad.seen[0]!.auth).toBeUndefined();
    expect(bad.calls).toEqual(['authenticate hvs.bad', 'handle read login/x']);
  });

  it('still needs a token everywhere else on the mount', async () => {
    const { services } = setUp({ backend: open });
    expect((await denied(handleRequest(services, request({ path: 'm/secret', token: undefined })))).status).toBe(403);
  });
});

describe('the system backend\'s HTTP-layer paths', () => {
  const system: Partial<Backend> = {
    httpPaths: new Map([
      ['seal-status', new Set(['GET'])],
      ['seal', new Set(['PUT', 'POST'])],
    ]),
    unauthenticatedPaths: ['seal-status'],
    sealedPaths: ['seal-status'],
    rootPaths: ['seal'],
  };

  it('serves a declared sealed and unauthenticated path while sealed, looking at no token', async () => {
    const { services, calls, seen } = setUp({ system, sealed: true });
    expect(await handleRequest(services, request({ path: 'sys/seal-status/' }))).toEqual({ status: 200, body: { ok: true } });
    expect(calls).toEqual(['system read seal-status']);
    expect(seen[0]).toMatchObject({ mountPoint: 'sys/', auth: undefined, http: { method: 'GET' } });
  });

  it('answers a method the path lacks with 405 and no errors before the seal check', async () => {
    const { services, calls } = setUp({ system, sealed: true });
    for (const path of ['sys/seal-status', 'sys/seal']) {
      const err = await denied(handleRequest(services, request({ path, operation: 'delete' })));
      expect([err.status, (err as CoreError & { errors?: string[] }).errors]).toEqual([405, []]);
    }
    expect(calls).toEqual([]);
  });

  it('answers any other sys path with 503 while sealed, before authentication', async () => {
    const { services, calls } = setUp({ system, sealed: true });
    for (const path of ['sys/seal', 'sys/mounts']) {
      const err = await denied(handleRequest(services, request({ path, operation: path === 'sys/seal' ? 'update' : 'read' })));
      expect([err.status, err.message]).toEqual([503, 'Vault is sealed']);
    }
    expect(calls).toEqual([]);
  });

  it('needs a token, the ACL and sudo on the paths the backend declares root paths', async () => {
    const plain = setUp({ system });
    expect((await denied(handleRequest(plain.services, request({ path: 'sys/seal', operation: 'update' })))).status).toBe(403);
    expect(plain.checks).toEqual([{ path: 'sys/seal', op: 'update', data: {} }]);
    const sudo = setUp({ system, decision: { sudo: true } });
    await handleRequest(sudo.services, request({ path: 'sys/seal', method: 'POST', operation: 'update' }));
    expect(sudo.calls).toEqual([`authenticate ${AUTH.clientToken}`, 'use', 'system update seal', 'finish auth']);
  });
});

describe('logins and response wrapping', () => {
  const login = {
    policies: ['dev'],
    noDefaultPolicy: false,
    metadata: {},
    displayName: 'alice',
    alias: { name: 'alice' },
    ttl: 0,
    maxTtl: 0,
    explicitMaxTtl: 0,
    period: 0,
    numUses: 0,
    renewable: true,
    boundCidrs: [],
  };

  it('turns an auth method\'s login answer into a token through the services', async () => {
    const { services, calls } = setUp({ backend: { handle: async () => ({ login }) } });
    const reply = await handleRequest(services, request({ path: 'auth/up/login/alice', operation: 'update' }));
    expect(calls).toContain('login up/ auth/up/login/alice alice');
    expect((reply.body as { auth: { policies: string[] } }).auth.policies).toEqual(['dev']);
  });

  it('never mints a token for a login answer from a secrets engine', async () => {
    const { services, calls } = setUp({ backend: { handle: async () => ({ login }) } });
    const err = await denied(handleRequest(services, request({ path: 'm/x', operation: 'update' })));
    expect(err.status).toBe(500);
    expect(calls.some((c) => c.startsWith('login'))).toBe(false);
  });

  it('wraps a response when X-Vault-Wrap-TTL is sent, and only wrap_info goes back', async () => {
    const { services, calls, checks } = setUp();
    const reply = await handleRequest(services, request({ path: 'm/x', headers: { 'x-vault-wrap-ttl': '5m' } }));
    expect(calls).toContain('wrap 300 m/x');
    const body = reply.body as { data: unknown; wrap_info: { token: string; wrapped: { data: unknown } } };
    expect(body.data).toBeNull();
    expect(body.wrap_info.token).toBe('hvs.wrapping');
    expect(body.wrap_info.wrapped.data).toEqual({ ok: true });
    expect(checks).toHaveLength(1);
  });

  it('does not wrap without the header, and refuses an unparseable or negative wrap TTL with 400', async () => {
    const plain = setUp();
    const reply = await handleRequest(plain.services, request({ path: 'm/x' }));
    expect((reply.body as { wrap_info: unknown }).wrap_info).toBeNull();
    for (const ttl of ['soon', '-5']) {
      const { services, calls } = setUp();
      const err = await handleRequest(services, request({ path: 'm/x', headers: { 'x-vault-wrap-ttl': ttl } })).then(
        () => undefined,
        (e: unknown) => e as { status: number },
      );
      expect(err?.status).toBe(400);
      expect(calls).toEqual([]);
    }
  });
});
