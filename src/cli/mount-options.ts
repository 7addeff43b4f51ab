/**
 * The mount options `vault secrets enable` and `vault secrets tune` send ([V]
 * command/secrets_enable.go, secrets_tune.go): the -options pairs, with -version (when above 0)
 * as options.version; null when neither flag gave any.
 */
import type { ParsedFlags } from './flags.js';

export function mountOptionsFromFlags(f: ParsedFlags): Record<string, string> | null {
  const options = f.map('options');
  if (f.int('version') > 0) options.set('version', String(f.int('version')));
  return options.size > 0 || f.isSet('options') ? Object.fromEntries(options) : null;
}
