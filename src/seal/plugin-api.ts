/**
 * The seal plugin contract, as the server sees it: a re-export of the @tsvault/seal-plugin-api
 * package (packages/seal-plugin-api), the ONLY module code under plugins/ imports. The server
 * recognises a plugin's SealError by its brand or its code (isSealError), never by instanceof alone:
 * each installed plugin loads its own copy of the package.
 */
export type { Logger, SealContext, SealedBlob, SealPlugin, SealWrapper } from '@tsvault/seal-plugin-api';
export { aead, isSealError, readSetting, SealError, sealErrorCode, SEAL_PLUGIN_API_VERSION } from '@tsvault/seal-plugin-api';
