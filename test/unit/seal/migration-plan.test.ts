import { describe, expect, it } from 'vitest';
import type { SealBlockConfig } from '../../../src/config/types.js';
import { planMigration } from '../../../src/seal/migration-plan.js';

const block = (type: string, disabled = false): SealBlockConfig => ({ type, disabled, config: {}, pos: { file: 'v.hcl' } });

describe('planMigration', () => {
  it('runs normally when the stored seal is the configured one, or nothing is stored', () => {
    expect(planMigration(null, [block('awskms')])).toEqual({ kind: 'none', seal: 'awskms' });
    expect(planMigration('shamir', [])).toEqual({ kind: 'none', seal: 'shamir' });
    expect(planMigration('awskms', [block('awskms')])).toEqual({ kind: 'none', seal: 'awskms' });
  });

  it('migrates from Shamir when an auto seal is added', () => {
    expect(planMigration('shamir', [block('awskms')])).toEqual({ kind: 'migrate', from: 'shamir', to: 'awskms' });
  });

  it('migrates from an auto seal only with its block disabled', () => {
    expect(planMigration('awskms', [block('awskms', true)])).toEqual({ kind: 'migrate', from: 'awskms', to: 'shamir' });
    expect(planMigration('awskms', [block('awskms', true), block('transit')])).toEqual({ kind: 'migrate', from: 'awskms', to: 'transit' });
    expect(planMigration('transit', [block('transit', true), block('transit')])).toEqual({ kind: 'migrate', from: 'transit', to: 'transit' });
  });

  it('refuses with Vault\'s texts when the disabled block is missing', () => {
    expect(planMigration('awskms', [])).toEqual({ kind: 'refuse', message: 'cannot seal migrate from "awskms" to Shamir, no disabled seal in configuration' });
    expect(planMigration('awskms', [block('transit')])).toEqual({
      kind: 'refuse',
      message: 'cannot seal migrate from "awskms" to "transit", no disabled seal in configuration',
    });
  });
});
