/**
 * `sys/generate-root/attempt` and `sys/generate-root/update` ([V] http/sys_generate_root.go):
 * unauthenticated HTTP-layer paths. They answer while sealed so that the state machine can give
 * Vault's errors in Vault's order (`server is not yet initialized`, then `Vault is sealed`).
 */
import type { GenerateRoot } from '../../core/generate-root.js';
import { raw, type HttpHandler, type HttpPath } from './http-paths.js';
import { keyShareUpdateHandler, stringField } from './key-body.js';

export function generateRootPaths(machine: GenerateRoot): HttpPath[] {
  const status: HttpHandler = async () => raw(200, await machine.status());

  const start: HttpHandler = async (req) => {
    const body = await req.http.body();
    const otp = stringField(body, 'otp');
    const pgpKey = stringField(body, 'pgp_key');
    return raw(200, await machine.start({ otp, pgpKey }));
  };

  const cancel: HttpHandler = async () => {
    await machine.cancel();
    return raw(204);
  };

  const update = keyShareUpdateHandler((key, nonce) => machine.update(key, nonce));

  return [
    { path: 'generate-root/attempt', methods: { GET: status, PUT: start, POST: start, DELETE: cancel } },
    { path: 'generate-root/update', methods: { PUT: update, POST: update } },
  ];
}
