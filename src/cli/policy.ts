/**
 * `vault policy write|read|list|delete` ([V] command/policy_*.go) on sys/policies/acl: names are
 * lower-cased like Vault's; `write` takes the rules from a file or `-` (stdin); `read` prints the
 * raw rules; `list` one name a line (LIST sent as GET ?list=true).
 */
import { readFile } from 'node:fs/promises';
import type { VaultClient } from '../api/client.js';
import { TsvaultError } from '../errors.js';
import { goFileError } from './args-data.js';
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare, exactArgs } from './command.js';
import { err, out } from './format.js';
import { marshalIndent } from './go-json.js';
import type { CliCommand, CliIO } from './io.js';
import { readAll } from './prompt.js';
import { secretFromJson } from './secret.js';

const argCount = exactArgs;

/** The rules text, or an exit code after Vault's message. */
async function readRules(io: CliIO, path: string): Promise<string | number> {
  if (path === '-') return readAll(io.stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const reading = (e as { code?: unknown }).code === 'EISDIR';
    err(io, `${reading ? 'Error reading policy' : 'Error opening policy file'}: ${goFileError(e, path)}`);
    return 2;
  }
}

export const policyWriteCommand: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (!argCount(io, a, 2)) return 1;
  const client = await p.client();
  const name = a[0] ?? '';
  const formatted = name.toLowerCase().trim();
  const rules = await readRules(io, (a[1] ?? '').trim());
  if (typeof rules === 'number') return rules;
  try {
    await client.putPolicy(formatted, rules);
  } catch (e) {
    err(io, `Error uploading policy: ${errorText(e)}`);
    return 2;
  }
  if (name !== formatted) err(io, `Policy name was converted from "${name}" to "${formatted}"`);
  out(io, `Success! Uploaded policy: ${formatted}`);
  return 0;
};

/** Sys().GetPolicy: "" for a 404, the `policy` field otherwise. */
async function getPolicy(client: VaultClient, name: string): Promise<string> {
  const body = await client.getPolicy(name);
  if (body === undefined) return '';
  const secret = secretFromJson(body);
  if (secret === null || secret.data === null) throw new TsvaultError('API_REQUEST', 'data from server response is empty');
  const policy = secret.data['policy'];
  if (policy === undefined) throw new TsvaultError('API_REQUEST', 'no policy found in response');
  return typeof policy === 'string' ? policy : String(policy);
}

export const policyReadCommand: CliCommand = async (args, io) => {
  const p = prepare(io, args, [...HTTP_FLAGS, ...FORMAT_FLAGS]);
  if (typeof p === 'number') return p;
  if (!argCount(io, p.flags.args, 1)) return 1;
  const client = await p.client();
  const name = (p.flags.args[0] ?? '').trim().toLowerCase();
  let rules: string;
  try {
    rules = await getPolicy(client, name);
  } catch (e) {
    err(io, `Error reading policy named ${name}: ${errorText(e)}`);
    return 2;
  }
  if (rules === '') {
    err(io, `No policy named: ${name}`);
    return 2;
  }
  out(io, p.format === 'table' ? rules.trim() : marshalIndent({ policy: rules }));
  return 0;
};

export const policyListCommand: CliCommand = async (args, io) => {
  const p = prepare(io, args, [...HTTP_FLAGS, ...FORMAT_FLAGS]);
  if (typeof p === 'number') return p;
  if (p.flags.args.length > 0) {
    err(io, `Too many arguments (expected 0, got ${p.flags.args.length})`);
    return 1;
  }
  const client = await p.client();
  let policies: string[] | null;
  try {
    const secret = secretFromJson(await client.listPolicies());
    if (secret === null || secret.data === null) throw new TsvaultError('API_REQUEST', 'data from server response is empty');
    const keys = secret.data['keys'];
    policies = Array.isArray(keys) ? keys.map((k) => String(k)) : null;
  } catch (e) {
    err(io, `Error listing policies: ${errorText(e)}`);
    return 2;
  }
  if (p.format !== 'table') out(io, marshalIndent(policies));
  else for (const name of policies ?? []) out(io, name);
  return 0;
};

export const policyDeleteCommand: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  if (!argCount(io, p.flags.args, 1)) return 1;
  const client = await p.client();
  const name = (p.flags.args[0] ?? '').trim().toLowerCase();
  try {
    await client.deletePolicy(name);
  } catch (e) {
    err(io, `Error deleting ${name}: ${errorText(e)}`);
    return 2;
  }
  out(io, `Success! Deleted policy: ${name}`);
  return 0;
};
