/**
 * The transit seal's settings, read as go-kms-wrapping's wrappers/transit reads them:
 * - mount_path, key_name, disable_renewal, namespace: the environment wins over the config
 *   (TRANSIT_WRAPPER_* first, then VAULT_TRANSIT_SEAL_*; VAULT_NAMESPACE), unless
 *   `disallow_env_vars = "true"`;
 * - address, token and TLS: Vault's API client defaults (VAULT_ADDR, VAULT_TOKEN, VAULT_CACERT, …)
 *   overridden by the config keys.
 * Every problem here is a configuration error (SEAL_INVALID_CONFIG), thrown at create().
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGoBool, readSetting, SealError } from '@tsvault/seal-plugin-api';

type Config = Readonly<Record<string, string>>;
type Env = Readonly<Record<string, string | undefined>>;

/** api.DefaultConfig's address when neither VAULT_ADDR nor `address` is set. */
export const DEFAULT_ADDRESS = 'https://127.0.0.1:8200';

export interface TransitTls {
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
  servername?: string;
  rejectUnauthorized: boolean;
}

export interface TransitOptions {
  address: URL;
  /** May be empty: Vault only logs `no token provided to transit auto-seal` (an agent may add one). */
  token: string;
  mountPath: string;
  keyName: string;
  namespace: string;
  disableRenewal: boolean;
  keyIdPrefix: string;
  tls: TransitTls;
}

function configError(message: string, cause?: unknown): SealError {
  return new SealError('SEAL_INVALID_CONFIG', message, cause === undefined ? undefined : { cause });
}

/** The config key when set, else the API client's environment variable. */
function configOverEnv(config: Config, env: Env, key: string, envName: string): string {
  const v = config[key];
  if (v !== undefined && v !== '') return v;
  return env[envName] ?? '';
}

async function readPem(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw configError(`error reading ${what} ${path}: ${(err as Error).message}`, err);
  }
}

/** rootcerts.LoadCAPath: every file in the directory is a CA certificate. */
async function readCaPath(dir: string): Promise<Buffer[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
  } catch (err) {
    throw configError(`error reading tls_ca_path ${dir}: ${(err as Error).message}`, err);
  }
  return Promise.all(names.sort().map((n) => readPem(join(dir, n), 'CA certificate')));
}

async function readTls(config: Config, env: Env): Promise<TransitTls> {
  const caCert = configOverEnv(config, env, 'tls_ca_cert', 'VAULT_CACERT');
  const caPath = configOverEnv(config, env, 'tls_ca_path', 'VAULT_CAPATH');
  const clientCert = configOverEnv(config, env, 'tls_client_cert', 'VAULT_CLIENT_CERT');
  const clientKey = configOverEnv(config, env, 'tls_client_key', 'VAULT_CLIENT_KEY');
  const serverName = configOverEnv(config, env, 'tls_server_name', 'VAULT_TLS_SERVER_NAME');
  const skipRaw = configOverEnv(config, env, 'tls_skip_verify', 'VAULT_SKIP_VERIFY');
  const tls: TransitTls = { rejectUnauthorized: !(skipRaw !== '' && parseGoBool(skipRaw)) };
  if (caCert !== '') tls.ca = [await readPem(caCert, 'tls_ca_cert')];
  else if (caPath !== '') tls.ca = await readCaPath(caPath);
  if ((clientCert === '') !== (clientKey === '')) {
    throw configError('both client cert and client key must be provided');
  }
  if (clientCert !== '') {
    tls.cert = await readPem(clientCert, 'tls_client_cert');
    tls.key = await readPem(clientKey, 'tls_client_key');
  }
  if (serverName !== '') tls.servername = serverName;
  return tls;
}

function parseAddress(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (err) {
    throw configError(`invalid transit seal address ${JSON.stringify(raw)}: ${(err as Error).message}`, err);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError(`unsupported protocol scheme ${JSON.stringify(url.protocol.replace(/:$/, ''))}`);
  }
  return url;
}

export async function readTransitOptions(config: Config, env: Env): Promise<TransitOptions> {
  // getOpts parses tls_skip_verify first; newTransitClient then checks these in this order.
  if (config.tls_skip_verify !== undefined && config.tls_skip_verify !== '') parseGoBool(config.tls_skip_verify);
  const mountPath = readSetting(config, env, 'mount_path', ['TRANSIT_WRAPPER_MOUNT_PATH', 'VAULT_TRANSIT_SEAL_MOUNT_PATH']);
  if (mountPath === '') throw configError('mount_path is required');
  const keyName = readSetting(config, env, 'key_name', ['TRANSIT_WRAPPER_KEY_NAME', 'VAULT_TRANSIT_SEAL_KEY_NAME']);
  if (keyName === '') throw configError('key_name is required');
  const renewalRaw = readSetting(config, env, 'disable_renewal', [
    'TRANSIT_WRAPPER_DISABLE_RENEWAL',
    'VAULT_TRANSIT_SEAL_DISABLE_RENEWAL',
  ]);
  const disableRenewal = renewalRaw !== '' && parseGoBool(renewalRaw);
  const namespace = readSetting(config, env, 'namespace', ['VAULT_NAMESPACE']);
  const address = parseAddress(configOverEnv(config, env, 'address', 'VAULT_ADDR') || DEFAULT_ADDRESS);
  const tls = await readTls(config, env);
  return {
    address,
    token: configOverEnv(config, env, 'token', 'VAULT_TOKEN'),
    mountPath,
    keyName,
    namespace,
    disableRenewal,
    keyIdPrefix: config.key_id_prefix ?? '',
    tls,
  };
}
