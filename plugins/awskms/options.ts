/**
 * The awskms seal's settings, read as go-kms-wrapping's wrappers/awskms (and go-secure-stdlib's
 * awsutil) read them, but only from the config block and ctx.env — never process.env, ~/.aws or
 * instance metadata:
 * - kms_key_id: AWSKMS_WRAPPER_KEY_ID → VAULT_AWSKMS_SEAL_KEY_ID → config (env skipped with
 *   `disallow_env_vars`); none → Vault's `key id not found in env or config for aws kms wrapper
 *   configuration`;
 * - endpoint: AWSKMS_ENDPOINT → AWS_KMS_ENDPOINT → config (env skipped with `disallow_env_vars`);
 * - region (awsutil.GetRegion, "more specific first"): config → AWS_REGION → AWS_DEFAULT_REGION →
 *   `us-east-1`;
 * - credentials (awsutil.GenerateCredentialChain): access_key + secret_key (+ session_token) from
 *   the config, else AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) from ctx.env,
 *   else none (every KMS call then fails with a clear error).
 * Every problem here is a configuration error (SEAL_INVALID_CONFIG), thrown at create().
 */
import { parseGoBool, readSetting, SealError } from '@tsvault/seal-plugin-api';

type Config = Readonly<Record<string, string>>;
type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_REGION = 'us-east-1';
export const KEY_ID_ENV = ['AWSKMS_WRAPPER_KEY_ID', 'VAULT_AWSKMS_SEAL_KEY_ID'] as const;
export const ENDPOINT_ENV = ['AWSKMS_ENDPOINT', 'AWS_KMS_ENDPOINT'] as const;

/** Vault's text (go-kms-wrapping wrappers/awskms SetConfig). */
export const MISSING_KEY_ID = 'key id not found in env or config for aws kms wrapper configuration';
/** go-secure-stdlib awsutil GenerateCredentialChain. */
export const HALF_STATIC_CREDENTIALS =
  "static AWS client credentials haven't been properly configured (the access key or secret key were provided but not both)";

/** Vault's credential sources that need the SDK's file, STS or metadata providers: refused, not ignored. */
const UNSUPPORTED_KEYS = [
  'shared_creds_filename',
  'shared_creds_profile',
  'web_identity_token_file',
  'role_arn',
  'role_session_name',
  'key_not_required',
] as const;

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsKmsOptions {
  /** The configured key: id, ARN, alias name or alias ARN (what Encrypt is called with). */
  readonly keyId: string;
  readonly region: string;
  /** Full URL of the KMS API; undefined → the SDK's regional AWS endpoint. */
  readonly endpoint: string | undefined;
  /** undefined: none configured (calls fail with a clear error, nothing is looked up). */
  readonly credentials: AwsCredentials | undefined;
  readonly credentialSource: 'config' | 'env' | 'none';
}

function configError(message: string): SealError {
  return new SealError('SEAL_INVALID_CONFIG', message);
}

/** aws-sdk-go v1 (what Vault's wrapper v2.0.x uses) adds `https://` to an endpoint without a scheme. */
function normaliseEndpoint(raw: string): string | undefined {
  if (raw === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw configError(`invalid awskms endpoint ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError(`unsupported protocol scheme ${JSON.stringify(url.protocol.replace(/:$/, ''))}`);
  }
  return withScheme;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function readCredentials(config: Config, env: Env): Pick<AwsKmsOptions, 'credentials' | 'credentialSource'> {
  const accessKey = nonEmpty(config.access_key);
  const secretKey = nonEmpty(config.secret_key);
  if ((accessKey === undefined) !== (secretKey === undefined)) throw configError(HALF_STATIC_CREDENTIALS);
  if (accessKey !== undefined && secretKey !== undefined) {
    const sessionToken = nonEmpty(config.session_token);
    return {
      credentials: { accessKeyId: accessKey, secretAccessKey: secretKey, ...(sessionToken ? { sessionToken } : {}) },
      credentialSource: 'config',
    };
  }
  // The SDK's environment provider: both variables or nothing.
  const envKey = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const envSecret = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if (envKey !== undefined && envSecret !== undefined) {
    const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
    return {
      credentials: { accessKeyId: envKey, secretAccessKey: envSecret, ...(sessionToken ? { sessionToken } : {}) },
      credentialSource: 'env',
    };
  }
  return { credentials: undefined, credentialSource: 'none' };
}

export function readAwsKmsOptions(config: Config, env: Env): AwsKmsOptions {
  for (const key of UNSUPPORTED_KEYS) {
    if (nonEmpty(config[key]) !== undefined) {
      throw configError(
        `${key} is not supported by the awskms seal: give access_key and secret_key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      );
    }
  }
  // readSetting skips the environment only for the exact string "true": normalise Go's spellings.
  const disallow = config.disallow_env_vars === undefined || config.disallow_env_vars === '' ? false : parseGoBool(config.disallow_env_vars);
  const settings: Config = { ...config, disallow_env_vars: disallow ? 'true' : 'false' };

  const keyId = readSetting(settings, env, 'kms_key_id', KEY_ID_ENV);
  if (keyId === '') throw configError(MISSING_KEY_ID);
  const endpoint = normaliseEndpoint(readSetting(settings, env, 'endpoint', ENDPOINT_ENV));
  const region =
    nonEmpty(config.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? DEFAULT_REGION;
  return { keyId, region, endpoint, ...readCredentials(config, env) };
}

/** The secrets among the options, for scrubbing error texts that came back from the SDK. */
export function secretsOf(opts: AwsKmsOptions): string[] {
  const c = opts.credentials;
  if (!c) return [];
  const out = [c.secretAccessKey, c.sessionToken].filter((s): s is string => s !== undefined && s.length >= 4);
  // An access key id is not a secret, but a real one (20 characters) is not echoed either.
  if (c.accessKeyId.length >= 16) out.push(c.accessKeyId);
  return out;
}
