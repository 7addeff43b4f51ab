/**
 * A fake audit device type for unit tests: remembers every entry it was given (plain data, not
 * hashed) and fails on demand. Devices are found by their mount path.
 */
import { createHmac } from 'node:crypto';
import type { AuditDevice, AuditDeviceConfig, AuditDeviceFactory, AuditInput } from '../../src/audit/types.js';

export interface FakeDevice extends AuditDevice {
  readonly config: AuditDeviceConfig;
  entries: { kind: 'request' | 'response'; input: AuditInput }[];
  failing: boolean;
  reopened: number;
  closed: boolean;
}

export function fakeAuditType(): { factory: AuditDeviceFactory; devices: Map<string, FakeDevice>; events: string[] } {
  const devices = new Map<string, FakeDevice>();
  /** Shared timeline of every device's writes and anything a test adds (backend calls). */
  const events: string[] = [];
  const factory: AuditDeviceFactory = async (config) => {
    if (config.options.refuse) throw new Error('refused options');
    const device: FakeDevice = {
      config,
      entries: [],
      failing: config.options.failing === 'true',
      reopened: 0,
      closed: false,
      async logRequest(input) {
        if (device.failing) throw new Error('disk full');
        device.entries.push({ kind: 'request', input });
        events.push(`${config.path} request ${input.request.path}`);
      },
      async logResponse(input) {
        if (device.failing) throw new Error('disk full');
        device.entries.push({ kind: 'response', input });
        events.push(`${config.path} response ${input.request.path}`);
      },
      hash: (value) => `hmac-sha256:${createHmac('sha256', config.salt).update(value).digest('hex')}`,
      async reopen() {
        device.reopened++;
      },
      async close() {
        device.closed = true;
      },
    };
    devices.set(config.path, device);
    return device;
  };
  return { factory, devices, events };
}
