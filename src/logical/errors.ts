import { CoreError } from '../errors.js';

/** Vault's logical.ErrInvalidRequest and friends: a status plus Vault's message. */
export function badRequest(message: string): CoreError {
  return new CoreError('CORE_INVALID_REQUEST', 400, message);
}

export function permissionDenied(): CoreError {
  return new CoreError('CORE_PERMISSION_DENIED', 403, 'permission denied');
}

/** framework: a path no pattern matches (Vault: 404 `unsupported path`). */
export function unsupportedPath(): CoreError {
  return new CoreError('CORE_INVALID_REQUEST', 404, 'unsupported path');
}

/** framework: a matched path without a handler for the operation (Vault: 405 `unsupported operation`). */
export function unsupportedOperation(): CoreError {
  return new CoreError('CORE_INVALID_REQUEST', 405, 'unsupported operation');
}
