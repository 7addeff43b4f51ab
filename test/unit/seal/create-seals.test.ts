import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../src/log/logger.js';
import { AutoSeal } from '../../../src/seal/auto-seal.js';
import { isShamirType, sealFor } from '../../../src/seal/create-seals.js';
import { aead } from '../../../src/seal/plugin-api.js';
import { ShamirSeal } from '../../../src/seal/shamir-seal.js';
import shamir from '../../../plugins/shamir/index.js';
import { FakeKms } from './fake-kms.js';

describe('sealFor', () => {
  it('builds the Shamir variant around the shamir plugin and the auto variant around any other', async () => {
    const shamirSeal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
    expect(shamirSeal).toBeInstanceOf(ShamirSeal);
    expect([shamirSeal.type, shamirSeal.recoveryKeys]).toEqual(['shamir', false]);
    const auto = sealFor(new FakeKms());
    expect(auto).toBeInstanceOf(AutoSeal);
    expect([auto.type, auto.recoveryKeys]).toEqual(['fakekms', true]);
    expect([isShamirType('shamir'), isShamirType('awskms'), isShamirType('transit')]).toEqual([true, false, false]);
  });
});
