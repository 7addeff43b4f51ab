/** The audit device types tsvault knows, by the `type` given to sys/audit (Vault's builtin set). */
import type { AuditDeviceFactory } from '../types.js';
import { createFileDevice } from './file.js';
import { createSocketDevice } from './socket.js';
import { createSyslogDevice } from './syslog.js';

export const AUDIT_DEVICE_TYPES: Readonly<Record<string, AuditDeviceFactory>> = Object.freeze({
  file: createFileDevice,
  socket: createSocketDevice,
  syslog: (config) => createSyslogDevice(config),
});
