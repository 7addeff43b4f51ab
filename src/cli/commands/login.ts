/**
 * `vault login [options] [AUTH K=V...]` ([V] command/login.go): runs the -method's login
 * handler (token, userpass, radius, ldap; src/cli/login-handlers), unwraps a wrapped answer
 * unless -token-only or -no-store, stores the token in ~/.vault-token and prints the secret.
 * `Error authenticating: ...` and exit 2 when the handler fails.
 */
import { readFile } from 'node:fs/promises';
import type { VaultClient } from '../../api/client.js';
import { TsvaultError } from '../../errors.js';
import { errorText, FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../command.js';
import type { FlagSpec } from '../flags.js';
import { err, out, wrapAtLength } from '../format.js';
import { sanitizePath, ensureTrailingSlash } from '../go-path.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC } from '../help-flags.js';
import type { CliCommand, CliIO, Command } from '../io.js';
import { LOGIN_HANDLERS } from '../login-handlers/index.js';
import { readAll } from '../prompt.js';
import { outputSecret, printSecretField } from '../secret-output.js';
import type { VaultSecret } from '../secret.js';
import { storeToken } from '../token-helper.js';

const LOGIN_FLAGS: readonly FlagSpec[] = [
  { name: 'method', type: 'string', default: 'token' },
  { name: 'path', type: 'string' },
  { name: 'no-store', type: 'bool' },
  { name: 'no-print', type: 'bool' },
  { name: 'token-only', type: 'bool' },
];

const HELP = commandHelp(
  `Usage: vault login [options] [AUTH K=V...]

  Authenticates users or machines to Vault using the provided arguments. A
  successful authentication results in a Vault token - conceptually similar to
  a session token on a website. By default, this token is cached on the local
  machine for future requests.

  The default auth method is "token". If not supplied via the CLI,
  Vault will prompt for input. If the argument is "-", the values are read
  from stdin.

  The -method flag allows using other auth methods, such as userpass, github, or
  cert. For these, additional "K=V" pairs may be required. For example, to
  authenticate to the userpass auth method:

      $ vault login -method=userpass username=my-username

  For more information about the list of configuration parameters available for
  a given auth method, use the "vault auth help TYPE". You can also use "vault
  auth list" to see the list of enabled auth methods.

  If an auth method is enabled at a non-standard path, the -method flag still
  refers to the canonical type, but the -path flag refers to the enabled path.
  If a github auth method was enabled at "github-prod", authenticate like this:

      $ vault login -method=github -path=github-prod

  If the authentication is requested with response wrapping (via -wrap-ttl),
  the returned token is automatically unwrapped unless:

    - The -token-only flag is used, in which case this command will output
      the wrapping token.

    - The -no-store flag is used, in which case this command will output the
      details of the wrapping token.`,
  [FIELD_DOC, FORMAT_DOC],
  [
    [
      'Command Options',
      [
        {
          name: 'method',
          example: 'string',
          default: 'token',
          usage:
            'Type of authentication to use such as "userpass" or "ldap". Note this corresponds to the ' +
            'TYPE, not the enabled path. Use -path to specify the path where the authentication is enabled.',
        },
        {
          name: 'no-print',
          example: '',
          default: 'false',
          usage: 'Do not display the token. The token will be still be stored to the configured token helper.',
        },
        {
          name: 'no-store',
          example: '',
          default: 'false',
          usage:
            'Do not persist the token to the token helper (usually the local filesystem) after ' +
            'authentication for use in future requests. The token will only be displayed in the command output.',
        },
        {
          name: 'path',
          example: 'string',
          usage:
            'Remote path in Vault where the auth method is enabled. This defaults to the TYPE of method ' +
            '(e.g. userpass -> userpass/).',
        },
        {
          name: 'token-only',
          example: '',
          default: 'false',
          usage:
            'Output only the token with no verification. This flag is a shortcut for "-field=token ' +
            '-no-store". Setting those flags to other values will have no affect.',
        },
      ],
    ],
  ],
);

/** parseArgsDataString: K=V pairs; "-" as a value reads stdin, "@file" reads a file. */
async function parseConfig(io: CliIO, args: readonly string[]): Promise<Map<string, string>> {
  const config = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq < 0) throw new TsvaultError('CLI_USAGE', `format must be key=value: ${JSON.stringify(arg)}`);
    let value = arg.slice(eq + 1);
    if (value === '-') value = await readAll(io.stdin);
    else if (value.startsWith('@')) value = await readFile(value.slice(1), 'utf8');
    config.set(arg.slice(0, eq), value);
  }
  return config;
}

interface Extracted {
  secret: VaultSecret;
  wrapped: boolean;
}

