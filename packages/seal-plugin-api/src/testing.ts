/**
 * The conformance kit for seal plugin authors: `@tsvault/seal-plugin-api/testing`.
 *
 *   const results = await runSealConformance({ plugin, config, env });   // every check, never throws
 *   await assertSealConformance({ plugin, config, env });                // throws one Error listing failures
 *   defineSealConformance({ describe, it }, () => ({ plugin, config })); // one test per check (vitest, jest, node:test)
 *
 * It needs no test runner: it creates wrappers through `plugin.create(config, ctx)` and checks the
 * contract the server relies on.
 */
import { randomBytes } from 'node:crypto';
import { aead } from './aead.js';
import { sealErrorCode } from './errors.js';
import { SEAL_PLUGIN_API_VERSION, type Logger, type SealContext, type SealedBlob, type SealPlugin, type SealWrapper } from './types.js';

/** The names of the checks, in the order they run. */
export const SEAL_CONFORMANCE_CHECKS = [
  'plugin shape',
  'create',
  'round trip',
  'round trip with aad',
  'wrong aad fails with SEAL_DECRYPT',
  'tampered ciphertext fails with SEAL_DECRYPT',
  'inputs are not modified',
  'keyId is non-empty and stable',
  'blob records the keyId',
  'health',
  'rotation',
  'unreachable fails with SEAL_UNAVAILABLE',
  'close is idempotent',
] as const;

export type SealConformanceCheck = (typeof SEAL_CONFORMANCE_CHECKS)[number];

export interface SealConformanceOptions {
  plugin: SealPlugin;
  /** The seal block's settings. */
  config?: Readonly<Record<string, string>>;
  /** The environment the plugin reads (default: empty, never process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Receives the plugin's log lines (default: discards them). */
  logger?: Logger;
  /** Runs after each create(), before any check uses the wrapper. */
  prepare?(wrapper: SealWrapper): void | Promise<void>;
  /**
   * Rotates the key (points the alias at a new key, bumps the transit key version, …). Without it
   * the rotation check is skipped. After it, blobs written before must still decrypt and the
   * wrapper's keyId (after one encrypt) must differ.
   */
  rotate?(wrapper: SealWrapper): void | Promise<void>;
  /**
   * Settings (and environment) under which the KMS cannot be reached. Without it the check is
   * skipped. create() may reject with SEAL_UNAVAILABLE, or resolve and then encrypt must reject
   * with SEAL_UNAVAILABLE.
   */
  unreachable?: {
    config?: Readonly<Record<string, string>>;
    env?: Readonly<Record<string, string | undefined>>;
    prepare?(wrapper: SealWrapper): void | Promise<void>;
  };
  /** The seal ignores aad (go-kms-wrapping's transit does): the wrong-aad check is skipped. */
  ignoresAad?: boolean;
  /** The seal has no key id (shamir): the keyId checks only ask for a stable string. */
  emptyKeyId?: boolean;
  /** Checks not to run (reported as skipped). */
  skip?: readonly SealConformanceCheck[];
}

export interface SealConformanceResult {
  check: SealConformanceCheck;
  status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  message?: string;
}

class CheckFailed extends Error {}

