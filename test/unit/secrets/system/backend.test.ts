/**
 * The system backend's declarations (Vault's PathsSpecial and the HTTP-layer method table): what the
 * one request pipeline reads to decide what needs a token, sudo, or an unsealed barrier.
 */
import { describe, expect, it } from 'vitest';
import { sealFor } from '../../../../src/seal/create-seals.js';
import shamir from '../../../../plugins/shamir/index.js';
import { nullLogger } from '../../../../src/log/logger.js';
import { matchesSpecialPath } from '../../../../src/logical/framework.js';
import { SYSTEM_SEALED_PATHS, SYSTEM_UNAUTHENTICATED_PATHS } from '../../../../src/secrets/system/backend.js';
import { assemble } from '../../../../src/server/assemble.js';
import { aead } from '../../../../src/seal/plugin-api.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';

async function systemBackend() {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  return assemble({ storage: createInmemBackend(), storageType: 'inmem', seal, logger: nullLogger(), version: '1.0.0', buildDate: 'b' }).services.system
    .backend;
}

describe('the system backend', () => {
  it('serves the operator paths over HTTP methods, as Vault\'s http/sys_*.go handlers', async () => {
    const methods = Object.fromEntries([...(await systemBackend()).httpPaths!].map(([p, m]) => [p, [...m].sort()]));
    expect(methods).toEqual({
      init: ['GET', 'POST', 'PUT'],
      'seal-status': ['GET'],
      unseal: ['POST', 'PUT'],
      seal: ['POST', 'PUT'],
      health: ['GET', 'HEAD'],
      leader: ['GET'],
      'step-down': ['POST', 'PUT'],
      'seal-backend-status': ['GET'],
      'key-status': ['GET'],
      rotate: ['POST', 'PUT'],
      'generate-root/attempt': ['DELETE', 'GET', 'POST', 'PUT'],
      'generate-root/update': ['POST', 'PUT'],
      'rekey/init': ['DELETE', 'GET', 'POST', 'PUT'],
      'rekey/update': ['POST', 'PUT'],
      'rekey-recovery-key/init': ['DELETE', 'GET', 'POST', 'PUT'],
      'rekey-recovery-key/update': ['POST', 'PUT'],
      // OpenBao's names (authenticated, enveloped): src/secrets/system/openbao-paths.ts
      'rotate/keyring': ['POST', 'PUT'],
      'generate-root-token/attempt': ['DELETE', 'GET', 'POST', 'PUT'],
      'generate-root-token/update': ['POST', 'PUT'],
      'rotate/root/init': ['DELETE', 'GET', 'POST', 'PUT'],
      'rotate/root/update': ['POST', 'PUT'],
      'rotate/recovery/init': ['DELETE', 'GET', 'POST', 'PUT'],
      'rotate/recovery/update': ['POST', 'PUT'],
    });
  });

  it('declares what answers while sealed, what needs no token, and what needs sudo', async () => {
    const backend = await systemBackend();
    expect(backend.sealedPaths).toEqual(SYSTEM_SEALED_PATHS);
    expect(backend.unauthenticatedPaths).toEqual(SYSTEM_UNAUTHENTICATED_PATHS);
    for (const path of SYSTEM_SEALED_PATHS) {
      expect(backend.httpPaths!.has(path)).toBe(true);
      expect(matchesSpecialPath(backend.unauthenticatedPaths, path)).toBe(true);
    }
    for (const path of ['seal', 'key-status', 'rotate', 'mounts', 'policies/acl/x']) {
      expect(matchesSpecialPath(backend.sealedPaths, path)).toBe(false);
      expect(matchesSpecialPath(backend.unauthenticatedPaths, path)).toBe(false);
    }
    expect(matchesSpecialPath(backend.unauthenticatedPaths, 'internal/ui/mounts/secret')).toBe(true);
    for (const path of ['seal', 'rotate', 'auth/x', 'audit']) expect(matchesSpecialPath(backend.rootPaths, path)).toBe(true);
    expect(matchesSpecialPath(backend.rootPaths, 'key-status')).toBe(false);
  });

  it('is one object, routed by the mount table at sys/ once unsealed', async () => {
    const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
    const { core, services } = assemble({ storage: createInmemBackend(), storageType: 'inmem', seal, logger: nullLogger(), version: '1.0.0', buildDate: 'b' });
    const init = await core.initialize({ secret_shares: 1, secret_threshold: 1 });
    await core.unseal(Buffer.from(init.keys_base64[0]!, 'base64'));
    expect(services.router.match('sys/mounts')?.mounted.backend).toBe(services.system.backend);
    await core.seal();
    expect(services.router.match('sys/mounts')).toBeUndefined();
  });
});