/** extractToken: an auth secret as is; a wrapped token unwrapped (recursively) when `unwrap`. */
async function extractToken(client: VaultClient, secret: VaultSecret | null, unwrap: boolean): Promise<Extracted> {
  if (secret === null) throw new TsvaultError('API_REQUEST', 'empty response from auth helper');
  if (secret.auth !== null) return { secret, wrapped: false };
  if (secret.wrap_info === null) throw new TsvaultError('API_REQUEST', 'no auth or wrapping info in response');
  if (!secret.wrap_info['wrapped_accessor']) throw new TsvaultError('API_REQUEST', 'wrapped response does not contain a token');
  if (!unwrap) return { secret, wrapped: true };
  const wrapper = client.withToken(String(secret.wrap_info['token'] ?? ''));
  return extractToken(wrapper, await wrapper.unwrap(''), unwrap);
}

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS, ...LOGIN_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const f = p.flags;
  let rest = [...f.args];
  const tokenOnly = f.bool('token-only');
  const noStore = f.bool('no-store') || tokenOnly;
  const field = tokenOnly ? 'token' : f.string('field');
  if (noStore && f.bool('no-print')) {
    err(io, wrapAtLength('-no-store and -no-print cannot be used together'));
    return 1;
  }
  const method = sanitizePath(f.string('method')) || 'token';
  const authPath = f.string('path') || ensureTrailingSlash(method);
  const handler = LOGIN_HANDLERS.get(method);
  if (handler === undefined) {
    err(
      io,
      wrapAtLength(
        `Unknown auth method: ${method}. Use "vault auth list" to see the complete list of auth ` +
          'methods. Additionally, some auth methods are only available via the HTTP API.',
      ),
    );
    return 1;
  }
  if (method === 'token' && rest.length > 0 && !(rest[0] ?? '').includes('=')) {
    rest = [`token=${rest[0] ?? ''}`, ...rest.slice(1)];
  }
  let config: Map<string, string>;
  try {
    config = await parseConfig(io, rest);
  } catch (e) {
    err(io, `Error parsing configuration: ${errorText(e)}`);
    return 1;
  }
  if (!config.get('mount') && authPath !== '') config.set('mount', authPath);

  let client = await p.client();
  // Only the token method authenticates with a token the CLI already has.
  if (method !== 'token') client = client.withToken(undefined);
  let answer: VaultSecret | null;
  try {
    answer = await handler.auth(io, client, config);
  } catch (e) {
    err(io, `Error authenticating: ${errorText(e)}`);
    return 2;
  }
  // A wrapped login must not wrap the requests that unwrap it.
  client = client.withWrap({ ...client.wrap, off: true });
  let extracted: Extracted;
  try {
    extracted = await extractToken(client, answer, !tokenOnly && !noStore);
  } catch (e) {
    err(io, `Error extracting token: ${errorText(e)}`);
    return 2;
  }
  const { secret, wrapped } = extracted;
  if (wrapped) {
    if (tokenOnly) return printSecretField(io, secret, 'wrapping_token', p.format);
    if (noStore) return outputSecret(io, secret, p.format);
  }
  if (secret.auth === null) {
    err(
      io,
      wrapAtLength(
        'Vault returned a secret, but the secret has no authentication information attached. This ' +
          'should never happen and is likely a bug.',
      ),
    );
    return 2;
  }
  if (secret.auth.mfa_requirement !== null && secret.auth.mfa_requirement !== undefined) {
    // Vault validates the login interactively (sys/mfa/validate); tsvault's CLI does not, and an
    // MFA challenge carries no token to store. Not Vault's text: Vault would prompt instead.
    outputSecret(io, secret, p.format);
    err(io, 'Error authenticating: login MFA validation is not supported by this CLI');
    return 2;
  }
  const stored = await storeOrWarn(io, secret, noStore, tokenOnly, p.format);
  if (stored !== 0) return stored;
  if (f.bool('no-print')) return 0;
  if (field !== '') return printSecretField(io, secret, field, p.format);
  if (p.format === 'table') {
    out(
      io,
      wrapAtLength(
        'Success! You are now authenticated. The token information displayed below is already ' +
          'stored in the token helper. You do NOT need to run "vault login" again. Future Vault ' +
          'requests will automatically use this token.',
      ) + '\n',
    );
  }
  return outputSecret(io, secret, p.format);
};

/** Stores the token (unless -no-store) with Vault's warnings; 2 after printing the secret when storing fails. */
async function storeOrWarn(
  io: CliIO,
  secret: VaultSecret,
  noStore: boolean,
  tokenOnly: boolean,
  format: 'table' | 'json',
): Promise<number> {
  if (noStore) {
    if (!tokenOnly) {
      err(
        io,
        wrapAtLength(
          'The token was not stored in token helper. Set the VAULT_TOKEN environment variable or ' +
            'pass the token below with each request to Vault.',
        ) + '\n',
      );
    }
    return 0;
  }
  try {
    await storeToken(io.home, secret.auth?.client_token ?? '');
  } catch (e) {
    err(io, `Error storing token: ${errorText(e)}`);
    err(
      io,
      wrapAtLength(
        'Authentication was successful, but the token was not persisted. The resulting token ' +
          'is shown below for your records.',
      ) + '\n',
    );
    outputSecret(io, secret, format);
    return 2;
  }
  if (io.env['VAULT_TOKEN']) {
    err(
      io,
      wrapAtLength(
        'WARNING! The VAULT_TOKEN environment variable is set! The value of this variable will ' +
          'take precedence; if this is unwanted please unset VAULT_TOKEN or update its value ' +
          'accordingly.',
      ) + '\n',
    );
  }
  return 0;
}

export const command: Command = { synopsis: 'Authenticate locally', help: HELP, flags: COMMAND_FLAGS, run };
