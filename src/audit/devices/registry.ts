/**
 * The audit device types tsvault knows, by the `type` given to sys/audit (Vault's builtin set).
 * A device's module is imported when the first device of its type is enabled (at unseal for the
 * audit table's devices), so a server with none loads none.
 */
import type { AuditDeviceFactory } from '../types.js';

export const AUDIT_DEVICE_TYPES: Readonly<Record<string, AuditDeviceFactory>> = Object.freeze({
  file: async (config) => (await import('./file.js')).createFileDevice(config),
  socket: async (config) => (await import('./socket.js')).createSocketDevice(config),
  syslog: async (config) => (await import('./syslog.js')).createSyslogDevice(config),
});
