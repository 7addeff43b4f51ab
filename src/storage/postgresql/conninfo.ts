/**
 * Where to connect, as libpq reads it: `connection_url` (or VAULT_PG_CONNECTION_URL, which wins, as
 * in Vault) is a `postgres://` / `postgresql://` URL or a `key=value …` string, and the PG*
 * environment variables fill in whatever it does not say (all of it when neither is set).
 * The result is a map of libpq keywords (host, port, user, password, dbname, sslmode, …).
 */
import { StorageError } from '../../errors.js';

export type ConnInfo = Partial<Record<string, string>>;

/** The environment variable that overrides connection_url (Vault's). */
export const CONNECTION_URL_ENV = 'VAULT_PG_CONNECTION_URL';

/** libpq's environment variables and the keyword each sets. */
const ENV_KEYWORDS: readonly (readonly [string, string])[] = [
  ['PGHOST', 'host'],
  ['PGHOSTADDR', 'hostaddr'],
  ['PGPORT', 'port'],
  ['PGUSER', 'user'],
  ['PGPASSWORD', 'password'],
  ['PGDATABASE', 'dbname'],
  ['PGSSLMODE', 'sslmode'],
  ['PGSSLROOTCERT', 'sslrootcert'],
  ['PGSSLCERT', 'sslcert'],
  ['PGSSLKEY', 'sslkey'],
  ['PGCONNECT_TIMEOUT', 'connect_timeout'],
  ['PGAPPNAME', 'application_name'],
  ['PGOPTIONS', 'options'],
];

/** URL query parameters that are other names of libpq keywords. */
const URL_ALIASES: Readonly<Record<string, string>> = { database: 'dbname', username: 'user' };

function invalid(message: string): StorageError {
  return new StorageError('CONFIG_INVALID', `invalid connection_url: ${message}`);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid('bad percent-encoding');
  }
}

const NO_HOST = 'no-host.invalid';

/** `postgres://user:password@host:port/dbname?sslmode=…`; a host may be a socket directory. */
export function parseUrl(text: string): ConnInfo {
  let url: URL;
  try {
    // The scheme is swapped for one the WHATWG parser treats as having an authority part.
    // An empty authority (`postgres:///db?host=/socket`) gets a stand-in host, dropped below.
    url = new URL(text.replace(/^postgres(?:ql)?:\/\/(?=[/?]|$)/i, `http://${NO_HOST}`).replace(/^postgres(?:ql)?:/i, 'http:'));
  } catch {
    throw invalid('not a valid URL (postgres://user:password@host:port/dbname)');
  }
  const info: ConnInfo = {};
  if (url.username) info['user'] = decode(url.username);
  if (url.password) info['password'] = decode(url.password);
  if (url.hostname && url.hostname !== NO_HOST) info['host'] = decode(url.hostname).replace(/^\[(.*)\]$/, '$1');
  if (url.port) info['port'] = url.port;
  const db = url.pathname.replace(/^\//, '');
  if (db) info['dbname'] = decode(db);
  for (const [name, value] of url.searchParams) info[URL_ALIASES[name] ?? name] = value;
  return info;
}

/** libpq's `key=value key='quoted \' value'` form. */
export function parseKeywordValue(text: string): ConnInfo {
  const info: ConnInfo = {};
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw invalid(`expected key=value at character ${i + 1}`);
    i = re.lastIndex;
    let value = '';
    if (text[i] === "'") {
      for (i++; ; i++) {
        if (i >= text.length) throw invalid(`unterminated quoted value for ${m[1]!}`);
        const c = text[i]!;
        if (c === "'") break;
        if (c === '\\' && i + 1 < text.length) value += text[++i]!;
        else value += c;
      }
      i++;
    } else {
      for (; i < text.length && !/\s/.test(text[i]!); i++) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i]!;
      }
    }
    info[m[1]!] = value;
  }
  return info;
}

/** The connection string in effect: VAULT_PG_CONNECTION_URL over connection_url; "" when neither. */
export function connectionString(config: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[CONNECTION_URL_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : (config['connection_url'] ?? '');
}

/** The keywords the connection string sets, over those the PG* environment variables set. */
export function resolveConnInfo(text: string, env: NodeJS.ProcessEnv): ConnInfo {
  const info: ConnInfo = {};
  for (const [name, keyword] of ENV_KEYWORDS) {
    const value = env[name];
    if (value !== undefined && value !== '') info[keyword] = value;
  }
  const trimmed = text.trim();
  if (trimmed === '') return info;
  const parsed = /^postgres(?:ql)?:\/\//i.test(trimmed) ? parseUrl(trimmed) : parseKeywordValue(trimmed);
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined) info[key] = value;
  return info;
}
