/**
 * `vault token create [options]` ([V] command/token_create.go): POST auth/token/create (or
 * create/<role>) with Vault's TokenCreateRequest and print the token table.
 */
import type { TokenCreateRequest } from '../../../wire/token.js';
import { checkArgCount, errorText, FIELD_FLAGS, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import { goQuote, type FlagSpec, type ParsedFlags } from '../../flags.js';
import { err } from '../../format.js';
import { goDurationString } from '../../go-duration.js';
import { commandHelp, FIELD_DOC, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { outputSecret, printSecretField } from '../../secret-output.js';
import { secretFromJson, type VaultSecret } from '../../secret.js';
import { TOKEN_CREATE_DOCS } from '../../token-docs.js';

const CREATE_FLAGS: readonly FlagSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'display-name', type: 'string' },
  { name: 'ttl', type: 'duration' },
  { name: 'explicit-max-ttl', type: 'duration' },
  { name: 'period', type: 'duration' },
  { name: 'renewable', type: 'bool', default: true },
  { name: 'orphan', type: 'bool' },
  { name: 'no-default-policy', type: 'bool' },
  { name: 'use-limit', type: 'int' },
  { name: 'role', type: 'string' },
  { name: 'type', type: 'string', default: 'service' },
  { name: 'metadata', type: 'map' },
  { name: 'policy', type: 'repeatable' },
  { name: 'entity-alias', type: 'string' },
];

const HELP = commandHelp(
  `Usage: vault token create [options]

  Creates a new token that can be used for authentication. This token will be
  created as a child of the currently authenticated token. The generated token
  will inherit all policies and permissions of the currently authenticated
  token unless you explicitly define a subset list policies to assign to the
  token.

  A ttl can also be associated with the token. If a ttl is not associated
  with the token, then it cannot be renewed. If a ttl is associated with
  the token, it will expire after that amount of time unless it is renewed.

  Metadata associated with the token (specified with "-metadata") is written
  to the audit log when the token is used.

  If a role is specified, the role may override parameters specified here.`,
  [FIELD_DOC, FORMAT_DOC],
  [['Command Options', TOKEN_CREATE_DOCS]],
);

/** The request in Go's field order, with its omitempty rules. */
function createRequest(f: ParsedFlags): TokenCreateRequest {
  const policies = f.list('policy');
  const meta = f.map('metadata');
  return {
    ...(f.string('id') !== '' ? { id: f.string('id') } : {}),
    ...(policies.length > 0 ? { policies } : {}),
    ...(meta.size > 0 ? { meta: Object.fromEntries(meta) } : {}),
    ttl: goDurationString(f.duration('ttl')),
    explicit_max_ttl: goDurationString(f.duration('explicit-max-ttl')),
    period: goDurationString(f.duration('period')),
    ...(f.bool('orphan') ? { no_parent: true } : {}),
    ...(f.bool('no-default-policy') ? { no_default_policy: true } : {}),
    display_name: f.string('display-name'),
    num_uses: f.int('use-limit'),
    renewable: f.string('type') === 'batch' ? false : f.bool('renewable'),
    type: f.string('type'),
    entity_alias: f.string('entity-alias'),
  };
}

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FIELD_FLAGS, ...FORMAT_FLAGS, ...CREATE_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const client = await p.client();
  let secret: VaultSecret | null;
  try {
    const role = p.flags.string('role');
    secret = secretFromJson(await client.tokenCreate(createRequest(p.flags), role === '' ? undefined : role));
  } catch (e) {
    err(io, `Error creating token: ${errorText(e)}`);
    return 2;
  }
  const field = p.flags.string('field');
  if (field !== '') {
    if (secret === null) {
      err(io, `Field ${goQuote(field)} not present in secret`);
      return 1;
    }
    return printSecretField(io, secret, field, p.format);
  }
  return outputSecret(io, secret, p.format);
};

export const command: Command = { synopsis: 'Create a new token', help: HELP, flags: COMMAND_FLAGS, run };
