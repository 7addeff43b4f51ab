/**
 * GET sys/audit answers for the audit CLI tests. The device entries carry the fields of Vault's
 * api.Audit (type, description, options, local, path; [V] api/sys_audit.go) with the values of
 * the API docs' sample (website api-docs/system/audit: "file" with file_path) and the CLI docs'
 * `vault audit list -detailed` example; the envelope is the one every logical answer has.
 */
import { envelope } from './vault-fixtures.js';

export const FILE_DEVICE = {
  type: 'file',
  description: '',
  options: { file_path: '/var/log/audit.log' },
  local: false,
  path: 'file/',
};

export const SOCKET_DEVICE = {
  type: 'socket',
  description: 'to the log shipper',
  options: { address: '127.0.0.1:9090', socket_type: 'tcp' },
  local: true,
  path: 'shipper/',
};

/** Two devices, the later path first so sorting shows. */
export const SYS_AUDIT = envelope({ data: { 'shipper/': SOCKET_DEVICE, 'file/': FILE_DEVICE } });

/** Nothing enabled. */
export const SYS_AUDIT_EMPTY = envelope({ data: {} });
