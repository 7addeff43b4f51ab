import { describe, expect, it } from 'vitest';
import { AUDIT_DEVICE_TYPES } from '../../../../src/audit/devices/registry.js';
import { nullLogger } from '../../../../src/log/logger.js';

describe('audit device registry', () => {
  it('offers Vault\'s three built-in types, frozen', async () => {
    expect(Object.keys(AUDIT_DEVICE_TYPES).sort()).toEqual(['file', 'socket', 'syslog']);
    expect(Object.isFrozen(AUDIT_DEVICE_TYPES)).toBe(true);
    const d = await AUDIT_DEVICE_TYPES.file!({ path: 'file/', type: 'file', options: { file_path: 'discard' }, salt: new Uint8Array([1]), logger: nullLogger() });
    expect(d.hash('x')).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    await d.close();
  });
});
