import { CoreError } from '../errors.js';

/** Vault's logical.ErrInvalidRequest and friends: a status plus Vault's message. */
export function badRequest(message: string): CoreError {
  return new CoreError('CORE_INVALID_REQUEST', message);
}

export function permissionDenied(): CoreError {
  return new CoreError('CORE_PERMISSION_DENIED');
}

/** framework: a path no pattern matches (Vault: 404 `unsupported path`). */
export function unsupportedPath(): CoreError {
  return new CoreError('CORE_UNSUPPORTED_PATH');
}

/** framework: a matched path without a handler for the operation (Vault: 405 `unsupported operation`). */
export function unsupportedOperation(): CoreError {
  return new CoreError('CORE_UNSUPPORTED_OPERATION');
}
