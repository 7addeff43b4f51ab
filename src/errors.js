/**
 * Coded errors. Every error tsvault throws on purpose is a TsvaultError with one of these codes;
 * the README's "Error codes" table lists them and test/unit/errors.test.ts keeps the two in step.
 */
import { brandSealError, isSealError, SEAL_ERROR_CODES } from '@tsvault/seal-plugin-api';
export const ERROR_CODES = [
    'CONFIG_READ', // a config file or directory could not be read
    'CONFIG_PARSE', // HCL/JSON syntax error (file:line:col)
    'CONFIG_INVALID', // a value or block is wrong (file:line:col where known)
    'STORAGE_UNKNOWN_TYPE', // storage "x" names no backend
    'STORAGE_INVALID_KEY', // key with parent references or empty segments
    'STORAGE_IO', // the backend failed to read or write
    'CRYPTO_INVALID_SHARES', // Shamir split/combine refused its input
    'CRYPTO_DECRYPT', // AES-GCM authentication failed
    'BARRIER_SEALED', // the barrier is sealed
    'BARRIER_NOT_INITIALIZED', // no keyring in storage
    'BARRIER_ALREADY_INITIALIZED',
    'BARRIER_INVALID_KEY', // the root key does not open the keyring
    'BARRIER_CORRUPT', // a stored ciphertext is malformed
    'SEAL_INVALID_CONFIG', // shares/threshold out of range
    'SEAL_UNSUPPORTED', // seal type not available
    'SEAL_UNAVAILABLE', // the KMS or transit server could not be reached or refused
    'SEAL_ENCRYPT', // the seal failed to wrap a value
    'SEAL_DECRYPT', // the seal failed to unwrap a value
    'PLUGIN_NOT_FOUND', // no plugin folder/manifest/entry for the seal type
    'PLUGIN_OUTSIDE_DIR', // a plugin path resolves outside the plugin directory
    'PLUGIN_INSECURE_PERMISSIONS', // group- or world-writable plugin file or folder
    'PLUGIN_CHECKSUM_MISMATCH', // the entry module does not match the configured sha256
    'PLUGIN_BAD_EXPORT', // the module's default export is not a seal plugin
    'PLUGIN_API_MISMATCH', // apiVersion or type differ from what is expected
    'PLUGIN_THREW', // importing the module threw
    'CORE_INVALID_REQUEST', // a request to the core is malformed (400)
    'CORE_INVALID_KEY', // an unseal key is wrong
    'CORE_PERMISSION_DENIED', // token missing or not allowed
    'LISTENER_INVALID', // listener address or TLS files unusable
    'LISTENER_BIND', // the address could not be bound
    'CLI_USAGE', // bad flags or arguments
    'API_REQUEST', // the server answered with an error
];
// Every code a seal plugin may throw is one of the server's (the build fails otherwise).
void SEAL_ERROR_CODES;
export class TsvaultError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = new.target.name;
    }
}
/** A configuration problem, with its position when one is known. */
export class ConfigError extends TsvaultError {
    file;
    line;
    col;
    constructor(code, message, where = {}, options) {
        const pos = [where.file, where.line, where.col].filter((p) => p !== undefined).join(':');
        super(code, pos ? `${pos}: ${message}` : message, options);
        this.file = where.file;
        this.line = where.line;
        this.col = where.col;
    }
}
export class StorageError extends TsvaultError {
}
export class CryptoError extends TsvaultError {
}
export class BarrierError extends TsvaultError {
}
/**
 * A seal's error. A plugin throws the SealError of its own copy of @tsvault/seal-plugin-api; the
 * server's carries the same brand, and `instanceof SealError` (this class) holds for both: seal
 * errors are recognised by brand or code, never by class identity across packages.
 */
export class SealError extends TsvaultError {
    constructor(code, message, options) {
        super(code, message, options);
        brandSealError(this);
    }
    static [Symbol.hasInstance](value) {
        if (this !== SealError)
            return Function.prototype[Symbol.hasInstance].call(this, value);
        return Function.prototype[Symbol.hasInstance].call(SealError, value) || isSealError(value);
    }
}
export class PluginLoadError extends TsvaultError {
}
export class ListenerError extends TsvaultError {
}
export class CliUsageError extends TsvaultError {
    constructor(message) {
        super('CLI_USAGE', message);
    }
}
/**
 * An error that maps onto Vault's HTTP error envelope: {"errors":[...]} with a status code.
 * Core operations throw these so that handlers never guess a status.
 */
export class CoreError extends TsvaultError {
    status;
    constructor(code, status, message, options) {
        super(code, message, options);
        this.status = status;
    }
}
//# sourceMappingURL=errors.js.map