/**
 * The pkcs11 plugin as built (dist/plugins/pkcs11) through the SDK's conformance kit, against a
 * real SoftHSM2 token (test/support/softhsm.ts): the same checks every seal plugin author runs.
 * Rotation is skipped by the kit (no hook): a pkcs11 seal rotates by naming another key_label,
 * which is a new wrapper; test/integration/plugins/pkcs11.test.ts covers that. "Unreachable" is
 * the token store taken away after create(), as the health check sees a token that is gone.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSealConformance, SEAL_CONFORMANCE_CHECKS, type SealConformanceResult } from '@tsvault/seal-plugin-api/testing';
import type { SealPlugin } from '../../../src/seal/plugin-api.js';
import { ROOT } from '../../support/harness.js';
import { startSoftHsm, type SoftHsm } from '../../support/softhsm.js';

const ENTRY = join(ROOT, 'dist/plugins/pkcs11/index.js');

describe('pkcs11 (SoftHSM2) passes the seal plugin conformance kit', () => {
  let hsm: SoftHsm;
  let results: SealConformanceResult[] = [];

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
    hsm = startSoftHsm({ tokenLabel: 'tsvault-kit' });
    process.env.SOFTHSM2_CONF = hsm.conf;
    const plugin = ((await import(pathToFileURL(ENTRY).href)) as { default: SealPlugin }).default;
    const config = { lib: hsm.lib, token_label: hsm.tokenLabel, pin: hsm.pin, key_label: 'kit', generate_key: 'true' };
    const tokens = join(hsm.dir, 'tokens');
    const away = join(hsm.dir, 'tokens-away');
    try {
      results = await runSealConformance({
        plugin,
        config,
        unreachable: { config, prepare: () => renameSync(tokens, away) },
      });
    } finally {
      if (existsSync(away)) renameSync(away, tokens);
    }
  }, 600_000);

  afterAll(() => {
    hsm?.remove();
  });

  for (const check of SEAL_CONFORMANCE_CHECKS) {
    it(check, () => {
      const r = results.find((x) => x.check === check);
      const expected = check === 'rotation' ? 'skipped' : 'passed';
      // The whole result on a mismatch: the kit's message names what broke.
      expect(r).toMatchObject({ check, status: expected });
    });
  }
});
