/**
 * `vault login [TOKEN | -]` with the token auth method ([V] command/login.go and
 * builtin/credential/token/cli.go): looks the token up, stores it in ~/.vault-token and prints
 * the token table. `Error authenticating: ...` and exit 2 when the lookup fails.
 */
import { readFile } from 'node:fs/promises';
import type { VaultClient } from '../../api/client.js';
import { TsvaultError } from '../../errors.js';
import { errorText, FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../command.js';
import type { FlagSpec } from '../flags.js';
import { err, goJson, out, printRawField, table, wrapAtLength } from '../format.js';
import { HTTP_OPTIONS_HELP, OUTPUT_OPTIONS_HELP } from '../help-text.js';
import type { CliCommand, CliIO, Command } from '../io.js';
import { authFromLookup, loginSecretJson, loginTableRows, rawAuthField, type LoginAuth } from '../login-output.js';
import { PromptInterruptedError, readAll, readSecret } from '../prompt.js';
import { storeToken } from '../token-helper.js';

const LOGIN_FLAGS: readonly FlagSpec[] = [
  { name: 'method', type: 'string', default: 'token' },
  { name: 'path', type: 'string' },
  { name: 'no-store', type: 'bool' },
  { name: 'no-print', type: 'bool' },
  { name: 'token-only', type: 'bool' },
];

const HELP = `Usage: vault login [options] [AUTH K=V...]

  Authenticates users or machines to Vault using the provided arguments. A
  successful authentication results in a Vault token - conceptually similar to
  a session token on a website. By default, this token is cached on the local
  machine for future requests.

  The default auth method is "token". If not supplied via the CLI,
  Vault will prompt for input. If the argument is "-", the values are read
  from stdin.

      $ vault login hvs.FjIXkI1ETPjTZMKhrdy64VhI

${HTTP_OPTIONS_HELP}

${OUTPUT_OPTIONS_HELP}

  -field=<string>
      Print only the field with the given name. Specifying this option will
      take precedence over other formatting directives.

Command Options:

  -method=<string>
      Type of authentication to use. tsvault supports "token". The default is
      token.

  -no-print
      Do not display the token. The token will be still be stored to the
      configured token helper. The default is false.

  -no-store
      Do not persist the token to the token helper (usually the local
      filesystem) after authentication for use in future requests. The token
      will only be displayed in the command output. The default is false.

  -token-only
      Output only the token with no verification. This flag is a shortcut for
      "-field=token -no-store". Setting those flags to other values will have
      no affect. The default is false.`;

/** kvbuilder: K=V pairs; "-" as a value reads stdin, "@file" reads a file. */
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

/** The token auth handler: prompt if needed, then look the token up unless lookup=false. */
async function tokenAuth(io: CliIO, client: VaultClient, config: Map<string, string>): Promise<LoginAuth> {
  let lookup = true;
  const lookupRaw = config.get('lookup');
  if (lookupRaw !== undefined) {
    if (!['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(lookupRaw)) {
      throw new TsvaultError(
        'CLI_USAGE',
        `Failed to parse "lookup" as boolean: strconv.ParseBool: parsing ${JSON.stringify(lookupRaw)}: invalid syntax`,
      );
    }
    lookup = ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(lookupRaw);
  }
  let token = config.get('token');
  if (token === undefined) {
    io.stderr.write('Token (will be hidden): ');
    try {
      token = await readSecret(io.stdin);
    } catch (e) {
      if (e instanceof PromptInterruptedError) throw new TsvaultError('CLI_USAGE', 'user interrupted');
      throw e;
    } finally {
      io.stderr.write('\n');
    }
  }
  token = token.trim();
  if (token === '') {
    throw new TsvaultError(
      'CLI_USAGE',
      'a token must be passed to auth, please view the help for more information',
    );
  }
  if (!lookup) return authFromLookup(token, null);
  let secret;
  try {
    secret = await client.withToken(token).lookupSelf();
  } catch (e) {
    throw new TsvaultError('API_REQUEST', `error looking up token: ${errorText(e)}`, { cause: e });
  }
  if (!secret) throw new TsvaultError('API_REQUEST', 'empty response from lookup-self');
  return authFromLookup(token, secret.data ?? null);
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
  const method = f.string('method').replace(/^\/+|\/+$/g, '') || 'token';
  if (method !== 'token') {
    err(
      io,
      wrapAtLength(
        `Unknown auth method: ${method}. Use "vault auth list" to see the complete list of auth ` +
          'methods. Additionally, some auth methods are only available via the HTTP API.',
      ),
    );
    return 1;
  }
  if (rest.length > 0 && !(rest[0] ?? '').includes('=')) rest = [`token=${rest[0] ?? ''}`, ...rest.slice(1)];

  let config: Map<string, string>;
  try {
    config = await parseConfig(io, rest);
  } catch (e) {
    err(io, `Error parsing configuration: ${errorText(e)}`);
    return 1;
  }
  const client = await p.client();
  let auth: LoginAuth;
  try {
    auth = await tokenAuth(io, client, config);
  } catch (e) {
    err(io, `Error authenticating: ${errorText(e)}`);
    return 2;
  }

  if (!noStore) {
    try {
      await storeToken(io.home, auth.client_token);
    } catch (e) {
      err(io, `Error storing token: ${errorText(e)}`);
      err(
        io,
        wrapAtLength(
          'Authentication was successful, but the token was not persisted. The resulting token ' +
            'is shown below for your records.',
        ) + '\n',
      );
      printSecret(io, auth, p.format);
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
  } else if (!tokenOnly) {
    err(
      io,
      wrapAtLength(
        'The token was not stored in token helper. Set the VAULT_TOKEN environment variable or ' +
          'pass the token below with each request to Vault.',
      ) + '\n',
    );
  }
  if (f.bool('no-print')) return 0;
  if (field !== '') return printRawField(io, rawAuthField(auth, field), field, p.format);
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
  printSecret(io, auth, p.format);
  return 0;
};

function printSecret(io: CliIO, auth: LoginAuth, format: string): void {
  out(io, format === 'json' ? goJson(loginSecretJson(auth)) : table(loginTableRows(auth)));
}

export const command: Command = { synopsis: 'Authenticate locally', help: HELP, flags: COMMAND_FLAGS, run };
