/**
 * Help text for command flags in Vault's layout ([V] command/base_flags.go FlagSets.Help): a
 * "Section:" title, then each flag (sorted by name) as `  -name=<example>` and its usage wrapped
 * at 78 columns with a six-space pad, followed by the default and environment variable
 * sentences Vault appends.
 */
import { wrapAtLength } from './format.js';
import { HTTP_OPTIONS_HELP } from './help-text.js';

export interface FlagDoc {
  name: string;
  /** "string", "int", "duration", "key=value"; empty for booleans. */
  example: string;
  usage: string;
  default?: string;
  env?: string;
  aliases?: readonly string[];
}

function flagDetail(doc: FlagDoc): string {
  let usage = doc.usage.replace(/\s+/g, ' ');
  if (doc.aliases && doc.aliases.length > 0) {
    const names = doc.aliases.map((a) => `"-${a}"`);
    usage += ` This is aliased as ${names.length === 2 ? names.join(' and ') : names.join(', ')}.`;
  }
  if (doc.default) usage += ` The default is ${doc.default}.`;
  if (doc.env) usage += ` This can also be specified via the ${doc.env} environment variable.`;
  const title = doc.example === '' ? `  -${doc.name}` : `  -${doc.name}=<${doc.example}>`;
  return `${title}\n${wrapAtLength(usage, 6)}`;
}

/** One "Title:" section. */
export function flagSection(title: string, docs: readonly FlagDoc[]): string {
  const sorted = [...docs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [`${title}:`, ...sorted.map(flagDetail)].join('\n\n');
}

export const FIELD_DOC: FlagDoc = {
  name: 'field',
  example: 'string',
  usage:
    'Print only the field with the given name. Specifying this option will take precedence ' +
    'over other formatting directives. The result will not have a trailing newline making it ' +
    'ideal for piping to other processes.',
};

export const FORMAT_DOC: FlagDoc = {
  name: 'format',
  example: 'string',
  usage: 'Print the output in the given format. Valid formats are "table" and "json".',
  default: 'table',
  env: 'VAULT_FORMAT',
};

export const MOUNT_DOC: FlagDoc = {
  name: 'mount',
  example: 'string',
  usage:
    'Specifies the path where the KV backend is mounted. If specified, the next argument will ' +
    'be interpreted as the secret path. If this flag is not specified, the next argument will ' +
    'be interpreted as the combined mount path and secret path, with /data/ automatically ' +
    'appended between KV v2 secrets.',
};

/** The usage text, then the HTTP options and the given sections, as Vault's Help() joins them. */
export function commandHelp(usage: string, output: readonly FlagDoc[], sections: readonly [string, readonly FlagDoc[]][]): string {
  const parts = [usage.trim(), HTTP_OPTIONS_HELP];
  if (output.length > 0) parts.push(flagSection('Output Options', output));
  for (const [title, docs] of sections) parts.push(flagSection(title, docs));
  return parts.join('\n\n');
}
