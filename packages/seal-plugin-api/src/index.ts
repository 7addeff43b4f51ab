/**
 * @tsvault/seal-plugin-api: the ONLY module a tsvault seal plugin imports. See README.md.
 */
export type { Aead, LogFields, Logger, SealContext, SealedBlob, SealPlugin, SealWrapper } from './types.js';
export { SEAL_PLUGIN_API_VERSION } from './types.js';
export {
  brandSealError,
  isSealError,
  isSealErrorCode,
  SEAL_ERROR_BRAND,
  SEAL_ERROR_CODES,
  SealError,
  sealErrorCode,
  type SealErrorCode,
  type SealErrorLike,
} from './errors.js';
export { parseGoBool, parseGoDuration, readSetting, type SealConfig, type SealEnv } from './settings.js';
export { aead, aeadOpen, aeadSeal, AEAD_KEY_BYTES, AEAD_NONCE_BYTES, AEAD_TAG_BYTES, type AeadKey } from './aead.js';