function fail(message: string): never {
  throw new CheckFailed(message);
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${err.message}`;
  }
  return String(err);
}

async function expectCode(what: string, code: string, run: () => Promise<unknown>): Promise<void> {
  let result: unknown;
  try {
    result = await run();
  } catch (err) {
    const got = sealErrorCode(err);
    if (got === code) return;
    fail(`${what}: expected a SealError with code ${code}, got ${describeError(err)}`);
  }
  fail(`${what}: expected a SealError with code ${code}, but it succeeded (${JSON.stringify(result)?.slice(0, 80)})`);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

const silent: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  named() {
    return silent;
  },
};

function checkBlob(blob: unknown, what: string): SealedBlob {
  if (blob === null || typeof blob !== 'object') fail(`${what} returned ${String(blob)}, not a SealedBlob`);
  const b = blob as SealedBlob;
  if (typeof b.ciphertext !== 'string' || b.ciphertext === '') fail(`${what} returned a blob without a ciphertext string`);
  if (Buffer.from(b.ciphertext, 'base64').toString('base64') !== b.ciphertext) fail(`${what}: ciphertext is not base64`);
  return b;
}

function pluginShape(plugin: SealPlugin): void {
  const p = plugin as unknown as Record<string, unknown>;
  if (p === null || typeof p !== 'object') fail('the plugin is not an object');
  if (p.apiVersion !== SEAL_PLUGIN_API_VERSION) fail(`apiVersion is ${JSON.stringify(p.apiVersion)}, expected ${SEAL_PLUGIN_API_VERSION}`);
  if (typeof p.type !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/.test(p.type)) {
    fail(`type ${JSON.stringify(p.type)} is not a plain name (lower-case letters, digits, "_" and "-")`);
  }
  if (!Array.isArray(p.sensitiveKeys) || !p.sensitiveKeys.every((k) => typeof k === 'string')) fail('sensitiveKeys is not an array of strings');
  if (typeof p.create !== 'function') fail('create is not a function');
}

/** Runs every check and reports each; never throws. Wrappers it creates are closed. */
export async function runSealConformance(opts: SealConformanceOptions): Promise<SealConformanceResult[]> {
  const results: SealConformanceResult[] = [];
  const wrappers: SealWrapper[] = [];
  const skip = new Set<string>(opts.skip ?? []);
  const ctxFor = (env: SealConformanceOptions['env']): SealContext => ({ logger: opts.logger ?? silent, env: env ?? {}, aead });
  const create = async (config = opts.config ?? {}, env = opts.env, prepare = opts.prepare): Promise<SealWrapper> => {
    const w = await opts.plugin.create(config, ctxFor(env));
    wrappers.push(w);
    await prepare?.(w);
    return w;
  };

  let wrapper: SealWrapper | undefined;
  const need = (): SealWrapper => wrapper ?? fail('no wrapper: create failed');

  const checks: Record<SealConformanceCheck, (() => Promise<void>) | string> = {
    'plugin shape': async () => pluginShape(opts.plugin),
    create: async () => {
      let w: SealWrapper;
      try {
        w = await create();
      } catch (err) {
        fail(`create() rejected: ${describeError(err)}`);
      }
      if (w === null || typeof w !== 'object') fail(`create() resolved to ${String(w)}`);
      if (w.type !== opts.plugin.type) fail(`wrapper.type is ${JSON.stringify(w.type)}, expected ${JSON.stringify(opts.plugin.type)}`);
      for (const m of ['keyId', 'encrypt', 'decrypt'] as const) {
        if (typeof w[m] !== 'function') fail(`wrapper.${m} is not a function`);
      }
      wrapper = w;
    },
    'round trip': async () => {
      const w = need();
      for (const plaintext of [randomBytes(32), Uint8Array.of(0), randomBytes(1000)]) {
        const blob = checkBlob(await w.encrypt(Uint8Array.from(plaintext)), 'encrypt');
        if (blob.ciphertext === Buffer.from(plaintext).toString('base64')) fail('the ciphertext is the plaintext');
        const back = await w.decrypt(blob);
        if (!equalBytes(back, plaintext)) fail(`decrypt(encrypt(${plaintext.length} bytes)) gave other bytes`);
      }
      const a = checkBlob(await w.encrypt(Uint8Array.of(1, 2, 3)), 'encrypt');
      const b = checkBlob(await w.encrypt(Uint8Array.of(1, 2, 3)), 'encrypt');
      if (a.ciphertext === b.ciphertext) fail('two encryptions of the same plaintext gave the same ciphertext (no fresh nonce)');
    },
    'round trip with aad': async () => {
      const w = need();
      const plaintext = randomBytes(32);
      const aad = Buffer.from('core/hsm/barrier-unseal-keys');
      const blob = checkBlob(await w.encrypt(Uint8Array.from(plaintext), aad), 'encrypt with aad');
      const back = await w.decrypt(blob, aad);
      if (!equalBytes(back, plaintext)) fail('decrypt with the same aad gave other bytes');
    },
    'wrong aad fails with SEAL_DECRYPT': opts.ignoresAad
      ? 'the seal ignores aad (ignoresAad)'
      : async () => {
          const w = need();
          const blob = checkBlob(await w.encrypt(randomBytes(32), Buffer.from('right')), 'encrypt with aad');
          await expectCode('decrypt with another aad', 'SEAL_DECRYPT', () => w.decrypt(blob, Buffer.from('wrong')));
          await expectCode('decrypt without the aad', 'SEAL_DECRYPT', () => w.decrypt(blob));
        },
    'tampered ciphertext fails with SEAL_DECRYPT': async () => {
      const w = need();
      const blob = checkBlob(await w.encrypt(randomBytes(32)), 'encrypt');
      const bytes = Buffer.from(blob.ciphertext, 'base64');
      bytes[bytes.length - 1]! ^= 0x01;
      const tampered: SealedBlob = { ...blob, ciphertext: bytes.toString('base64') };
      await expectCode('decrypt of a blob with one bit flipped', 'SEAL_DECRYPT', () => w.decrypt(tampered));
    },
    'inputs are not modified': async () => {
      const w = need();
      const plaintext = randomBytes(32);
      const copy = Buffer.from(plaintext);
      const blob = checkBlob(await w.encrypt(plaintext), 'encrypt');
      if (!equalBytes(plaintext, copy)) fail('encrypt modified (zeroed?) the caller\'s plaintext');
      const before = JSON.stringify(blob);
      const out = await w.decrypt(blob);
      if (JSON.stringify(blob) !== before) fail('decrypt modified the blob');
      out.fill(0); // the caller owns the result: zeroing it must not break the wrapper
      const again = await w.decrypt(blob);
      if (!equalBytes(again, copy)) fail('zeroing one decrypt result changed the next one');
    },
    'keyId is non-empty and stable': async () => {
      const w = need();
      await w.encrypt(randomBytes(8));
      const first = w.keyId();
      if (typeof first !== 'string') fail(`keyId() returned a ${typeof first}`);
      if (!opts.emptyKeyId && first === '') fail('keyId() is empty after an encrypt (emptyKeyId is for shamir only)');
      await w.encrypt(randomBytes(8));
      if (w.keyId() !== first) fail(`keyId() changed without a rotation: ${JSON.stringify(first)} then ${JSON.stringify(w.keyId())}`);
    },
    'blob records the keyId': async () => {
      const w = need();
      const blob = checkBlob(await w.encrypt(randomBytes(8)), 'encrypt');
      const id = w.keyId();
      if (opts.emptyKeyId && id === '') return;
      if (blob.keyInfo?.keyId !== id) {
        fail(`blob.keyInfo.keyId is ${JSON.stringify(blob.keyInfo?.keyId)}, but keyId() is ${JSON.stringify(id)}`);
      }
    },
    health: async () => {
      const w = need();
      if (w.health === undefined) return;
      if (typeof w.health !== 'function') fail('wrapper.health is not a function');
      await w.health();
    },
    rotation:
      opts.rotate === undefined
        ? 'no rotate hook'
        : async () => {
            const w = need();
            const plaintext = randomBytes(32);
            const aad = opts.ignoresAad ? undefined : Buffer.from('aad');
            const old = checkBlob(await w.encrypt(Uint8Array.from(plaintext), aad), 'encrypt before rotation');
            const before = w.keyId();
            await opts.rotate!(w);
            const fresh = checkBlob(await w.encrypt(Uint8Array.from(plaintext), aad), 'encrypt after rotation');
            const after = w.keyId();
            if (after === before) fail(`keyId() did not change after the rotation (still ${JSON.stringify(after)})`);
            if (!opts.emptyKeyId && fresh.keyInfo?.keyId !== after) {
              fail(`the new blob records keyId ${JSON.stringify(fresh.keyInfo?.keyId)}, not ${JSON.stringify(after)}`);
            }
            if (!equalBytes(await w.decrypt(old, aad), plaintext)) fail('a blob written before the rotation no longer decrypts to its plaintext');
            if (!equalBytes(await w.decrypt(fresh, aad), plaintext)) fail('a blob written after the rotation does not decrypt');
          },
    'unreachable fails with SEAL_UNAVAILABLE':
      opts.unreachable === undefined
        ? 'no unreachable settings'
        : async () => {
            const u = opts.unreachable!;
            let w: SealWrapper;
            try {
              w = await create(u.config ?? opts.config ?? {}, u.env ?? opts.env, u.prepare ?? opts.prepare);
            } catch (err) {
              if (sealErrorCode(err) === 'SEAL_UNAVAILABLE') return;
              fail(`create() with an unreachable KMS: expected success or SEAL_UNAVAILABLE, got ${describeError(err)}`);
            }
            await expectCode('encrypt with an unreachable KMS', 'SEAL_UNAVAILABLE', () => w.encrypt(randomBytes(8)));
          },
    'close is idempotent': async () => {
      const w = need();
      if (w.close === undefined) return;
      await w.close();
      await w.close();
    },
  };

  try {
    for (const check of SEAL_CONFORMANCE_CHECKS) {
      const run = checks[check];
      if (skip.has(check)) {
        results.push({ check, status: 'skipped', message: 'skipped by the caller' });
      } else if (typeof run === 'string') {
        results.push({ check, status: 'skipped', message: run });
      } else {
        try {
          await run();
          results.push({ check, status: 'passed' });
        } catch (err) {
          results.push({ check, status: 'failed', message: err instanceof CheckFailed ? err.message : `threw ${describeError(err)}` });
        }
      }
    }
  } finally {
    for (const w of wrappers) await w.close?.().catch(() => undefined);
  }
  return results;
}

/** Formats results one line each: `PASS round trip`, `FAIL …: why`, `SKIP …: why`. */
export function formatSealConformance(results: readonly SealConformanceResult[]): string {
  const tag = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const;
  return results.map((r) => `${tag[r.status]} ${r.check}${r.message ? `: ${r.message}` : ''}`).join('\n');
}

/** Runs every check; throws one Error naming each failed check and why. Returns the results. */
export async function assertSealConformance(opts: SealConformanceOptions): Promise<SealConformanceResult[]> {
  const results = await runSealConformance(opts);
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    throw new Error(
      `seal plugin ${JSON.stringify(opts.plugin?.type)} fails ${failed.length} conformance check(s):\n${formatSealConformance(failed)}`,
    );
  }
  return results;
}

/** The bits of a test runner defineSealConformance needs (vitest, jest and node:test fit). */
export interface TestRunner {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
}

/**
 * One test per check, for vitest/jest/node:test: the suite runs once (on the first test) and each
 * test reports its own check; a skipped check passes and says so in its name.
 */
export function defineSealConformance(runner: TestRunner, options: () => SealConformanceOptions | Promise<SealConformanceOptions>, name?: string): void {
  let pending: Promise<SealConformanceResult[]> | undefined;
  const results = (): Promise<SealConformanceResult[]> => (pending ??= Promise.resolve(options()).then(runSealConformance));
  runner.describe(name ?? 'seal plugin conformance', () => {
    for (const check of SEAL_CONFORMANCE_CHECKS) {
      runner.it(check, async () => {
        const r = (await results()).find((x) => x.check === check);
        if (r?.status === 'failed') throw new Error(`${check}: ${r.message}`);
      });
    }
  });
}
